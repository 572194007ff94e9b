/**
 * Shared by the hardening tests: the fault catalogue (one test server per fault kind), the CLI
 * cluster subcommands with the request each one's fault is aimed at, a bounded runner for the
 * BUILT dist/cli.js, and recognisable secrets.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { generateTestCertificates, type TestCertificates } from '../es-server/certs';
import type { FaultSpec } from '../es-server/faults';
import { TestEsServer } from '../es-server/server';
import type { TestUser } from '../es-server/state';

export const CLI = resolve(__dirname, '../../dist/cli.js');

const tag = randomBytes(4).toString('hex');
/** Recognisable secrets: every output and file is grepped for them (and their base64 forms). */
export const SECRETS = {
  password: `S3cr3t-PW-${tag}`,
  grantPassword: `S3cr3t-GRANT-${tag}`,
  bearer: `S3cr3t-BEARER-${tag}`,
} as const;

export const ADMIN: TestUser = { username: 'elastic', password: SECRETS.password, roles: ['superuser'], realm: { name: 'reserved', type: 'reserved' } };
export const BOB: TestUser = { username: 'esroles-bob', password: SECRETS.grantPassword, roles: ['esroles-limited'] };
export const EXISTING_ROLE = 'esroles-existing';

/** Short client timeout for the timeout faults (ES_TIMEOUT_MS / timeoutMs). */
export const TIMEOUT_MS = 400;
/** The timeout for every other fault: generous, so a loaded machine's slow TLS handshake is not taken for a timeout. */
export const RELAXED_TIMEOUT_MS = 10_000;

/** The client timeout a fault's cells run with: short only where the fault is a timeout. */
export function timeoutFor(faultId: string): number {
  return faultId.startsWith('timeout') ? TIMEOUT_MS : RELAXED_TIMEOUT_MS;
}
/** The timeout faults hold the response this long. */
const HOLD_MS = 1_500;

export type FaultId =
  | 'none' | '401' | '403' | '404' | '409' | '429' | '500' | '503' | 'reset' | 'reset-mid-body' | 'timeout-latency'
  | 'timeout-slow-body' | 'html' | 'truncated-json' | 'tls-other-ca' | 'tls-expired' | 'dns' | 'refused';

export const REASON_403 = 'action [cluster:admin/xpack/security/matrix] is unauthorized for user [elastic] with effective roles [viewer]';

export interface FaultCase {
  readonly id: FaultId;
  /** Injected on the command's target request, every time (`count: "always"`). */
  readonly spec?: Omit<FaultSpec, 'path' | 'method' | 'count'>;
  /** Faults of the connection itself: no test server answers normally. */
  readonly connection?: 'tls-other-ca' | 'tls-expired' | 'dns' | 'refused';
}

export const FAULTS: readonly FaultCase[] = [
  { id: 'none' },
  { id: '401', spec: { kind: 'status', status: 401 } },
  { id: '403', spec: { kind: 'status', status: 403, reason: REASON_403 } },
  { id: '404', spec: { kind: 'status', status: 404 } },
  { id: '409', spec: { kind: 'status', status: 409 } },
  // Retry-After beyond the client's limit: reported at once with the wait, never slept on.
  { id: '429', spec: { kind: 'status', status: 429, retryAfter: 120 } },
  { id: '500', spec: { kind: 'status', status: 500 } },
  { id: '503', spec: { kind: 'status', status: 503 } },
  { id: 'reset', spec: { kind: 'reset' } },
  { id: 'reset-mid-body', spec: { kind: 'resetMidBody' } },
  { id: 'timeout-latency', spec: { kind: 'latency', ms: HOLD_MS } },
  { id: 'timeout-slow-body', spec: { kind: 'slowBody', ms: HOLD_MS, chunks: 3 } },
  { id: 'html', spec: { kind: 'html' } },
  { id: 'truncated-json', spec: { kind: 'truncatedJson' } },
  { id: 'tls-other-ca', connection: 'tls-other-ca' },
  { id: 'tls-expired', connection: 'tls-expired' },
  { id: 'dns', connection: 'dns' },
  { id: 'refused', connection: 'refused' },
];

