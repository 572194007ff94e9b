/**
 * The cluster subcommands of es-roles end to end: runs the BUILT dist/cli.js (build first:
 * `npm run build`) against the test server started in this process (or a real cluster when ES_URL
 * is set; see test/cluster/target.ts). The child runs asynchronously so the in-process server can
 * answer. A few in-process tests use runCli with a fake terminal for prompts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, deleteRole, getRoles, invalidateApiKeys, putRole, type EsClient } from '../../client/src/cluster';
import type { CliIo } from '../../server/src/cli/args';
import type { Prompter, PromptingIo } from '../../server/src/cli/cluster';
import { runCli } from '../../server/src/cli/main';
import { ADMIN, ADMIN_PASSWORD, ADMIN_USER, itServerOnly, REAL_CLUSTER, startTarget, uniqueName, type Target } from '../cluster/target';

const CLI = resolve(__dirname, '../../dist/cli.js');
const BEARER = 'canary-bearer-token-5d1e9b7c';
const GRANT_PASSWORD = 'canary-grant-pw-3f8a2c';
const BOB = { username: 'esroles-bob', password: GRANT_PASSWORD, roles: ['esroles-limited'] };

interface Run {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every run, for the final "no secret anywhere" check; runs that show a new key say which. */
const runs: Run[] = [];
const keyDisplays = new Map<Run, string>();

let target: Target;
let client: EsClient;
let work: string;
const roleNames: string[] = [];
const keyIds: string[] = [];

function role(prefix: string): string {
  const name = uniqueName(`esroles-cli-${prefix}`);
  roleNames.push(name);
  return name;
}

/** Credentials and TLS settings of the target, as the CLI reads them. */
function clusterEnv(): Record<string, string> {
  if (!target.real) return { ES_URL: target.url, ES_USERNAME: ADMIN_USER, ES_PASSWORD: ADMIN_PASSWORD };
  const out: Record<string, string> = {};
  for (const k of ['ES_URL', 'ES_USERNAME', 'ES_PASSWORD', 'ES_API_KEY', 'ES_CA_CERT', 'ES_CA_FINGERPRINT', 'ES_INSECURE']) {
    if (process.env[k]) out[k] = process.env[k]!;
  }
  return out;
}

/** Runs the built CLI with only the environment given (plus PATH/HOME). */
function cli(args: readonly string[], opts: { env?: Record<string, string | undefined>; cwd?: string; cluster?: boolean } = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k]!;
  Object.assign(env, opts.cluster === false ? {} : clusterEnv());
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? work, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.end();
    child.on('error', fail);
    child.on('close', (code) => {
      const run = { args, code, stdout, stderr };
      runs.push(run);
      done(run);
    });
  });
}

function write(rel: string, content: unknown): string {
  const file = join(work, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

const READER = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }] };

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  target = await startTarget({
    users: [ADMIN, BOB],
    roles: { 'esroles-limited': { cluster: ['monitor'] } },
    tokens: { [BEARER]: ADMIN_USER },
  });
  client = createClient(target.config);
  work = mkdtempSync(join(tmpdir(), 'es-roles-cli-cluster-'));
});

