/**
 * Issue 5, item 4: push never loses a role. What test/ops/push.test.ts and backup.test.ts do not
 * already cover, over real sockets against the test server, through the ops functions the editor
 * calls and through the BUILT CLI (child processes):
 *
 * - the backup holds the previous state of EVERY role to be overwritten, complete and fsynced,
 *   before the first write reaches the server (bulk API, PUT per role, and the CLI);
 * - a bulk push whose connection drops after the cluster applied some of its roles (the test
 *   server's `resetAfterRoles` fault) reports exactly which roles were written and which were not,
 *   and the backup restores the previous state (ops restore, and `es-roles push <backup>`);
 * - a role changed on the cluster after its diff was shown (another window pushed) is refused;
 * - pull never overwrites a file without --force, writes atomically, leaves no temp files and
 *   leaves the original untouched when the cluster or the disk fails.
 */
import { existsSync, mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createClient, deleteRole, getRoles, putRole, type EsClient, type RolesByName } from '../../client/src/cluster';
import { readBackup } from '../../client/src/ops/backup';
import { executePush, planPush, PushConflictError } from '../../client/src/ops/push';
import type { RoleBody } from '../../client/src/roles/extract';
import type { CliIo } from '../../server/src/cli/args';
import type { Prompter } from '../../server/src/cli/cluster';
import { runCli } from '../../server/src/cli/main';
import { DEFAULT_USER, TestEsServer } from '../es-server/server';
import { CLI, runCliChild, type CliRun } from './harness';

const OLD: RoleBody = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }], metadata: { v: 'old' } };
const NEW: RoleBody = { cluster: ['monitor', 'manage_ilm'], indices: [{ names: ['logs-*', 'events-*'], privileges: ['read', 'view_index_metadata'] }], metadata: { v: 'new' } };
const ENV = { ES_USERNAME: DEFAULT_USER.username, ES_PASSWORD: DEFAULT_USER.password };

let bulkServer: TestEsServer;
let putServer: TestEsServer;
let bulk: EsClient;
let put: EsClient;
let work: string;
let dir: string;
let seq = 0;

const clientFor = (server: TestEsServer) =>
  createClient({ name: 'safety', url: server.url, auth: { kind: 'basic', username: DEFAULT_USER.username, password: DEFAULT_USER.password } }, { retryBaseDelayMs: 5 });

/** Fresh role names, so that the tests do not see each other's roles. */
function names(prefix: string, n: number): string[] {
  seq++;
  return Array.from({ length: n }, (_, i) => `safety-${seq}-${prefix}${i + 1}`);
}

async function putAll(client: EsClient, roles: readonly string[], body: RoleBody): Promise<void> {
  for (const r of roles) await putRole(client, r, body);
}

/** The roles as GET returns them (the state a restore must bring back). */
async function state(client: EsClient, roles: readonly string[]): Promise<RolesByName> {
  return getRoles(client, [...roles]);
}

function tempFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const p = join(folder, name);
    if (statSync(p).isDirectory()) out.push(...tempFiles(p));
    else if (name.endsWith('.tmp')) out.push(p);
  }
  return out;
}

/** The path an open file descriptor points at (Linux; '?' elsewhere). */
function fdPath(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return '?';
  }
}

/** Resolves when the server has received a request matching the glob (or the promise `until` settled). */
async function arrival(server: TestEsServer, path: string, method: string, until: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void until.finally(() => (settled = true));
  for (let i = 0; i < 2_000 && !settled; i++) {
    if (server.requestsTo(path, method).length > 0) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return server.requestsTo(path, method).length > 0;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  [bulkServer, putServer] = await Promise.all([TestEsServer.start({}), TestEsServer.start({ version: '8.12.0' })]);
  bulk = clientFor(bulkServer);
  put = clientFor(putServer);
  work = mkdtempSync(join(tmpdir(), 'es-roles-push-safety-'));
});

