// Faults injected by the test server: typed errors, describeError text, and what is (not) retried.

import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import {
  bulkPutRoles,
  ConnectionError,
  createApiKey,
  createClient,
  describeError,
  EsApiError,
  getRoles,
  getRoot,
  putRole,
  TimeoutError,
  UnexpectedResponseError,
  type ClientOptions,
  type EsClient,
} from '../../client/src/cluster';
import { TestEsServer } from '../es-server/server';
import { ADMIN, itServerOnly, REAL_CLUSTER, rejectionOf, startTarget, type Target } from './target';

describe('faults', () => {
  let target: Target;
  let client: EsClient;
  const make = (overrides: Partial<Target['config']> = {}, options: ClientOptions = {}) =>
    createClient(target.with(overrides), { retryBaseDelayMs: 10, ...options });
  const server = () => target.server!;
  const count = (path: string, method?: string) => server().requestsTo(path, method).length;

  beforeAll(async () => {
    target = await startTarget();
    client = make();
  });
  afterAll(async () => {
    await client.close();
    await target.close();
  });
  beforeEach(() => {
    if (REAL_CLUSTER) return;
    server().clearFaults();
    server().clearRequests();
  });

  itServerOnly('401 -> EsApiError, "check the credentials"', async () => {
    server().injectFault({ kind: 'status', status: 401, path: '/' });
    const err = await rejectionOf(getRoot(client));
    expect(err).toBeInstanceOf(EsApiError);
    expect((err as EsApiError).status).toBe(401);
    expect(describeError(err, 'local')).toMatch(/authentication failed .*Check the credentials \(Set Credentials\)\.$/);
    expect(count('/')).toBe(1);
  });

  itServerOnly('403 -> ES reason quoted', async () => {
    const reason = 'action [cluster:admin/xpack/security/role/put] is unauthorized for user [x] with effective roles [viewer], this action is granted by the cluster privileges [manage_security,all]';
    server().injectFault({ kind: 'status', status: 403, reason, method: 'PUT' });
    const err = await rejectionOf(putRole(client, 'r', { cluster: [] }));
    expect((err as EsApiError).type).toBe('security_exception');
    expect(describeError(err, 'local')).toContain(`permission denied (403): ${reason}.`);
  });

  itServerOnly('404 and 409 -> EsApiError with hints; a 409 write is not retried', async () => {
    server().injectFault({ kind: 'status', status: 404, path: '/_security/privilege/_builtin' });
    const notFound = await rejectionOf(client.request({ method: 'GET', path: '/_security/privilege/_builtin' }));
    expect(describeError(notFound, 'local')).toMatch(/not found \(404\) \(GET \/_security\/privilege\/_builtin\)/);
    server().injectFault({ kind: 'status', status: 409, method: 'PUT', count: 'always' });
    const conflict = await rejectionOf(putRole(client, 'r', { cluster: [] }));
    expect((conflict as EsApiError).status).toBe(409);
    expect(describeError(conflict, 'local')).toMatch(/conflict \(409\).*reload and retry/);
    expect(count('/_security/role/r', 'PUT')).toBe(1);
  });

  itServerOnly('a 404 error object on GET role (a proxy, not ES\'s {} for unknown names) is described by its type and reason', async () => {
    server().injectFault({ kind: 'status', status: 404, reason: 'no such route', method: 'GET', path: '/_security/role/r' });
    const err = await rejectionOf(getRoles(client, 'r'));
    expect(err).toBeInstanceOf(EsApiError);
    const text = describeError(err, 'local');
    expect(text).toMatch(/^Cluster "local": not found \(404\) \(GET \/_security\/role\/r\): no such route\./);
    expect(text).not.toContain('[object');
  });

  itServerOnly('429 on a read waits for Retry-After, then succeeds', async () => {
    server().injectFault({ kind: 'status', status: 429, retryAfter: 1, path: '/' });
    const t = Date.now();
    expect((await getRoot(client)).tagline).toBe('You Know, for Search');
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    expect(count('/')).toBe(2);
  });

  itServerOnly('429 with a long Retry-After fails at once; 429 on a write is never retried', async () => {
    server().injectFault({ kind: 'status', status: 429, retryAfter: 120, path: '/' });
    const err = await rejectionOf(getRoot(client));
    expect((err as EsApiError).retryAfterSeconds).toBe(120);
    expect(describeError(err, 'local')).toMatch(/too many requests \(429\).*retry after 120 s \(Retry-After\)/);
    expect(count('/')).toBe(1);
    server().injectFault({ kind: 'status', status: 429, retryAfter: 0, path: '/_security/api_key' });
    expect((await rejectionOf(createApiKey(client, { name: 'k' }))) as EsApiError).toMatchObject({ status: 429 });
    expect(count('/_security/api_key', 'POST')).toBe(1);
  });

  itServerOnly('500 -> server error, not retried', async () => {
    server().injectFault({ kind: 'status', status: 500, path: '/' });
    const err = await rejectionOf(getRoot(client));
    expect(describeError(err, 'local')).toMatch(/server error \(500 exception: injected internal server error\) \(GET \/\)\. .*retry later/);
    expect(count('/')).toBe(1);
  });

  itServerOnly('503 on a GET is retried (up to 2 retries)', async () => {
    server().injectFault({ kind: 'status', status: 503, path: '/_security/role', count: 2 });
    expect(await getRoles(client)).toHaveProperty('superuser');
    expect(count('/_security/role', 'GET')).toBe(3);
    server().clearRequests();
    server().injectFault({ kind: 'status', status: 503, path: '/_security/role', count: 'always' });
    const err = await rejectionOf(getRoles(client));
    expect((err as EsApiError).status).toBe(503);
    expect(count('/_security/role', 'GET')).toBe(3);
  });

  itServerOnly('503 on create API key and on bulk put is never retried (and bulk does not fall back)', async () => {
    server().injectFault({ kind: 'status', status: 503, method: 'POST', count: 'always' });
    expect(((await rejectionOf(createApiKey(client, { name: 'k' }))) as EsApiError).status).toBe(503);
    expect(((await rejectionOf(bulkPutRoles(client, { a: {} }))) as EsApiError).status).toBe(503);
    expect(server().requests.map((r) => `${r.method} ${r.pathname}`)).toEqual(['POST /_security/api_key', 'POST /_security/role']);
  });

  itServerOnly('connection reset: a GET is retried, a PUT is not', async () => {
    server().injectFault({ kind: 'reset', path: '/' });
    expect((await getRoot(client)).cluster_name).toBe('es-roles-test');
    expect(count('/')).toBe(2);
    server().injectFault({ kind: 'reset', method: 'PUT', count: 'always' });
    const err = await rejectionOf(putRole(client, 'r', { cluster: [] }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('reset');
    expect(describeError(err, 'local')).toMatch(/closed or reset before the response was complete/);
    expect(count('/_security/role/r', 'PUT')).toBe(1);
  });

  itServerOnly('reset in the middle of the response -> ConnectionError after the retries', async () => {
    server().injectFault({ kind: 'resetMidBody', path: '/_security/role', count: 'always' });
    const err = await rejectionOf(getRoles(client));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('reset');
    expect(count('/_security/role')).toBe(3);
  });

  itServerOnly('timeout while waiting, and during a slow body -> TimeoutError, not retried', async () => {
    const quick = make({ timeoutMs: 200 });
    try {
      server().injectFault({ kind: 'latency', ms: 1500, path: '/' });
      const t = Date.now();
      const err = await rejectionOf(getRoot(quick));
      expect(err).toBeInstanceOf(TimeoutError);
      expect(Date.now() - t).toBeLessThan(1200);
      expect(describeError(err, 'local')).toMatch(/no response within 200 ms \(GET \/\)\. Check the network, or increase the timeout/);
      expect(count('/')).toBe(1);
      server().injectFault({ kind: 'slowBody', ms: 100, chunks: 10, path: '/_security/_authenticate' });
      expect(await rejectionOf(quick.request({ method: 'GET', path: '/_security/_authenticate' }))).toBeInstanceOf(TimeoutError);
    } finally {
      await quick.close();
    }
  });

  itServerOnly('an HTML page from a proxy -> UnexpectedResponseError (502 retried on GET first)', async () => {
    server().injectFault({ kind: 'html', status: 502, path: '/', count: 'always' });
    const err = await rejectionOf(getRoot(client));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as UnexpectedResponseError).code).toBe('html');
    expect((err as UnexpectedResponseError).status).toBe(502);
    expect(describeError(err, 'local')).toMatch(/got an HTML page \(HTTP 502\) .*probably from a proxy/);
    expect(count('/')).toBe(3);
    server().injectFault({ kind: 'html', status: 200, path: '/_security/role/p' });
    expect(((await rejectionOf(putRole(client, 'p', {}))) as UnexpectedResponseError).code).toBe('html');
  });

  itServerOnly('truncated JSON -> UnexpectedResponseError', async () => {
    server().injectFault({ kind: 'truncatedJson', path: '/' });
    const err = await rejectionOf(getRoot(client));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as UnexpectedResponseError).code).toBe('truncated-json');
    expect(describeError(err, 'local')).toMatch(/cut off \(truncated JSON, HTTP 200\)/);
  });

  itServerOnly('connection refused -> ConnectionError "refused"', async () => {
    const gone = await TestEsServer.start({ users: [ADMIN] });
    const url = gone.url;
    await gone.close();
    const c = make({ url });
    try {
      const err = await rejectionOf(getRoot(c));
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).code).toBe('refused');
      expect(describeError(err, 'local')).toBe(`Cluster "local": connection refused by ${url}. Check the URL and port, and that the cluster is running.`);
    } finally {
      await c.close();
    }
  });

  itServerOnly('DNS failure -> ConnectionError "dns"', async () => {
    const c = make({ url: 'http://es-roles-test.invalid:9200' });
    try {
      const err = await rejectionOf(getRoot(c));
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).code).toBe('dns');
      expect(describeError(err, 'local')).toMatch(/cannot resolve the host of http:\/\/es-roles-test\.invalid:9200/);
    } finally {
      await c.close();
    }
  });

  itServerOnly('a caller abort cancels the request', async () => {
    server().injectFault({ kind: 'latency', ms: 2000, path: '/' });
    const ac = new AbortController();
    const pending = getRoot(client, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const err = await rejectionOf(pending);
    expect((err as Error).name).toBe('AbortError');
  });
});