/** A cluster for one fault kind: a test server (absent for DNS / refused) and how to reach it. */
export interface FaultTarget {
  readonly fault: FaultCase;
  readonly url: string;
  readonly server?: TestEsServer;
  /** ES_CA_CERT for the TLS cases (the test CA, which did not sign the other-CA certificate). */
  readonly caFile?: string;
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((done) => srv.listen(0, '127.0.0.1', done));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((done) => srv.close(() => done()));
  return port;
}

export interface FaultTargets {
  readonly targets: ReadonlyMap<FaultId, FaultTarget>;
  readonly certs: TestCertificates;
  close(): Promise<void>;
}

/** Starts one test server per fault kind (plain HTTP, or HTTPS with the faulty certificate). */
export async function startFaultTargets(faults: readonly FaultCase[] = FAULTS): Promise<FaultTargets> {
  const certs = generateTestCertificates();
  const targets = new Map<FaultId, FaultTarget>();
  const servers: TestEsServer[] = [];
  const options = {
    users: [ADMIN, BOB],
    roles: { 'esroles-limited': { cluster: ['monitor'] }, [EXISTING_ROLE]: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] } },
    tokens: { [SECRETS.bearer]: ADMIN.username },
  };
  await Promise.all(
    faults.map(async (fault) => {
      if (fault.connection === 'dns') {
        targets.set(fault.id, { fault, url: 'http://es-roles-matrix.invalid:9200' });
        return;
      }
      if (fault.connection === 'refused') {
        targets.set(fault.id, { fault, url: `http://127.0.0.1:${await closedPort()}` });
        return;
      }
      const tls = fault.connection === 'tls-other-ca' ? certs.otherCa : fault.connection === 'tls-expired' ? certs.expired : undefined;
      const server = await TestEsServer.start({ ...options, ...(tls ? { tls } : {}) });
      servers.push(server);
      targets.set(fault.id, { fault, url: server.url, server, ...(tls ? { caFile: certs.caFile } : {}) });
    }),
  );
  return {
    targets,
    certs,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
      certs.cleanup();
    },
  };
}

/** Where a command's fault goes, and which of its requests must never be sent twice. */
export interface CommandCase {
  readonly id: string;
  /** Arguments after `es-roles`; `dir` is the cell's own directory (files are written there first). */
  args(dir: string): string[];
  /** Files the command reads, written into the cell's directory first. */
  readonly files?: Readonly<Record<string, unknown>>;
  /** The request(s) the fault is injected on. */
  readonly target: readonly { readonly path: string; readonly method?: string }[];
  /** Writes: each must be sent at most once, and the first exactly once, under every fault the server answers. */
  readonly write?: readonly { readonly path: string; readonly method: string }[];
  /** Extra environment (the grant's secret). */
  readonly env?: Readonly<Record<string, string>>;
}

export const ROLE_FILE = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] };

