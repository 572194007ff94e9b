/**
 * `es-roles explain` end to end: runs the BUILT dist/cli.js (build first) over role files in a
 * temporary folder and checks the table, the has_privileges-shaped JSON and the exit codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli.js');

const TEAM = `{
  "ops": {
    "cluster": ["monitor", "manage_ilm"],
    "indices": [
      { "names": ["logs-*"], "privileges": ["read", "view_index_metadata"] },
      { "names": ["/logs-[0-9]+/"], "privileges": ["write"] }
    ]
  },
  "metrics-viewer": {
    "indices": [{ "names": ["metrics-*"], "privileges": ["read"] }],
    "applications": [{ "application": "kibana-.kibana", "privileges": ["read"], "resources": ["space:default"] }]
  }
}
`;
const API_KEY = `{ "name": "ci", "role_descriptors": { "deploy": { "cluster": ["manage_ilm"] } } }\n`;
const OPEN_KEY = `{ "name": "ci" }\n`;
const REQUEST = `{ "cluster": ["monitor"], "index": [{ "names": ["logs-1"], "privileges": ["read", "write"] }] }\n`;

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), 'es-roles-explain-'));
  writeFileSync(join(dir, 'team.roles.json'), TEAM);
  writeFileSync(join(dir, 'ci.apikey.json'), API_KEY);
  writeFileSync(join(dir, 'open.apikey.json'), OPEN_KEY);
  writeFileSync(join(dir, 'check.has_privileges.json'), REQUEST);
  writeFileSync(join(dir, 'broken.role.json'), '{"cluster": [');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function explain(...args: string[]) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, 'explain', ...args], { cwd: dir, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('es-roles explain', () => {
  it('prints a table of what is granted and by which entry, exit 0 when everything is', () => {
    const r = explain('team.roles.json', '--index', 'logs-2024', '--privilege', 'write', '--privilege', 'read', '--cluster-privilege', 'monitor');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`team.roles.json: roles ops, metrics-viewer

CLUSTER  GRANTED  GRANTED BY
monitor  yes      ops: cluster (line 3) monitor

INDEX      PRIVILEGE  GRANTED  GRANTED BY
logs-2024  write      yes      ops: indices[1] (line 6) write
logs-2024  read       yes      ops: indices[0] (line 5) read

Everything asked is granted.
`);
  });

  it('exits 1 when something is not granted', () => {
    const r = explain('team.roles.json', '--index', 'logs-x', '--privilege', 'write', '--cluster-privilege', 'manage');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^manage +NO$/m);
    expect(r.stdout).toMatch(/^logs-x +write +NO$/m);
    expect(r.stdout).toContain('Not everything asked is granted.');
  });

  it('prints the has_privileges-shaped answer with granted_by as JSON', () => {
    const r = explain('team.roles.json', '--role', 'ops', '--index', 'logs-2024', '--index', '.security', '--privilege', 'read', '--action', 'indices:data/write/bulk', '--action', 'cluster:monitor/health', '--format', 'json');
    expect(r.status).toBe(1);
    const answer = JSON.parse(r.stdout);
    expect(answer).toMatchObject({
      has_all_requested: false,
      cluster: { 'cluster:monitor/health': true },
      index: {
        'logs-2024': { read: true, 'indices:data/write/bulk': true },
        '.security': { read: false, 'indices:data/write/bulk': false },
      },
      application: {},
      roles: ['ops'],
    });
    expect(answer.granted_by.index['logs-2024']['indices:data/write/bulk']).toEqual([{ role: 'ops', path: 'indices[1]', line: 6, privileges: ['write'] }]);
    expect(answer.granted_by.index['.security'].read).toEqual([]);
  });

  it('checks application privileges and notes that their definitions are unknown offline', () => {
    const r = explain('team.roles.json', '--application', 'kibana-.kibana', '--resource', 'space:default', '--app-privilege', 'read', '--app-privilege', 'all');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^kibana-\.kibana +space:default +read +yes +metrics-viewer: applications\[0\] \(line 11\) read$/m);
    expect(r.stdout).toContain('checked by name only');
  });

  it('evaluates a has_privileges request body from a file', () => {
    const r = explain('team.roles.json', '--request', 'check.has_privileges.json', '--format', 'json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ has_all_requested: true, cluster: { monitor: true }, index: { 'logs-1': { read: true, write: true } } });
  });

  it('treats API-key role descriptors as an upper bound', () => {
    const r = explain('ci.apikey.json', '--cluster-privilege', 'manage_ilm');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("limited by its owner's privileges");
  });

  it('exits 2 for usage errors and files it cannot evaluate', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /exactly one role file/],
      [['team.roles.json'], /nothing to check/],
      [['team.roles.json', '--privilege', 'read'], /need at least one --index/],
      [['team.roles.json', '--index', 'a'], /--index needs --privilege/],
      [['team.roles.json', '--action', 'read'], /must be an action name/],
      [['team.roles.json', '--application', 'app'], /go together/],
      [['team.roles.json', '--index', 'a', '--privilege', 'indices:admin/get', '--action', 'indices:admin/get'], /both as a privilege and as an --action/],
      [['team.roles.json', '--role', 'nope', '--cluster-privilege', 'monitor'], /no role 'nope' \(roles in the file: ops, metrics-viewer\)/],
      [['missing.role.json', '--cluster-privilege', 'monitor'], /no such file/],
      [['broken.role.json', '--cluster-privilege', 'monitor'], /Value expected|expected/],
      [['check.has_privileges.json', '--cluster-privilege', 'monitor'], /has_privileges request, not roles/],
      [['open.apikey.json', '--cluster-privilege', 'monitor'], /no role_descriptors/],
      [['team.roles.json', '--format', 'xml', '--cluster-privilege', 'monitor'], /must be one of text, json/],
    ];
    for (const [args, message] of cases) {
      const r = explain(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('has help', () => {
    const r = explain('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: es-roles explain <file> [options]');
  });
});
