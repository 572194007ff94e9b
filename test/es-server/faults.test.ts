// The test server's fault injection, admin endpoint and request log.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER, TestEsServer } from './server';
import { clientFor, rawCall } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };

describe('fault injection', () => {
  let server: TestEsServer;
  let call: ReturnType<typeof clientFor>;
  beforeAll(async () => {
    server = await TestEsServer.start();
    call = clientFor(server.url, { auth: ADMIN });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.clearRequests();
  });

  it('injects a status with an ES-like body and Retry-After, for `count` matching requests only', async () => {
    server.injectFault({ kind: 'status', status: 429, retryAfter: 7, path: '/_security/role*', count: 2 });
    const other = await call('GET', '/');
    expect(other.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', '/_security/role');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body.error.type).toBe('es_rejected_execution_exception');
      expect(res.body.status).toBe(429);
    }
    expect((await call('GET', '/_security/role')).status).toBe(200);
  });

  it('filters by method and never runs out with count "always"', async () => {
    server.injectFault({ kind: 'status', status: 503, method: 'PUT', count: 'always' });
    expect((await call('GET', '/_security/role')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call('PUT', '/_security/role/x', { body: {} })).status).toBe(503);
  });

  it('resets the connection before or in the middle of the response', async () => {
    server.injectFault({ kind: 'reset' });
    await expect(call('GET', '/')).rejects.toThrow(/socket hang up|ECONNRESET/);
    server.injectFault({ kind: 'resetMidBody', path: '/_security/privilege/_builtin' });
    await expect(call('GET', '/_security/privilege/_builtin')).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
    expect(server.requests.map((r) => r.fault)).toEqual(['reset', 'resetMidBody']);
  });

  it('serves a proxy HTML page and truncated JSON', async () => {
    server.injectFault({ kind: 'html', status: 502 });
    const html = await call('GET', '/');
    expect(html.status).toBe(502);
    expect(html.headers['content-type']).toBe('text/html');
    expect(html.text).toContain('<h1>502 Bad Gateway</h1>');
    server.injectFault({ kind: 'truncatedJson' });
    const cut = await call('GET', '/');
    expect(cut.status).toBe(200);
    expect(Number(cut.headers['content-length'])).toBe(Buffer.byteLength(cut.text));
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(cut.text.startsWith('{"name":')).toBe(true);
  });

  it('adds latency and trickles a slow body', async () => {
    server.injectFault({ kind: 'latency', ms: 150 });
    let t = Date.now();
    expect((await call('GET', '/')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    server.injectFault({ kind: 'slowBody', ms: 40, chunks: 4 });
    t = Date.now();
    const slow = await call('GET', '/');
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
    expect(slow.body.tagline).toBe('You Know, for Search');
  });

  it('is controllable through the /_test admin endpoint, which is not logged', async () => {
    const added = await rawCall(server.url, 'POST', '/_test/faults', { body: { kind: 'status', status: 500, path: '/' } });
    expect(added.status).toBe(200);
    expect(typeof added.body.id).toBe('number');
    const listed = await rawCall(server.url, 'GET', '/_test/faults');
    expect(listed.body.faults).toHaveLength(1);
    expect((await call('GET', '/')).status).toBe(500);
    expect((await rawCall(server.url, 'POST', '/_test/faults', { body: { kind: 'explode' } })).status).toBe(400);
    await rawCall(server.url, 'POST', '/_test/faults', { body: { kind: 'reset', count: 'always' } });
    expect((await rawCall(server.url, 'DELETE', '/_test/faults')).body).toEqual({ cleared: true });
    expect((await call('GET', '/')).status).toBe(200);
    const log = await rawCall(server.url, 'GET', '/_test/requests');
    expect(log.body.requests.map((r: { path: string }) => r.path)).toEqual(['/', '/']);
  });

  it('logs requests with the Authorization value redacted and the connection id', async () => {
    await call('GET', '/_security/_authenticate?pretty', { headers: { 'es-security-runas-user': 'elastic' } });
    const [entry] = server.requests;
    expect(entry).toMatchObject({ method: 'GET', path: '/_security/_authenticate?pretty', pathname: '/_security/_authenticate', status: 200 });
    expect(entry.headers.authorization).toBe('Basic [redacted]');
    expect(entry.headers['es-security-runas-user']).toBe('elastic');
    expect(JSON.stringify(server.requests)).not.toContain(Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64'));
    expect(entry.connection).toBeGreaterThan(0);
    expect(server.requestsTo('/_security/*', 'GET')).toHaveLength(1);
  });
});
