/**
 * `es-roles diff` end to end: runs the BUILT dist/cli.js (build first) over two role files and
 * checks the text and JSON outputs and the exit codes (1 on privilege growth).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli.js');

const BEFORE = `{
  "cluster": ["monitor"],
  "indices": [{ "names": ["logs-*"], "privileges": ["read"] }]
}
`;
const AFTER = `{
  "cluster": ["monitor", "manage_security"],
  "indices": [
    { "names": ["logs-*", "metrics-*"], "privileges": ["read", "write"] }
  ],
  "run_as": ["*"]
}
`;
const TEAM = `{
  "reader": { "indices": [{ "names": ["logs-*"], "privileges": ["read"] }] },
  "writer": { "indices": [{ "names": ["logs-*"], "privileges": ["write"] }] }
}
`;

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), 'es-roles-diff-'));
  writeFileSync(join(dir, 'ops.before.role.json'), BEFORE);
  writeFileSync(join(dir, 'ops.role.json'), AFTER);
  writeFileSync(join(dir, 'team.roles.json'), TEAM);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function diff(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'diff', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('es-roles diff', () => {
  it('lists what b grants that a does not, and exits 1', () => {
    const r = diff('ops.before.role.json', 'ops.role.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`a: ops.before.role.json (role ops.before)
b: ops.role.json (role ops)

Granted by b, not by a (added): 5
  + cluster privilege manage_security    b: role ops, cluster (line 2)
  + write on logs-* (e.g. logs-a)        b: role ops, indices[0] (line 4)
  + read on metrics-* (e.g. metrics-a)   b: role ops, indices[0] (line 4)
  + write on metrics-* (e.g. metrics-a)  b: role ops, indices[0] (line 4)
  + run_as * (e.g. a)                    b: role ops, run_as (line 6)

Granted by a, not by b (removed): 0

b grants more than a.
`);
  });

  it('exits 0 when b only removes privileges, listing the removals', () => {
    const r = diff('ops.role.json', 'ops.before.role.json');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Granted by a, not by b (removed): 5');
    expect(r.stdout).toContain('  - cluster privilege manage_security');
    expect(r.stdout).toContain('b grants nothing that a does not.');
  });

  it('prints JSON with added and removed', () => {
    const r = diff('ops.before.role.json', 'ops.role.json', '--format', 'json');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.a).toEqual({ file: 'ops.before.role.json', roles: ['ops.before'] });
    expect(out.removed).toEqual([]);
    expect(out.added[0]).toEqual({ kind: 'cluster', privilege: 'manage_security', reason: 'not-granted', where: { role: 'ops', path: 'cluster', line: 2 } });
    expect(out.added.map((c: { kind: string }) => c.kind)).toEqual(['cluster', 'index', 'index', 'index', 'run_as']);
  });

  it('compares picked roles of roles maps', () => {
    expect(diff('team.roles.json', 'team.roles.json', '--role-a', 'reader', '--role-b', 'writer').status).toBe(1);
    expect(diff('team.roles.json', 'team.roles.json', '--role-a', 'writer', '--role-a', 'reader', '--role-b', 'writer').status).toBe(0);
    const same = diff('team.roles.json', 'team.roles.json');
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('Granted by b, not by a (added): 0');
  });

  it('exits 2 on usage errors', () => {
    for (const [args, message] of [
      [['ops.role.json'], /two role files/],
      [['ops.role.json', 'missing.role.json'], /missing.role.json: no such file/],
      [['team.roles.json', 'ops.role.json', '--role-a', 'nope'], /no role 'nope'/],
    ] as Array<[string[], RegExp]>) {
      const r = diff(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
