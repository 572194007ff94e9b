// `npm run bench`: makes the production bundles (esbuild.mjs --production, the same build as
// `npm run build:prod`), bundles bench/index.ts with esbuild into bench/.build/ and runs it with
// --expose-gc. Options are passed through (--quick, --json, --only=...).
//
// The production build is written to bench/.build/prod/dist/ rather than dist/: other builds (npm
// test builds dist/ unminified) may run at the same time, and a bench must not measure a mix of
// both. esbuild.mjs writes to <cwd>/dist, so it runs in bench/.build/prod/, whose entries link to
// the repository's sources. --no-build measures dist/ as it is instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const err = (s) => process.stderr.write(`${s}\n`);

let dist = join(root, 'dist');
if (!noBuild) {
  const prod = join(root, 'bench/.build/prod');
  mkdirSync(prod, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (['dist', 'bench', '.git'].includes(entry) || existsSync(join(prod, entry))) continue;
    symlinkSync(join(root, entry), join(prod, entry));
  }
  err('bench: production build (esbuild.mjs --production) into bench/.build/prod/dist');
  const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: prod, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  dist = join(prod, 'dist');
}

const outfile = join(root, 'bench/.build/bench.cjs');
await esbuild.build({
  entryPoints: [join(root, 'bench/index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD "main" breaks when bundled (see esbuild.mjs).
  mainFields: ['module', 'main'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

const benchArgs = [...args.filter((a) => a !== '--no-build'), `--dist=${dist}`];
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...benchArgs], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
