// planPush / executePush over real sockets: create, update, unchanged; the backup exists before the
// first write; conflicts refuse the push; interrupted writes are reported role by role.

import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createClient, deleteRole, EsApiError, getRoles, putRole, type EsClient } from '../../client/src/cluster';
import { readBackup } from '../../client/src/ops/backup';
import { backupFileName, executePush, planPush, PushBackupError, PushConflictError, roleDiff } from '../../client/src/ops/push';
import type { RoleBody } from '../../client/src/roles/extract';
import { itServerOnly, REAL_CLUSTER, rejectionOf, startTarget, uniqueName, type Target } from '../cluster/target';

const READER: RoleBody = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] };
const WRITER: RoleBody = { indices: [{ names: ['events-*'], privileges: ['create_doc', 'read'] }] };
const FIXED_TIME = new Date('2025-03-04T05:06:07.089Z');

describe('push', () => {
  let target: Target;
  let client: EsClient;
  let backupDir: string;
  const created: string[] = [];
  const role = (prefix: string) => {
    const name = uniqueName(`esroles-push-${prefix}`);
    created.push(name);
    return name;
  };
  const server = () => target.server!;
  const push = (plan: Awaited<ReturnType<typeof planPush>>, extra: Partial<Parameters<typeof executePush>[2]> = {}) =>
    executePush(client, plan, { backupDir, clusterName: 'test cluster', ...extra });

  beforeAll(async () => {
    target = await startTarget();
    client = createClient(target.config, { retryBaseDelayMs: 5 });
  });
  afterAll(async () => {
    for (const name of created) await deleteRole(client, name).catch(() => undefined);
    await client.close();
    await target.close();
  });
  beforeEach(() => {
    backupDir = mkdtempSync(join(tmpdir(), 'es-roles-backups-'));
    if (!REAL_CLUSTER) {
      server().clearFaults();
      server().clearRequests();
    }
  });
  afterEach(() => rmSync(backupDir, { recursive: true, force: true }));

  it('plans create, update and unchanged with normalised diffs, reading only the named roles', async () => {
    const [a, b, c] = [role('a'), role('b'), role('c')];
    await putRole(client, b, READER);
    // Same role as the file, written differently: privilege order and case, a string name, defaults.
    await putRole(client, c, { indices: [{ names: 'events-*', privileges: ['READ', 'create_doc'], allow_restricted_indices: false }] });
    if (!REAL_CLUSTER) server().clearRequests();

    const plan = await planPush(client, { [a]: READER, [b]: { ...READER, cluster: ['monitor', 'manage_ilm'] }, [c]: WRITER });
    expect(plan.items.map((i) => [i.name, i.status])).toEqual([[a, 'create'], [b, 'update'], [c, 'unchanged']]);
    expect(Object.keys(plan.remote).sort()).toEqual([b, c].sort());
    const [create, update, same] = plan.items;
    expect(create.remote).toBeUndefined();
    expect(create.diff).toContain(`--- ${a} (not on the cluster)`);
    expect(create.diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(update.diff).toContain(`+++ ${b} (local)`);
    expect(update.diff.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['+    "manage_ilm",']);
    expect(same.diff).toBe('');
    expect(same.remote).toMatchObject({ indices: [{ names: ['events-*'] }] });
    if (!REAL_CLUSTER) {
      const gets = server().requestsTo('/_security/role*', 'GET');
      expect(gets).toHaveLength(1);
      expect(gets[0].path).toContain(encodeURIComponent(a));
      expect(server().requestsTo('/_security/role', 'GET')).toHaveLength(0); // never "all roles"
    }
  });

  it('executes create and update, reports per role, and backs up only what it overwrites', async () => {
    const [a, b, c] = [role('a'), role('b'), role('c')];
    await putRole(client, b, READER);
    await putRole(client, c, WRITER);
    const before = (await getRoles(client, b))[b];
    const plan = await planPush(client, { [a]: WRITER, [b]: WRITER, [c]: WRITER });
    const progress: [number, number][] = [];
    const report = await push(plan, { now: () => FIXED_TIME, onProgress: (d, t) => progress.push([d, t]) });

    expect(report.results).toEqual([
      { name: a, outcome: 'created' },
      { name: b, outcome: 'updated' },
      { name: c, outcome: 'unchanged' },
    ]);
    expect(report.error).toBeUndefined();
    expect(report.method).toBe(target.real ? expect.any(String) : 'bulk');
    expect(progress[0]).toEqual([0, 2]);
    expect(progress.at(-1)).toEqual([2, 2]);
    const now = await getRoles(client, [a, b]);
    expect(now[a]).toMatchObject({ indices: [{ names: ['events-*'] }] });
    expect(now[b]).toMatchObject({ indices: [{ names: ['events-*'] }] });

    expect(report.backupFile).toBe(join(backupDir, backupFileName('test cluster', FIXED_TIME)));
    expect(report.backupFile).toMatch(/test_cluster-2025-03-04T05-06-07-089Z\.backup\.json$/);
    const backup = await readBackup(report.backupFile!);
    expect(backup).toMatchObject({ cluster: 'test cluster', time: FIXED_TIME.toISOString(), created: [a] });
    expect(Object.keys(backup.roles)).toEqual([b]); // only the overwritten role, not the created or unchanged ones
    expect(backup.roles[b]).toEqual(before); // as GET returned it
    expect(statSync(report.backupFile!).mode & 0o777).toBe(0o600);
  });

  it('writes nothing and makes no backup when every role is unchanged', async () => {
    const a = role('a');
    await putRole(client, a, READER);
    if (!REAL_CLUSTER) server().clearRequests();
    const plan = await planPush(client, { [a]: READER });
    const report = await push(plan);
    expect(report).toEqual({ results: [{ name: a, outcome: 'unchanged' }] });
    expect(readdirSync(backupDir)).toEqual([]);
    if (!REAL_CLUSTER) expect(server().requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a backup restores the previous roles when pushed back', async () => {
    const a = role('a');
    await putRole(client, a, READER);
    const report = await push(await planPush(client, { [a]: WRITER }));
    const backup = await readBackup(report.backupFile!);
    const restore = await push(await planPush(client, backup.roles));
    expect(restore.results).toEqual([{ name: a, outcome: 'updated' }]);
    const now = (await getRoles(client, a))[a];
    expect(now).toMatchObject({ cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] });
  });

  itServerOnly('the backup is on disk (fsynced, complete) before the write request arrives', async () => {
    const a = role('a');
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER });
    server().clearRequests();
    server().injectFault({ kind: 'latency', ms: 400, method: 'POST', path: '/_security/role' });
    const pushing = push(plan);
    // Wait until the server has received the write (it holds it for 400 ms), then look at the disk.
    for (let i = 0; i < 200 && server().requestsTo('/_security/role', 'POST').length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const write = server().requestsTo('/_security/role', 'POST')[0];
    expect(write).toBeDefined();
    const files = readdirSync(backupDir).filter((f) => f.endsWith('.backup.json'));
    expect(files).toHaveLength(1);
    const backup = await readBackup(join(backupDir, files[0]));
    expect(Object.keys(backup.roles)).toEqual([a]);
    expect(statSync(join(backupDir, files[0])).mtimeMs).toBeLessThanOrEqual(write.time);
    // The re-read before the write comes first, the write second.
    const order = server().requests.map((r) => `${r.method} ${r.pathname}`);
    expect(order).toEqual([`GET /_security/role/${a}`, 'POST /_security/role']);
    expect((await pushing).results).toEqual([{ name: a, outcome: 'updated' }]);
  });

  itServerOnly('a failing write keeps the backup and reports the roles as not written', async () => {
    const [a, b] = [role('a'), role('b')];
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER, [b]: WRITER });
    server().injectFault({ kind: 'status', status: 500, method: 'POST', path: '/_security/role' });
    const report = await push(plan);
    expect(report.error).toBeInstanceOf(EsApiError);
    expect(report.results.map((r) => [r.name, r.outcome])).toEqual([[a, 'failed'], [b, 'failed']]);
    expect(report.results[0].reason).toMatch(/server error \(500/);
    expect(existsSync(report.backupFile!)).toBe(true);
    expect(Object.keys((await readBackup(report.backupFile!)).roles)).toEqual([a]);
    expect(await getRoles(client, [b])).toEqual({});
  });

  itServerOnly('connection reset before the bulk answer: roles read back as not written', async () => {
    const [a, b] = [role('a'), role('b')];
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER, [b]: WRITER });
    server().injectFault({ kind: 'reset', method: 'POST', path: '/_security/role' });
    const report = await push(plan);
    expect(report.error).toBeInstanceOf(ConnectionError);
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(report.results[0].reason).toMatch(/closed or reset/);
    expect(report.method).toBeUndefined();
    expect(existsSync(report.backupFile!)).toBe(true);
    // Exactly one write was sent (writes are never retried), then the read-back.
    expect(server().requestsTo('/_security/role', 'POST')).toHaveLength(1);
    expect((await getRoles(client, a))[a]).toMatchObject({ cluster: ['monitor'] });
  });

  itServerOnly('connection reset mid-response after the cluster applied the bulk: roles read back as written', async () => {
    const [a, b] = [role('a'), role('b')];
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER, [b]: WRITER });
    server().injectFault({ kind: 'resetMidBody', method: 'POST', path: '/_security/role' });
    const report = await push(plan);
    expect(report.error).toBeInstanceOf(ConnectionError);
    expect(report.results.map((r) => [r.name, r.outcome])).toEqual([[a, 'updated'], [b, 'created']]);
    expect(report.results[0].reason).toMatch(/^written \(confirmed by reading it back after: .*closed or reset/);
    expect(existsSync(report.backupFile!)).toBe(true);
  });

  itServerOnly('when the role cannot be read back either, the outcome says it is unknown', async () => {
    const a = role('a');
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER });
    const report = await push(plan, {
      // Just before the write: the write and every read after it fail.
      onProgress: (done) => {
        if (done !== 0) return;
        server().injectFault({ kind: 'reset', method: 'POST', path: '/_security/role' });
        server().injectFault({ kind: 'reset', method: 'GET', count: 'always' });
      },
    });
    expect(report.results).toEqual([{ name: a, outcome: 'failed', reason: expect.stringMatching(/may or may not have been written: reading it back failed too/) }]);
    expect(existsSync(report.backupFile!)).toBe(true);
    server().clearFaults();
  });

  itServerOnly('a role the cluster rejects fails with its reason; the others are written', async () => {
    const [a, b] = [role('a'), role('b')];
    const plan = await planPush(client, { [a]: READER, [b]: { cluster: ['not_a_privilege'] } });
    const report = await push(plan);
    expect(report.results[0]).toEqual({ name: a, outcome: 'created' });
    expect(report.results[1]).toMatchObject({ name: b, outcome: 'failed' });
    expect(report.results[1].reason).toMatch(/not_a_privilege/);
    expect(report.error).toBeUndefined();
  });

  itServerOnly('cancelled before the write: throws, writes nothing', async () => {
    const a = role('a');
    const plan = await planPush(client, { [a]: READER });
    const controller = new AbortController();
    controller.abort();
    server().clearRequests();
    const err = await rejectionOf(push(plan, { signal: controller.signal }));
    expect((err as Error).name).toBe('AbortError');
    expect(server().requests).toEqual([]);
  });

  describe('conflicts', () => {
    it('refuses when a planned role changed on the cluster; nothing is written, no backup', async () => {
      const [a, b] = [role('a'), role('b')];
      await putRole(client, a, READER);
      const plan = await planPush(client, { [a]: WRITER, [b]: WRITER });
      await putRole(client, a, { ...READER, cluster: ['monitor', 'manage_ilm'] }); // another window pushed
      if (!REAL_CLUSTER) server().clearRequests();
      const err = await rejectionOf(push(plan));
      expect(err).toBeInstanceOf(PushConflictError);
      expect((err as PushConflictError).roles).toEqual([a]);
      expect((err as PushConflictError).changes).toEqual({ [a]: 'changed' });
      expect((err as Error).message).toContain(`Cluster "test cluster": 1 role changed on the cluster since the push was planned: ${a} (changed)`);
      expect(readdirSync(backupDir)).toEqual([]);
      expect(await getRoles(client, [b])).toEqual({});
      if (!REAL_CLUSTER) expect(server().requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('refuses when a role to create appeared, or a role to update was deleted', async () => {
      const [a, b] = [role('a'), role('b')];
      await putRole(client, b, READER);
      const plan = await planPush(client, { [a]: WRITER, [b]: WRITER });
      await putRole(client, a, READER);
      await deleteRole(client, b);
      const err = await rejectionOf(push(plan));
      expect((err as PushConflictError).changes).toEqual({ [a]: 'created', [b]: 'deleted' });
    });

    it('a role already changed to exactly the local version is not a conflict', async () => {
      const [a, b] = [role('a'), role('b')];
      await putRole(client, a, READER);
      const plan = await planPush(client, { [a]: WRITER, [b]: READER });
      await putRole(client, a, WRITER);
      const report = await push(plan);
      expect(report.results).toEqual([
        { name: a, outcome: 'unchanged', reason: 'already as the file says on the cluster' },
        { name: b, outcome: 'created' },
      ]);
      expect(report.backupFile).toBeUndefined();
    });
  });

  itServerOnly('a backup folder that cannot be written stops the push before any write', async () => {
    const a = role('a');
    await putRole(client, a, READER);
    const plan = await planPush(client, { [a]: WRITER });
    server().clearRequests();
    // A folder below a regular file: mkdir fails with ENOTDIR (a permission test would pass as root).
    const file = join(backupDir, 'not-a-folder');
    writeFileSync(file, 'x');
    const err = await rejectionOf(push(plan, { backupDir: join(file, 'backups') }));
    expect(err).toBeInstanceOf(PushBackupError);
    expect((err as Error).message).toMatch(/ENOTDIR.*nothing was pushed/);
    expect(server().requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('roleDiff shows the normalised change only', () => {
    const diff = roleDiff('r', { cluster: ['MONITOR'], transient_metadata: { enabled: true } }, { cluster: ['monitor', 'manage'] });
    expect(diff.split('\n')).toEqual(['--- r (cluster)', '+++ r (local)', '@@ -1,5 +1,6 @@', ' {', '   "cluster": [', '+    "manage",', '     "monitor"', '   ]', ' }']);
  });
});

describe('push to a cluster before 8.15 (PUT per role) [test server only]', () => {
  let target: Target;
  let client: EsClient;
  let backupDir: string;

  beforeAll(async () => {
    if (REAL_CLUSTER) return;
    target = await startTarget({ version: '8.12.0' });
    client = createClient(target.config, { retryBaseDelayMs: 5 });
  });
  afterAll(async () => {
    await client?.close();
    await target?.close();
  });
  beforeEach(() => {
    backupDir = mkdtempSync(join(tmpdir(), 'es-roles-backups-'));
    target?.server?.clearFaults();
  });
  afterEach(() => rmSync(backupDir, { recursive: true, force: true }));

  it.skipIf(REAL_CLUSTER)('falls back to PUT per role and reports created/updated', async () => {
    await putRole(client, 'old', READER);
    const plan = await planPush(client, { old: WRITER, fresh: READER, same: READER });
    await putRole(client, 'same', READER);
    const plan2 = await planPush(client, { old: WRITER, fresh: READER, same: READER });
    expect(plan.items.map((i) => i.status)).toEqual(['update', 'create', 'create']);
    target.server!.clearRequests();
    const report = await executePush(client, plan2, { backupDir, clusterName: 'old-cluster' });
    expect(report.method).toBe('put');
    expect(report.results).toEqual([
      { name: 'old', outcome: 'updated' },
      { name: 'fresh', outcome: 'created' },
      { name: 'same', outcome: 'unchanged' },
    ]);
    expect(target.server!.requestsTo('/_security/role/*', 'PUT').map((r) => r.pathname).sort()).toEqual(['/_security/role/fresh', '/_security/role/old']);
  });

  it.skipIf(REAL_CLUSTER)('a connection lost during the PUTs: the read-back tells which roles landed', async () => {
    for (const n of ['p1', 'p2', 'p3']) await putRole(client, n, READER);
    const plan = await planPush(client, { p1: WRITER, p2: WRITER, p3: WRITER });
    target.server!.injectFault({ kind: 'reset', method: 'PUT', path: '/_security/role/p2' });
    target.server!.injectFault({ kind: 'resetMidBody', method: 'PUT', path: '/_security/role/p3' });
    const report = await executePush(client, plan, { backupDir, clusterName: 'old-cluster', concurrency: 1 });
    expect(report.method).toBe('put');
    expect(report.results.map((r) => [r.name, r.outcome])).toEqual([['p1', 'updated'], ['p2', 'failed'], ['p3', 'updated']]);
    expect(report.results[1].reason).toMatch(/connection/);
    expect(report.results[2].reason).toMatch(/^written \(confirmed by reading it back/);
    const backup = await readBackup(report.backupFile!);
    expect(Object.keys(backup.roles).sort()).toEqual(['p1', 'p2', 'p3']);
    expect((await getRoles(client, 'p2')).p2).toMatchObject({ cluster: ['monitor'] });
  });
});
