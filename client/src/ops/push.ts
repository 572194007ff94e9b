// Planning and executing a push of role files to a cluster, safely: only the named roles are read,
// a concurrent change refuses the push, a durable backup exists before the first write, and an
// interrupted write is reported role by role. No `vscode` import.

import { join } from 'node:path';
import { bulkPutRoles, describeError, type BulkPutRolesResult, type EsClient, type RolesByName } from '../cluster';
import { unifiedDiff } from '../roles/diff';
import type { RoleBody } from '../roles/extract';
import { normalizeRole, sameRole } from '../roles/normalize';
import { formatBackup, writeFileAtomic } from './backup';
import { fetchRoles } from './pull';

export type PushStatus = 'create' | 'update' | 'unchanged';

export interface PushPlanItem {
  readonly name: string;
  readonly status: PushStatus;
  /** The role as the file declares it (what will be written). */
  readonly local: RoleBody;
  /** The role as GET returned it at planning time; absent when it does not exist. */
  readonly remote?: RoleBody;
  /** Unified diff of the normalised remote (or nothing) vs the normalised local role; '' when unchanged. */
  readonly diff: string;
}

export interface PushPlan {
  readonly items: PushPlanItem[];
  /** Every named role that exists on the cluster, as GET returned it at planning time. */
  readonly remote: Record<string, RoleBody>;
}

export type PushOutcome = 'created' | 'updated' | 'unchanged' | 'failed' | 'not_attempted';

export interface PushResult {
  readonly name: string;
  /**
   * `created`/`updated`: known written (Elasticsearch said so, or reading the role back after a
   * failed request shows the local body). `unchanged`: nothing to write (or ES reported a noop).
   * `failed`: not written (ES's reason), or unknown when the role could not be read back (the
   * reason says so). `not_attempted`: the push was cancelled before this role was written.
   */
  readonly outcome: PushOutcome;
  readonly reason?: string;
}

export interface PushReport {
  /** The backup of every role the push overwrote; absent when it only created roles (or wrote nothing). */
  backupFile?: string;
  results: PushResult[];
  /** `bulk`: one POST _security/role; `put`: one PUT per role (clusters before 8.15). */
  method?: 'bulk' | 'put';
  /** The error that interrupted the write request(s), when one did; the results say which roles landed. */
  error?: unknown;
}

export interface ExecutePushOptions {
  /** Folder of the backup file (created if needed). */
  readonly backupDir: string;
  /** Names the cluster in the backup file name and in messages. */
  readonly clusterName: string;
  readonly signal?: AbortSignal;
  /** Called as roles are written (once before and once after a bulk request; per role with PUT). */
  onProgress?(done: number, total: number): void;
  /** The clock for the backup's name and header (tests). */
  now?(): Date;
  /** The cluster version when known ("8.12.2"): below 8.15 the bulk API is not tried. */
  readonly esVersion?: string;
  /** Parallel PUTs when the cluster has no bulk API (default 8). */
  readonly concurrency?: number;
  /** Every request runs as this user (`es-security-runas-user`). */
  readonly runAs?: string;
}

/** What changed on the cluster since the plan, per role. */
export type ConflictKind = 'created' | 'changed' | 'deleted';

/** The cluster changed a role between the plan and the push (another window or person pushed): nothing was written. */
export class PushConflictError extends Error {
  override readonly name = 'PushConflictError';
  constructor(
    readonly clusterName: string,
    readonly changes: Readonly<Record<string, ConflictKind>>,
  ) {
    const names = Object.keys(changes);
    const list = names.map((n) => `${n} (${changes[n]})`).join(', ');
    super(
      `Cluster "${clusterName}": ${names.length === 1 ? '1 role' : `${names.length} roles`} changed on the cluster since the push was planned: ${list}. ` +
        'Nothing was written; review the new diff and push again.',
    );
  }

  /** The roles that changed. */
  get roles(): string[] {
    return Object.keys(this.changes);
  }
}

/** The backup could not be written: nothing was pushed. */
export class PushBackupError extends Error {
  override readonly name = 'PushBackupError';
  constructor(
    readonly backupDir: string,
    cause: unknown,
  ) {
    const why = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause);
    super(`cannot write the backup in ${backupDir} (${why}); nothing was pushed. Choose another backup folder.`, { cause });
  }
}

function pretty(role: RoleBody | undefined): string {
  return role === undefined ? '' : JSON.stringify(normalizeRole(role), null, 2);
}

