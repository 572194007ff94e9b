/**
 * `es-roles verify-model` end to end: the BUILT dist/cli.js (npm run build first) against the test
 * server started in this process, or a real cluster when ES_URL is set (basic auth: a key created
 * with an API key cannot carry role descriptors).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USER, itServerOnly, REAL_CLUSTER, startTarget, type Target } from '../cluster/target';

const CLI = resolve(__dirname, '../../dist/cli.js');
let target: Target;
let work: string;

function clusterEnv(): Record<string, string> {
  if (!target.real) return { ES_URL: target.url, ES_USERNAME: ADMIN_USER, ES_PASSWORD: ADMIN_PASSWORD };
  const out: Record<string, string> = {};
  for (const k of ['ES_URL', 'ES_USERNAME', 'ES_PASSWORD', 'ES_CA_CERT', 'ES_CA_FINGERPRINT', 'ES_INSECURE']) if (process.env[k]) out[k] = process.env[k]!;
  return out;
}

function cli(args: readonly string[], env: Record<string, string> = clusterEnv()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) base[k] = process.env[k]!;
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  target = await startTarget({
    users: REAL_CLUSTER ? undefined : [
      { username: ADMIN_USER, password: ADMIN_PASSWORD, roles: ['superuser'] },
      { username: 'limited', password: 'limited-pw-1', roles: ['limited_creator'] },
    ],
    roles: REAL_CLUSTER ? undefined : { limited_creator: { cluster: ['monitor', 'manage_own_api_key'] } },
  });
  work = mkdtempSync(join(tmpdir(), 'esroles-verify-'));
  writeFileSync(
    join(work, 'team.roles.json'),
    JSON.stringify({
      reader: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }], description: 'dropped for the key' },
      ilm: { cluster: ['manage_ilm'] },
    }),
  );
  writeFileSync(join(work, 'check.has_privileges.json'), JSON.stringify({ cluster: ['monitor'] }));
});
afterAll(async () => {
  await target.close();
  rmSync(work, { recursive: true, force: true });
});

describe('es-roles verify-model', () => {
  it.skipIf(REAL_CLUSTER && !process.env.ES_PASSWORD)('agrees on the default probes: table, summary, exit 0', async () => {
    const run = await cli(['verify-model', 'team.roles.json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Offline model vs has_privileges on ".+" for team\.roles\.json \(reader, ilm\)/);
    expect(run.stdout).toMatch(/index logs-1 +read +yes +yes +agree +reader indices\[0\]/);
    expect(run.stdout).toMatch(/All \d+ answers agree\./);
    expect(run.stdout).toMatch(/Temporary API key \S+ created for the check and invalidated\./);
  });

  it.skipIf(REAL_CLUSTER && !process.env.ES_PASSWORD)('--format json with explicit checks and --role', async () => {
    const run = await cli(['verify-model', 'team.roles.json', '--role', 'reader', '--index', 'logs-2024', '--privilege', 'read', '--privilege', 'write', '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.roles).toEqual(['reader']);
    expect(out.probes.map((p: { resource: string; privilege: string; offline: boolean; cluster: boolean }) => [p.resource, p.privilege, p.offline, p.cluster])).toEqual([
      ['logs-2024', 'read', true, true],
      ['logs-2024', 'write', false, false],
    ]);
    expect(out.disagreements).toEqual([]);
    expect(out.keyInvalidated).toBe(true);
  });

  itServerOnly('exit 1 and the disagreement when the creating user lacks what the role grants', async () => {
    const run = await cli(['verify-model', 'team.roles.json', '--role', 'ilm', '--cluster-privilege', 'manage_ilm'], {
      ES_URL: target.url,
      ES_USERNAME: 'limited',
      ES_PASSWORD: 'limited-pw-1',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 of 1 answers disagree');
    expect(run.stdout).toContain('cluster manage_ilm: offline granted, cluster not granted');
    expect(run.stdout).toContain('limited by the privileges of the user who creates it');
  });

  it('usage errors exit 2 without contacting the cluster', async () => {
    const action = await cli(['verify-model', 'team.roles.json', '--action', 'indices:data/read/search']);
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('--action is not supported by verify-model');
    const missing = await cli(['verify-model', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const notRoles = await cli(['verify-model', 'check.has_privileges.json']);
    expect(notRoles.code).toBe(2);
    expect(notRoles.stderr).toContain('a has_privileges request, not roles');
    const unknownRole = await cli(['verify-model', 'team.roles.json', '--role', 'nobody']);
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toContain("no role 'nobody'");
  });

  itServerOnly('wrong credentials: one line naming the cluster, exit 3', async () => {
    const run = await cli(['verify-model', 'team.roles.json'], { ES_URL: target.url, ES_USERNAME: ADMIN_USER, ES_PASSWORD: 'wrong-pw-x' });
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/authentication failed/);
    expect(run.stderr).not.toContain('wrong-pw-x');
  });
});
