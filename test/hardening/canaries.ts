/**
 * Recognisable secrets for the secret-leak tests (issue 5, item 5): a password, a grant password, a
 * bearer token and an API key (id + secret), every form in which each could leak (raw, base64 of
 * `user:password` / `id:key`, base64 and base64url alone, URL-encoded, JSON-escaped), and test
 * servers that accept them.
 */
import type { FaultSpec } from '../es-server/faults';
import { TestEsServer, type TestServerOptions } from '../es-server/server';
import type { TestUser } from '../es-server/state';

/** Characters that URL-encoding and JSON escaping change, so those forms differ from the raw one. */
export const CANARY = {
  password: 'PW-s3cr3t-7c1f?&/"q',
  grantPassword: 'GRANT-s3cr3t-2b9d#%\\',
  bearer: 'BEARER-s3cr3t-5e8a',
  apiKeyId: 'KEYID-9f3c',
  apiKeySecret: 'KEY-s3cr3t-1d7b',
} as const;

export const ADMIN_USER = 'elastic';
export const GRANTEE = 'esroles-bob';
export const EXISTING_ROLE = 'esroles-canary-existing';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** ES_API_KEY / the `encoded` value of the canary API key. */
export const API_KEY_ENCODED = b64(`${CANARY.apiKeyId}:${CANARY.apiKeySecret}`);

export type AuthId = 'basic' | 'apiKey' | 'bearer';
export const AUTHS: readonly AuthId[] = ['basic', 'apiKey', 'bearer'];

/** The CLI environment of each auth method (secrets only here, never in argv). */
export function authEnv(auth: AuthId): Record<string, string> {
  switch (auth) {
    case 'basic':
      return { ES_USERNAME: ADMIN_USER, ES_PASSWORD: CANARY.password };
    case 'apiKey':
      return { ES_API_KEY: API_KEY_ENCODED };
    case 'bearer':
      return { ES_BEARER_TOKEN: CANARY.bearer };
  }
}

/** Every leakable form of one secret. */
function formsOf(secret: string, user?: string): string[] {
  const forms = [secret, b64(secret), b64url(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  if (user) forms.push(b64(`${user}:${secret}`), b64url(`${user}:${secret}`), `${user}:${secret}`);
  return [...new Set(forms)];
}

/** label -> forms, for every canary. The API key's id alone is not a secret (it is printed on purpose). */
export const CANARY_FORMS: ReadonlyMap<string, readonly string[]> = new Map([
  ['password', formsOf(CANARY.password, ADMIN_USER)],
  ['grant password', formsOf(CANARY.grantPassword, GRANTEE)],
  ['bearer token', formsOf(CANARY.bearer)],
  ['API key', formsOf(CANARY.apiKeySecret, CANARY.apiKeyId)],
]);

/** The forms of a newly created API key (its secret, id:secret and encoded value). */
export function newKeyForms(key: { id: string; api_key: string; encoded: string }): string[] {
  return [...new Set([key.encoded, key.api_key, `${key.id}:${key.api_key}`, b64(key.api_key)])];
}

/** `label: form` for every canary form found in `text`. */
export function findCanaries(text: string, extra: ReadonlyMap<string, readonly string[]> = new Map()): string[] {
  const found: string[] = [];
  for (const [label, forms] of [...CANARY_FORMS, ...extra]) {
    for (const f of forms) if (text.includes(f)) found.push(`${label} (${JSON.stringify(f)})`);
  }
  return found;
}

/** What a server that echoes the caller's credentials back would put in an error reason. */
export function echoedCredentials(auth: AuthId, withGrant = false): string {
  const parts: Record<AuthId, string> = {
    basic: `Authorization: Basic ${b64(`${ADMIN_USER}:${CANARY.password}`)} password=${CANARY.password}`,
    apiKey: `Authorization: ApiKey ${API_KEY_ENCODED} key=${CANARY.apiKeyId}:${CANARY.apiKeySecret}`,
    bearer: `Authorization: Bearer ${CANARY.bearer}`,
  };
  return `echo of the request: ${parts[auth]}${withGrant ? ` grant password ${CANARY.grantPassword}` : ''}`;
}

export const ADMIN: TestUser = { username: ADMIN_USER, password: CANARY.password, roles: ['superuser'], realm: { name: 'reserved', type: 'reserved' } };
export const BOB: TestUser = { username: GRANTEE, password: CANARY.grantPassword, roles: ['esroles-limited'] };

/** A test server that accepts the canary password, bearer token and API key. */
export async function startCanaryServer(extra: Partial<TestServerOptions> = {}): Promise<TestEsServer> {
  const server = await TestEsServer.start({
    users: [ADMIN, BOB],
    roles: {
      'esroles-limited': { cluster: ['monitor'] },
      [EXISTING_ROLE]: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] },
    },
    tokens: { [CANARY.bearer]: ADMIN_USER },
    ...extra,
  });
  installCanaryKey(server);
  return server;
}

/** Puts the canary API key (owned by the superuser, inheriting its roles) into a server's state. */
export function installCanaryKey(server: TestEsServer): void {
  server.state.apiKeys.set(CANARY.apiKeyId, {
    id: CANARY.apiKeyId,
    secret: CANARY.apiKeySecret,
    name: 'canary-auth-key',
    creation: Date.now(),
    invalidated: false,
    username: ADMIN_USER,
    realm: { name: 'reserved', type: 'reserved' },
    metadata: {},
    roleDescriptors: {},
    limitedBy: server.state.rolesOf(ADMIN).found,
  });
}

/** A fault spec on one request kind, always. */
export function alwaysOn(spec: Omit<FaultSpec, 'path' | 'method' | 'count'>, target: { path: string; method?: string }): FaultSpec {
  return { ...spec, path: target.path, ...(target.method ? { method: target.method } : {}), count: 'always' } as FaultSpec;
}
