/**
 * The benchmark entry (bundled by bench/run.mjs into bench/.build/ and run with node --expose-gc).
 *
 *   --quick      small corpora, one run each (CI: proves the bench runs; no time assertions)
 *   --json       stdout is one JSON object (progress and tables go to stderr)
 *   --only=a,b   sections: diagnostics, completion, lsp, bundles, push
 *   --dist=dir   where the built bundles are (bench/run.mjs passes its production build; default dist/)
 *
 * Exits 0 whether or not the targets hold (the report is the artefact); failing targets are listed.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { benchCompletion, type CompletionResult } from './completion';
import { standardCorpora, type Corpus } from './corpus';
import { benchDiagnostics, planFor, type DiagnosticsResult } from './diagnostics';
import { benchHeap } from './heap';
import { benchEdits, benchMemory, benchServerStart } from './lsp';
import { benchPush } from './push';
import { computeTargets, formatReport, type BundleSizes, type Measurements, type TargetKey } from './report';
import { loadRoleSchemas, schemaPeer } from './schema';
import { gcExposed, progress } from './stats';

const SECTIONS = ['diagnostics', 'completion', 'lsp', 'bundles', 'push'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  quick: boolean;
  json: boolean;
  only: ReadonlySet<Section>;
  dist?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').filter(Boolean);
  for (const s of only ?? []) if (!SECTIONS.includes(s as Section)) throw new Error(`unknown section ${s}; use ${SECTIONS.join(', ')}`);
  const dist = argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length);
  return { quick: argv.includes('--quick'), json: argv.includes('--json'), only: new Set((only ?? SECTIONS) as Section[]), dist };
}

/** The bundles the extension ships (cluster.js is the client's lazily loaded cluster code). */
const BUNDLES = ['client.js', 'cluster.js', 'server.js', 'cli.js'];
const VSIX = 'dist/elasticsearch-roles.vsix';

function bundleSizes(root: string, dist: string): BundleSizes {
  const files: Record<string, number | null> = {};
  const size = (path: string) => (existsSync(path) ? statSync(path).size : null);
  for (const f of BUNDLES) files[`dist/${f}`] = size(join(dist, f));
  // The .vsix is reported when `npm run package` made one (the bench does not package).
  files[VSIX] = size(join(root, VSIX));
  const server = join(dist, 'server.js');
  // esbuild --minify writes few, very long lines and no source map reference.
  const text = existsSync(server) ? readFileSync(server, 'utf8') : '';
  const production = text.length > 0 && !text.includes('sourceMappingURL') && text.split('\n').length < text.length / 2000;
  return { production, dir: relative(root, dist) || '.', files };
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: process.version,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = process.cwd();
  const dist = args.dist ?? join(root, 'dist');
  const serverPath = join(dist, 'server.js');
  const started = performance.now();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`bench: ${args.quick ? 'quick (small corpora, one run each; figures are indicative only)' : 'full'}${gcExposed ? '' : ' [no --expose-gc: noisier]'}`);

  const corpora: Corpus[] = standardCorpora(args.quick);
  const byId = (id: string) => corpora.find((c) => c.id === id);
  const big = byId('roles-10k') ?? byId('roles-1k')!;
  const oneMB = byId('roles-1k')!;
  progress(`corpora: ${corpora.map((c) => `${c.id} ${(c.text.length / 1e6).toFixed(2)} MB`).join(', ')}`);

  const diagnostics: DiagnosticsResult[] = [];
  const completion: CompletionResult[] = [];
  const m: { -readonly [K in keyof Measurements]: Measurements[K] } = { diagnostics, completion };

  if (args.only.has('diagnostics')) {
    const schemas = loadRoleSchemas(root);
    const peer = schemaPeer(schemas);
    progress(`JSON-Schema peer: vscode-json-languageservice, privilege enums from the ${schemas.catalogVersion} catalog`);
    for (const c of corpora) diagnostics.push(await benchDiagnostics(c, peer, planFor(c, args.quick)));
  }
  if (args.only.has('completion')) {
    for (const c of [oneMB, big].filter((c, i, xs) => xs.indexOf(c) === i)) {
      completion.push(benchCompletion(c, { positions: 200, rounds: args.quick ? 1 : 5 }));
    }
  }
  if (args.only.has('lsp')) {
    m.serverBundle = relative(root, serverPath);
    m.start = await benchServerStart(serverPath, args.quick ? 1 : 9, args.quick ? 0 : 2);
    m.edits = await benchEdits(serverPath, oneMB, args.quick ? { edits: 2, warmup: 0, completions: 20 } : { edits: 15, warmup: 3, completions: 100 });
    m.memory = await benchMemory(serverPath, big);
    // For comparison: the same server started without the extension's Node.js options.
    if (!args.quick) m.memoryPlainNode = await benchMemory(serverPath, big, []);
    m.heap = benchHeap(big);
  }
  if (args.only.has('bundles')) m.bundles = bundleSizes(root, dist);
  if (args.only.has('push')) {
    m.push = await benchPush(args.quick ? 50 : 1000, args.quick ? { sequentialRuns: 1, bulkRuns: 1, fallbackRuns: 1 } : { sequentialRuns: 3, bulkRuns: 7, fallbackRuns: 5 });
  }

  const targets = computeTargets(m);
  const failing = (Object.keys(targets) as TargetKey[]).filter((k) => !targets[k].holds);
  const date = new Date().toISOString();
  const report = {
    date,
    mode: args.quick ? 'quick' : 'full',
    machine: machine(),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    corpora: corpora.map((c) => ({ id: c.id, label: c.label, shape: c.shape, roles: c.roles, bytes: Buffer.byteLength(c.text) })),
    ...m,
    targets,
    failing,
  };
  const results = join(root, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  const mc = report.machine;
  const header = `Elasticsearch Roles benchmarks, ${report.mode} run, ${date.slice(0, 10)}: ${mc.cpu} (${mc.cores} cores), ${mc.memoryGB} GB, ${mc.os}, Node ${mc.node}; ${report.durationS} s`;
  const text = formatReport(m, targets, header);
  const verdict = failing.length === 0 ? 'All targets hold.' : `Targets that do not hold${args.quick ? ' (quick mode: small corpora, not asserted)' : ''}: ${failing.join(', ')}`;
  if (args.json) {
    log(`\n${text}\n\n${verdict}`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(`\n${text}\n\n${verdict}\nReport: bench/results/latest.json\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
