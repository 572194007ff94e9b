// Every endpoint function of the cluster module, over real sockets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  bulkPutRoles,
  createApiKey,
  createClient,
  deleteRole,
  EsApiError,
  getApiKeys,
  getBuiltinPrivileges,
  getRoles,
  getRoot,
  grantApiKey,
  hasPrivileges,
  invalidateApiKeys,
  putRole,
  type EsClient,
} from '../../client/src/cluster';
import { ADMIN, ADMIN_PASSWORD, ADMIN_USER, itServerOnly, keyDescriptors, REAL_CLUSTER, rejectionOf, startTarget, uniqueName, type Target } from './target';

function atLeast815(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 8 || (major === 8 && minor >= 15);
}

describe('cluster API functions', () => {
  let target: Target;
  let client: EsClient;
  let version: string;
  const roleNames: string[] = [];
  const keyIds: string[] = [];
  const role = (prefix: string) => {
    const name = uniqueName(`esroles-${prefix}`);
    roleNames.push(name);
    return name;
  };

  beforeAll(async () => {
    target = await startTarget({ version: '9.1.0' });
    client = createClient(target.config, { retryBaseDelayMs: 10 });
    version = (await getRoot(client)).version.number;
  });
  afterAll(async () => {
    for (const name of roleNames) await deleteRole(client, name).catch(() => undefined);
    if (keyIds.length) await invalidateApiKeys(client, { ids: keyIds }).catch(() => undefined);
    await client.close();
    await target.close();
  });

  it('getRoot returns the version and cluster name', async () => {
    const root = await getRoot(client);
    expect(root.version.number).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof root.cluster_name).toBe('string');
    if (!target.real) expect(root).toMatchObject({ cluster_name: 'es-roles-test', version: { number: '9.1.0' } });
  });

  it('authenticate returns the user', async () => {
    const me = await authenticate(client);
    expect(typeof me.username).toBe('string');
    expect(me.authentication_realm.type).toBeTruthy();
  });

  it('getBuiltinPrivileges returns sorted lists', async () => {
    const b = await getBuiltinPrivileges(client);
    expect(b.cluster).toContain('manage_security');
    expect(b.index).toContain('read');
    expect([...b.cluster].sort()).toEqual(b.cluster);
    if (atLeast815(version)) expect(b.remote_cluster).toContain('monitor_enrich');
  });

  it('putRole / getRoles / deleteRole round-trip, with missing roles as {} and found:false', async () => {
    const name = role('crud');
    expect(await putRole(client, name, { cluster: ['monitor'], indices: [{ names: 'logs-*', privileges: ['read'] }], metadata: { owner: 'tests' } })).toEqual({ created: true });
    expect(await putRole(client, name, { cluster: ['monitor', 'manage_ilm'] }, { refresh: 'wait_for' })).toEqual({ created: false });
    const got = await getRoles(client, [name, uniqueName('esroles-missing')]);
    expect(Object.keys(got)).toEqual([name]);
    expect(got[name].cluster).toEqual(['monitor', 'manage_ilm']);
    expect(got[name].transient_metadata).toEqual({ enabled: true });
    expect(await getRoles(client, uniqueName('esroles-missing'))).toEqual({});
    const all = await getRoles(client);
    expect(all[name]).toBeDefined();
    expect(await deleteRole(client, name)).toEqual({ found: true });
    expect(await deleteRole(client, name)).toEqual({ found: false });
  });

  it('URL-encodes role names in paths', async () => {
    const name = `${role('enc')}/with space+plus`;
    roleNames.push(name);
    expect((await putRole(client, name, { cluster: [] })).created).toBe(true);
    expect(Object.keys(await getRoles(client, name))).toEqual([name]);
    if (!target.real) expect(target.server!.requestsTo('/_security/role/*', 'PUT').at(-1)!.path).toContain('%2Fwith%20space%2Bplus');
  });

  it('putRole throws EsApiError with ES validation details', async () => {
    const err = await rejectionOf(putRole(client, role('bad'), { cluster: ['bad_cluster_privilege'] }));
    expect(err).toBeInstanceOf(EsApiError);
    expect((err as EsApiError).status).toBe(400);
    expect((err as EsApiError).type).toBe('action_request_validation_exception');
    expect((err as EsApiError).reason).toMatch(/unknown cluster privilege \[bad_cluster_privilege\]/);
  });

  it('bulkPutRoles reports created / updated / errors per role', async () => {
    const a = role('bulk-a');
    const b = role('bulk-b');
    const bad = role('bulk-bad');
    const first = await bulkPutRoles(client, { [a]: { cluster: ['monitor'] }, [b]: { cluster: ['monitor'] }, [bad]: { cluster: ['bad_cluster_privilege'] } });
    expect(first.method).toBe(atLeast815(version) ? 'bulk' : 'put');
    expect([...first.created].sort()).toEqual([a, b].sort());
    expect(first.errors.count).toBe(1);
    expect(first.errors.details[bad].type).toBe('action_request_validation_exception');
    expect(first.errors.details[bad].reason).toMatch(/unknown cluster privilege \[bad_cluster_privilege\]/);
    const second = await bulkPutRoles(client, { [a]: { cluster: ['monitor', 'manage_ilm'] } });
    expect(second.updated).toEqual([a]);
    expect(second.errors).toEqual({ count: 0, details: {} });
  });

  it('hasPrivileges checks the caller, and the /user/{user} form for the caller', async () => {
    const me = await authenticate(client);
    const res = await hasPrivileges(client, { cluster: ['monitor'], index: [{ names: ['esroles-x'], privileges: ['read'] }] });
    expect(res.username).toBe(me.username);
    expect(res.cluster).toHaveProperty('monitor');
    expect(res.index['esroles-x']).toHaveProperty('read');
    const own = await hasPrivileges(client, { cluster: ['monitor'] }, { user: me.username });
    expect(own.cluster.monitor).toBe(res.cluster.monitor);
    if (!target.real) expect(res.has_all_requested).toBe(true);
  });

  it('createApiKey / getApiKeys / invalidateApiKeys', async () => {
    const name = uniqueName('esroles-key');
    const descriptors = keyDescriptors(target, { r: { cluster: ['monitor'] } });
    const key = await createApiKey(client, { name, expiration: '1d', role_descriptors: descriptors, metadata: { purpose: 'tests' } });
    keyIds.push(key.id);
    expect(key.name).toBe(name);
    expect(key.encoded).toBe(Buffer.from(`${key.id}:${key.api_key}`).toString('base64'));
    expect(key.expiration).toBeGreaterThan(Date.now());
    const byId = await getApiKeys(client, { id: key.id });
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatchObject({ id: key.id, name, invalidated: false });
    expect(Object.keys(byId[0].role_descriptors ?? {})).toEqual(Object.keys(descriptors));
    expect((await getApiKeys(client, { name })).map((k) => k.id)).toEqual([key.id]);
    expect(await getApiKeys(client, { name: uniqueName('esroles-none') })).toEqual([]);
    const inv = await invalidateApiKeys(client, { ids: [key.id] });
    expect(inv).toEqual({ invalidated_api_keys: [key.id], previously_invalidated_api_keys: [], error_count: 0 });
    const byName = await invalidateApiKeys(client, { name });
    expect(byName.invalidated_api_keys).toEqual([]);
    expect(byName.previously_invalidated_api_keys).toEqual([key.id]);
  });

  it.skipIf(REAL_CLUSTER && !process.env.ES_PASSWORD)('grantApiKey with grant_type password (needs basic credentials in real mode)', async () => {
    const username = target.real ? process.env.ES_USERNAME! : ADMIN_USER;
    const password = target.real ? process.env.ES_PASSWORD! : ADMIN_PASSWORD;
    const key = await grantApiKey(client, { grant_type: 'password', username, password, api_key: { name: uniqueName('esroles-grant'), expiration: '1h' } });
    keyIds.push(key.id);
    const asKey = createClient(target.with({ auth: { kind: 'apiKey', encoded: key.encoded } }));
    try {
      const me = await authenticate(asKey);
      expect(me.username).toBe(username);
      expect(me.api_key?.id).toBe(key.id);
    } finally {
      await asKey.close();
    }
  });

  itServerOnly('grantApiKey with an access token and run_as', async () => {
    const server = target.server!;
    server.addUser({ username: 'grantee', password: 'grantee-pw', roles: ['grantee_role'] });
    server.addUser({ username: 'impersonated', password: 'imp-pw', roles: [] });
    server.addRole('grantee_role', { run_as: ['impersonated'] });
    server.addToken('grantee-token-canary', 'grantee');
    const key = await grantApiKey(client, { grant_type: 'access_token', access_token: 'grantee-token-canary', run_as: 'impersonated', api_key: { name: 'granted' } });
    const asKey = createClient(target.with({ auth: { kind: 'apiKey', id: key.id, key: key.api_key } }));
    try {
      expect((await authenticate(asKey)).username).toBe('impersonated');
    } finally {
      await asKey.close();
    }
  });

  itServerOnly('passes run-as to any endpoint', async () => {
    const server = target.server!;
    server.addUser({ username: 'viewer', password: 'viewer-pw', roles: [] });
    const res = await hasPrivileges(client, { cluster: ['monitor'] }, { runAs: 'viewer' });
    expect(res).toMatchObject({ username: 'viewer', has_all_requested: false, cluster: { monitor: false } });
    expect(server.requestsTo('/_security/user/_has_privileges').at(-1)!.headers['es-security-runas-user']).toBe('viewer');
  });

  itServerOnly('reuses keep-alive connections for sequential requests', async () => {
    const server = target.server!;
    server.clearRequests();
    for (let i = 0; i < 10; i++) await getRoot(client);
    const conns = server.requests.map((r) => r.connection);
    // undici may hand a request to a second idle socket, but never opens one per request.
    expect(new Set(conns).size).toBeLessThanOrEqual(2);
    expect(conns).toHaveLength(10);
  });
});

