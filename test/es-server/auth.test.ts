// Conformance of authentication, run-as, the root endpoint and ES's 400/401/403 bodies.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WWW_AUTHENTICATE } from './esErrors';
import { DEFAULT_USER, TestEsServer } from './server';
import { clientFor } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };
const RUNNER = { username: 'runner', password: 'runner-pw' };
const TARGET = { username: 'target', password: 'target-pw' };

describe('authentication and run-as', () => {
  let server: TestEsServer;
  let call: ReturnType<typeof clientFor>;
  beforeAll(async () => {
    server = await TestEsServer.start({
      version: '8.17.3',
      clusterName: 'conformance',
      users: [
        DEFAULT_USER,
        { ...RUNNER, roles: ['runas_role', 'ghost_role'], full_name: 'Run Ner' },
        { ...TARGET, roles: ['target_role'], realm: { name: 'file1', type: 'file' } },
        { username: 'nobody', password: 'nobody-pw', roles: [] },
        { username: 'disabled', password: 'disabled-pw', roles: ['superuser'], enabled: false },
      ],
      roles: { runas_role: { run_as: ['target'], cluster: ['monitor'] }, target_role: { cluster: ['manage_security'] } },
      tokens: { 'test-bearer-token-1234': 'target' },
    });
    call = clientFor(server.url);
  });
  afterAll(() => server.close());

  it('serves GET / with version, cluster name and the product header', async () => {
    const res = await call('GET', '/', { auth: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.version.number).toBe('8.17.3');
    expect(res.body.cluster_name).toBe('conformance');
    expect(res.body.tagline).toBe('You Know, for Search');
    expect(typeof res.body.name).toBe('string');
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers 401 with ES body and WWW-Authenticate when credentials are missing', async () => {
    const res = await call('GET', '/_security/_authenticate?pretty');
    expect(res.status).toBe(401);
    expect(res.body.error.root_cause[0].type).toBe('security_exception');
    expect(res.body.error.reason).toBe('missing authentication credentials for REST request [/_security/_authenticate?pretty]');
    expect(res.body.error.header['WWW-Authenticate']).toEqual(WWW_AUTHENTICATE);
    expect(res.headers['www-authenticate']).toContain('Basic realm="security" charset="UTF-8"');
    expect(res.text).toContain('\n  "error"');
  });

  it('answers 401 for wrong, unknown and disabled users (security/10_forbidden)', async () => {
    for (const auth of [{ username: 'test_user', password: 'wrong-password' }, { ...ADMIN, password: 'nope' }, { username: 'disabled', password: 'disabled-pw' }]) {
      const res = await call('GET', '/', { auth });
      expect(res.status).toBe(401);
      expect(res.body.error.root_cause[0].type).toBe('security_exception');
      expect(res.body.error.reason).toBe(`unable to authenticate user [${auth.username}] for REST request [/]`);
    }
  });

  it('authenticates basic credentials', async () => {
    const res = await call('GET', '/_security/_authenticate', { auth: TARGET });
    expect(res.body).toEqual({
      username: 'target',
      roles: ['target_role'],
      full_name: null,
      email: null,
      metadata: {},
      enabled: true,
      authentication_realm: { name: 'file1', type: 'file' },
      lookup_realm: { name: 'file1', type: 'file' },
      authentication_type: 'realm',
    });
  });

  it('authenticates configured bearer tokens and rejects unknown ones', async () => {
    const res = await call('GET', '/_security/_authenticate', { auth: { bearer: 'test-bearer-token-1234' } });
    expect(res.body.username).toBe('target');
    expect(res.body.authentication_type).toBe('token');
    const bad = await call('GET', '/_security/_authenticate', { auth: { bearer: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.reason).toBe('unable to authenticate with provided credentials and anonymous access is not allowed for this request');
  });

  it('mints bearer tokens with the password grant', async () => {
    const token = await call('POST', '/_security/oauth2/token', { auth: ADMIN, body: { grant_type: 'password', ...TARGET } });
    expect(token.body.type).toBe('Bearer');
    const res = await call('GET', '/_security/_authenticate', { auth: { bearer: token.body.access_token } });
    expect(res.body.username).toBe('target');
  });

  it('runs as another user when a role allows it', async () => {
    const res = await call('GET', '/_security/_authenticate', { auth: RUNNER, headers: { 'es-security-runas-user': 'target' } });
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('target');
    expect(res.body.authentication_realm).toEqual({ name: 'default_native', type: 'native' });
    expect(res.body.lookup_realm).toEqual({ name: 'file1', type: 'file' });
    // Authorization uses the run-as user's roles: target has manage_security, runner does not.
    const put = await call('PUT', '/_security/role/by_target', { auth: RUNNER, headers: { 'es-security-runas-user': 'target' }, body: { cluster: [] } });
    expect(put.body).toEqual({ role: { created: true } });
  });

  it('denies run-as with ES 403 wording (and for unknown users)', async () => {
    for (const who of ['elastic', 'no_such_user']) {
      const res = await call('GET', '/_security/_authenticate', { auth: RUNNER, headers: { 'es-security-runas-user': who } });
      expect(res.status).toBe(403);
      expect(res.body.error.type).toBe('security_exception');
      expect(res.body.error.reason).toBe(
        `action [cluster:admin/xpack/security/user/authenticate] is unauthorized for user [runner] with effective roles [runas_role] (assigned roles [ghost_role] were not found), because user [runner] is unauthorized to run as [${who}]`,
      );
    }
  });

  it('words a 403 for a run-as user and for an API key like ES', async () => {
    const asTarget = await call('GET', '/_security/api_key', { auth: RUNNER, headers: { 'es-security-runas-user': 'target' } });
    expect(asTarget.status).toBe(200);
    const denied = await call('PUT', '/_security/role/x', { auth: { username: 'nobody', password: 'nobody-pw' }, body: {} });
    expect(denied.body.error.reason).toBe(
      'action [cluster:admin/xpack/security/role/put] is unauthorized for user [nobody] with effective roles [], this action is granted by the cluster privileges [manage_security,all]',
    );
    const key = await call('POST', '/_security/api_key', { auth: ADMIN, body: { name: 'weak', role_descriptors: { r: { cluster: ['monitor'] } } } });
    const byKey = await call('PUT', '/_security/role/x', { auth: { apiKey: key.body.encoded }, body: {} });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.reason).toBe(
      `action [cluster:admin/xpack/security/role/put] is unauthorized for API key id [${key.body.id}] of user [elastic], this action is granted by the cluster privileges [manage_security,all]`,
    );
  });

  it('answers 400 for unknown paths and invalid JSON bodies', async () => {
    const res = await call('GET', '/_nope', { auth: ADMIN });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'no handler found for uri [/_nope] and method [GET]', status: 400 });
    const bad = await call('PUT', '/_security/role/x', { auth: ADMIN, rawBody: '{"cluster": [' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.type).toBe('x_content_parse_exception');
  });
});
