/**
 * Issue 5, item 5 (CLI side): every es-roles subcommand that talks to a cluster, run as a child
 * process (the BUILT dist/cli.js) with recognisable secrets in the environment (password, API key,
 * bearer token, grant password), with ES_ROLES_DEBUG=1 (trace lines of every request) and
 * NODE_DEBUG (undici/net/tls/http), through success and every failure path the test server
 * injects. stdout, stderr and every file written (pulled roles, backups, restored backups) are
 * grepped for every form of every secret: zero occurrences, except the one deliberate display of a
 * newly created or granted API key, exactly once, on stdout of its own run.
 *
 * Auth methods × faults: basic, API key and bearer under every fault where the credentials reach
 * the server (success, 401, 403 and 500 whose reasons echo the caller's credentials back, insecure
 * TLS); basic alone under the faults that never get as far as the credentials mattering (reset,
 * reset mid-body, truncated JSON, HTML page, untrusted self-signed certificate, connection
 * refused). About 250 CLI runs.
 *
 * Also: secrets given as flags or inside the URL are refused with the variable to use, never echoed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSignedCertificate, type SelfSignedCertificate } from '../es-server/certs';
import type { FaultSpec } from '../es-server/faults';
import type { TestEsServer } from '../es-server/server';
import { COMMANDS as CLI_COMMANDS } from '../../server/src/cli/main';
import { bounded, CLI, runCliChild, writeFiles, type CliRun } from './harness';
import {
  alwaysOn,
  authEnv,
  AUTHS,
  CANARY,
  echoedCredentials,
  EXISTING_ROLE,
  findCanaries,
  GRANTEE,
  newKeyForms,
  startCanaryServer,
  type AuthId,
} from './canaries';

type FaultId = 'none' | '401' | '403-echo' | '500-echo' | 'reset' | 'reset-mid-body' | 'truncated-json' | 'html' | 'tls-untrusted' | 'tls-insecure' | 'refused';

interface Fault {
  readonly id: FaultId;
  /** The fault on the command's target request; `echo` faults put the caller's credentials in the reason. */
  spec?(auth: AuthId, command: Command): Omit<FaultSpec, 'path' | 'method' | 'count'>;
  /** Which auth methods run under it. */
  readonly auths: readonly AuthId[];
}

const FAULTS: readonly Fault[] = [
  { id: 'none', auths: AUTHS },
  { id: '401', auths: AUTHS, spec: () => ({ kind: 'status', status: 401 }) },
  { id: '403-echo', auths: AUTHS, spec: (auth, c) => ({ kind: 'status', status: 403, reason: echoedCredentials(auth, c.grant) }) },
  { id: '500-echo', auths: AUTHS, spec: (auth, c) => ({ kind: 'status', status: 500, reason: echoedCredentials(auth, c.grant) }) },
  { id: 'tls-insecure', auths: AUTHS },
  { id: 'reset', auths: ['basic'], spec: () => ({ kind: 'reset' }) },
  { id: 'reset-mid-body', auths: ['basic'], spec: () => ({ kind: 'resetMidBody' }) },
  { id: 'truncated-json', auths: ['basic'], spec: () => ({ kind: 'truncatedJson' }) },
  { id: 'html', auths: ['basic'], spec: () => ({ kind: 'html' }) },
  { id: 'tls-untrusted', auths: ['basic'] },
  { id: 'refused', auths: ['basic'] },
];

interface Command {
  readonly id: string;
  /** Arguments; `dir` is the command's own folder, `base` the cell's (earlier commands' output). Undefined: skipped. */
  args(dir: string, base: string, cell: string): string[] | undefined;
  readonly files?: (cell: string) => Readonly<Record<string, unknown>>;
  readonly target: readonly { readonly path: string; readonly method?: string }[];
  /** Shows a new API key on success (`text`: the encoded value; `json`: ES's answer). */
  readonly showsKey?: 'text' | 'json';
  readonly grant?: boolean;
}

const ROLE = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] };
const WRITES = [{ path: '/_security/role', method: 'POST' }, { path: '/_security/role/*', method: 'PUT' }];
const GRANT_ARGS = ['--grant-type', 'password', '--username', GRANTEE];

