// Conformance of the test server's role endpoints, from the API shapes and YAML REST test behaviours.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../server/src/language/catalog';
import { DEFAULT_USER, TestEsServer } from './server';
import { clientFor } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };
const JOE = { username: 'joe', password: 's3krit-password' };

describe('roles on a 9.1 test server', () => {
  let server: TestEsServer;
  let call: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    server = await TestEsServer.start({
      version: '9.1.0',
      users: [DEFAULT_USER, { ...JOE, roles: ['admin_role'] }, { username: 'reader', password: 'reader-pw', roles: ['reader_role'] }],
      roles: { reader_role: { cluster: ['monitor'] } },
    });
    call = clientFor(server.url, { auth: ADMIN });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    for (const name of [...server.state.roles.keys()]) if (name !== 'reader_role') server.state.roles.delete(name);
  });

  it('creates then updates a role (created true, then false) and echoes it on GET (roles/10_basic)', async () => {
    const body = { cluster: ['all'], metadata: { key1: 'val1', key2: 'val2' }, indices: [{ names: '*', privileges: ['all'] }] };
    const first = await call('PUT', '/_security/role/admin_role', { body });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ role: { created: true } });
    const second = await call('POST', '/_security/role/admin_role', { body });
    expect(second.body).toEqual({ role: { created: false } });
    // joe has admin_role (cluster: all) and may now write roles himself, fields in any order.
    const backwards = await call('PUT', '/_security/role/backwards_role', { auth: JOE, body: { cluster: ['all'], indices: [{ privileges: ['all'], names: '*' }] } });
    expect(backwards.body).toEqual({ role: { created: true } });
    const got = await call('GET', '/_security/role/admin_role', { auth: JOE });
    expect(got.body.admin_role.cluster[0]).toBe('all');
    expect(got.body.admin_role.metadata).toEqual({ key1: 'val1', key2: 'val2' });
    expect(got.body.admin_role.indices[0].names).toEqual(['*']);
    expect(got.body.admin_role.indices[0].privileges[0]).toBe('all');
  });

  it('prints roles in output form: query as a string, allow_restricted_indices, transient_metadata (SPEC put/get role examples)', async () => {
    const put = await call('PUT', '/_security/role/my_admin_role', {
      body: {
        description: 'Grants full access to all management features within the cluster.',
        cluster: ['all'],
        indices: [
          { names: ['index1', 'index2'], privileges: ['all'], field_security: { grant: ['title', 'body'] }, query: { match: { title: 'foo' } } },
        ],
        applications: [{ application: 'myapp', privileges: ['admin', 'read'], resources: ['*'] }],
        run_as: ['other_user'],
        metadata: { version: 1 },
      },
    });
    expect(put.status).toBe(200);
    const got = await call('GET', '/_security/role/my_admin_role');
    expect(got.body).toEqual({
      my_admin_role: {
        description: 'Grants full access to all management features within the cluster.',
        cluster: ['all'],
        indices: [
          {
            names: ['index1', 'index2'],
            privileges: ['all'],
            field_security: { grant: ['title', 'body'] },
            query: '{"match":{"title":"foo"}}',
            allow_restricted_indices: false,
          },
        ],
        applications: [{ application: 'myapp', privileges: ['admin', 'read'], resources: ['*'] }],
        run_as: ['other_user'],
        metadata: { version: 1 },
        transient_metadata: { enabled: true },
      },
    });
  });

  it('answers 404 {} for a missing role and for a list of missing roles (roles/20_get_missing)', async () => {
    const one = await call('GET', '/_security/role/foo');
    expect(one.status).toBe(404);
    expect(one.body).toEqual({});
    const many = await call('GET', '/_security/role/foo,bar');
    expect(many.status).toBe(404);
    expect(many.body).toEqual({});
    const mixed = await call('GET', '/_security/role/foo,reader_role');
    expect(mixed.status).toBe(200);
    expect(Object.keys(mixed.body)).toEqual(['reader_role']);
  });

  it('lists reserved roles with metadata._reserved when no name is given', async () => {
    const all = await call('GET', '/_security/role');
    expect(all.body.superuser.metadata._reserved).toBe(true);
    expect(all.body.superuser.cluster).toEqual(['all']);
    expect(all.body.reader_role.cluster).toEqual(['monitor']);
  });

  it('deletes: found true, then 404 found false', async () => {
    await call('PUT', '/_security/role/temp', { body: { cluster: ['monitor'] } });
    expect((await call('DELETE', '/_security/role/temp')).body).toEqual({ found: true });
    const again = await call('DELETE', '/_security/role/temp');
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ found: false });
  });

  it('handles URL-encoded role names', async () => {
    const name = 'team a/ops+1';
    expect((await call('PUT', `/_security/role/${encodeURIComponent(name)}`, { body: { cluster: ['monitor'] } })).status).toBe(200);
    const got = await call('GET', `/_security/role/${encodeURIComponent(name)}`);
    expect(Object.keys(got.body)).toEqual([name]);
  });

  describe('validation', () => {
    const put = (name: string, body: unknown) => call('PUT', `/_security/role/${encodeURIComponent(name)}`, { body });

    it('rejects an unknown field with parse_exception', async () => {
      const res = await put('r1', { cluster: [], foo: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('parse_exception');
      expect(res.body.error.root_cause[0].type).toBe('parse_exception');
      expect(res.body.error.reason).toBe('failed to parse role [r1]. unexpected field [foo]');
      expect(res.body.status).toBe(400);
    });

    it('rejects restriction in a role (API keys only)', async () => {
      const res = await put('role_with_restriction', { restriction: { workflows: ['search_application_query'] } });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe('failed to parse role [role_with_restriction]. unexpected field [restriction]');
    });

    it('rejects an unknown cluster privilege with the full validation message', async () => {
      const res = await put('bad', { cluster: ['bad_cluster_privilege'] });
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe('action_request_validation_exception');
      const reason: string = res.body.error.reason;
      expect(reason.startsWith('Validation Failed: 1: unknown cluster privilege [bad_cluster_privilege]. a privilege must be either one of the predefined cluster privilege names [')).toBe(true);
      expect(reason.endsWith('] or a pattern over one of the available cluster actions;')).toBe(true);
      const listed = reason.slice(reason.indexOf('names [') + 7, reason.lastIndexOf('] or')).split(',');
      expect([...listed].sort()).toEqual([...bundledCatalog('9.1').names('cluster')].sort());
    });

    it('numbers several validation errors, and reports unknown index privileges', async () => {
      const res = await put('bad2', { cluster: ['nope'], indices: [{ names: ['i'], privileges: ['read', 'reed'] }] });
      const reason: string = res.body.error.reason;
      expect(reason).toMatch(/^Validation Failed: 1: unknown cluster privilege \[nope\]\. .*;2: unknown index privilege \[reed\]\. a privilege must be either one of the predefined fixed indices privileges \[.*\] or a pattern over one of the available index actions;$/);
    });

    it('accepts names case-insensitively and raw action patterns of the right kind only', async () => {
      expect((await put('ok1', { cluster: ['MONITOR', 'cluster:monitor/main'], indices: [{ names: ['x'], privileges: ['READ', 'indices:admin/get'] }] })).status).toBe(200);
      const wrongKind = await put('bad3', { cluster: ['indices:data/read/search'] });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.error.reason).toContain('unknown cluster privilege [indices:data/read/search]');
    });

    it('rejects metadata keys starting with _ and descriptions over 1000 characters', async () => {
      expect((await put('m', { metadata: { _secret: 1 } })).body.error.reason).toBe('Validation Failed: 1: role descriptor metadata keys may not start with [_];');
      expect((await put('d', { description: 'x'.repeat(1001) })).body.error.reason).toBe('Validation Failed: 1: Role description must be less than 1000 characters.;');
      expect((await put('d2', { description: 'x'.repeat(1000) })).status).toBe(200);
    });

    it('rejects reserved and malformed role names', async () => {
      expect((await put('superuser', { cluster: [] })).body.error.reason).toBe('Validation Failed: 1: Role [superuser] is reserved and may not be used.;');
      expect((await put(' padded', { cluster: [] })).body.error.reason).toContain('Leading or trailing whitespace is not allowed.');
    });

    it('rejects index entries without names or privileges and the 2.x fields format', async () => {
      expect((await put('n', { indices: [{ privileges: ['read'] }] })).body.error.reason).toBe('failed to parse indices privileges for role [n]. missing required [names] field');
      expect((await put('n', { indices: [{ names: [], privileges: ['read'] }] })).body.error.reason).toBe('failed to parse indices privileges for role [n]. [names] cannot be an empty array');
      expect((await put('n', { indices: [{ names: ['a'] }] })).body.error.reason).toBe('failed to parse indices privileges for role [n]. missing required [privileges] field');
      expect((await put('n', { indices: [{ names: ['a'], privileges: ['read'], fields: ['x'] }] })).body.error.reason).toContain('format has changed for field permissions');
    });

    it('rejects a terms-lookup role query (roles/30_prohibited_role_query)', async () => {
      const res = await put('q', { indices: [{ names: ['i'], privileges: ['read'], query: { terms: { user: { index: 'users', id: '1', path: 'names' } } } }] });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toMatch(/terms query with terms lookup isn't supported as part of a role query/);
    });

    it('round-trips global application privileges (roles/40_global_privileges)', async () => {
      const global = { application: { manage: { applications: ['app1-*', 'app2-*'] } } };
      expect((await put('g', { global })).status).toBe(200);
      expect((await call('GET', '/_security/role/g')).body.g.global).toEqual(global);
      const bad = await put('g2', { global: { nope: {} } });
      expect(bad.body.error.type).toBe('x_content_parse_exception');
      expect(bad.body.error.reason).toContain('expected one of [application, profile, role] but found [nope] instead');
    });

    it('accepts a remote-only role (roles/50_remote_only)', async () => {
      const body = {
        remote_indices: [{ names: ['logs*'], privileges: ['read'], clusters: ['my_remote*'], allow_restricted_indices: false }],
        remote_cluster: [{ privileges: ['monitor_enrich'], clusters: ['my_remote*', 'my_remote2*'] }],
      };
      expect((await put('remote_role', body)).status).toBe(200);
      const got = (await call('GET', '/_security/role/remote_role')).body.remote_role;
      expect(got.remote_indices).toEqual(body.remote_indices);
      expect(got.remote_cluster).toEqual(body.remote_cluster);
      const noClusters = await put('r2', { remote_indices: [{ names: ['a'], privileges: ['read'] }] });
      expect(noClusters.body.error.reason).toBe('failed to parse remote indices privileges for role [r2]. missing required [clusters] field');
      const badRemote = await put('r3', { remote_cluster: [{ privileges: ['monitor_stats', 'read_pipeline'], clusters: ['x'] }] });
      expect(badRemote.body.error.reason).toBe(
        'failed to parse remote_cluster for role [r3]. [monitor_enrich, monitor_stats] are the only values allowed for [privileges] within [remote_cluster]. Found [monitor_stats, read_pipeline]',
      );
    });

    it('rejects unrecognized query parameters', async () => {
      const res = await call('PUT', '/_security/role/p?refresh=true&bogus=1', { body: { cluster: [] } });
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe('request [/_security/role/p] contains unrecognized parameter: [bogus]');
    });
  });

  it('answers 403 with the action and granting privileges for a user without manage_security', async () => {
    const res = await call('PUT', '/_security/role/x', { auth: { username: 'reader', password: 'reader-pw' }, body: { cluster: [] } });
    expect(res.status).toBe(403);
    expect(res.body.error.type).toBe('security_exception');
    expect(res.body.error.reason).toBe(
      'action [cluster:admin/xpack/security/role/put] is unauthorized for user [reader] with effective roles [reader_role], this action is granted by the cluster privileges [manage_security,all]',
    );
  });

  describe('bulk put (8.15+)', () => {
    it('creates roles (roles/60_bulk_roles) then reports updated and noop', async () => {
      const roles = {
        admin_role: { cluster: ['all'], metadata: { key1: 'val1' }, indices: [{ names: '*', privileges: ['all'] }] },
        role_with_description: { description: 'Allows all security-related operations.', cluster: ['manage_security'] },
      };
      const first = await call('POST', '/_security/role', { body: { roles } });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ created: ['admin_role', 'role_with_description'] });
      const second = await call('POST', '/_security/role', {
        body: { roles: { ...roles, admin_role: { ...roles.admin_role, cluster: ['monitor'] }, role_with_description: { cluster: ['manage_security'], description: roles.role_with_description.description } } },
      });
      expect(second.body).toEqual({ updated: ['admin_role'], noop: ['role_with_description'] });
      const del = await call('DELETE', '/_security/role', { body: { names: ['admin_role', 'role_with_description', 'nope'] } });
      expect(del.body).toEqual({ deleted: ['admin_role', 'role_with_description'], not_found: ['nope'] });
    });

    it('reports per-role validation errors with partial success (SPEC bulk example 2)', async () => {
      const res = await call('POST', '/_security/role', {
        body: { roles: { my_admin_role: { cluster: ['bad_cluster_privilege'] }, my_user_role: { cluster: ['monitor'] } } },
      });
      expect(res.status).toBe(200);
      expect(res.body.created).toEqual(['my_user_role']);
      expect(res.body.errors.count).toBe(1);
      expect(res.body.errors.details.my_admin_role.type).toBe('action_request_validation_exception');
      expect(res.body.errors.details.my_admin_role.reason).toMatch(/^Validation Failed: 1: unknown cluster privilege \[bad_cluster_privilege\]/);
      expect(server.state.roles.has('my_admin_role')).toBe(false);
    });
  });
});

