// Conformance of the API key endpoints (api_key/10_basic, 12_grant, 40_view_role_descriptors).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, TestEsServer } from './server';
import { clientFor } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };
const KEY_ADMIN = { username: 'api_key_admin', password: 'x-pack-test-password' };
const KEY_USER = { username: 'api_key_user', password: 'x-pack-test-password' };
const GRANTER = { username: 'api_key_granter', password: 'x-pack-test-password' };
const TARGET = { username: 'api_key_grant_target_user', password: 'x-pack-test-password-2' };
const RUNAS = { username: 'api_key_grant_runas_user', password: 'x-pack-test-password-3' };
const DAY = 86_400_000;

const OUTPUT_ROLE_A = {
  cluster: ['all'],
  indices: [{ names: ['index-a'], privileges: ['read'], allow_restricted_indices: false }],
  applications: [],
  run_as: [],
  metadata: {},
  transient_metadata: { enabled: true },
};

describe('API keys', () => {
  let server: TestEsServer;
  let call: ReturnType<typeof clientFor>;
  beforeAll(async () => {
    server = await TestEsServer.start({
      version: '9.1.0',
      users: [
        DEFAULT_USER,
        { ...KEY_ADMIN, roles: ['admin_role'] },
        { ...KEY_USER, roles: ['user_role'] },
        { ...GRANTER, roles: ['api_key_granter_role'] },
        { ...TARGET, roles: ['api_key_grant_target_role'] },
        { ...RUNAS, roles: ['api_key_grant_runas_role'] },
      ],
      roles: {
        admin_role: {
          cluster: ['manage_api_key'],
          indices: [{ names: '*', privileges: ['all'] }],
          applications: [{ application: 'myapp', privileges: ['*'], resources: ['*'] }],
        },
        user_role: { cluster: ['manage_own_api_key'] },
        api_key_granter_role: { cluster: ['grant_api_key'] },
        api_key_grant_target_role: { cluster: ['manage_token'], indices: [{ names: 'index', privileges: ['all'] }] },
        api_key_grant_runas_role: { run_as: ['api_key_grant_target_user'] },
      },
    });
    call = clientFor(server.url);
  });
  afterAll(() => server.close());

  it('creates a key whose encoded form authenticates as the owner (Test create api key)', async () => {
    const before = server.now();
    const res = await call('POST', '/_security/api_key', {
      auth: KEY_ADMIN,
      body: {
        name: 'my-api-key',
        expiration: '1d',
        role_descriptors: { 'role-a': { cluster: ['all'], index: [{ names: ['index-a'], privileges: ['read'] }] } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('my-api-key');
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    expect(res.body.api_key).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(res.body.expiration).toBeGreaterThanOrEqual(before + DAY);
    expect(res.body.expiration).toBeLessThan(before + DAY + 60_000);
    expect(res.body.encoded).toBe(Buffer.from(`${res.body.id}:${res.body.api_key}`).toString('base64'));
    const who = await call('GET', '/_security/_authenticate', { auth: { apiKey: res.body.encoded } });
    expect(who.body).toMatchObject({
      username: 'api_key_admin',
      roles: [],
      authentication_realm: { name: '_es_api_key', type: '_es_api_key' },
      api_key: { id: res.body.id, name: 'my-api-key' },
    });
  });

  it('gets keys by id and owner with role descriptors in output form (Test get api key, 40_view_role_descriptors)', async () => {
    const inherit = await call('POST', '/_security/api_key', { auth: KEY_ADMIN, body: { name: 'key-0-with-implicit-inherit' } });
    const assigned = await call('PUT', '/_security/api_key', {
      auth: KEY_ADMIN,
      body: { name: 'key-2-with-single-assigned-role-descriptor', role_descriptors: { 'role-a': { cluster: ['all'], index: [{ names: ['index-a'], privileges: ['read'] }] } } },
    });
    const got0 = await call('GET', `/_security/api_key?id=${inherit.body.id}`, { auth: KEY_ADMIN });
    expect(got0.body.api_keys).toHaveLength(1);
    expect(got0.body.api_keys[0]).toMatchObject({ id: inherit.body.id, name: 'key-0-with-implicit-inherit', username: 'api_key_admin', invalidated: false, role_descriptors: {} });
    expect(got0.body.api_keys[0].creation).toBeGreaterThan(0);
    expect(got0.body.api_keys[0].limited_by).toBeUndefined();
    const got2 = await call('GET', `/_security/api_key?id=${assigned.body.id}`, { auth: KEY_ADMIN });
    expect(got2.body.api_keys[0].role_descriptors).toEqual({ 'role-a': OUTPUT_ROLE_A });
    const withLimit = await call('GET', `/_security/api_key?id=${inherit.body.id}&with_limited_by=true`, { auth: KEY_ADMIN });
    expect(withLimit.body.api_keys[0].limited_by).toHaveLength(1);
    expect(withLimit.body.api_keys[0].limited_by[0].admin_role.cluster).toEqual(['manage_api_key']);
    const mine = await call('GET', '/_security/api_key?owner=true', { auth: KEY_USER });
    expect(mine.body.api_keys).toEqual([]);
    const missing = await call('GET', '/_security/api_key?id=does-not-exist', { auth: KEY_ADMIN });
    expect(missing.status).toBe(200);
    expect(missing.body.api_keys).toEqual([]);
  });

  it('limits manage_own_api_key to the caller\'s keys and forbids its own with_limited_by', async () => {
    const own = await call('POST', '/_security/api_key', { auth: KEY_USER, body: { name: 'key-0-limited-by-api-key-user' } });
    expect(own.status).toBe(200);
    const forbidden = await call('GET', `/_security/api_key?id=${own.body.id}&with_limited_by=true`, { auth: { apiKey: own.body.encoded } });
    expect(forbidden.status).toBe(403);
    const owned = await call('GET', '/_security/api_key?owner=true', { auth: KEY_USER });
    expect(owned.body.api_keys.map((k: { name: string }) => k.name)).toEqual(['key-0-limited-by-api-key-user']);
    const notOwner = await call('GET', '/_security/api_key', { auth: KEY_USER });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.reason).toContain('action [cluster:admin/xpack/security/api_key/get] is unauthorized for user [api_key_user]');
  });

  it('invalidates by ids, reports previously invalidated keys, and invalidated keys stop working (Test invalidate api keys)', async () => {
    const ids: string[] = [];
    let encoded = '';
    for (const n of [1, 2, 3]) {
      const r = await call('POST', '/_security/api_key', { auth: KEY_ADMIN, body: { name: `my-api-key-${n}`, expiration: '1d', role_descriptors: {} } });
      ids.push(r.body.id);
      encoded = r.body.encoded;
    }
    const res = await call('DELETE', '/_security/api_key', { auth: KEY_ADMIN, body: { ids } });
    expect(res.status).toBe(200);
    expect([...res.body.invalidated_api_keys].sort()).toEqual([...ids].sort());
    expect(res.body.previously_invalidated_api_keys).toEqual([]);
    expect(res.body.error_count).toBe(0);
    expect(res.body.error_details).toBeUndefined();
    const again = await call('DELETE', '/_security/api_key', { auth: KEY_ADMIN, body: { ids } });
    expect(again.body.invalidated_api_keys).toEqual([]);
    expect([...again.body.previously_invalidated_api_keys].sort()).toEqual([...ids].sort());
    const dead = await call('GET', '/_security/_authenticate', { auth: { apiKey: encoded } });
    expect(dead.status).toBe(401);
    expect(dead.body.error.additional_unsuccessful_credentials).toContain('has been invalidated');
  });

  it('invalidates by name and validates the criteria', async () => {
    await call('POST', '/_security/api_key', { auth: KEY_ADMIN, body: { name: 'by-name-1' } });
    const res = await call('DELETE', '/_security/api_key', { auth: KEY_ADMIN, body: { name: 'by-name-*' } });
    expect(res.body.invalidated_api_keys).toHaveLength(1);
    const none = await call('DELETE', '/_security/api_key', { auth: KEY_ADMIN, body: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.reason).toContain('must be specified if [owner] flag is false');
    const both = await call('DELETE', '/_security/api_key', { auth: KEY_ADMIN, body: { ids: ['a'], username: 'x' } });
    expect(both.body.error.reason).toContain('username or realm name must not be specified when the api key id(s) or api key name are specified');
  });

  it('expires keys', async () => {
    const r = await call('POST', '/_security/api_key', { auth: KEY_ADMIN, body: { name: 'short', expiration: '1h' } });
    expect((await call('GET', '/_security/_authenticate', { auth: { apiKey: r.body.encoded } })).status).toBe(200);
    server.advanceTime(3_600_001);
    const res = await call('GET', '/_security/_authenticate', { auth: { apiKey: r.body.encoded } });
    expect(res.status).toBe(401);
    expect(res.body.error.additional_unsuccessful_credentials).toBe('API key: api key is expired');
  });

  describe('create validation', () => {
    const create = (body: unknown) => call('POST', '/_security/api_key', { auth: KEY_ADMIN, body });

    it('checks the name', async () => {
      expect((await create({})).body.error.reason).toBe('Validation Failed: 1: api key name is required;');
      expect((await create({ name: '_x' })).body.error.reason).toBe('Validation Failed: 1: api key name may not begin with an underscore;');
      expect((await create({ name: ' x' })).body.error.reason).toBe('Validation Failed: 1: api key name may not begin or end with whitespace;');
      expect((await create({ name: 'x'.repeat(257) })).body.error.reason).toBe('Validation Failed: 1: api key name may not be more than 256 characters long;');
    });

    it('rejects description but accepts restriction in role descriptors', async () => {
      const desc = await create({ name: 'k', role_descriptors: { r: { description: 'no' } } });
      expect(desc.status).toBe(400);
      expect(desc.body.error.reason).toBe('failed to parse role [r]. unexpected field [description]');
      const restricted = await create({ name: 'k', role_descriptors: { r: { restriction: { workflows: ['search_application_query'] } } } });
      expect(restricted.status).toBe(200);
      const two = await create({ name: 'k', role_descriptors: { a: { restriction: { workflows: ['search_application_query'] } }, b: {} } });
      expect(two.body.error.reason).toBe('combining role descriptors with and without restriction is not supported');
      const empty = await create({ name: 'k', role_descriptors: { r: { restriction: { workflows: [] } } } });
      expect(empty.body.error.reason).toBe('failed to parse restriction for role [r]. [workflows] cannot be an empty array');
    });

    it('lets an API key create only derived keys with an explicitly empty descriptor', async () => {
      const parent = await create({ name: 'parent' });
      const asKey = (body: unknown) => call('POST', '/_security/api_key', { auth: { apiKey: parent.body.encoded }, body });
      const reason = 'creating derived api keys requires an explicit role descriptor that is empty (has no privileges)';
      expect((await asKey({ name: 'child' })).body.error).toMatchObject({ type: 'illegal_argument_exception', reason });
      expect((await asKey({ name: 'child', role_descriptors: { r: { cluster: ['monitor'] } } })).body.error.reason).toBe(reason);
      expect((await asKey({ name: 'child', role_descriptors: { r: {} } })).status).toBe(200);
    });

    it('validates privileges, metadata and expiration', async () => {
      const bad = await create({ name: 'k', role_descriptors: { r: { cluster: ['nope'] } }, metadata: { _x: 1 } });
      expect(bad.body.error.reason).toMatch(/^Validation Failed: 1: unknown cluster privilege \[nope\]\..*;2: API key metadata keys may not start with \[_\];$/);
      const exp = await create({ name: 'k', expiration: '3 fortnights' });
      expect(exp.body.error.type).toBe('parse_exception');
      expect(exp.body.error.reason).toContain('failed to parse setting [expiration] with value [3 fortnights] as a time value');
    });
  });

  describe('grant (api_key/12_grant)', () => {
    const grantBody = { api_key: { name: 'my-api-key', expiration: '1d', role_descriptors: { role: { index: [{ names: ['index'], privileges: ['read'] }] } } } };

    it('grants with password; the key authenticates as the target', async () => {
      const res = await call('POST', '/_security/api_key/grant', { auth: GRANTER, body: { ...grantBody, grant_type: 'password', ...TARGET } });
      expect(res.status).toBe(200);
      expect(res.body.encoded).toBe(Buffer.from(`${res.body.id}:${res.body.api_key}`).toString('base64'));
      const who = await call('GET', '/_security/_authenticate', { auth: { apiKey: res.body.encoded } });
      expect(who.body).toMatchObject({ username: TARGET.username, roles: [], api_key: { id: res.body.id, name: 'my-api-key' } });
    });

    it('grants with an access token, and refuses client_authentication with one', async () => {
      const token = await call('POST', '/_security/oauth2/token', { auth: ADMIN, body: { grant_type: 'password', ...TARGET } });
      const res = await call('POST', '/_security/api_key/grant', { auth: GRANTER, body: { ...grantBody, grant_type: 'access_token', access_token: token.body.access_token } });
      expect(res.status).toBe(200);
      const who = await call('GET', '/_security/_authenticate', { auth: { apiKey: res.body.encoded } });
      expect(who.body.username).toBe(TARGET.username);
      const bad = await call('POST', '/_security/api_key/grant', {
        auth: GRANTER,
        body: { api_key: { name: 'wrong-api-key' }, grant_type: 'access_token', access_token: token.body.access_token, client_authentication: { scheme: 'SharedSecret', value: 'whatever' } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ type: 'security_exception', reason: '[client_authentication] not supported with the supplied access_token type' });
    });

    it('forbids grant without grant_api_key, also for manage_own_api_key (which may create its own)', async () => {
      const reason =
        'action [cluster:admin/xpack/security/api_key/grant] is unauthorized for user [api_key_grant_target_user] with effective roles [api_key_grant_target_role], this action is granted by the cluster privileges [grant_api_key,manage_api_key,manage_security,all]';
      const res = await call('POST', '/_security/api_key/grant', { auth: TARGET, body: { ...grantBody, grant_type: 'password', ...GRANTER } });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ type: 'security_exception', reason });
      server.addRole('api_key_grant_target_role', { cluster: ['manage_own_api_key'], indices: [{ names: 'index', privileges: ['all'] }] });
      expect((await call('POST', '/_security/api_key', { auth: TARGET, body: { name: 'my-api-key' } })).status).toBe(200);
      const self = await call('POST', '/_security/api_key/grant', { auth: TARGET, body: { api_key: { name: 'my-api-key' }, grant_type: 'password', ...TARGET } });
      expect(self.status).toBe(403);
      expect(self.body.error.reason).toBe(reason);
      server.addRole('api_key_grant_target_role', { cluster: ['manage_token'], indices: [{ names: 'index', privileges: ['all'] }] });
    });

    it('grants with run_as, and refuses run_as the grantee may not use', async () => {
      const res = await call('POST', '/_security/api_key/grant', {
        auth: GRANTER,
        body: { api_key: { name: 'my-api-key-with-password-runas' }, grant_type: 'password', ...RUNAS, run_as: TARGET.username },
      });
      expect(res.status).toBe(200);
      const who = await call('GET', '/_security/_authenticate', { auth: { apiKey: res.body.encoded } });
      expect(who.body).toMatchObject({ username: TARGET.username, api_key: { name: 'my-api-key-with-password-runas' } });
      const denied = await call('POST', '/_security/api_key/grant', {
        auth: GRANTER,
        body: { api_key: { name: 'x' }, grant_type: 'password', ...RUNAS, run_as: 'elastic' },
      });
      expect(denied.status).toBe(403);
      expect(denied.body.error.reason).toBe(
        'action [cluster:admin/xpack/security/user/authenticate] is unauthorized for user [api_key_grant_runas_user] with effective roles [api_key_grant_runas_role], because user [api_key_grant_runas_user] is unauthorized to run as [elastic]',
      );
    });

    it('validates the grant body', async () => {
      const res = await call('POST', '/_security/api_key/grant', { auth: GRANTER, body: { api_key: { name: 'x' } } });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe('Validation Failed: 1: [grant_type] is required;');
      const wrongPw = await call('POST', '/_security/api_key/grant', { auth: GRANTER, body: { api_key: { name: 'x' }, grant_type: 'password', username: TARGET.username, password: 'nope' } });
      expect(wrongPw.status).toBe(401);
    });
  });
});