export const COMMANDS: readonly CommandCase[] = [
  { id: 'builtin-privileges', args: () => ['builtin-privileges'], target: [{ path: '/_security/privilege/_builtin', method: 'GET' }] },
  { id: 'has-privileges', args: () => ['has-privileges', 'hp.role.json'], files: { 'hp.role.json': ROLE_FILE }, target: [{ path: '/_security/user/_has_privileges' }] },
  {
    id: 'push',
    args: (dir) => ['push', 'push.roles.json', '--yes', '--no-color', '--backup-dir', join(dir, 'backups')],
    files: { 'push.roles.json': { [EXISTING_ROLE]: { cluster: ['monitor', 'manage_ilm'] } } },
    // The bulk write, and the PUT per role it falls back to when the bulk API answers 400/404/405.
    target: [{ path: '/_security/role', method: 'POST' }, { path: '/_security/role/*', method: 'PUT' }],
    write: [{ path: '/_security/role', method: 'POST' }, { path: `/_security/role/${EXISTING_ROLE}`, method: 'PUT' }],
  },
  {
    id: 'push --dry-run',
    args: () => ['push', 'push.roles.json', '--dry-run', '--no-color'],
    files: { 'push.roles.json': { [EXISTING_ROLE]: { cluster: ['monitor', 'manage_ilm'] } } },
    target: [{ path: '/_security/role/*', method: 'GET' }],
  },
  { id: 'pull', args: (dir) => ['pull', EXISTING_ROLE, '--out', join(dir, 'pulled')], target: [{ path: '/_security/role/*', method: 'GET' }] },
  {
    id: 'api-key create',
    args: () => ['api-key', 'create', 'key.role.json', '--name', 'matrix-key'],
    files: { 'key.role.json': ROLE_FILE },
    target: [{ path: '/_security/api_key', method: 'POST' }],
    write: [{ path: '/_security/api_key', method: 'POST' }],
  },
  {
    id: 'api-key grant',
    args: () => ['api-key', 'grant', 'key.role.json', '--name', 'matrix-granted', '--grant-type', 'password', '--username', BOB.username],
    files: { 'key.role.json': ROLE_FILE },
    env: { ES_GRANT_PASSWORD: SECRETS.grantPassword },
    target: [{ path: '/_security/api_key/grant', method: 'POST' }],
    write: [{ path: '/_security/api_key/grant', method: 'POST' }],
  },
  { id: 'api-key invalidate', args: () => ['api-key', 'invalidate', '--name', 'matrix-key'], target: [{ path: '/_security/api_key', method: 'DELETE' }] },
];

/** Injects a fault (always) on each target request of a command, after clearing faults and the request log. */
export function injectOn(t: FaultTarget, targets: CommandCase['target']): void {
  const server = t.server;
  if (!server) return;
  server.clearFaults();
  server.clearRequests();
  if (!t.fault.spec) return;
  for (const target of targets) server.injectFault({ ...t.fault.spec, path: target.path, ...(target.method ? { method: target.method } : {}), count: 'always' } as FaultSpec);
}

/** How often each write reached the server: "1", or "1+1" for the bulk and its PUT fallback; "-" without a write or server. */
export function writeCounts(t: FaultTarget, writes: CommandCase['write']): { text: string; ok: boolean } {
  if (!writes || !t.server) return { text: '-', ok: true };
  const counts = writes.map((w) => t.server!.requestsTo(w.path, w.method).length);
  const text = counts.slice(0, counts.length > 1 && counts[1] === 0 ? 1 : counts.length).join('+');
  const ok = t.fault.connection !== undefined || (counts[0] === 1 && counts.every((n) => n <= 1));
  return { text, ok };
}

export function writeFiles(dir: string, files: Readonly<Record<string, unknown>> = {}): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

export interface CliRun {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the built CLI with exactly `env` (plus PATH/HOME) and stdin closed (no terminal). */
export function runCliChild(args: readonly string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  const full: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k]) full[k] = process.env[k]!;
  Object.assign(full, env);
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: full, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.end();
    child.on('error', fail);
    child.on('close', (code) => done({ args, code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Runs `jobs` with at most `limit` at a time; results in order. */
export async function bounded<T>(limit: number, jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

/** The exit code the CLI documents for a fault (see server/src/cli/cluster.ts). */
export function expectedExit(command: string, fault: FaultId): number {
  switch (fault) {
    case 'none':
      return 0;
    case '401':
      return command === 'api-key grant' ? 1 : 3;
    case '403':
    case '404':
    case '409':
      return 1;
    default:
      return 3;
  }
}

/** A secret and the base64 forms it could leak in (alone, and as `user:secret` / `id:secret`). */
export function secretForms(secret: string, user?: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const forms = [secret, b64(secret), encodeURIComponent(secret)];
  if (user) forms.push(b64(`${user}:${secret}`));
  return [...new Set(forms)];
}
