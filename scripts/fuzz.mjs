// The long fuzz run of the language service (the short one runs in CI: test/fuzz/).
// Bundles the fuzz driver (test/fuzz/driver.ts) with esbuild into .fuzz/, forks it, and prints the
// documents checked, the crashes (failed checks: exceptions, ranges or edits outside the document,
// calls over the time bound), and the slowest document with its size. Exit status 1 on any crash,
// or when the driver stops reporting for --stall seconds (a hang) or dies.
//
// Usage: node scripts/fuzz.mjs [--count 100000] [--seed 1] [--large-rate 0.01] [--stall 120] [--json]
//        node scripts/fuzz.mjs --case '<the JSON a failure printed>'
// Reproduce a run with the same --seed and --count; a failure prints its case (the recipe) as JSON,
// and --case runs that one document again.
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const count = Number(option('count', '100000'));
const seed = Number(option('seed', String(Date.now() % 1_000_000)));
const largeRate = Number(option('large-rate', '0.01'));
const stallSeconds = Number(option('stall', '120'));
const json = args.includes('--json');
const replay = option('case', '');
for (const [name, value] of [['count', count], ['seed', seed], ['large-rate', largeRate], ['stall', stallSeconds]]) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`fuzz: --${name} must be a non-negative number`);
    process.exit(2);
  }
}

const outDir = join(root, '.fuzz');
mkdirSync(outDir, { recursive: true });
const driver = join(outDir, 'driver.mjs');
await esbuild.build({
  entryPoints: [join(root, 'test/fuzz/driver.ts')],
  outfile: driver,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's UMD "main" breaks when bundled (see esbuild.mjs).
  mainFields: ['module', 'main'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

console.log(replay ? 'fuzz: replaying one case' : `fuzz: ${count} documents, seed ${seed}, large-document rate ${largeRate}`);
const driverArgs = ['--seed', String(seed), '--count', String(count), '--large-rate', String(largeRate), '--root', root];
if (replay) driverArgs.push('--case', replay);
const child = fork(driver, driverArgs, {
  execArgv: ['--enable-source-maps'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});

let current;
let summary;
const failures = [];
let lastMessage = Date.now();
const watchdog = setInterval(() => {
  if (Date.now() - lastMessage < stallSeconds * 1000) return;
  failures.push({ index: current?.index, label: current?.label, failures: [`no answer for ${stallSeconds} s: hang (document of ${current?.characters} characters)`] });
  console.error(`fuzz: HANG on document #${current?.index}: ${current?.label}`);
  child.kill('SIGKILL');
}, 1000);

child.on('message', (m) => {
  lastMessage = Date.now();
  if (m.type === 'start') current = m;
  else if (m.type === 'failure') {
    failures.push(m);
    if (failures.length <= 20) {
      console.error(`\nfuzz: CRASH on document #${m.index}: ${m.label}\n  ${m.failures.slice(0, 10).join('\n  ')}`);
      console.error(`  case: ${JSON.stringify(m.fuzzCase)}`);
    }
  } else if (m.type === 'progress') {
    process.stdout.write(`fuzz: ${m.documents} documents, ${m.crashes} crashes, ${(m.elapsedMs / 1000).toFixed(0)} s\n`);
  } else if (m.type === 'summary') summary = m.summary;
});

const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ? signal : c)));
clearInterval(watchdog);

if (!summary) {
  console.error(`fuzz: the driver ended (${code}) before finishing; last document #${current?.index}: ${current?.label}`);
  process.exit(1);
}
const slowest = summary.slowest;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log('');
console.log(`documents   ${summary.documents} (${summary.largeDocuments} with a large mutation)`);
console.log(`crashes     ${failures.length}`);
console.log(`diagnostics ${summary.diagnostics}`);
console.log(`time        ${(summary.elapsedMs / 1000).toFixed(1)} s (seed ${summary.seed})`);
if (slowest) {
  console.log(`slowest     ${slowest.ms} ms for ${mb(slowest.bytes)} (${slowest.characters} characters; slowest call: ${slowest.feature})`);
  console.log(`            ${slowest.label}`);
  console.log(`            case: ${JSON.stringify(slowest.fuzzCase)}`);
}
if (json) console.log(JSON.stringify({ ...summary, crashes: failures.length, failures: failures.slice(0, 100) }));
process.exit(failures.length > 0 ? 1 : 0);