/** The diff shown for one role: normalised cluster version vs normalised local version. */
export function roleDiff(name: string, remote: RoleBody | undefined, local: RoleBody): string {
  return unifiedDiff(pretty(remote), pretty(local), {
    before: remote === undefined ? `${name} (not on the cluster)` : `${name} (cluster)`,
    after: `${name} (local)`,
  });
}

/**
 * Compares the roles with the cluster (reading only these names) and says, per role, whether a
 * push would create it, update it or leave it unchanged, with the normalised diff.
 */
export async function planPush(client: EsClient, roles: Record<string, RoleBody>, opts: { signal?: AbortSignal; runAs?: string } = {}): Promise<PushPlan> {
  const names = Object.keys(roles);
  const remote = names.length ? await fetchRoles(client, names, { signal: opts.signal, runAs: opts.runAs }) : {};
  const items = names.map((name): PushPlanItem => {
    const local = roles[name];
    const current = Object.hasOwn(remote, name) ? remote[name] : undefined;
    if (current === undefined) return { name, status: 'create', local, diff: roleDiff(name, undefined, local) };
    if (sameRole(current, local)) return { name, status: 'unchanged', local, remote: current, diff: '' };
    return { name, status: 'update', local, remote: current, diff: roleDiff(name, current, local) };
  });
  return { items, remote };
}

