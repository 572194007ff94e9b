// Secrets never appear in log lines, error messages, describeError text or inspected errors.

import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  authorizationHeader,
  createApiKey,
  createClient,
  describeError,
  getRoot,
  grantApiKey,
  invalidateApiKeys,
  putRole,
  secretsOf,
  type ClusterAuth,
  type ClusterConfig,
} from '../../client/src/cluster';
import { ADMIN, ADMIN_PASSWORD, captureLogger, itServerOnly, keyDescriptors, REAL_CLUSTER, rejectionOf, startTarget, uniqueName, type Target } from './target';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const GRANTEE_PASSWORD = 'grantee-canary-pw-8d1e';
const BEARER = 'bearer-canary-token-c0ffee';
const KEY_SECRET = 'apikey-canary-secret-5b7';

/** Every form in which the secrets could leak. */
function secretForms(extra: string[] = []): string[] {
  return [
    ADMIN_PASSWORD,
    b64(`${ADMIN.username}:${ADMIN_PASSWORD}`),
    GRANTEE_PASSWORD,
    b64(`grantee:${GRANTEE_PASSWORD}`),
    BEARER,
    KEY_SECRET,
    b64(`key-id-1:${KEY_SECRET}`),
    ...extra,
  ];
}

function expectClean(text: string, secrets: string[]): void {
  for (const s of secrets) expect(text.includes(s), `leaked ${s.slice(0, 6)}… in: ${text.slice(0, 300)}`).toBe(false);
}

function allTextOf(err: unknown): string {
  return [String(err), (err as Error)?.message, describeError(err, 'canary'), inspect(err, { depth: 6 }), JSON.stringify(err)].join('\n');
}

describe('secrets', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget({
      users: [ADMIN, { username: 'grantee', password: GRANTEE_PASSWORD, roles: [] }],
      tokens: { [BEARER]: 'grantee' },
    });
  });
  afterAll(() => target.close());

  it('stay out of trace logs of successful calls, including a created key\'s secret', async () => {
    const cap = captureLogger();
    const client = createClient(target.config, { logger: cap.logger });
    try {
      await getRoot(client);
      const role = uniqueName('esroles-secret');
      await putRole(client, role, { cluster: ['monitor'], metadata: { note: 'safe' } });
      await client.request({ method: 'DELETE', path: `/_security/role/${role}` });
      const key = await createApiKey(client, { name: uniqueName('esroles-secret-key'), expiration: '1h', role_descriptors: keyDescriptors(target, {}) });
      await invalidateApiKeys(client, { ids: [key.id] });
      const text = cap.text();
      expect(text).toContain('-> 200');
      expect(text).toMatch(/trace: POST \/_security\/api_key <- 200: .*"api_key":"\[REDACTED\]"/);
      expectClean(text, secretForms([key.api_key, key.encoded]));
    } finally {
      await client.close();
    }
  });

  itServerOnly('stay out of errors and logs for every failure kind', async () => {
    const server = target.server!;
    const cap = captureLogger();
    const auths: ClusterAuth[] = [
      target.config.auth,
      { kind: 'apiKey', id: 'key-id-1', key: KEY_SECRET },
      { kind: 'apiKey', encoded: b64(`key-id-1:${KEY_SECRET}`) },
      { kind: 'bearer', token: BEARER },
    ];
    const errors: unknown[] = [];
    for (const auth of auths) {
      const config: ClusterConfig = target.with({ auth, timeoutMs: 300 });
      const client = createClient(config, { logger: cap.logger, retryBaseDelayMs: 5 });
      try {
        for (const fault of [
          { kind: 'status', status: 401 },
          // A server or proxy that echoes this client's own credentials back.
          { kind: 'status', status: 403, reason: `echo of the header: ${authorizationHeader(auth)}` },
          { kind: 'status', status: 500, reason: `secrets: ${secretsOf(auth).join(' and ')}` },
          { kind: 'html', status: 502, count: 'always' },
          { kind: 'truncatedJson' },
          { kind: 'reset', count: 'always' },
          { kind: 'latency', ms: 1000 },
        ] as const) {
          server.clearFaults();
          server.injectFault({ ...fault, path: '/_security/_authenticate' });
          errors.push(await rejectionOf(authenticate(client)));
        }
        server.clearFaults();
        // An error the server produces itself (wrong credentials for the key kinds).
        await authenticate(client).catch((e) => errors.push(e));
      } finally {
        await client.close();
      }
    }
    const tls = await rejectionOf(getRoot(createClient(target.with({ url: target.url.replace('http:', 'https:') }), { logger: cap.logger })));
    errors.push(tls);
    expect(errors.length).toBeGreaterThanOrEqual(auths.length * 7);
    for (const err of errors) expectClean(allTextOf(err), secretForms());
    expectClean(cap.text(), secretForms());
    expect(server.requests.length).toBeGreaterThan(10);
    expectClean(JSON.stringify(server.requests), secretForms());
  });

  itServerOnly('stay out of grant requests (the grantee\'s password and access token)', async () => {
    const cap = captureLogger();
    const client = createClient(target.config, { logger: cap.logger });
    try {
      const key = await grantApiKey(client, { grant_type: 'password', username: 'grantee', password: GRANTEE_PASSWORD, api_key: { name: 'g' } });
      const bad = await rejectionOf(grantApiKey(client, { grant_type: 'password', username: 'grantee', password: `${GRANTEE_PASSWORD}-wrong`, api_key: { name: 'g' } }));
      const tokenBad = await rejectionOf(
        grantApiKey(client, { grant_type: 'access_token', access_token: BEARER, client_authentication: { scheme: 'SharedSecret', value: 'shared-canary-value' }, api_key: { name: 'g' } }),
      );
      expect(cap.text()).toContain('POST /_security/api_key/grant body:');
      const forms = secretForms([key.api_key, key.encoded, 'shared-canary-value']);
      expectClean(cap.text(), forms);
      expectClean(allTextOf(bad), forms);
      expectClean(allTextOf(tokenBad), forms);
    } finally {
      await client.close();
    }
  });

  it.skipIf(!REAL_CLUSTER)('stay out of a 401 from the real cluster', async () => {
    const err = await rejectionOf(authenticate(createClient(target.with({ auth: { kind: 'basic', username: 'esroles-nobody', password: ADMIN_PASSWORD } }))));
    expectClean(allTextOf(err), secretForms());
  });
});