const COMMANDS: readonly Command[] = [
  { id: 'builtin-privileges', args: () => ['builtin-privileges'], target: [{ path: '/_security/privilege/_builtin', method: 'GET' }] },
  { id: 'has-privileges', args: () => ['has-privileges', 'hp.role.json'], files: () => ({ 'hp.role.json': ROLE }), target: [{ path: '/_security/user/_has_privileges' }] },
  {
    id: 'has-privileges --run-as',
    args: () => ['has-privileges', 'hp.role.json', '--run-as', GRANTEE, '--format', 'json'],
    // What the run-as user has (esroles-limited), so that success exits 0.
    files: () => ({ 'hp.role.json': { cluster: ['monitor'] } }),
    target: [{ path: '/_security/user/_has_privileges' }],
  },
  {
    id: 'push --dry-run',
    args: () => ['push', 'push.roles.json', '--dry-run', '--no-color'],
    files: (cell) => ({ 'push.roles.json': { [EXISTING_ROLE]: { ...ROLE, metadata: { cell } } } }),
    target: [{ path: '/_security/role/*', method: 'GET' }],
  },
  {
    id: 'push (with backup)',
    args: (dir) => ['push', 'push.roles.json', '--yes', '--no-color', '--backup-dir', join(dir, 'backups')],
    files: (cell) => ({ 'push.roles.json': { [EXISTING_ROLE]: { ...ROLE, metadata: { cell } } } }),
    target: WRITES,
  },
  {
    id: 'push <backup> (restore)',
    args: (dir, base) => {
      const backups = join(base, 'push (with backup)', 'backups');
      const file = existsSync(backups) ? readdirSync(backups).find((f) => f.endsWith('.backup.json')) : undefined;
      return file ? ['push', join(backups, file), '--yes', '--no-color', '--backup-dir', join(dir, 'backups')] : undefined;
    },
    target: WRITES,
  },
  // A temporary key holds the role; has_privileges is asked with it (its secret must not show anywhere).
  {
    id: 'verify-model',
    args: () => ['verify-model', 'vm.role.json'],
    files: () => ({ 'vm.role.json': ROLE }),
    target: [{ path: '/_security/api_key', method: 'POST' }],
  },
  {
    id: 'verify-model --format json (has_privileges fails)',
    args: () => ['verify-model', 'vm.role.json', '--format', 'json'],
    files: () => ({ 'vm.role.json': ROLE }),
    target: [{ path: '/_security/user/_has_privileges' }],
  },
  { id: 'pull <name>', args: (dir) => ['pull', EXISTING_ROLE, '--out', join(dir, 'pulled')], target: [{ path: '/_security/role/*', method: 'GET' }] },
  { id: 'pull --shape bulk', args: (dir) => ['pull', '--out', join(dir, 'pulled'), '--shape', 'bulk'], target: [{ path: '/_security/role', method: 'GET' }] },
  {
    id: 'api-key create',
    args: (_d, _b, cell) => ['api-key', 'create', 'key.role.json', '--name', `canary-${cell}`],
    files: () => ({ 'key.role.json': ROLE }),
    target: [{ path: '/_security/api_key', method: 'POST' }],
    showsKey: 'text',
  },
  {
    id: 'api-key create --format json',
    args: (_d, _b, cell) => ['api-key', 'create', 'key.role.json', '--name', `canary-${cell}`, '--format', 'json'],
    files: () => ({ 'key.role.json': ROLE }),
    target: [{ path: '/_security/api_key', method: 'POST' }],
    showsKey: 'json',
  },
  {
    id: 'api-key grant',
    args: (_d, _b, cell) => ['api-key', 'grant', 'key.role.json', '--name', `granted-${cell}`, ...GRANT_ARGS],
    files: () => ({ 'key.role.json': ROLE }),
    target: [{ path: '/_security/api_key/grant', method: 'POST' }],
    showsKey: 'text',
    grant: true,
  },
  {
    id: 'api-key grant --format json',
    args: (_d, _b, cell) => ['api-key', 'grant', 'key.role.json', '--name', `granted-${cell}`, ...GRANT_ARGS, '--format', 'json'],
    files: () => ({ 'key.role.json': ROLE }),
    target: [{ path: '/_security/api_key/grant', method: 'POST' }],
    showsKey: 'json',
    grant: true,
  },
  { id: 'api-key invalidate', args: (_d, _b, cell) => ['api-key', 'invalidate', '--name', `canary-${cell}`], target: [{ path: '/_security/api_key', method: 'DELETE' }] },
];

interface Run extends CliRun {
  readonly fault: FaultId;
  readonly auth: AuthId;
  readonly command: string;
  /** The new key this run displayed (create/grant success). */
  readonly key?: { id: string; api_key: string; encoded: string };
}

