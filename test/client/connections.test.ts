// The connection manager against the loopback ES test server (real sockets): connect, publish the
// live catalog, error states with their fix-its, client reuse, and no secret anywhere it goes.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterLogger } from '../../client/src/cluster';
import { ClusterConnections, type ConnectionDeps, type ConnectionState } from '../../client/src/clusters/connections';
import type { ClusterProfile } from '../../client/src/clusters/profileModel';
import type { SetLiveCatalogParams } from '../../server/src/protocol';
import { TestEsServer } from '../es-server/server';

const PASSWORD = 'conn-canary-pw-4e1b';
let server: TestEsServer;

beforeAll(async () => {
  server = await TestEsServer.start({
    version: '8.17.2',
    clusterName: 'test-cluster',
    users: [{ username: 'elastic', password: PASSWORD, roles: ['superuser'], realm: { name: 'reserved', type: 'reserved' } }],
  });
});
afterAll(async () => server?.close());

interface Harness {
  readonly connections: ClusterConnections;
  readonly published: SetLiveCatalogParams[];
  readonly states: ConnectionState[];
  readonly logLines: string[];
  profiles: ClusterProfile[];
  active: string | undefined;
  secrets: Record<string, string>;
}

function harness(init: { profiles: ClusterProfile[]; active?: string; secrets?: Record<string, string> }): Harness {
  const logLines: string[] = [];
  const at = (level: string) => (m: string) => void logLines.push(`${level}: ${m}`);
  const logger: ClusterLogger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const h = {
    published: [] as SetLiveCatalogParams[],
    states: [] as ConnectionState[],
    logLines,
    profiles: init.profiles,
    active: init.active,
    secrets: init.secrets ?? {},
  } as Omit<Harness, 'connections'> & { connections?: ClusterConnections };
  const deps: ConnectionDeps = {
    profiles: () => h.profiles,
    activeName: () => h.active,
    readSecret: async (name) => h.secrets[name],
    publishCatalog: async (p) => void h.published.push(p),
    logger,
  };
  h.connections = new ClusterConnections(deps);
  h.connections.onDidChange((s) => h.states.push(s));
  return h as Harness;
}

