// Conformance of builtin privileges and has_privileges on the test server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../server/src/language/catalog';
import { DEFAULT_USER, TestEsServer } from './server';
import { clientFor } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };
const PW = 'p@ssw0rd';

describe('builtin privileges', () => {
  let v91: TestEsServer;
  let v812: TestEsServer;
  beforeAll(async () => {
    [v91, v812] = await Promise.all([TestEsServer.start({ version: '9.1.0' }), TestEsServer.start({ version: '8.12.0' })]);
  });
  afterAll(async () => {
    await Promise.all([v91.close(), v812.close()]);
  });

  it('lists sorted cluster, index and remote_cluster names of the version (remote_cluster since 8.15)', async () => {
    const res = await clientFor(v91.url, { auth: ADMIN })('GET', '/_security/privilege/_builtin');
    expect(res.status).toBe(200);
    const cat = bundledCatalog('9.1');
    expect(res.body.cluster).toEqual([...cat.names('cluster')].sort());
    expect(res.body.index).toEqual([...cat.names('index')].sort());
    expect(res.body.remote_cluster).toEqual(['monitor_enrich', 'monitor_stats']);
    expect([...res.body.cluster].sort()).toEqual(res.body.cluster);

    const old = await clientFor(v812.url, { auth: ADMIN })('GET', '/_security/privilege/_builtin');
    expect(old.body.remote_cluster).toBeUndefined();
    expect(old.body.cluster).toEqual([...bundledCatalog('8.12').names('cluster')].sort());
    expect(old.body.cluster).not.toEqual(res.body.cluster);
  });
});