/** Trace everything the CLI and Node can trace. */
const VERBOSE_ENV = { ES_ROLES_DEBUG: '1', NODE_DEBUG: 'undici,fetch,http,net,tls' };

let work: string;
let selfSigned: SelfSignedCertificate;
const servers = new Map<FaultId, TestEsServer>();
let refusedUrl: string;
const runs: Run[] = [];
const cellDirs: string[] = [];

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((done) => srv.listen(0, '127.0.0.1', done));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((done) => srv.close(() => done()));
  return port;
}

function urlFor(fault: FaultId): string {
  if (fault === 'refused') return refusedUrl;
  return servers.get(fault === 'tls-insecure' ? 'tls-untrusted' : fault)!.url;
}

/** The key a create/grant run displayed, from its stdout. */
function displayedKey(c: Command, run: CliRun): Run['key'] {
  if (run.code !== 0 || !c.showsKey) return undefined;
  if (c.showsKey === 'json') {
    const res = JSON.parse(run.stdout) as { id: string; api_key: string; encoded: string };
    return { id: res.id, api_key: res.api_key, encoded: res.encoded };
  }
  const encoded = /^encoded\s+(\S+)$/m.exec(run.stdout)?.[1];
  const id = /^id\s+(\S+)$/m.exec(run.stdout)?.[1];
  if (!encoded || !id) throw new Error(`no key in the output of ${c.id}: ${run.stdout}`);
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return { id, api_key: decoded.slice(decoded.indexOf(':') + 1), encoded };
}

/** Runs every command of one (fault, auth) cell, in order, each in its own folder. */
async function runCell(fault: Fault, auth: AuthId): Promise<void> {
  const cell = `${fault.id}-${auth}`;
  const base = join(work, cell);
  cellDirs.push(base);
  const server = servers.get(fault.id);
  for (const c of COMMANDS) {
    const dir = join(base, c.id);
    mkdirSync(dir, { recursive: true });
    writeFiles(dir, c.files?.(cell));
    const args = c.args(dir, base, cell);
    if (!args) continue;
    if (server) {
      server.clearFaults();
      if (fault.spec) for (const t of c.target) server.injectFault(alwaysOn(fault.spec(auth, c), t));
    }
    const env: Record<string, string> = {
      ES_URL: urlFor(fault.id),
      ...authEnv(auth),
      ES_GRANT_PASSWORD: CANARY.grantPassword,
      ES_TIMEOUT_MS: '10000',
      ...VERBOSE_ENV,
      ...(fault.id === 'tls-insecure' ? { ES_INSECURE: 'true' } : {}),
    };
    const run = await runCliChild(args, env, dir);
    runs.push({ ...run, fault: fault.id, auth, command: c.id, key: displayedKey(c, run) });
  }
  server?.clearFaults();
}