afterAll(async () => {
  for (const name of roleNames) await deleteRole(client, name).catch(() => undefined);
  if (keyIds.length) await invalidateApiKeys(client, { ids: keyIds }).catch(() => undefined);
  await client?.close();
  await target?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('builtin-privileges', () => {
  it('text: three sections', async () => {
    const r = await cli(['builtin-privileges']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Cluster privileges \(\d+\):\n {2}all\n/);
    expect(r.stdout).toMatch(/\n\nIndex privileges \(\d+\):\n {2}all\n/);
    expect(r.stdout).toMatch(/\n\nRemote cluster privileges \(\d+\):\n/);
    expect(r.stdout).toContain('\n  monitor\n');
  });

  it('--format json: exactly the cluster\'s answer', async () => {
    const r = await cli(['builtin-privileges', '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.cluster).toContain('monitor');
    expect(body.index).toContain('read');
  });
});

describe('has-privileges', () => {
  it('a role file: a table and has_all_requested; exit 0 when everything is granted', async () => {
    write('hp/reader.role.json', READER);
    const r = await cli(['has-privileges', 'hp/reader.role.json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^PRIVILEGE +RESOURCE +GRANTED$/);
    expect(lines[1]).toMatch(/^monitor +cluster +✓$/);
    expect(lines).toContainEqual(expect.stringMatching(/^view_index_metadata +index logs-\* +✓$/));
    expect(r.stdout).toMatch(/\nhas_all_requested: true \(user .+\)\n$/);
  });

  it('--format json prints the cluster\'s answer; a has_privileges file is sent as is', async () => {
    write('hp/check.has_privileges.json', { cluster: ['monitor'], index: [{ names: ['a-*'], privileges: ['read'] }] });
    const r = await cli(['has-privileges', 'hp/check.has_privileges.json', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ has_all_requested: true, cluster: { monitor: true }, index: { 'a-*': { read: true } } });
  });

  itServerOnly('--user with --run-as: exit 1 and ✗ for what the user lacks', async () => {
    write('hp/ops.roles.json', { ops: { cluster: ['monitor', 'manage_ilm'] }, other: { cluster: ['manage'] } });
    const r = await cli(['has-privileges', 'hp/ops.roles.json', '--role', 'ops', '--user', BOB.username, '--run-as', BOB.username]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^monitor +cluster +✓$/m);
    expect(r.stdout).toMatch(/^manage_ilm +cluster +✗$/m);
    expect(r.stdout).not.toContain('manage ');
    expect(r.stdout).toContain(`has_all_requested: false (user ${BOB.username})`);
  });

  it('a file with nothing to check, or a missing role: exit 2', async () => {
    write('hp/runas.role.json', { run_as: ['x'] });
    const r = await cli(['has-privileges', 'hp/runas.role.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lists no cluster, index or application privileges/);
    const r2 = await cli(['has-privileges', 'hp/reader.role.json', '--role', 'nope']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('no role named "nope"');
  });
});

describe('push', () => {
  it('refuses without --yes when stdin is not a terminal; nothing is written', async () => {
    const name = role('noyes');
    write(`p1/${name}.role.json`, READER);
    const r = await cli(['push', 'p1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`create    ${name}`);
    expect(r.stderr).toMatch(/refusing to push 1 role to .+ without confirmation: stdin is not a terminal\. Pass --yes to push\./);
    expect(await getRoles(client, name)).toEqual({});
  });

  it('--dry-run shows the normalised diff and summary and writes nothing', async () => {
    const [a, b] = [role('dry-a'), role('dry-b')];
    await putRole(client, a, { cluster: ['MONITOR'], indices: [{ names: 'logs-*', privileges: ['view_index_metadata', 'read'] }] });
    write(`p2/${a}.role.json`, { ...READER, cluster: ['monitor', 'manage_ilm'] });
    write(`p2/${b}.role.json`, READER);
    const r = await cli(['push', 'p2', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`update    ${a}\n--- ${a} (cluster)\n+++ ${a} (local)\n@@`);
    // Only the real change shows: case, order and the string name are normalised away.
    const updateSection = r.stdout.slice(r.stdout.indexOf(`update    ${a}`)).split('\n\n')[0];
    expect(updateSection.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['+    "manage_ilm",']);
    expect(r.stdout).toContain(`create    ${b}`);
    expect(r.stdout).toContain('2 roles: 1 to create, 1 to update, 0 unchanged\nDry run: nothing was written.\n');
    expect(await getRoles(client, b)).toEqual({});
  });

  it('--yes pushes, reports per role, backs up what it overwrote; pushing the backup restores it', async () => {
    const [a, b] = [role('yes-a'), role('yes-b')];
    await putRole(client, a, { cluster: ['monitor'] });
    write(`p3/${a}.role.json`, READER);
    write(`p3/team.roles.json`, { [b]: { cluster: ['monitor'] } });
    const r = await cli(['push', 'p3', '--yes', '--backup-dir', 'backups']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^updated  ${a}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^created  ${b}$`, 'm'));
    expect(r.stdout).toMatch(/\n1 created, 1 updated, 0 unchanged, 0 failed \((bulk API|PUT per role)\)\n$/);
    const backupLine = /Backup of the overwritten roles: (backups\/.+\.backup\.json)\n/.exec(r.stdout);
    expect(backupLine).not.toBeNull();
    const backupFile = backupLine![1];
    expect(r.stdout).toContain(`restore with: es-roles push ${backupFile} --yes`);
    expect((await getRoles(client, a))[a]).toMatchObject({ indices: [{ names: ['logs-*'] }] });

    const again = await cli(['push', 'p3', '--yes', '--backup-dir', 'backups']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to push: the cluster already has every role as the files say.');

    const restore = await cli(['push', backupFile, '--yes', '--backup-dir', 'backups']);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(new RegExp(`^updated  ${a}$`, 'm'));
    const restored = (await getRoles(client, a))[a];
    expect(restored.cluster).toEqual(['monitor']);
    expect(restored.indices).toEqual([]);
    expect(readdirSync(join(work, 'backups')).filter((f) => f.endsWith('.backup.json'))).toHaveLength(2);
  });

  it('refuses a file with errors (printed), writes nothing; --force pushes and reports the cluster\'s reason', async () => {
    const [good, bad] = [role('force-good'), role('force-bad')];
    write(`p4/${good}.role.json`, READER);
    write(`p4/${bad}.role.json`, '{\n  "cluster": ["monitor", "not_a_privilege"]\n}\n');
    const r = await cli(['push', 'p4', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`p4/${bad}.role.json:2:26: error unknown-cluster-privilege Unknown cluster privilege \`not_a_privilege\`.`);
    expect(r.stderr).toMatch(/refusing to push: 1 file with errors .*pass --force/);
    expect(r.stdout).toBe('');
    expect(await getRoles(client, [good, bad])).toEqual({});

    const forced = await cli(['push', 'p4', '--yes', '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('1 file with errors pushed anyway (--force)');
    expect(forced.stdout).toMatch(new RegExp(`^created  ${good}$`, 'm'));
    expect(forced.stdout).toMatch(new RegExp(`^failed   ${bad}: .*not_a_privilege`, 'm'));
    expect(Object.keys(await getRoles(client, [good, bad]))).toEqual([good]);
  });

  itServerOnly('a connection lost during the write: per-role report, the backup path, one error line, exit 3', async () => {
    const [a, b] = [role('cut-a'), role('cut-b')];
    await putRole(client, a, { cluster: ['monitor'] });
    write(`p6/${a}.role.json`, READER);
    write(`p6/${b}.role.json`, READER);
    target.server!.injectFault({ kind: 'reset', method: 'POST', path: '/_security/role' });
    const r = await cli(['push', 'p6', '--yes', '--backup-dir', 'backups-cut']);
    target.server!.clearFaults();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`^failed +${a}: the connection to .* was closed or reset`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^failed +${b}: `, 'm'));
    expect(r.stdout).toMatch(/Backup of the overwritten roles: backups-cut\/.+\.backup\.json\n/);
    expect(r.stdout).toContain('0 created, 0 updated, 0 unchanged, 2 failed\n');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^es-roles: Cluster ".+": the connection to .* was closed or reset/);
    expect(readdirSync(join(work, 'backups-cut'))).toHaveLength(1);
  });

  it('refuses inputs it cannot read, and an explicit file that is not a role file', async () => {
    const r = await cli(['push', 'no-such-dir', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-dir: no such file or directory');
    write('p5/key.apikey.json', { name: 'k', role_descriptors: {} });
    const r2 = await cli(['push', 'p5/key.apikey.json', '--yes']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/not a role file; only role, roles-map and bulk files can be pushed/);
  });
});

describe('pull', () => {
  it('writes <name>.role.json per role and never overwrites without --force', async () => {
    const [a, b] = [role('pull-a'), role('pull-b')];
    await putRole(client, a, READER);
    await putRole(client, b, { cluster: ['monitor'] });
    const r = await cli(['pull', a, b, '--out', 'pulled']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote pulled/${a}.role.json\n`);
    expect(r.stdout).toContain('Pulled 2 files into pulled\n');
    const pulled = JSON.parse(readFileSync(join(work, 'pulled', `${a}.role.json`), 'utf8'));
    expect(pulled).toMatchObject(READER);
    expect(pulled).not.toHaveProperty('transient_metadata');

    writeFileSync(join(work, 'pulled', `${a}.role.json`), 'local edits\n');
    const again = await cli(['pull', a, b, '--out', 'pulled']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`skipped pulled/${a}.role.json: the file exists (pass --force to overwrite it)`);
    expect(readFileSync(join(work, 'pulled', `${a}.role.json`), 'utf8')).toBe('local edits\n');

    const forced = await cli(['pull', a, '--out', 'pulled', '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'pulled', `${a}.role.json`), 'utf8'))).toMatchObject(READER);
    expect(readdirSync(join(work, 'pulled')).sort()).toEqual([`${a}.role.json`, `${b}.role.json`].sort()); // no temp files left
  });

  it('--shape roles / bulk write one file; a missing role exits 1', async () => {
    const a = role('pull-shape');
    await putRole(client, a, READER);
    const r = await cli(['pull', a, 'esroles-cli-no-such-role', '--shape', 'bulk', '--out', 'bulk']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('role not found: esroles-cli-no-such-role');
    const bulk = JSON.parse(readFileSync(join(work, 'bulk', 'bulk.roles.json'), 'utf8'));
    expect(Object.keys(bulk)).toEqual(['roles']);
    expect(Object.keys(bulk.roles)).toEqual([a]);
    expect(bulk.roles[a]).toMatchObject(READER);
    const r2 = await cli(['pull', a, '--shape', 'roles', '--out', 'map']);
    expect(r2.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(work, 'map', 'roles.roles.json'), 'utf8')))).toEqual([a]);
  });

  itServerOnly('without names: every non-reserved role', async () => {
    const r = await cli(['pull', '--out', 'all']);
    expect(r.code).toBe(0);
    const files = readdirSync(join(work, 'all'));
    expect(files).toContain('esroles-limited.role.json');
    expect(files).not.toContain('superuser.role.json');
  });
});

describe('api-key', () => {
  it('create prints id, name, expiration and the encoded key once; the key works', async () => {
    write('keys/reader.role.json', { description: 'API keys refuse descriptions', ...READER });
    const r = await cli(['api-key', 'create', 'keys/reader.role.json', '--name', 'esroles-cli-key', '--expiration', '1d', '--metadata', '{"team":"ops"}']);
    expect(r.code).toBe(0);
    const field = (f: string) => new RegExp(`^${f} +(\\S+)$`, 'm').exec(r.stdout)?.[1];
    const encoded = field('encoded')!;
    keyIds.push(field('id')!);
    keyDisplays.set(r, encoded);
    expect(field('name')).toBe('esroles-cli-key');
    expect(field('expiration')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(r.stdout.split(encoded)).toHaveLength(2); // exactly once
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('it is not shown again');

    const check = await cli(['has-privileges', 'keys/reader.role.json'], {
      env: { ES_USERNAME: undefined, ES_PASSWORD: undefined, ES_API_KEY: encoded },
    });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('has_all_requested: true');
  });

  it('create --format json prints the cluster\'s answer', async () => {
    write('keys/ci.apikey.json', { name: 'esroles-cli-file-name', role_descriptors: { d: { cluster: ['monitor'] } } });
    const r = await cli(['api-key', 'create', 'keys/ci.apikey.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ name: 'esroles-cli-file-name', id: expect.any(String), encoded: expect.any(String) });
    keyIds.push(body.id);
    keyDisplays.set(r, body.encoded);
  });

  itServerOnly('grant reads the password from ES_GRANT_PASSWORD; without it (no terminal) exit 2 naming it', async () => {
    write('keys/grant.role.json', { cluster: ['monitor'] });
    const missing = await cli(['api-key', 'grant', 'keys/grant.role.json', '--name', 'g', '--grant-type', 'password', '--username', BOB.username]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('set ES_GRANT_PASSWORD');
    const r = await cli(
      ['api-key', 'grant', 'keys/grant.role.json', '--name', 'esroles-granted', '--grant-type', 'password', '--username', BOB.username],
      { env: { ES_GRANT_PASSWORD: GRANT_PASSWORD, ES_ROLES_DEBUG: '1' } },
    );
    expect(r.code).toBe(0);
    const encoded = /^encoded +(\S+)$/m.exec(r.stdout)![1];
    keyDisplays.set(r, encoded);
    expect(r.stderr).toContain('POST /_security/api_key/grant'); // the debug log ran, redacted
    const id = /^id +(\S+)$/m.exec(r.stdout)![1];
    expect(target.server!.state.apiKeys.get(id)?.username).toBe(BOB.username);
  });

  it('invalidate --id: invalidated, then previously invalidated; --name with no match exits 1', async () => {
    write('keys/inv.role.json', { cluster: ['monitor'] });
    const made = await cli(['api-key', 'create', 'keys/inv.role.json', '--name', 'esroles-cli-inv', '--format', 'json']);
    const { id, encoded } = JSON.parse(made.stdout);
    keyDisplays.set(made, encoded);
    keyIds.push(id);
    const r = await cli(['api-key', 'invalidate', '--id', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`invalidated: 1\n  ${id}\npreviously invalidated: 0\nerrors: 0\n`);
    const again = await cli(['api-key', 'invalidate', '--id', id, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ invalidated_api_keys: [], previously_invalidated_api_keys: [id], error_count: 0 });
    const none = await cli(['api-key', 'invalidate', '--name', 'esroles-cli-no-such-key']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no API key matches name esroles-cli-no-such-key');
    const usage = await cli(['api-key', 'invalidate', '--id', 'x', '--name', 'y']);
    expect(usage.code).toBe(2);
  });
});

describe('connection, authentication and usage errors', () => {
  it('a wrong password: exit 3 and one line naming the cluster', async () => {
    const r = await cli(['builtin-privileges'], { env: { ES_API_KEY: undefined, ES_USERNAME: ADMIN_USER, ES_PASSWORD: 'wrong-canary-pw-91b2' } });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^es-roles: Cluster ".+": authentication failed \(401.*ES_USERNAME and ES_PASSWORD/);
    expect(r.stderr).not.toContain('wrong-canary-pw-91b2');
  });

  it('connection refused: exit 3 and one line', async () => {
    const r = await cli(['pull', 'x', '--url', 'http://127.0.0.1:1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('es-roles: Cluster "127.0.0.1:1": connection refused by http://127.0.0.1:1. Check the URL and port, and that the cluster is running.\n');
  });

  itServerOnly('a 403 on the operation exits 1, not 3', async () => {
    const r = await cli(['pull', 'x'], { env: { ES_USERNAME: BOB.username, ES_PASSWORD: GRANT_PASSWORD } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^es-roles: Cluster ".+": permission denied \(403\)/);
  });

  it('missing settings and secrets in flags are usage errors that never echo the secret', async () => {
    const noUrl = await cli(['builtin-privileges'], { cluster: false, env: { ES_USERNAME: 'u', ES_PASSWORD: 'p' } });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('set ES_URL');
    const noAuth = await cli(['builtin-privileges'], { cluster: false, env: { ES_URL: 'http://127.0.0.1:1' } });
    expect(noAuth.code).toBe(2);
    expect(noAuth.stderr).toContain('no credentials: set ES_API_KEY');
    const flag = await cli(['push', 'p1', '--password=flag-canary-secret']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('set ES_PASSWORD instead');
    expect(flag.stderr).not.toContain('flag-canary-secret');
    const none = await cli(['push']);
    expect(none.code).toBe(2);
  });

  itServerOnly('a bearer token from ES_BEARER_TOKEN', async () => {
    const r = await cli(['builtin-privileges', '--format', 'json'], { env: { ES_USERNAME: undefined, ES_PASSWORD: undefined, ES_BEARER_TOKEN: BEARER } });
    expect(r.code).toBe(0);
  });
});

describe('HTTPS [test server only]', () => {
  let https: Target | undefined;
  beforeAll(async () => {
    if (!REAL_CLUSTER) https = await startTarget({ https: true });
  });
  afterAll(async () => {
    await https?.close();
  });
  const env = (extra: Record<string, string>) => ({ ES_URL: https!.url, ...extra });

  it.skipIf(REAL_CLUSTER)('trusts the CA from ES_CA_CERT', async () => {
    const r = await cli(['builtin-privileges', '--format', 'json'], { env: env({ ES_CA_CERT: https!.certs!.caFile }) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cluster).toContain('monitor');
  });

  it.skipIf(REAL_CLUSTER)('pins the CA with ES_CA_FINGERPRINT (as Elasticsearch prints it)', async () => {
    const r = await cli(['builtin-privileges', '--format', 'json'], { env: env({ ES_CA_FINGERPRINT: https!.certs!.caFingerprintHex }) });
    expect(r.code).toBe(0);
  });

  it.skipIf(REAL_CLUSTER)('an untrusted certificate: exit 3, one line naming ES_CA_CERT', async () => {
    const r = await cli(['builtin-privileges'], { env: env({}) });
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not trusted .*\(ES_CA_CERT\).*\(ES_CA_FINGERPRINT\)/);
  });

  it.skipIf(REAL_CLUSTER)('ES_INSECURE=true connects with a warning', async () => {
    const r = await cli(['builtin-privileges', '--format', 'json'], { env: env({ ES_INSECURE: 'true' }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*TLS certificate verification is DISABLED/);
  });
});

describe('prompts on a terminal (in process)', () => {
  function fakeIo(answers: string[], asked: { question: string; secret: boolean }[]): { io: PromptingIo; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    const prompter: Prompter = {
      interactive: true,
      ask: async (question, opts) => {
        asked.push({ question, secret: !!opts?.secret });
        return answers.shift();
      },
    };
    const io: CliIo & { prompter: Prompter } = {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      cwd: work,
      env: clusterEnv(),
      isTTY: false,
      prompter,
    };
    return { io, out: () => out, err: () => err };
  }

  it('push asks "Push N roles to <cluster>? [y/N]"; "n" writes nothing, "y" pushes', async () => {
    const name = role('tty');
    write(`tty/${name}.role.json`, READER);
    const asked: { question: string; secret: boolean }[] = [];
    const no = fakeIo(['n'], asked);
    expect(await runCli(['push', 'tty', '--backup-dir', 'backups'], no.io)).toBe(1);
    expect(asked[0].question).toMatch(/^Push 1 role to .+\? \[y\/N\] $/);
    expect(no.err()).toContain('not confirmed; nothing was pushed');
    expect(await getRoles(client, name)).toEqual({});
    const yes = fakeIo(['y'], asked);
    expect(await runCli(['push', 'tty', '--backup-dir', 'backups'], yes.io)).toBe(0);
    expect(yes.out()).toMatch(new RegExp(`^created  ${name}$`, 'm'));
  });

  itServerOnly('grant prompts for the password without echo when ES_GRANT_PASSWORD is not set', async () => {
    write('keys/tty-grant.role.json', { cluster: ['monitor'] });
    const asked: { question: string; secret: boolean }[] = [];
    const t = fakeIo([GRANT_PASSWORD], asked);
    const code = await runCli(['api-key', 'grant', 'keys/tty-grant.role.json', '--name', 'esroles-tty', '--grant-type', 'password', '--username', BOB.username], t.io);
    expect(code).toBe(0);
    expect(asked).toEqual([{ question: `Password of ${BOB.username}: `, secret: true }]);
    expect(t.out() + t.err()).not.toContain(GRANT_PASSWORD);
  });
});

describe('secrets', () => {
  it('no password, API key, bearer token or grant password in any output; a new key only in its one display', () => {
    expect(runs.length).toBeGreaterThan(20);
    const secrets = [ADMIN_PASSWORD, Buffer.from(`${ADMIN_USER}:${ADMIN_PASSWORD}`).toString('base64'), BEARER, GRANT_PASSWORD];
    for (const k of ['ES_PASSWORD', 'ES_API_KEY']) if (REAL_CLUSTER && process.env[k]) secrets.push(process.env[k]!);
    const keys = [...keyDisplays.values()];
    for (const run of runs) {
      const text = `${run.stdout}\n${run.stderr}`;
      for (const s of secrets) expect(text, `${run.args.join(' ')} shows a secret`).not.toContain(s);
      for (const key of keys) {
        const secretPart = Buffer.from(key, 'base64').toString('utf8').split(':')[1];
        const shown = keyDisplays.get(run) === key;
        expect(run.stderr).not.toContain(key);
        expect(run.stderr).not.toContain(secretPart);
        if (!shown) {
          expect(run.stdout, `${run.args.join(' ')} shows a key`).not.toContain(key);
          expect(run.stdout).not.toContain(secretPart);
        }
      }
    }
  });
});