describe('has_privileges', () => {
  let server: TestEsServer;
  let call: ReturnType<typeof clientFor>;
  beforeAll(async () => {
    server = await TestEsServer.start({
      version: '9.1.0',
      users: [
        DEFAULT_USER,
        { username: 'my_admin', password: 'admin01', roles: ['superuser'] },
        { username: 'api_key_user', password: 'x-pack-test-password', roles: ['admin_role'] },
        { username: 'eng_read', password: PW, roles: ['myapp_engineering_read'] },
        { username: 'your_read', password: PW, roles: ['yourapp_read_config'] },
        { username: 'rdeniro', password: PW, roles: ['ops'] },
        { username: 'sec_literal', password: PW, roles: ['security_literal'] },
        { username: 'sec_allowed', password: PW, roles: ['security_allowed'] },
      ],
      roles: {
        // A restricted index named literally, without and with allow_restricted_indices.
        security_literal: { indices: [{ names: ['.security-7', 'logs-*'], privileges: ['read'] }] },
        security_allowed: { indices: [{ names: ['.security-7'], privileges: ['read'], allow_restricted_indices: true }] },
        admin_role: {
          cluster: ['manage_api_key'],
          indices: [{ names: '*', privileges: ['all'] }],
          applications: [{ application: 'myapp', privileges: ['*'], resources: ['*'] }],
        },
        myapp_engineering_read: {
          cluster: [],
          indices: [{ names: 'engineering-*', privileges: ['read'] }],
          applications: [
            { application: 'myapp', privileges: ['user'], resources: ['*'] },
            { application: 'myapp', privileges: ['read'], resources: ['engineering/*'] },
          ],
        },
        yourapp_read_config: { cluster: [], indices: [], applications: [{ application: 'yourapp-*', privileges: ['read'], resources: ['settings/*'] }] },
        ops: {
          cluster: ['monitor', 'cluster:admin/xpack/security/role/*'],
          indices: [
            { names: ['suppliers', 'products'], privileges: ['read'] },
            { names: ['inventory'], privileges: ['read'] },
            { names: ['/logs-[0-9]+/'], privileges: ['write'] },
          ],
        },
      },
      applicationPrivileges: {
        myapp: { user: ['action:login', 'version:1.0.*'], read: ['data:read/*'], write: ['data:write/*'] },
        'yourapp-v1': { read: ['data:read/*'] },
        'yourapp-v2': { read: ['data:read/*'] },
      },
    });
    call = clientFor(server.url);
  });
  afterAll(() => server.close());

  it('evaluates an API key with role descriptors (api_key/10_basic "Test has privileges API for api key")', async () => {
    const created = await call('POST', '/_security/api_key', {
      auth: { username: 'api_key_user', password: 'x-pack-test-password' },
      body: {
        name: 'my-api-key',
        expiration: '1d',
        role_descriptors: {
          'role-a': {
            cluster: ['all'],
            index: [{ names: ['index-a'], privileges: ['read'] }],
            applications: [{ application: 'myapp', privileges: ['read'], resources: ['*'] }],
          },
          'role-b': { cluster: ['manage'], index: [{ names: ['index-b'], privileges: ['all'] }] },
        },
      },
    });
    expect(created.status).toBe(200);
    const res = await call('GET', '/_security/user/_has_privileges', {
      auth: { apiKey: created.body.encoded },
      body: {
        index: [
          { names: ['*', 'index-a'], privileges: ['read', 'index', 'write'] },
          { names: ['index-a', 'index-b'], privileges: ['read', 'write'] },
        ],
        application: [{ application: 'myapp', resources: ['*', 'some-other-res'], privileges: ['data:read/me', 'data:write/me'] }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      username: 'api_key_user',
      has_all_requested: false,
      cluster: {},
      index: {
        '*': { read: false, index: false, write: false },
        'index-a': { read: true, index: false, write: false },
        'index-b': { read: true, write: true },
      },
      application: {
        myapp: {
          '*': { 'data:read/me': true, 'data:write/me': false },
          'some-other-res': { 'data:read/me': true, 'data:write/me': false },
        },
      },
    });
  });

  it('limits an API key by its owner: the key cannot exceed the owner (cluster all on the key, manage_api_key on the owner)', async () => {
    const created = await call('POST', '/_security/api_key', {
      auth: { username: 'api_key_user', password: 'x-pack-test-password' },
      body: { name: 'k', role_descriptors: { r: { cluster: ['all'] } } },
    });
    const res = await call('POST', '/_security/user/_has_privileges', { auth: { apiKey: created.body.encoded }, body: { cluster: ['manage_api_key', 'manage_security'] } });
    expect(res.body.cluster).toEqual({ manage_api_key: true, manage_security: false });
  });

  it('gives a superuser everything, even unknown applications (privileges/30_superuser)', async () => {
    const res = await call('POST', '/_security/user/_has_privileges', {
      auth: { username: 'my_admin', password: 'admin01' },
      body: {
        cluster: ['manage'],
        index: [{ names: ['*'], privileges: ['read', 'index', 'write'] }],
        application: [
          { application: 'app01', resources: ['*'], privileges: ['action:login', 'data:read/secrets'] },
          { application: 'app02', resources: ['thing/1'], privileges: ['data:write/thing'] },
          { application: 'app01', resources: ['foo'], privileges: ['dne', 'data:dne'] },
          { application: 'app-dne', resources: ['bar'], privileges: ['anything', 'action:anything'] },
        ],
      },
    });
    expect(res.body.username).toBe('my_admin');
    expect(res.body.has_all_requested).toBe(true);
    expect(res.body.application).toEqual({
      app01: { '*': { 'action:login': true, 'data:read/secrets': true }, foo: { dne: true, 'data:dne': true } },
      app02: { 'thing/1': { 'data:write/thing': true } },
      'app-dne': { bar: { anything: true, 'action:anything': true } },
    });
  });

  it('resolves application privileges by name and by action (privileges/20_has_application_privs)', async () => {
    const eng = await call('POST', '/_security/user/_has_privileges', {
      auth: { username: 'eng_read', password: PW },
      body: {
        index: [{ names: ['engineering-logs', 'product-logs'], privileges: ['read', 'index', 'write'] }],
        application: [
          { application: 'myapp', resources: ['*'], privileges: ['action:login', 'version:1.0.3'] },
          { application: 'myapp', resources: ['engineering/logs/*', 'product/logs/*'], privileges: ['data:read/log/raw', 'data:write/log/raw'] },
        ],
      },
    });
    expect(eng.body).toEqual({
      username: 'eng_read',
      has_all_requested: false,
      cluster: {},
      index: {
        'engineering-logs': { read: true, index: false, write: false },
        'product-logs': { read: false, index: false, write: false },
      },
      application: {
        myapp: {
          '*': { 'action:login': true, 'version:1.0.3': true },
          'engineering/logs/*': { 'data:read/log/raw': true, 'data:write/log/raw': false },
          'product/logs/*': { 'data:read/log/raw': false, 'data:write/log/raw': false },
        },
      },
    });
    const yours = await call('POST', '/_security/user/_has_privileges', {
      auth: { username: 'your_read', password: PW },
      body: {
        application: [
          { application: 'yourapp-v1', resources: ['settings/host', 'system/key'], privileges: ['data:read/settings', 'data:write/settings', 'read', 'write'] },
          { application: 'yourapp-v2', resources: ['settings/host'], privileges: ['data:read/settings', 'data:write/settings'] },
        ],
      },
    });
    expect(yours.body.application).toEqual({
      'yourapp-v1': {
        'settings/host': { 'data:read/settings': true, 'data:write/settings': false, read: true, write: false },
        'system/key': { 'data:read/settings': false, 'data:write/settings': false, read: false, write: false },
      },
      'yourapp-v2': { 'settings/host': { 'data:read/settings': true, 'data:write/settings': false } },
    });
  });

  it('never lets an entry without allow_restricted_indices cover a restricted index, even named literally', async () => {
    const ask = (username: string) =>
      call('POST', '/_security/user/_has_privileges', {
        auth: { username, password: PW },
        body: { index: [{ names: ['.security-7', 'logs-1'], privileges: ['read'] }] },
      });
    expect((await ask('sec_literal')).body.index).toEqual({ '.security-7': { read: false }, 'logs-1': { read: true } });
    expect((await ask('sec_allowed')).body.index).toEqual({ '.security-7': { read: true }, 'logs-1': { read: false } });
  });

  it('matches the SPEC example shape and evaluates cluster privileges through implication and raw actions', async () => {
    const res = await call('POST', '/_security/user/rdeniro/_has_privileges', {
      auth: { username: 'rdeniro', password: PW },
      body: {
        cluster: ['monitor', 'manage', 'monitor_ml', 'cluster:monitor/main', 'cluster:admin/xpack/security/role/put', 'cluster:admin/xpack/security/user/put'],
        index: [
          { names: ['suppliers', 'products'], privileges: ['read'] },
          { names: ['inventory'], privileges: ['read', 'write'], allow_restricted_indices: false },
          { names: ['logs-42', 'logs-x'], privileges: ['write', 'index'] },
        ],
        application: [{ application: 'inventory_manager', privileges: ['read', 'data:write/inventory'], resources: ['product/1852563'] }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      username: 'rdeniro',
      has_all_requested: false,
      cluster: {
        monitor: true,
        manage: false,
        monitor_ml: true,
        'cluster:monitor/main': true,
        'cluster:admin/xpack/security/role/put': true,
        'cluster:admin/xpack/security/user/put': false,
      },
      index: {
        suppliers: { read: true },
        products: { read: true },
        inventory: { read: true, write: false },
        'logs-42': { write: true, index: true },
        'logs-x': { write: false, index: false },
      },
      application: { inventory_manager: { 'product/1852563': { read: false, 'data:write/inventory': false } } },
    });
  });

  it('covers a requested index pattern only when a role pattern matches it as a string', async () => {
    const res = await call('POST', '/_security/user/_has_privileges', {
      auth: { username: 'eng_read', password: PW },
      body: { index: [{ names: ['engineering-*', 'engineering-?', '*'], privileges: ['read'] }] },
    });
    expect(res.body.index).toEqual({ 'engineering-*': { read: true }, 'engineering-?': { read: true }, '*': { read: false } });
  });

  describe('request errors', () => {
    const hp = (body: unknown, path = '/_security/user/_has_privileges') => call('POST', path, { auth: { username: 'eng_read', password: PW }, body });

    it('rejects `indices` (the field is `index`)', async () => {
      const res = await hp({ indices: [{ names: ['a'], privileges: ['read'] }] });
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('parse_exception');
      expect(res.body.error.reason).toBe('failed to parse privileges check [eng_read]. unexpected field [indices]');
    });

    it('rejects field_security and query inside index', async () => {
      expect((await hp({ index: [{ names: ['a'], privileges: ['read'], field_security: { grant: ['*'] } }] })).body.error.reason).toBe(
        'Field [field_security] is not supported in a has_privileges request',
      );
      expect((await hp({ index: [{ names: ['a'], privileges: ['read'], query: '{}' }] })).body.error.reason).toBe('Field [query] is not supported in a has_privileges request');
    });

    it('rejects an empty request two ways', async () => {
      const none = await hp({});
      expect(none.status).toBe(400);
      expect(none.body.error.reason).toBe('failed to parse privileges check [eng_read]. All privilege fields [cluster,index,applications] are missing');
      const empty = await hp({ cluster: [], index: [] });
      expect(empty.body.error.type).toBe('action_request_validation_exception');
      expect(empty.body.error.reason).toBe('Validation Failed: 1: must specify at least one privilege;');
    });

    it('rejects a wildcard application name and checking another user', async () => {
      expect((await hp({ application: [{ application: '*', privileges: ['read'], resources: ['*'] }] })).body.error.reason).toBe(
        "Validation Failed: 1: Application names may not contain '*' (found '*');",
      );
      const other = await hp({ cluster: ['monitor'] }, '/_security/user/your_read/_has_privileges');
      expect(other.status).toBe(400);
      expect(other.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'users may only check the privileges of their own account' });
    });

    it('rejects unknown privilege names', async () => {
      const res = await hp({ cluster: ['monitr'] });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toMatch(/^unknown cluster privilege \[monitr\]/);
    });
  });
});
