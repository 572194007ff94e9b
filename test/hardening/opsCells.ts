/**
 * The ops side of the fault matrix: what the VS Code commands call (connect, planPush /
 * executePush, pullRoles, hasPrivileges, API keys), run in-process against one fault target, with a
 * logger capturing every line at trace level.
 */
import {
  createApiKey,
  createClient,
  describeError,
  grantApiKey,
  hasPrivileges,
  invalidateApiKeys,
  suggestedAction,
  type ClusterConfig,
  type ClusterLogger,
  type EsClient,
} from '../../client/src/cluster';
import { ClusterConnections } from '../../client/src/clusters/connections';
import type { ClusterProfile } from '../../client/src/clusters/profileModel';
import { executePush, planPush, pullRoles } from '../../client/src/ops';
import { randomBytes } from 'node:crypto';
import { ADMIN, BOB, EXISTING_ROLE, injectOn, REASON_403, SECRETS, timeoutFor, writeCounts, type CommandCase, type FaultTarget } from './harness';

export const OPS_CLUSTER = 'ops-matrix';

export interface OpCase {
  readonly id: string;
  readonly target: CommandCase['target'];
  readonly write?: CommandCase['write'];
  /** Runs the operation; returns the error it reports (thrown, or a push report's error). */
  run(client: EsClient, t: FaultTarget, dir: string, inject: () => void, logger: ClusterLogger): Promise<unknown>;
}

/** An update of the existing role, different every time (an earlier cell may have written the last one). */
const pushed = () => ({ [EXISTING_ROLE]: { cluster: ['monitor', 'manage_ilm'], metadata: { nonce: randomBytes(4).toString('hex') } } });

async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    return err;
  }
}

export const OPS: readonly OpCase[] = [
  {
    id: 'connect (getRoot+authenticate+getBuiltinPrivileges)',
    target: [{ path: '*' }],
    run: async (_client, t, _dir, inject, logger) => {
      inject();
      const profile: ClusterProfile = { name: OPS_CLUSTER, url: t.url, auth: 'basic', username: ADMIN.username, timeoutMs: timeoutFor(t.fault.id), ...(t.caFile ? { caFile: t.caFile } : {}) };
      const connections = new ClusterConnections({
        profiles: () => [profile],
        activeName: () => OPS_CLUSTER,
        readSecret: async () => SECRETS.password,
        publishCatalog: async () => undefined,
        logger,
      });
      try {
        const state = await connections.connect();
        return state.status === 'error' ? new ConnectFailure(state.error!.summary, state.error!.action) : state.status === 'connected' ? undefined : new Error(`status ${state.status}`);
      } finally {
        await connections.dispose();
      }
    },
  },
  {
    id: 'planPush',
    target: [{ path: '/_security/role/*', method: 'GET' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => planPush(client, pushed()));
    },
  },
  ...(['bulk', 'put'] as const).map(
    (method): OpCase => ({
      id: `executePush (${method})`,
      target: method === 'bulk' ? [{ path: '/_security/role', method: 'POST' }, { path: '/_security/role/*', method: 'PUT' }] : [{ path: '/_security/role/*', method: 'PUT' }],
      write:
        method === 'bulk'
          ? [{ path: '/_security/role', method: 'POST' }, { path: `/_security/role/${EXISTING_ROLE}`, method: 'PUT' }]
          : [{ path: `/_security/role/${EXISTING_ROLE}`, method: 'PUT' }],
      run: async (client, t, dir, inject) => {
        let plan;
        try {
          plan = await planPush(client, pushed());
        } catch (err) {
          return err; // connection-level faults: planning already fails
        }
        inject();
        return caught(async () => {
          const report = await executePush(client, plan, { backupDir: dir, clusterName: OPS_CLUSTER, ...(method === 'put' ? { esVersion: '8.12.0' } : {}) });
          if (report.error) throw report.error;
          // Per-role PUT failures are results, not an error: the report names each role and why.
          const failed = report.results.find((r) => r.outcome === 'failed');
          if (failed) throw new RoleFailure(`Cluster "${OPS_CLUSTER}": role ${failed.name} was not written: ${failed.reason}`);
          // The answer was lost but the role landed: executePush read it back and says so.
          const confirmed = report.results.find((r) => /confirmed by reading it back/.test(r.reason ?? ''));
          if (confirmed) throw new WrittenConfirmed();
        });
      },
    }),
  ),
  {
    id: 'pullRoles',
    target: [{ path: '/_security/role/*', method: 'GET' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => pullRoles(client, [EXISTING_ROLE]));
    },
  },
  {
    id: 'hasPrivileges',
    target: [{ path: '/_security/user/_has_privileges' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => hasPrivileges(client, { cluster: ['monitor'] }));
    },
  },
  {
    id: 'createApiKey',
    target: [{ path: '/_security/api_key', method: 'POST' }],
    write: [{ path: '/_security/api_key', method: 'POST' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => createApiKey(client, { name: 'ops-key', role_descriptors: {} }));
    },
  },
  {
    id: 'grantApiKey',
    target: [{ path: '/_security/api_key/grant', method: 'POST' }],
    write: [{ path: '/_security/api_key/grant', method: 'POST' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => grantApiKey(client, { grant_type: 'password', username: BOB.username, password: SECRETS.grantPassword, api_key: { name: 'ops-granted' } }));
    },
  },
  {
    id: 'invalidateApiKeys',
    target: [{ path: '/_security/api_key', method: 'DELETE' }],
    run: async (client, _t, _dir, inject) => {
      inject();
      return caught(() => invalidateApiKeys(client, { name: 'ops-key' }));
    },
  },
];

