// Neovim (headless) as a second, independent LSP client: `node dist/server.js --stdio`.
// Needs `nvim` (Debian's 0.7.2 is enough) and a built dist/server.js (npm run build).
// Run: node --test --test-reporter=spec test/e2e/neovim.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, isolatedEnv, makeRoot } from './harness.mjs';

const NVIM = process.env.NVIM_BIN ?? 'nvim';
const SERVER = process.env.ES_ROLES_SERVER ?? path.join(REPO, 'dist/server.js');
const SCRIPT = path.join(REPO, 'test/e2e/nvim/e2e.lua');

const ROLE = `{
  "description": "E2E (Neovim): a misspelled cluster privilege",
  "cluster": [
    "manage_index_template",
    ""
  ],
  "indices": [
    { "names": ["logs-*"], "privileges": ["read"] }
  ]
}
`;

const CHECKS = [
  'client started',
  'diagnostic unknown-cluster-privilege on the misspelled privilege',
  'diagnostic source is es-roles',
  'completion in "cluster" offers monitor',
  'completion in "cluster" does not offer the index privilege view_index_metadata',
  'fixing the typo clears its diagnostic',
  'the fixed file has no diagnostics',
];

describe('Neovim: the language server over stdio', () => {
  let run;
  let dirs;

  before(async () => {
    assert.ok(fs.existsSync(SERVER), `${SERVER} not found: run npm run build first`);
    dirs = makeRoot('nvim');
    const file = path.join(dirs.ws, 'typo.role.json');
    fs.writeFileSync(file, ROLE);
    const env = {
      ...isolatedEnv(dirs.home, dirs.tmp),
      ES_ROLES_SERVER: SERVER,
      ES_ROLES_FILE: file,
    };
    const started = Date.now();
    run = await new Promise((resolve, reject) => {
      // --clean: no user config or plugins; -n: no swap file; -i NONE: no shada
      const p = spawn(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${SCRIPT}`], {
        env, cwd: dirs.ws, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
      p.on('error', reject);
      p.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      });
    });
    fs.writeFileSync(path.join(dirs.logs, 'nvim.out'), `${run.stdout}\n--- stderr\n${run.stderr}`);
  }, { timeout: 180_000 });

  after(() => {
    if (!dirs) return;
    if (process.env.KEEP) console.log(`# kept ${dirs.root}`);
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  });

  const lineFor = (name) => run.stdout.split('\n').find((l) => l.startsWith(`CHECK ok ${name}`) || l.startsWith(`CHECK FAILED ${name} ::`));

  for (const name of CHECKS) {
    test(name, (t) => {
      const line = lineFor(name);
      assert.ok(line, `nvim printed no result for "${name}" (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
      assert.equal(line, `CHECK ok ${name}`);
      t.diagnostic(line);
    });
  }

  test('nvim exits 0 with every check passed', (t) => {
    for (const l of run.stdout.split('\n').filter((l) => l.startsWith('INFO') || l.startsWith('DONE'))) t.diagnostic(l);
    assert.doesNotMatch(run.stdout, /CHECK FAILED script ran without a Lua error/, run.stdout);
    assert.equal(run.code, 0, `nvim exited ${run.code} (${run.signal ?? 'no signal'}) after ${run.ms} ms:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^DONE 0 checks failed/m);
  });
});