describe('roles on an 8.12 test server', () => {
  let server: TestEsServer;
  let legacy404: TestEsServer;
  beforeAll(async () => {
    [server, legacy404] = await Promise.all([TestEsServer.start({ version: '8.12.0' }), TestEsServer.start({ version: '8.12.0', legacyStatus: 404 })]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), legacy404.close()]);
  });

  it('has no bulk role API: 405 like ES for an unsupported method, or the configured status', async () => {
    const res = await clientFor(server.url, { auth: ADMIN })('POST', '/_security/role', { body: { roles: { a: {} } } });
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ error: 'Incorrect HTTP method for uri [/_security/role] and method [POST], allowed: [GET]', status: 405 });
    const res404 = await clientFor(legacy404.url, { auth: ADMIN })('POST', '/_security/role', { body: { roles: { a: {} } } });
    expect(res404.status).toBe(404);
  });

  it('rejects fields newer than the version: description (8.15) and remote_cluster (8.15)', async () => {
    const call = clientFor(server.url, { auth: ADMIN });
    expect((await call('PUT', '/_security/role/d', { body: { description: 'x' } })).body.error.reason).toBe('failed to parse role [d]. unexpected field [description]');
    expect((await call('PUT', '/_security/role/d', { body: { remote_cluster: [] } })).body.error.reason).toBe('failed to parse role [d]. unexpected field [remote_cluster]');
  });
});