const local = (): ClusterProfile => ({ name: 'local', url: server.url, auth: 'basic', username: 'elastic', timeoutMs: 3000 });

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('ClusterConnections', () => {
  it('connects: version, user, and the live catalog for the language server', async () => {
    const h = harness({ profiles: [local()], active: 'local', secrets: { local: PASSWORD } });
    const state = await h.connections.connect();
    expect(state).toMatchObject({ status: 'connected', version: '8.17.2', username: 'elastic', clusterName: 'test-cluster' });
    expect(h.states.map((s) => s.status)).toEqual(['connecting', 'connected']);
    expect(h.published).toHaveLength(1);
    const catalog = h.published[0]!;
    expect(catalog.clusterName).toBe('local');
    expect(catalog.version).toBe('8.17.2');
    expect(catalog.builtin.cluster).toContain('monitor');
    expect(catalog.builtin.index).toContain('read');
    expect(Object.keys(catalog).sort()).toEqual(['builtin', 'clusterName', 'version']);
    expect(JSON.stringify(h.published)).not.toContain(PASSWORD);
    expect(h.logLines.join('\n')).toContain('Connected to cluster "local"');
    await h.connections.dispose();
  });

  it('reports wrong credentials as unauthorised with Set Credentials, and clears the catalog', async () => {
    const h = harness({ profiles: [local()], active: 'local', secrets: { local: PASSWORD } });
    await h.connections.connect();
    h.secrets.local = 'wrong-canary-pw-77';
    const state = await h.connections.connect();
    expect(state.status).toBe('error');
    expect(state.error).toMatchObject({ action: 'setCredentials', label: 'unauthorised' });
    expect(state.error!.summary).toMatch(/^Cluster "local": authentication failed/);
    expect(h.published.at(-1)).toBeNull();
    const everything = JSON.stringify(h.states) + h.logLines.join('\n') + JSON.stringify(h.published);
    expect(everything).not.toContain('wrong-canary-pw-77');
    expect(everything).not.toContain(PASSWORD);
    await h.connections.dispose();
  });

  it('reports missing credentials without contacting the cluster', async () => {
    const h = harness({ profiles: [local()], active: 'local' });
    server.clearRequests();
    const state = await h.connections.connect();
    expect(state.error).toMatchObject({ action: 'setCredentials', label: 'no credentials' });
    expect(server.requests).toHaveLength(0);
    expect(h.published).toEqual([]);
  });

  it('reports an unreachable cluster with Open Settings', async () => {
    const port = await closedPort();
    const h = harness({ profiles: [{ ...local(), url: `http://127.0.0.1:${port}` }], active: 'local', secrets: { local: PASSWORD } });
    const state = await h.connections.connect();
    expect(state.error).toMatchObject({ action: 'openSettings', label: 'unreachable' });
    expect(state.error!.summary).toMatch(/connection refused/);
    await h.connections.dispose();
  });

  it('is disconnected when nothing (or an unknown profile) is selected, and client() says why', async () => {
    const h = harness({ profiles: [local()], active: 'nope' });
    expect((await h.connections.connect()).status).toBe('disconnected');
    await expect(h.connections.client()).rejects.toThrow(/Select Cluster/);
    const empty = harness({ profiles: [] });
    await expect(empty.connections.client()).rejects.toThrow(/Add Cluster/);
  });

  it('reuses the client while profile and secret stay the same', async () => {
    const h = harness({ profiles: [local()], active: 'local', secrets: { local: PASSWORD } });
    const a = await h.connections.client();
    const b = await h.connections.client();
    expect(b.client).toBe(a.client);
    h.secrets.local = `${PASSWORD}-changed`;
    const c = await h.connections.client();
    expect(c.client).not.toBe(a.client);
    h.profiles = [{ ...local(), timeoutMs: 4000 }];
    const d = await h.connections.client();
    expect(d.client).not.toBe(c.client);
    await h.connections.dispose();
  });

  it('disconnect and resend: null once, then the catalog again after a server restart', async () => {
    const h = harness({ profiles: [local()], active: 'local', secrets: { local: PASSWORD } });
    await h.connections.connect();
    await h.connections.resendCatalog();
    expect(h.published).toHaveLength(2);
    expect(h.published[1]).toEqual(h.published[0]);
    await h.connections.disconnect();
    await h.connections.disconnect();
    expect(h.published.slice(2)).toEqual([null]);
    await h.connections.resendCatalog();
    expect(h.published).toHaveLength(3);
    expect(h.connections.state.status).toBe('disconnected');
    await h.connections.dispose();
  });

  it('drops the result of a connect overtaken by a newer one', async () => {
    const h = harness({ profiles: [local(), { ...local(), name: 'other' }], active: 'local', secrets: { local: PASSWORD, other: PASSWORD } });
    server.injectFault({ kind: 'latency', ms: 300, path: '/', count: 1 });
    const first = h.connections.connect();
    h.active = 'other';
    const second = await h.connections.connect();
    await first;
    expect(second.profile?.name).toBe('other');
    expect(h.connections.state.profile?.name).toBe('other');
    expect(h.published.map((p) => p?.clusterName)).toEqual(['other']);
    await h.connections.dispose();
  });

  it('shows a command\'s 401 in the state of the active cluster', async () => {
    const h = harness({ profiles: [local()], active: 'local', secrets: { local: PASSWORD } });
    await h.connections.connect();
    const { EsApiError } = await import('../../client/src/cluster');
    h.connections.reportCommandError('local', new EsApiError(401, 'security_exception', 'expired', [], {}, {}));
    expect(h.connections.state).toMatchObject({ status: 'error', error: { action: 'setCredentials', label: 'unauthorised' } });
    h.connections.reportCommandError('local', new EsApiError(400, 'x', 'bad request', [], {}, {}));
    expect(h.connections.state.error?.label).toBe('unauthorised');
    await h.connections.dispose();
  });
});
