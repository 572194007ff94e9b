// Bundles the VS Code client, the language server and the es-roles CLI.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD "main" breaks when bundled ("Cannot find module './impl/format'").
  mainFields: ['module', 'main'],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The cluster features (undici HTTP client and all): loaded by the client on first use (clusters/lazy.ts).
  { ...common, entryPoints: ['client/src/clusters/bundle.ts'], outfile: 'dist/cluster.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // Test-only: the loopback ES security-API test server, for end-to-end tests and manual use.
  // Not part of the packaged extension (.vscodeignore ships only client, server and CLI bundles).
  { ...common, entryPoints: ['test/es-server/main.ts'], outfile: 'dist/es-test-server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