/** Every file below `dir`: relative path -> text. */
function filesBelow(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(work, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  work = mkdtempSync(join(tmpdir(), 'es-roles-secrets-'));
  selfSigned = generateSelfSignedCertificate();
  refusedUrl = `http://127.0.0.1:${await closedPort()}`;
  const ids = FAULTS.map((f) => f.id).filter((id) => id !== 'refused' && id !== 'tls-insecure');
  await Promise.all(
    ids.map(async (id) => {
      servers.set(id, await startCanaryServer(id === 'tls-untrusted' ? { tls: { key: selfSigned.key, cert: selfSigned.cert } } : {}));
    }),
  );
}, 30_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  selfSigned?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Over 200 CLI child processes: ~95 s on an idle 2-core machine, longer while other test files run
 * beside it. The limit only catches a hang; it is not a timing target.
 */
const HANG_GUARD_MS = 600_000;

describe('secrets in the CLI (child processes, ES_ROLES_DEBUG=1, NODE_DEBUG)', () => {
  it('every cluster subcommand × auth method × fault runs (and succeeds where nothing is wrong)', async () => {
    // One worker per server (faults are per server); the tls-insecure cells share the self-signed server.
    const jobs = FAULTS.map((f) => async () => {
      for (const auth of f.auths) await runCell(f, auth);
    });
    await bounded(3, jobs);
    expect(runs.length).toBeGreaterThan(200);
    const internal = runs.filter((r) => /internal error/.test(r.stderr));
    expect(internal.map((r) => `${r.command} × ${r.fault} × ${r.auth}: ${r.stderr}`)).toEqual([]);
    // The success paths really ran: with a password, every command succeeds without a fault and insecurely over TLS.
    for (const fault of ['none', 'tls-insecure'] as const) {
      const failed = runs.filter((r) => r.fault === fault && r.auth === 'basic' && r.code !== 0);
      expect(failed.map((r) => `${r.command}: exit ${r.code} ${r.stderr}`)).toEqual([]);
      expect(runs.filter((r) => r.fault === fault && r.auth === 'basic')).toHaveLength(COMMANDS.length);
    }
    // And with the other credentials (an API key cannot create keys with privileges: ES's 400).
    for (const auth of ['apiKey', 'bearer'] as const) {
      const ok = runs.filter((r) => r.fault === 'none' && r.auth === auth && r.code === 0).map((r) => r.command);
      expect(ok).toEqual(expect.arrayContaining(['builtin-privileges', 'has-privileges', 'push (with backup)', 'push <backup> (restore)', 'pull <name>', 'api-key grant']));
    }
    // Failures happened where injected (the restore needs the failed push's backup, so it may be absent).
    // The restore pushes the backup of a push whose write failed: nothing to write, exit 0.
    for (const fault of FAULTS.filter((f) => f.id !== 'none' && f.id !== 'tls-insecure')) {
      const ran = runs.filter((r) => r.fault === fault.id && r.command !== 'push <backup> (restore)');
      expect(ran.filter((r) => r.code === 0).map((r) => `${r.command} × ${fault.id}`)).toEqual([]);
    }
  }, HANG_GUARD_MS);

  it('stdout and stderr hold no form of any secret', () => {
    const leaks: string[] = [];
    for (const r of runs) {
      for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
        for (const found of findCanaries(text)) leaks.push(`${r.command} × ${r.fault} × ${r.auth}: ${stream} has the ${found}`);
      }
    }
    expect(leaks).toEqual([]);
    // The traces were on: request lines and redacted bodies are there, so there was something to leak into.
    const traced = runs.filter((r) => r.fault === 'none' && r.command === 'api-key grant' && r.auth === 'basic')[0];
    expect(traced.stderr).toMatch(/trace: POST \/_security\/api_key\/grant body: .*"password":"\[REDACTED\]"/);
    expect(traced.stderr).toMatch(/FETCH \d+: sending request to POST/);
  });

  it('no file written (pulled roles, backups, restores) holds a secret or a new key', () => {
    const keys = new Map(runs.filter((r) => r.key).map((r) => [`new key ${r.key!.id}`, newKeyForms(r.key!)] as const));
    expect(keys.size).toBeGreaterThanOrEqual(10);
    const leaks: string[] = [];
    let files = 0;
    for (const dir of cellDirs) {
      for (const [path, text] of filesBelow(dir)) {
        files++;
        for (const found of findCanaries(text, keys)) leaks.push(`${path} has the ${found}`);
      }
    }
    expect(leaks).toEqual([]);
    // Backups and pulled files were among them.
    const all = cellDirs.flatMap((d) => [...filesBelow(d).keys()]);
    expect(all.some((p) => p.endsWith('.backup.json'))).toBe(true);
    expect(all.some((p) => p.endsWith(`${EXISTING_ROLE}.role.json`))).toBe(true);
    expect(all.some((p) => p.endsWith('bulk.roles.json'))).toBe(true);
    expect(files).toBeGreaterThan(50);
  });

  it('a new API key is shown exactly once, on stdout of the run that created it, and nowhere else', () => {
    const shown = runs.filter((r) => r.key);
    expect(shown.map((r) => r.command)).toEqual(expect.arrayContaining(['api-key create', 'api-key create --format json', 'api-key grant', 'api-key grant --format json']));
    for (const r of shown) {
      const key = r.key!;
      expect(r.stdout.split(key.encoded), `${r.command} × ${r.fault} × ${r.auth}`).toHaveLength(2);
      // Text shows the encoded value only; JSON is ES's answer (api_key once, inside nothing else).
      expect(r.stdout.split(key.api_key)).toHaveLength(r.command.endsWith('--format json') ? 2 : 1);
      for (const f of newKeyForms(key)) expect(r.stderr).not.toContain(f);
      for (const other of runs) {
        if (other === r) continue;
        for (const f of newKeyForms(key)) {
          expect(other.stdout.includes(f) || other.stderr.includes(f), `${other.command} × ${other.fault} shows the key of ${r.command} × ${r.fault}`).toBe(false);
        }
      }
    }
  });

  it('covers every subcommand that talks to a cluster (those whose help lists ES_URL)', () => {
    const covered = new Set(COMMANDS.map((c) => c.args('', '', 'x')?.[0] ?? 'push'));
    const clusterCommands = Object.entries(CLI_COMMANDS).filter(([, c]) => c.usage.includes('ES_URL')).map(([name]) => name);
    expect(clusterCommands.length).toBeGreaterThanOrEqual(5);
    // A new one (verify-model, ...) needs its runs in COMMANDS above.
    expect(clusterCommands.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('no secret is ever passed on a command line (the runs above took them from the environment)', () => {
    for (const r of runs) expect(findCanaries(r.args.join(' '))).toEqual([]);
  });
});

describe('secrets on the command line are refused, with the variable to use, never echoed', () => {
  const cwd = () => work;
  const VALUE = 'FLAG-s3cr3t-0a1b';
  const cases: [string[], string][] = [
    [['--password', VALUE], 'ES_PASSWORD'],
    [[`--password=${VALUE}`], 'ES_PASSWORD'],
    [['--pass', VALUE], 'ES_PASSWORD'],
    [['--api-key', VALUE], 'ES_API_KEY'],
    [[`--api_key=${VALUE}`], 'ES_API_KEY'],
    [['--apikey', VALUE], 'ES_API_KEY'],
    [['--token', VALUE], 'ES_BEARER_TOKEN'],
    [['--bearer', VALUE], 'ES_BEARER_TOKEN'],
    [['--bearer-token', VALUE], 'ES_BEARER_TOKEN'],
    [['--grant-password', VALUE], 'ES_GRANT_PASSWORD'],
    [['--access-token', VALUE], 'ES_GRANT_ACCESS_TOKEN'],
  ];
  const commands: string[][] = [
    ['builtin-privileges'],
    ['has-privileges', 'x.role.json'],
    ['push', 'x.role.json'],
    ['pull'],
    ['api-key', 'create', 'x.role.json', '--name', 'k'],
    ['api-key', 'grant', 'x.role.json', '--name', 'k', '--grant-type', 'password', '--username', 'u'],
    ['api-key', 'invalidate', '--name', 'k'],
    // Commands without cluster options get the same answer, not "unknown option".
    ['check', 'x.role.json'],
    ['explain', 'x.role.json'],
  ];

  it('every secret flag (on push), and one on every command', async () => {
    const pairs = [...cases.map((c) => [['push', 'x.role.json'], c] as const), ...commands.map((command, i) => [command, cases[i % cases.length]] as const)];
    const jobs = pairs.map(([command, [flag, variable]]) => async () => {
      const r = await runCliChild([...command, ...flag], { ES_URL: 'http://127.0.0.1:1', ES_USERNAME: 'u', ES_PASSWORD: 'p' }, cwd());
      return { r, variable, label: `${command.join(' ')} ${flag.join(' ')}` };
    });
    const results = await bounded(4, jobs);
    for (const { r, variable, label } of results) {
      expect(r.code, label).toBe(2);
      expect(r.stderr, label).toContain(`secrets are read from the environment only; set ${variable} instead`);
      expect(r.stdout + r.stderr, label).not.toContain(VALUE);
    }
  }, 60_000);

  it('credentials inside the URL (--url or ES_URL) are refused without echoing them', async () => {
    const withUser = `http://elastic:${encodeURIComponent(CANARY.password)}@127.0.0.1:1`;
    const invalid = `http://elastic:${encodeURIComponent(CANARY.password)}@bad host:9200`;
    const runsHere = [
      await runCliChild(['builtin-privileges', '--url', withUser], { ES_USERNAME: 'u', ES_PASSWORD: 'p' }, cwd()),
      await runCliChild(['builtin-privileges', '--url', invalid], { ES_USERNAME: 'u', ES_PASSWORD: 'p' }, cwd()),
      await runCliChild(['pull'], { ES_URL: withUser, ES_USERNAME: 'u', ES_PASSWORD: 'p' }, cwd()),
      await runCliChild(['pull'], { ES_URL: invalid, ES_API_KEY: 'x' }, cwd()),
    ];
    for (const r of runsHere) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^es-roles: (--url|ES_URL) must not contain credentials: remove "user:password@" and set ES_USERNAME and ES_PASSWORD/);
      expect(findCanaries(r.stdout + r.stderr)).toEqual([]);
    }
  });
});
