// Each auth kind and run-as, through the cluster module over real sockets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  createApiKey,
  createClient,
  describeError,
  EsApiError,
  getApiKeys,
  invalidateApiKeys,
  suggestedAction,
  type ClusterConfig,
} from '../../client/src/cluster';
import { ADMIN, itServerOnly, keyDescriptors, REAL_CLUSTER, rejectionOf, startTarget, uniqueName, type Target } from './target';

const RUNNER = { username: 'runner', password: 'runner-canary-pw-51', roles: ['runas_role'] };
const TARGET_USER = { username: 'target_user', password: 'target-canary-pw-52', roles: ['monitor_role'] };

async function whoAmI(config: ClusterConfig, runAs?: string) {
  const client = createClient(config, { maxRetries: 0 });
  try {
    return await authenticate(client, { runAs });
  } finally {
    await client.close();
  }
}

describe('authentication kinds', () => {
  let target: Target;
  const keyIds: string[] = [];
  beforeAll(async () => {
    target = await startTarget({
      users: [ADMIN, RUNNER, TARGET_USER],
      roles: { runas_role: { run_as: ['target_user'], cluster: ['monitor'] }, monitor_role: { cluster: ['monitor'] } },
      tokens: { 'bearer-canary-token-0042': 'target_user' },
    });
  });
  afterAll(async () => {
    if (keyIds.length) {
      const admin = createClient(target.config);
      await invalidateApiKeys(admin, { ids: keyIds }).catch(() => undefined);
      await admin.close();
    }
    await target.close();
  });

  it('authenticates with the configured admin credentials', async () => {
    const me = await whoAmI(target.config);
    expect(me.username).toBeTruthy();
    if (!target.real) expect(me).toMatchObject({ username: 'elastic', roles: ['superuser'], authentication_type: 'realm' });
  });

  it('authenticates with an API key, in encoded and in id/key form', async () => {
    const admin = createClient(target.config);
    let key;
    try {
      key = await createApiKey(admin, { name: uniqueName('esroles-auth-key'), expiration: '1h', role_descriptors: keyDescriptors(target, {}) });
    } finally {
      await admin.close();
    }
    keyIds.push(key.id);
    const encoded = await whoAmI(target.with({ auth: { kind: 'apiKey', encoded: key.encoded } }));
    expect(encoded.authentication_realm).toEqual({ name: '_es_api_key', type: '_es_api_key' });
    expect(encoded.api_key?.id).toBe(key.id);
    const pair = await whoAmI(target.with({ auth: { kind: 'apiKey', id: key.id, key: key.api_key } }));
    expect(pair.api_key?.id).toBe(key.id);
    expect(pair.roles).toEqual([]);
  });

  itServerOnly('authenticates with a bearer token', async () => {
    const me = await whoAmI(target.with({ auth: { kind: 'bearer', token: 'bearer-canary-token-0042' } }));
    expect(me).toMatchObject({ username: 'target_user', authentication_type: 'token' });
  });

  it('gets a 401 EsApiError without credentials, suggesting Set Credentials', async () => {
    const err = await rejectionOf(whoAmI(target.with({ auth: { kind: 'none' } })));
    expect(err).toBeInstanceOf(EsApiError);
    expect((err as EsApiError).status).toBe(401);
    expect((err as EsApiError).type).toBe('security_exception');
    expect((err as EsApiError).rootCause[0].type).toBe('security_exception');
    expect(describeError(err, 'local')).toMatch(/^Cluster "local": authentication failed \(401 security_exception: .*\)\. Check the credentials \(Set Credentials\)\.$/);
    expect(suggestedAction(err)).toBe('setCredentials');
  });

  it('gets a 401 for a wrong password', async () => {
    const err = await rejectionOf(whoAmI(target.with({ auth: { kind: 'basic', username: 'esroles-nobody', password: 'wrong-canary-pw-99' } })));
    expect((err as EsApiError).status).toBe(401);
    expect(describeError(err, 'local')).not.toContain('wrong-canary-pw-99');
  });

  itServerOnly('runs as another user with es-security-runas-user', async () => {
    const runner = target.with({ auth: { kind: 'basic', username: RUNNER.username, password: RUNNER.password } });
    const me = await whoAmI(runner, 'target_user');
    expect(me.username).toBe('target_user');
    const log = target.server!.requestsTo('/_security/_authenticate');
    expect(log[log.length - 1].headers['es-security-runas-user']).toBe('target_user');
  });

  itServerOnly('gets ES 403 when run-as is not allowed, quoted by describeError', async () => {
    const runner = target.with({ auth: { kind: 'basic', username: RUNNER.username, password: RUNNER.password } });
    const err = await rejectionOf(whoAmI(runner, 'elastic'));
    expect((err as EsApiError).status).toBe(403);
    const reason =
      'action [cluster:admin/xpack/security/user/authenticate] is unauthorized for user [runner] with effective roles [runas_role], because user [runner] is unauthorized to run as [elastic]';
    expect((err as EsApiError).reason).toBe(reason);
    expect(describeError(err, 'local')).toBe(
      `Cluster "local": permission denied (403): ${reason}. Use a user or API key that has the privilege named above, or ask an administrator to grant it.`,
    );
  });

  it('lists only the caller\'s keys with owner=true', async () => {
    const admin = createClient(target.config);
    try {
      const mine = await getApiKeys(admin, { owner: true });
      expect(mine.every((k) => typeof k.id === 'string')).toBe(true);
      if (!REAL_CLUSTER) expect(mine.map((k) => k.id).sort()).toEqual([...keyIds].sort());
    } finally {
      await admin.close();
    }
  });
});
