// Pure parts of the cluster module: Cloud ID, URLs, fingerprints, auth headers, redaction, messages.

import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  clusterBaseUrl,
  ConfigError,
  ConnectionError,
  createClient,
  decodeCloudId,
  describeError,
  EsApiError,
  esApiError,
  normalizeFingerprint,
  redact,
  secretsOf,
  suggestedAction,
  TimeoutError,
  TlsError,
  UnexpectedResponseError,
} from '../../client/src/cluster';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Cloud ID', () => {
  it('decodes name:base64(host$es$kibana) to an https URL on 443', () => {
    const id = `my-deployment:${b64('us-east-1.aws.found.io$abc123$kib456')}`;
    expect(decodeCloudId(id)).toEqual({
      deploymentName: 'my-deployment',
      host: 'us-east-1.aws.found.io',
      port: 443,
      esUuid: 'abc123',
      kibanaUuid: 'kib456',
      url: 'https://abc123.us-east-1.aws.found.io',
    });
  });

  it('keeps a port from the host or from the ES id, and works without the kibana id', () => {
    expect(decodeCloudId(`x:${b64('eu-west-1.aws.found.io:9243$es1')}`).url).toBe('https://es1.eu-west-1.aws.found.io:9243');
    expect(decodeCloudId(`x:${b64('eu-west-1.aws.found.io:9243$es1:9244$kb')}`).url).toBe('https://es1.eu-west-1.aws.found.io:9244');
    expect(decodeCloudId(`name:with:colons:${b64('h.io$e$k')}`).deploymentName).toBe('name:with:colons');
  });

  it('gives a clear error for malformed IDs', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['name:', /nothing follows/],
      ['name:@@@', /not base64/],
      [`name:${b64('no-dollar-here')}`, /no "\$"/],
      [`name:${b64('$abc')}`, /host part/],
      [`name:${b64('host.io$')}`, /Elasticsearch id/],
      [`name:${b64('host.io:99999$abc')}`, /port 99999/],
    ];
    for (const [id, re] of cases) {
      let err: unknown;
      try {
        decodeCloudId(id);
      } catch (e) {
        err = e;
      }
      expect(err, id).toBeInstanceOf(ConfigError);
      expect((err as Error).message, id).toMatch(re);
      expect((err as Error).message).toMatch(/^Invalid Cloud ID: .*Copy the Cloud ID from the deployment page/);
    }
  });

  it('is used for the base URL when no URL is set', () => {
    expect(clusterBaseUrl({ name: 'c', cloudId: `c:${b64('h.example.io$es9$kb')}` }).href).toBe('https://es9.h.example.io/');
  });
});