function abortError(): Error {
  const e = new Error('the push was cancelled');
  e.name = 'AbortError';
  return e;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** describeError without its `Cluster "x": ` prefix (the report already names the cluster). */
function errorReason(err: unknown, clusterName: string): string {
  const line = describeError(err, clusterName);
  const prefix = `Cluster "${clusterName}": `;
  return line.startsWith(prefix) ? line.slice(prefix.length) : line;
}

/** A file-name-safe form of a cluster name and time: `prod-2025-01-31T12-00-00-000Z`. */
export function backupFileName(clusterName: string, time: Date): string {
  const safe = clusterName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'cluster';
  return `${safe.slice(0, 100)}-${time.toISOString().replace(/[:.]/g, '-')}.backup.json`;
}

/**
 * Writes the plan's `create` and `update` roles. Before the first write it (1) re-reads those roles
 * and throws `PushConflictError` when any changed since the plan, (2) writes and fsyncs a backup of
 * every role it will overwrite, as GET returned it, to `<backupDir>/<cluster>-<time>.backup.json`
 * (a bulk body, so pushing the file restores them). Then it writes with the bulk API (PUT per role
 * before 8.15). When a write request fails (connection dropped, 5xx, cancelled) the roles concerned
 * are read back to tell which landed. Throws only before the first write; after it, problems are in
 * the report, which keeps the backup's path.
 */
export async function executePush(client: EsClient, plan: PushPlan, opts: ExecutePushOptions): Promise<PushReport> {
  const { clusterName, signal, runAs } = opts;
  const pending = plan.items.filter((i) => i.status !== 'unchanged');
  const results = new Map<string, PushResult>(plan.items.map((i) => [i.name, { name: i.name, outcome: i.status === 'unchanged' ? 'unchanged' : 'not_attempted' }]));
  const report = (extra: Partial<PushReport> = {}): PushReport => ({ ...extra, results: plan.items.map((i) => results.get(i.name)!) });
  if (pending.length === 0) return report();
  if (signal?.aborted) throw abortError();

  // (1) Nothing may have changed on the cluster since the plan.
  const current = await fetchRoles(client, pending.map((i) => i.name), { signal, runAs });
  const changes: Record<string, ConflictKind> = {};
  const toWrite: PushPlanItem[] = [];
  for (const item of pending) {
    const now = Object.hasOwn(current, item.name) ? current[item.name] : undefined;
    if (now !== undefined && sameRole(now, item.local)) {
      // Someone already wrote exactly this role: nothing left to do for it.
      results.set(item.name, { name: item.name, outcome: 'unchanged', reason: 'already as the file says on the cluster' });
      continue;
    }
    if (item.remote === undefined && now !== undefined) changes[item.name] = 'created';
    else if (item.remote !== undefined && now === undefined) changes[item.name] = 'deleted';
    else if (item.remote !== undefined && now !== undefined && !sameRole(item.remote, now)) changes[item.name] = 'changed';
    toWrite.push(item);
  }
  if (Object.keys(changes).length > 0) throw new PushConflictError(clusterName, changes);
  if (toWrite.length === 0) return report();

  // (2) A durable backup of everything that will be overwritten, before the first write.
  let backupFile: string | undefined;
  const overwritten: Record<string, RoleBody> = {};
  for (const item of toWrite) if (Object.hasOwn(current, item.name)) overwritten[item.name] = current[item.name];
  if (Object.keys(overwritten).length > 0) {
    const time = opts.now?.() ?? new Date();
    const created = toWrite.filter((i) => !Object.hasOwn(current, i.name)).map((i) => i.name);
    const text = formatBackup(overwritten, { cluster: clusterName, time: time.toISOString(), created });
    try {
      backupFile = await writeBackupFile(opts.backupDir, clusterName, time, text);
    } catch (err) {
      throw new PushBackupError(opts.backupDir, err);
    }
  }
  if (signal?.aborted) throw abortError();

  // (3) Write.
  const roles: RolesByName = Object.fromEntries(toWrite.map((i) => [i.name, i.local]));
  let result: BulkPutRolesResult | undefined;
  let error: unknown;
  opts.onProgress?.(0, toWrite.length);
  try {
    result = await bulkPutRoles(client, roles, {
      signal,
      runAs,
      refresh: 'wait_for',
      esVersion: opts.esVersion,
      concurrency: opts.concurrency,
      onProgress: opts.onProgress,
    });
    opts.onProgress?.(toWrite.length, toWrite.length);
  } catch (err) {
    error = err;
  }

  // (4) Per-role outcomes; anything not known written is read back.
  const uncertain: PushPlanItem[] = [];
  const failure = new Map<string, string>();
  for (const item of toWrite) {
    const existed = Object.hasOwn(current, item.name);
    if (result?.created.includes(item.name)) results.set(item.name, { name: item.name, outcome: 'created' });
    else if (result?.updated.includes(item.name)) results.set(item.name, { name: item.name, outcome: existed ? 'updated' : 'created' });
    else if (result?.noop.includes(item.name)) results.set(item.name, { name: item.name, outcome: 'unchanged' });
    else {
      const detail = result?.errors.details[item.name];
      if (detail) failure.set(item.name, [detail.type, detail.reason].filter(Boolean).join(': ') || 'rejected');
      else if (result) failure.set(item.name, 'the cluster did not report this role');
      else failure.set(item.name, errorReason(error, clusterName));
      uncertain.push(item);
    }
  }
  if (uncertain.length > 0) await settleUncertain(client, uncertain, current, failure, results, { clusterName, runAs, cancelled: isAbort(error) });
  return report({ ...(backupFile ? { backupFile } : {}), ...(result ? { method: result.method } : {}), ...(error !== undefined ? { error } : {}) });
}

/** Reads back roles whose write failed or is unknown, and records what actually happened. */
async function settleUncertain(
  client: EsClient,
  items: readonly PushPlanItem[],
  before: Record<string, RoleBody>,
  failure: ReadonlyMap<string, string>,
  results: Map<string, PushResult>,
  ctx: { clusterName: string; runAs?: string; cancelled: boolean },
): Promise<void> {
  let after: Record<string, RoleBody> | undefined;
  let readError: unknown;
  try {
    // No signal: even after a cancel the report must say what landed.
    after = await fetchRoles(client, items.map((i) => i.name), { runAs: ctx.runAs });
  } catch (err) {
    readError = err;
  }
  for (const item of items) {
    const why = failure.get(item.name) ?? 'unknown';
    if (!after) {
      results.set(item.name, {
        name: item.name,
        outcome: 'failed',
        reason: `${why}; may or may not have been written: reading it back failed too (${errorReason(readError, ctx.clusterName)})`,
      });
      continue;
    }
    const now = Object.hasOwn(after, item.name) ? after[item.name] : undefined;
    const existed = Object.hasOwn(before, item.name);
    if (now !== undefined && sameRole(now, item.local)) {
      results.set(item.name, { name: item.name, outcome: existed ? 'updated' : 'created', reason: `written (confirmed by reading it back after: ${why})` });
    } else if (ctx.cancelled) {
      results.set(item.name, { name: item.name, outcome: 'not_attempted', reason: 'the push was cancelled before this role was written' });
    } else {
      results.set(item.name, { name: item.name, outcome: 'failed', reason: why });
    }
  }
}

/** Writes the backup under a name no earlier backup has (same millisecond: `-1`, `-2`, ...). */
async function writeBackupFile(dir: string, clusterName: string, time: Date, text: string): Promise<string> {
  const base = backupFileName(clusterName, time);
  for (let n = 0; ; n++) {
    const path = join(dir, n === 0 ? base : base.replace(/\.backup\.json$/, `-${n}.backup.json`));
    try {
      await writeFileAtomic(path, text, { exclusive: true, mode: 0o600 });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
}