afterAll(async () => {
  await bulk?.close();
  await put?.close();
  await Promise.all([bulkServer?.close(), putServer?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  dir = mkdtempSync(join(work, 'case-'));
  for (const s of [bulkServer, putServer]) {
    s.clearFaults();
    s.clearRequests();
  }
});

afterEach(() => {
  expect(tempFiles(dir), 'temp files left behind').toEqual([]);
});

describe('the backup exists, complete and with every overwritten role, before the first write', () => {
  for (const mode of ['bulk', 'put'] as const) {
    it(`ops, ${mode === 'bulk' ? 'bulk API' : 'PUT per role (8.12)'}: at the first write request the backup is on disk`, async () => {
      const server = mode === 'bulk' ? bulkServer : putServer;
      const client = mode === 'bulk' ? bulk : put;
      const existing = names('e', 3);
      const [fresh] = names('n', 1);
      await putAll(client, existing, OLD);
      const before = await state(client, existing);
      const plan = await planPush(client, Object.fromEntries([...existing, fresh].map((n) => [n, NEW])));
      server.clearRequests();
      // The first write is held 300 ms: time to look at the disk while the server has it.
      const write = mode === 'bulk' ? { path: '/_security/role', method: 'POST' } : { path: '/_security/role/*', method: 'PUT' };
      server.injectFault({ kind: 'latency', ms: 300, ...write, count: 1 });
      const backupDir = join(dir, 'backups');
      const pushing = executePush(client, plan, { backupDir, clusterName: 'safety', concurrency: 1, ...(mode === 'put' ? { esVersion: '8.12.0' } : {}) });
      expect(await arrival(server, write.path, write.method, pushing)).toBe(true);
      const firstWrite = server.requestsTo(write.path, write.method)[0];
      const files = readdirSync(backupDir);
      expect(files).toHaveLength(1);
      const backup = await readBackup(join(backupDir, files[0]));
      // Every role to be overwritten, exactly as GET returned it; the one to create is listed, not saved.
      expect(backup.roles).toEqual(before);
      expect(backup.created).toEqual([fresh]);
      expect(backup.cluster).toBe('safety');
      expect(statSync(join(backupDir, files[0])).mtimeMs).toBeLessThanOrEqual(firstWrite.time);
      expect(statSync(join(backupDir, files[0])).mode & 0o777).toBe(0o600);
      // Before the write: only reads (the plan's, then the re-read that checks for changes).
      const beforeWrite = server.requests.filter((r) => r.seq < firstWrite.seq);
      expect(beforeWrite.map((r) => r.method)).toEqual(beforeWrite.map(() => 'GET'));
      const report = await pushing;
      expect(report.results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated', 'created']);
      expect(report.backupFile).toBe(join(backupDir, files[0]));
    });
  }

  it('the backup file and its folder are fsynced before the first write request is sent', async () => {
    const existing = names('sync', 2);
    await putAll(bulk, existing, OLD);
    const plan = await planPush(bulk, Object.fromEntries(existing.map((n) => [n, NEW])));
    const backupDir = join(dir, 'b');
    // Every FileHandle.sync() (fsync), with what the server had received at that moment.
    const probe = await fsPromises.open(join(dir, 'probe'), 'w');
    const handleProto = Object.getPrototypeOf(probe) as { sync(this: { fd: number }): Promise<void> };
    await probe.close();
    const originalSync = handleProto.sync;
    const syncs: { path: string; writesBefore: number }[] = [];
    handleProto.sync = async function (this: { fd: number }) {
      await originalSync.call(this);
      syncs.push({ path: fdPath(this.fd), writesBefore: bulkServer.requests.filter((r) => r.method !== 'GET').length });
    };
    bulkServer.clearRequests();
    try {
      const report = await executePush(bulk, plan, { backupDir, clusterName: 'safety' });
      expect(report.results.map((r) => r.outcome)).toEqual(['updated', 'updated']);
    } finally {
      handleProto.sync = originalSync;
    }
    // The temp file's data, then the folder (so the new name survives a crash), both before any write.
    expect(syncs.map((x) => x.writesBefore)).toEqual([0, 0]);
    if (process.platform === 'linux') {
      expect(syncs[0].path).toMatch(/\/b\/\.safety-.*\.backup\.json\.\d+\.[0-9a-f]+\.tmp$/);
      expect(syncs[1].path).toBe(backupDir);
    }
    expect(bulkServer.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
  });

  it('CLI: the backup is on disk before the write arrives; a backup folder that cannot be written stops the push', async () => {
    const existing = names('cli', 2);
    await putAll(bulk, existing, OLD);
    const before = await state(bulk, existing);
    writeFileSync(join(dir, 'team.roles.json'), JSON.stringify(Object.fromEntries(existing.map((n) => [n, NEW]))));
    bulkServer.clearRequests();
    bulkServer.injectFault({ kind: 'latency', ms: 400, path: '/_security/role', method: 'POST' });
    const child = runCliChild(['push', 'team.roles.json', '--yes', '--backup-dir', 'b'], { ES_URL: bulkServer.url, ...ENV }, dir);
    expect(await arrival(bulkServer, '/_security/role', 'POST', child)).toBe(true);
    const files = readdirSync(join(dir, 'b'));
    expect(files).toHaveLength(1);
    expect((await readBackup(join(dir, 'b', files[0]))).roles).toEqual(before);
    const r = await child;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Backup of the overwritten roles: b/${files[0]}`);

    // A folder below a regular file (mkdir fails even as root): nothing written, the plan's GETs only.
    writeFileSync(join(dir, 'team.roles.json'), JSON.stringify(Object.fromEntries(existing.map((n) => [n, OLD]))));
    writeFileSync(join(dir, 'not-a-folder'), '');
    bulkServer.clearRequests();
    const refused = await runCliChild(['push', 'team.roles.json', '--yes', '--backup-dir', 'not-a-folder/b'], { ES_URL: bulkServer.url, ...ENV }, dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^es-roles: cannot write the backup in .*not-a-folder\/b \(ENOTDIR\); nothing was pushed\. Choose another backup folder\.\n$/);
    expect(bulkServer.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect((await state(bulk, existing))[existing[0]].metadata).toEqual({ v: 'new' });
  });
});

describe('a bulk push interrupted midway (the connection drops after the cluster applied 2 of 5 roles)', () => {
  /** e1 n1 e2 n2 e3: three to update, two to create; the first two land. */
  async function scenario() {
    const [e1, e2, e3] = names('e', 3);
    const [n1, n2] = names('n', 2);
    await putAll(bulk, [e1, e2, e3], OLD);
    const before = await state(bulk, [e1, e2, e3, n1, n2]);
    const order = [e1, n1, e2, n2, e3];
    bulkServer.clearRequests();
    bulkServer.injectFault({ kind: 'resetAfterRoles', roles: 2, path: '/_security/role', method: 'POST' });
    return { e1, e2, e3, n1, n2, order, before };
  }

  it('ops: the report says exactly which were written and which not; the backup restores the previous state', async () => {
    const { e1, e2, e3, n1, n2, order, before } = await scenario();
    const plan = await planPush(bulk, Object.fromEntries(order.map((n) => [n, NEW])));
    const report = await executePush(bulk, plan, { backupDir: join(dir, 'b'), clusterName: 'safety' });
    expect(report.error).toBeInstanceOf(ConnectionError);
    expect(report.results.map((r) => [r.name, r.outcome])).toEqual([
      [e1, 'updated'],
      [n1, 'created'],
      [e2, 'failed'],
      [n2, 'failed'],
      [e3, 'failed'],
    ]);
    for (const r of report.results.slice(0, 2)) expect(r.reason).toMatch(/^written \(confirmed by reading it back after: the connection to \S+ was closed or reset/);
    for (const r of report.results.slice(2)) expect(r.reason).toMatch(/^the connection to \S+ was closed or reset/);
    // One write request (writes are never retried), then the read-back of the five.
    expect(bulkServer.requestsTo('/_security/role', 'POST')).toHaveLength(1);
    // The report is the truth: the cluster has exactly the two written.
    const after = await state(bulk, order);
    expect(after[e1].metadata).toEqual({ v: 'new' });
    expect(after[n1].metadata).toEqual({ v: 'new' });
    expect([after[e2], after[e3]]).toEqual([before[e2], before[e3]]);
    expect(after[n2]).toBeUndefined();

    // Restore with the ops functions Restore Backup runs (plan, then execute).
    const backup = await readBackup(report.backupFile!);
    expect(backup.roles).toEqual({ [e1]: before[e1], [e2]: before[e2], [e3]: before[e3] });
    expect(backup.created).toEqual([n1, n2]);
    const restore = await executePush(bulk, await planPush(bulk, backup.roles), { backupDir: join(dir, 'b'), clusterName: 'safety' });
    expect(restore.results.map((r) => [r.name, r.outcome])).toEqual([
      [e1, 'updated'],
      [e2, 'unchanged'],
      [e3, 'unchanged'],
    ]);
    // The roles the push overwrote are back exactly; of the created ones (which a restore leaves,
    // as the backup says), deleting those that landed gives the state before the push.
    expect(await state(bulk, [e1, e2, e3])).toEqual({ [e1]: before[e1], [e2]: before[e2], [e3]: before[e3] });
    for (const n of backup.created!) await deleteRole(bulk, n).catch(() => undefined);
    expect(await state(bulk, order)).toEqual(before);
  });

  it('CLI: the report lists every role\'s fate; `es-roles push <backup>` restores and names the created roles', async () => {
    const { e1, e2, e3, n1, n2, order, before } = await scenario();
    writeFileSync(join(dir, 'all.roles.json'), JSON.stringify(Object.fromEntries(order.map((n) => [n, NEW])), null, 2));
    const r = await runCliChild(['push', 'all.roles.json', '--yes', '--no-color', '--backup-dir', 'b'], { ES_URL: bulkServer.url, ...ENV }, dir);
    expect(r.code).toBe(3);
    const lines = r.stdout.split('\n');
    // The report comes after the plan (which lists the same names): the last line naming each role.
    const outcome = (name: string) => lines.filter((l) => new RegExp(`^\\S+\\s+${name}(:|$)`).test(l)).at(-1);
    expect(outcome(e1)).toMatch(new RegExp(`^updated  ${e1}: written \\(confirmed by reading it back after: the connection to \\S+ was closed or reset`));
    expect(outcome(n1)).toMatch(new RegExp(`^created  ${n1}: written \\(confirmed`));
    for (const n of [e2, n2, e3]) expect(outcome(n)).toMatch(new RegExp(`^failed   ${n}: the connection to \\S+ was closed or reset`));
    expect(r.stdout).toMatch(/\n1 created, 1 updated, 0 unchanged, 3 failed\n$/);
    expect(r.stdout).toContain('restore with: es-roles push b/');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^es-roles: Cluster "127\.0\.0\.1:\d+": the connection to \S+ was closed or reset/);

    const backupFile = /restore with: es-roles push (\S+) --yes/.exec(r.stdout)![1];
    const restore = await runCliChild(['push', backupFile, '--yes', '--no-color', '--backup-dir', 'b'], { ES_URL: bulkServer.url, ...ENV }, dir);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(new RegExp(`^updated    ${e1}$`, 'm'));
    expect(restore.stdout).toMatch(/\n0 created, 1 updated, 2 unchanged, 0 failed \(bulk API\)\n$/);
    expect(restore.stderr).toBe(
      `es-roles: note: ${backupFile} is a backup; the push that wrote it created (or was about to create) ${n1}, ${n2}: restoring does not delete them.\n`,
    );
    expect(await state(bulk, [e1, e2, e3])).toEqual({ [e1]: before[e1], [e2]: before[e2], [e3]: before[e3] });
    await deleteRole(bulk, n1);
    expect(await state(bulk, order)).toEqual(before);
  });

  it('PUT per role (8.12): the connection drops on the third PUT; the report and the backup agree with the cluster', async () => {
    const roles = names('p', 4);
    await putAll(put, roles, OLD);
    const before = await state(put, roles);
    const plan = await planPush(put, Object.fromEntries(roles.map((n) => [n, NEW])));
    putServer.injectFault({ kind: 'reset', method: 'PUT', path: `/_security/role/${roles[2]}` });
    const report = await executePush(put, plan, { backupDir: join(dir, 'b'), clusterName: 'safety', concurrency: 1, esVersion: '8.12.0' });
    expect(report.method).toBe('put');
    expect(report.results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'failed', 'updated']);
    const after = await state(put, roles);
    expect(roles.map((n) => (after[n].metadata as { v: string }).v)).toEqual(['new', 'new', 'old', 'new']);
    const backup = await readBackup(report.backupFile!);
    expect(backup.roles).toEqual(before);
    await executePush(put, await planPush(put, backup.roles), { backupDir: join(dir, 'b'), clusterName: 'safety' });
    expect(await state(put, roles)).toEqual(before);
  });
});

describe('a role changed on the cluster since its diff was shown is not overwritten', () => {
  it('two windows: both diff the same role, the first pushes, the second is refused and writes nothing', async () => {
    const [role, other] = names('w', 2);
    await putRole(bulk, role, OLD);
    const windowA = await planPush(bulk, { [role]: NEW });
    const windowB = await planPush(bulk, { [role]: { ...NEW, metadata: { v: 'from B' } }, [other]: NEW });
    expect(windowB.items[0].diff).toContain('"from B"');
    const a = await executePush(bulk, windowA, { backupDir: join(dir, 'a'), clusterName: 'safety' });
    expect(a.results).toEqual([{ name: role, outcome: 'updated' }]);
    const writes = bulkServer.requests.filter((r) => r.method !== 'GET').length;
    let err: unknown;
    try {
      await executePush(bulk, windowB, { backupDir: join(dir, 'b'), clusterName: 'safety' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PushConflictError);
    expect((err as Error).message).toBe(
      `Cluster "safety": 1 role changed on the cluster since the push was planned: ${role} (changed). Nothing was written; review the new diff and push again.`,
    );
    // Nothing at all from B: not its role, not the unrelated one, no backup.
    expect(bulkServer.requests.filter((r) => r.method !== 'GET')).toHaveLength(writes);
    expect((await getRoles(bulk, role))[role].metadata).toEqual({ v: 'new' });
    expect(await getRoles(bulk, other)).toEqual({});
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('CLI: the role changes while the confirmation prompt is open; "y" is refused with the reason, nothing is written', async () => {
    const [role] = names('tty', 1);
    await putRole(bulk, role, OLD);
    writeFileSync(join(dir, `${role}.role.json`), JSON.stringify(NEW));
    let out = '';
    let err = '';
    const prompter: Prompter = {
      interactive: true,
      ask: async () => {
        // Someone else pushes while the diff is on screen.
        await putRole(bulk, role, { ...OLD, metadata: { v: 'someone else' } });
        bulkServer.clearRequests();
        return 'y';
      },
    };
    const io: CliIo & { prompter: Prompter } = {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      cwd: dir,
      env: { ES_URL: bulkServer.url, ...ENV },
      isTTY: false,
      prompter,
    };
    const code = await runCli(['push', `${role}.role.json`, '--backup-dir', 'b', '--no-color'], io);
    expect(code).toBe(1);
    expect(out).toContain(`update    ${role}`);
    expect(out).toContain('+    "manage_ilm"');
    expect(err).toBe(
      `es-roles: Cluster "es-roles-test": 1 role changed on the cluster since the push was planned: ${role} (changed). Nothing was written; review the new diff and push again.\n`,
    );
    expect(bulkServer.requests.map((r) => r.method)).toEqual(['GET']);
    expect((await getRoles(bulk, role))[role].metadata).toEqual({ v: 'someone else' });
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });
});

describe('pull never overwrites, writes atomically, and leaves the original untouched on failure', () => {
  const pull = (args: string[]): Promise<CliRun> => runCliChild(['pull', ...args], { ES_URL: bulkServer.url, ...ENV }, dir);

  it('--force with the cluster failing (truncated JSON, 500, reset): the existing files are byte for byte the same', async () => {
    const roles = names('f', 2);
    await putAll(bulk, roles, NEW);
    mkdirSync(join(dir, 'out'));
    for (const n of roles) writeFileSync(join(dir, 'out', `${n}.role.json`), `// local edits of ${n}\n{"cluster": []}\n`);
    for (const fault of [{ kind: 'truncatedJson' }, { kind: 'status', status: 500 }, { kind: 'reset' }] as const) {
      bulkServer.clearFaults();
      bulkServer.injectFault({ ...fault, path: '/_security/role/*', method: 'GET', count: 'always' });
      const r = await pull([...roles, '--out', 'out', '--force']);
      expect(r.code, fault.kind).toBe(3);
      expect(r.stdout).toBe('');
      for (const n of roles) expect(readFileSync(join(dir, 'out', `${n}.role.json`), 'utf8')).toBe(`// local edits of ${n}\n{"cluster": []}\n`);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(roles.map((n) => `${n}.role.json`).sort());
    }
  });

  it('a target that cannot be replaced (a folder of that name): reported, the other files written, no temp file left', async () => {
    const [a, b] = names('d', 2);
    await putAll(bulk, [a, b], NEW);
    mkdirSync(join(dir, 'out', `${a}.role.json`), { recursive: true });
    writeFileSync(join(dir, 'out', `${a}.role.json`, 'keep.txt'), 'inside');
    const r = await pull([a, b, '--out', 'out', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^es-roles: cannot write out/${a}\\.role\\.json: (EISDIR|ENOTEMPTY|EEXIST|EPERM)\\n$`));
    expect(r.stdout).toContain(`wrote out/${b}.role.json`);
    expect(readFileSync(join(dir, 'out', `${a}.role.json`, 'keep.txt'), 'utf8')).toBe('inside');
    expect(JSON.parse(readFileSync(join(dir, 'out', `${b}.role.json`), 'utf8'))).toMatchObject({ metadata: { v: 'new' } });
  });

  it('two pulls at once into the same folder: every file written once, whole; the loser skips, nothing clobbered', async () => {
    const roles = names('c', 6);
    await putAll(bulk, roles, NEW);
    const [r1, r2] = await Promise.all([pull([...roles, '--out', 'out']), pull([...roles, '--out', 'out'])]);
    const wrote = (r: CliRun) => r.stdout.split('\n').filter((l) => l.startsWith('wrote '));
    const skipped = (r: CliRun) => r.stderr.split('\n').filter((l) => /skipped .*the file exists/.test(l));
    expect(wrote(r1).length + wrote(r2).length).toBe(roles.length);
    expect(skipped(r1).length + skipped(r2).length).toBe(roles.length);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(roles.map((n) => `${n}.role.json`).sort());
    for (const n of roles) expect(JSON.parse(readFileSync(join(dir, 'out', `${n}.role.json`), 'utf8'))).toMatchObject({ metadata: { v: 'new' } });
  });
});