/** The write's answer was lost, but reading the role back confirmed it was written: a success. */
class WrittenConfirmed extends Error {}

/** A push whose PUTs failed per role (the report's result lines). */
class RoleFailure extends Error {}

/** ClusterConnections reports a failed connect as state, not as an error: carried as one. */
class ConnectFailure extends Error {
  constructor(
    readonly summary: string,
    readonly action: string,
  ) {
    super(summary);
  }
}

export interface OpsCellResult {
  readonly action: string;
  readonly writes: string;
  readonly message?: string;
  readonly problems: string[];
  readonly logLines: string[];
}

/** A logger that keeps every line, trace included. */
export function captureLogger(lines: string[]): ClusterLogger {
  const keep = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { trace: keep('trace'), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export async function runOpsCell(op: OpCase, t: FaultTarget, dir: string): Promise<OpsCellResult> {
  const logLines: string[] = [];
  const logger = captureLogger(logLines);
  const config: ClusterConfig = {
    name: OPS_CLUSTER,
    url: t.url,
    auth: { kind: 'basic', username: ADMIN.username, password: SECRETS.password },
    timeoutMs: timeoutFor(t.fault.id),
    ...(t.caFile ? { caFile: t.caFile } : {}),
  };
  const client = createClient(config, { logger });
  const server = t.server;
  const inject = () => injectOn(t, op.target);
  let err: unknown;
  let note: string | undefined;
  try {
    err = await op.run(client, t, dir, inject, logger);
    if (err instanceof WrittenConfirmed) [err, note] = [undefined, '(ok: answer lost, write confirmed by reading back)'];
  } finally {
    server?.clearFaults();
    await client.close();
  }
  const problems: string[] = [];
  const message = err === undefined ? undefined : err instanceof ConnectFailure || err instanceof RoleFailure ? err.message : describeError(err, OPS_CLUSTER);
  const action = err === undefined ? 'ok' : err instanceof ConnectFailure ? err.action : err instanceof RoleFailure ? 'report' : suggestedAction(err);
  const writes = writeCounts(t, op.write);
  if (note) {
    if (writes.text !== '1') problems.push(`writes sent: ${writes.text}`);
  } else if (t.fault.id === 'none') {
    if (err !== undefined) problems.push(`failed without a fault: ${message}`);
  } else {
    if (!message) problems.push('no error');
    else {
      if (message.includes('\n')) problems.push('more than one line');
      if (!message.startsWith(`Cluster "${OPS_CLUSTER}": `)) problems.push('does not name the cluster');
      if (/unexpected error/.test(message)) problems.push('an untyped error');
      if (t.fault.id === '403' && !message.includes(REASON_403)) problems.push("403 without ES's reason");
    }
    if (!writes.ok) problems.push(`writes sent: ${writes.text}`);
  }
  const all = [message ?? '', ...logLines].join('\n');
  for (const s of Object.values(SECRETS)) if (all.includes(s)) problems.push('a secret in the message or log');
  return { action: note ? 'ok' : action, writes: writes.text, message: message ?? note, problems, logLines };
}