describe('bulk fallback on clusters before 8.15', () => {
  for (const legacyStatus of [405, 404, 400] as const) {
    itServerOnly(`falls back to one PUT per role when the bulk path answers ${legacyStatus}`, async () => {
      const target = await startTarget({ version: '8.12.0', users: [ADMIN], legacyStatus });
      const client = createClient(target.config);
      try {
        const roles = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`r${i}`, { cluster: ['monitor'] }]));
        roles.bad = { cluster: ['bad_cluster_privilege'] };
        target.server!.addRole('r0', { cluster: [] });
        const res = await bulkPutRoles(client, roles);
        expect(res.method).toBe('put');
        expect(res.created).toEqual(Array.from({ length: 19 }, (_, i) => `r${i + 1}`));
        expect(res.updated).toEqual(['r0']);
        expect(res.errors.count).toBe(1);
        expect(res.errors.details.bad.type).toBe('action_request_validation_exception');
        const log = target.server!.requests;
        expect(log.filter((r) => r.method === 'POST' && r.pathname === '/_security/role')).toHaveLength(1);
        expect(log.filter((r) => r.method === 'PUT')).toHaveLength(21);
        expect(new Set(log.map((r) => r.connection)).size).toBeLessThanOrEqual(8);
      } finally {
        await client.close();
        await target.close();
      }
    });
  }

  itServerOnly('skips the bulk attempt when the version is known to be older', async () => {
    const target = await startTarget({ version: '8.12.0', users: [ADMIN] });
    const client = createClient(target.config);
    try {
      const progress: number[] = [];
      const res = await bulkPutRoles(client, { a: { cluster: [] }, b: { cluster: [] } }, { esVersion: '8.12.0', concurrency: 1, onProgress: (d) => progress.push(d) });
      expect(res).toMatchObject({ method: 'put', created: ['a', 'b'] });
      expect(progress).toEqual([1, 2]);
      expect(target.server!.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    } finally {
      await client.close();
      await target.close();
    }
  });
});