describe('base URL', () => {
  it('accepts http(s) with an optional path prefix and strips trailing slashes', () => {
    expect(clusterBaseUrl({ name: 'c', url: 'https://localhost:9200/' }).origin).toBe('https://localhost:9200');
    expect(clusterBaseUrl({ name: 'c', url: 'http://proxy.local/es/' }).pathname).toBe('/es');
  });

  it('rejects other schemes, credentials in the URL, garbage and a missing URL', () => {
    expect(() => clusterBaseUrl({ name: 'c', url: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
    const withPassword = (() => {
      try {
        clusterBaseUrl({ name: 'c', url: 'https://bob:hunter2-canary@x:9200' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(withPassword).toMatch(/credential store/);
    expect(withPassword).not.toContain('hunter2-canary');
    expect(() => clusterBaseUrl({ name: 'c', url: 'not a url' })).toThrow(ConfigError);
    expect(() => clusterBaseUrl({ name: 'c' })).toThrow(/neither a URL nor a Cloud ID/);
  });
});

describe('fingerprints and auth headers', () => {
  const hex = 'a1'.repeat(32);
  it('normalises SHA-256 fingerprints with or without colons', () => {
    const want = Array(32).fill('A1').join(':');
    expect(normalizeFingerprint(hex)).toBe(want);
    expect(normalizeFingerprint(want.toLowerCase())).toBe(want);
    expect(normalizeFingerprint(` SHA256=${hex} `)).toBe(want);
    expect(() => normalizeFingerprint('a1:b2')).toThrow(/64-hex-digit/);
    expect(() => normalizeFingerprint('z'.repeat(64))).toThrow(ConfigError);
  });

  it('builds Authorization for each kind', () => {
    expect(authorizationHeader({ kind: 'basic', username: 'u', password: 'p' })).toBe(`Basic ${b64('u:p')}`);
    expect(authorizationHeader({ kind: 'apiKey', encoded: 'ZW5jb2RlZA==' })).toBe('ApiKey ZW5jb2RlZA==');
    expect(authorizationHeader({ kind: 'apiKey', id: 'id1', key: 'k1' })).toBe(`ApiKey ${b64('id1:k1')}`);
    expect(authorizationHeader({ kind: 'bearer', token: 'tok' })).toBe('Bearer tok');
    expect(authorizationHeader({ kind: 'none' })).toBeUndefined();
  });

  it('refuses incomplete credentials and unusable TLS settings when creating a client', () => {
    expect(() => createClient({ name: 'c', url: 'http://127.0.0.1:1', auth: { kind: 'basic', username: 'u', password: '' } })).toThrow(/password is empty/);
    expect(() => createClient({ name: 'c', url: 'http://127.0.0.1:1', auth: { kind: 'apiKey', encoded: ' ' } })).toThrow(/API key is empty/);
    expect(() => createClient({ name: 'c', url: 'https://127.0.0.1:1', auth: { kind: 'none' }, caFile: '/nonexistent/ca.pem' })).toThrow(/cannot read the CA file/);
    expect(() => createClient({ name: 'c', url: 'https://127.0.0.1:1', auth: { kind: 'none' }, caFingerprint: 'abc' })).toThrow(/64-hex-digit/);
  });
});

describe('client creation warnings', () => {
  it('warns about insecure over http:// and credentials sent in clear to a remote host, redacted', async () => {
    const lines: string[] = [];
    const logger = { trace: () => {}, debug: () => {}, info: () => {}, error: () => {}, warn: (m: string) => void lines.push(m) };
    const auth = { kind: 'basic', username: 'u', password: 'pw-canary-1234' } as const;
    await createClient({ name: 'a', url: 'http://127.0.0.1:9200', auth, insecure: true }, { logger }).close();
    await createClient({ name: 'b', url: 'http://es.example.com:9200', auth }, { logger }).close();
    await createClient({ name: 'c', url: 'http://localhost:9200', auth }, { logger }).close();
    expect(lines).toEqual([
      'Cluster "a": "insecure" is set but the URL is http://, so nothing is encrypted at all.',
      'Cluster "b": credentials are sent unencrypted over http:// to http://es.example.com:9200.',
    ]);
  });
});

describe('redact', () => {
  it('removes literal secrets, their encodings, auth header values and secret JSON fields', () => {
    const secrets = secretsOf({ kind: 'basic', username: 'bob', password: 'hunter2-canary' });
    expect(secrets).toContain(b64('bob:hunter2-canary'));
    const text = [
      'password hunter2-canary',
      `authorization: Basic ${b64('bob:hunter2-canary')}`,
      '{"headers":{"Authorization":"ApiKey c2VjcmV0LWtleS1jYW5hcnk="}}',
      'Bearer abcdefghijklmnop',
      '{"password":"other-pw","api_key":"k-123","encoded":"ZW5j","access_token":"t-1","name":"keep"}',
      'https://bob:pw-in-url@host:9200/',
      JSON.stringify({ q: 'with "quote" hunter2-canary' }),
    ].join('\n');
    const out = redact(text, secrets);
    for (const leaked of ['hunter2-canary', b64('bob:hunter2-canary'), 'c2VjcmV0LWtleS1jYW5hcnk=', 'abcdefghijklmnop', 'other-pw', 'k-123', 'ZW5j', 't-1', 'pw-in-url']) {
      expect(out, leaked).not.toContain(leaked);
    }
    expect(out).toContain('"name":"keep"');
    expect(out).toContain('[REDACTED]');
  });

  it('covers both API-key forms', () => {
    const encoded = b64('key-id:key-secret-canary');
    expect(secretsOf({ kind: 'apiKey', encoded })).toEqual(expect.arrayContaining([encoded, 'key-id:key-secret-canary', 'key-secret-canary']));
    expect(secretsOf({ kind: 'apiKey', id: 'key-id', key: 'key-secret-canary' })).toEqual(expect.arrayContaining([encoded, 'key-secret-canary']));
    expect(redact('id key-id secret key-secret-canary', secretsOf({ kind: 'apiKey', encoded }))).toBe('id key-id secret [REDACTED]');
  });
});

describe('describeError', () => {
  const ctx = { method: 'PUT', path: '/_security/role/x', origin: 'https://es.example:9200' };
  it('names the cluster and suggests a fix for each kind', () => {
    const cases: [unknown, RegExp, string][] = [
      [esApiError(401, { error: { type: 'security_exception', reason: 'unable to authenticate user [bob]' }, status: 401 }, ctx), /authentication failed .*Check the credentials \(Set Credentials\)/, 'setCredentials'],
      [esApiError(403, { error: { type: 'security_exception', reason: 'action [cluster:admin/xpack/security/role/put] is unauthorized for user [x]' } }, ctx), /permission denied \(403\): action \[cluster:admin\/xpack\/security\/role\/put\] is unauthorized for user \[x\]/, 'showLog'],
      [esApiError(404, {}, ctx), /not found \(404\) \(PUT \/_security\/role\/x\)/, 'showLog'],
      [esApiError(409, { error: { type: 'version_conflict_engine_exception', reason: 'conflict' } }, ctx), /conflict \(409\)/, 'showLog'],
      [esApiError(429, { error: { type: 'es_rejected_execution_exception', reason: 'busy' } }, ctx, 30), /too many requests \(429\).*retry after 30 s \(Retry-After\)/, 'retry'],
      [esApiError(503, { error: { type: 'cluster_block_exception', reason: 'blocked' } }, ctx), /server error \(503 cluster_block_exception: blocked\).*retry later/, 'retry'],
      [new ConnectionError('refused', 'x', 'ECONNREFUSED', ctx), /connection refused by https:\/\/es\.example:9200\. Check the URL and port/, 'openSettings'],
      [new ConnectionError('dns', 'x', 'ENOTFOUND', ctx), /cannot resolve the host/, 'openSettings'],
      [new ConnectionError('reset', 'x', 'ECONNRESET', ctx), /closed or reset/, 'retry'],
      [new TlsError('untrusted', 'self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', ctx), /not trusted .*Configure the CA file \(caFile\) or the CA fingerprint \(caFingerprint\)/, 'openSettings'],
      [new TlsError('expired', 'certificate has expired', 'CERT_HAS_EXPIRED', ctx), /has expired/, 'openSettings'],
      [new TlsError('fingerprint', 'x', 'X', ctx), /configured CA fingerprint/, 'openSettings'],
      [new TimeoutError(5000, 'response', ctx), /no response within 5 s .*increase the timeout/, 'retry'],
      [new UnexpectedResponseError('html', 502, 'text/html', '<html>...', ctx), /HTML page \(HTTP 502\).*proxy/, 'retry'],
      [new UnexpectedResponseError('truncated-json', 200, 'application/json', '{"a":', ctx), /cut off \(truncated JSON/, 'retry'],
    ];
    for (const [err, re, action] of cases) {
      const text = describeError(err, 'prod');
      expect(text.startsWith('Cluster "prod": '), text).toBe(true);
      expect(text, text).toMatch(re);
      expect(text).not.toMatch(/\n/);
      expect(suggestedAction(err)).toBe(action);
    }
    expect(describeError(new Error('boom'), 'prod')).toBe('Cluster "prod": unexpected error: boom');
  });

  it('parses string `error` bodies and root causes', () => {
    const s = esApiError(405, { error: 'Incorrect HTTP method for uri [/_security/role] and method [POST], allowed: [GET]', status: 405 });
    expect(s).toBeInstanceOf(EsApiError);
    expect(s.kind).toBe('api');
    expect(s.reason).toMatch(/^Incorrect HTTP method/);
    const r = esApiError(400, { error: { root_cause: [{ type: 'parse_exception', reason: 'a' }], type: 'parse_exception', reason: 'a' }, status: 400 });
    expect(r.rootCause).toEqual([{ type: 'parse_exception', reason: 'a' }]);
    expect(r.type).toBe('parse_exception');
  });
});
