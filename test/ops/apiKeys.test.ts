// Create / grant API key request bodies from every kind of file; the cluster accepts them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createClient, grantApiKey, invalidateApiKeys, type EsClient } from '../../client/src/cluster';
import { ApiKeyRequestError, createApiKeyRequest, grantApiKeyRequest, toRoleDescriptor } from '../../client/src/ops/apiKeys';
import { extractRoles } from '../../client/src/roles/extract';
import { ADMIN_PASSWORD, ADMIN_USER, itServerOnly, startTarget, type Target } from '../cluster/target';

const ROLE_FILE = extractRoles(
  JSON.stringify({ description: 'Reads logs', cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }], transient_metadata: { enabled: true } }),
  'file:///x/logs-reader.role.json',
);
const ROLES_FILE = extractRoles(
  JSON.stringify({ a: { cluster: ['monitor'] }, b: { description: 'B', indices: [{ names: ['b-*'], privileges: ['read'] }] } }),
  'file:///x/team.roles.json',
);
const CREATE_FILE = extractRoles(
  JSON.stringify({ name: 'from-file', expiration: '7d', role_descriptors: { d1: { cluster: ['monitor'] }, d2: { cluster: ['manage_ilm'] } }, metadata: { a: 1 } }),
  'file:///x/ci.apikey.json',
);
const GRANT_FILE = extractRoles(
  JSON.stringify({ grant_type: 'password', username: 'file-user', password: 'never-used-from-file', api_key: { name: 'granted', role_descriptors: { g: { cluster: ['monitor'] } } } }),
  'file:///x/grant.apikey.json',
);

describe('createApiKeyRequest', () => {
  it('a role file: its roles become role_descriptors without description or transient_metadata', () => {
    expect(ROLE_FILE.shape).toBe('role');
    expect(createApiKeyRequest(ROLE_FILE, { name: 'k', expiration: '30d', metadata: { team: 'ops' } })).toEqual({
      name: 'k',
      expiration: '30d',
      metadata: { team: 'ops' },
      role_descriptors: { 'logs-reader': { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] } },
    });
  });

  it('a roles map, all roles or the one named', () => {
    expect(createApiKeyRequest(ROLES_FILE, { name: 'k' }).role_descriptors).toEqual({ a: { cluster: ['monitor'] }, b: { indices: [{ names: ['b-*'], privileges: ['read'] }] } });
    expect(createApiKeyRequest(ROLES_FILE, { name: 'k', roleName: 'a' }).role_descriptors).toEqual({ a: { cluster: ['monitor'] } });
    expect(() => createApiKeyRequest(ROLES_FILE, { name: 'k', roleName: 'c' })).toThrow('no role named "c" in the file (it has: a, b)');
  });

  it('an API-key create file is used as is, with the options overriding', () => {
    expect(createApiKeyRequest(CREATE_FILE, { name: 'override' })).toEqual({ ...CREATE_FILE.body, name: 'override' });
    expect(createApiKeyRequest(CREATE_FILE, { name: 'n', expiration: '1d', metadata: {}, roleName: 'd2' })).toEqual({
      name: 'n',
      expiration: '1d',
      metadata: {},
      role_descriptors: { d2: { cluster: ['manage_ilm'] } },
    });
  });

  it('refuses what cannot become a key', () => {
    const hp = extractRoles('{"cluster": ["monitor"], "index": [{"names": ["a"], "privileges": ["read"]}]}', 'file:///x/check.has_privileges.json');
    expect(() => createApiKeyRequest(hp, { name: 'k' })).toThrow(/has_privileges file cannot become an API key/);
    expect(() => createApiKeyRequest(extractRoles('{', 'file:///x/a.role.json'), { name: 'k' })).toThrow(ApiKeyRequestError);
    expect(() => createApiKeyRequest(ROLE_FILE, { name: '' })).toThrow(/needs a name/);
  });

  it('toRoleDescriptor keeps everything else', () => {
    expect(toRoleDescriptor({ description: 'x', restriction: { workflows: ['a'] }, metadata: { m: 1 } })).toEqual({ restriction: { workflows: ['a'] }, metadata: { m: 1 } });
  });
});

describe('grantApiKeyRequest', () => {
  it('a grant file: its body with the secret injected; a password in the file is never used', () => {
    const body = grantApiKeyRequest(GRANT_FILE, { grantType: 'password', password: 'injected' });
    expect(body).toEqual({
      grant_type: 'password',
      username: 'file-user',
      password: 'injected',
      api_key: { name: 'granted', role_descriptors: { g: { cluster: ['monitor'] } } },
    });
    expect(() => grantApiKeyRequest(GRANT_FILE, { grantType: 'password' })).toThrow(/needs the user's password/);
  });

  it('options override the file; access_token grants drop username and password', () => {
    expect(grantApiKeyRequest(GRANT_FILE, { grantType: 'access_token', accessToken: 'tok', name: 'n', expiration: '1h', runAs: 'bob' })).toEqual({
      grant_type: 'access_token',
      access_token: 'tok',
      run_as: 'bob',
      api_key: { name: 'n', expiration: '1h', role_descriptors: { g: { cluster: ['monitor'] } } },
    });
  });

  it('a role file becomes api_key.role_descriptors', () => {
    expect(grantApiKeyRequest(ROLE_FILE, { name: 'k', grantType: 'password', username: 'u', password: 'p' })).toEqual({
      grant_type: 'password',
      username: 'u',
      password: 'p',
      api_key: { name: 'k', role_descriptors: { 'logs-reader': { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] } } },
    });
    expect(() => grantApiKeyRequest(ROLE_FILE, { grantType: 'password', username: 'u', password: 'p' })).toThrow(/needs a name/);
    expect(() => grantApiKeyRequest(ROLE_FILE, { name: 'k', grantType: 'password', password: 'p' })).toThrow(/needs the username/);
  });
});

describe('API key requests on the cluster', () => {
  let target: Target;
  let client: EsClient;
  const ids: string[] = [];
  beforeAll(async () => {
    target = await startTarget();
    client = createClient(target.config);
  });
  afterAll(async () => {
    if (ids.length) await invalidateApiKeys(client, { ids }).catch(() => undefined);
    await client.close();
    await target.close();
  });

  itServerOnly('the cluster accepts a key built from a role file with a description', async () => {
    const key = await createApiKey(client, createApiKeyRequest(ROLE_FILE, { name: 'esroles-ops-test', expiration: '1d' }));
    ids.push(key.id);
    expect(key.name).toBe('esroles-ops-test');
    expect(key.expiration).toBeGreaterThan(Date.now());
  });

  itServerOnly('the cluster accepts a granted key built from a grant file', async () => {
    const body = grantApiKeyRequest(GRANT_FILE, { grantType: 'password', username: ADMIN_USER, password: ADMIN_PASSWORD, name: 'esroles-grant-test' });
    const key = await grantApiKey(client, body);
    ids.push(key.id);
    expect(key.name).toBe('esroles-grant-test');
  });
});
