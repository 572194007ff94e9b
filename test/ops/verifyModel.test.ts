// "Verify model against cluster": the offline model's answers against has_privileges asked with a
// temporary API key holding exactly the roles under test (test server, or ES_URL with basic auth).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, getApiKeys, type EsClient, type RoleDescriptor } from '../../client/src/cluster';
import { compareAnswers, defaultProbes, toHasPrivilegesRequest, verifyModel } from '../../client/src/ops/verifyModel';
import { formatVerifyReport } from '../../client/src/ops/verifyModelReport';
import { evaluate, rolesFromText, type ModelRole } from '../../server/src/language/model';
import { itServerOnly, REAL_CLUSTER, rejectionOf, startTarget, uniqueName, type Target } from '../cluster/target';

function modelOf(roles: Record<string, RoleDescriptor>): ModelRole[] {
  const loaded = rolesFromText(JSON.stringify(roles), 'file:///verify.roles.json');
  if (!loaded.ok) throw new Error(loaded.reason);
  return [...loaded.set.roles];
}

const ROLES: Record<string, RoleDescriptor> = {
  'logs-rw': {
    cluster: ['monitor'],
    indices: [
      { names: ['logs-*'], privileges: ['read', 'write'] },
      // A restricted index named literally, without allow_restricted_indices: it grants nothing there.
      { names: ['.security-7'], privileges: ['read'] },
    ],
  } as RoleDescriptor,
};

describe('defaultProbes', () => {
  it('asks for the role\'s own privileges, common ones, a concrete name per pattern, an unmatched and a restricted index', () => {
    const request = defaultProbes(modelOf(ROLES));
    expect(request.cluster).toEqual(expect.arrayContaining(['monitor', 'manage', 'manage_security']));
    expect(request.index).toHaveLength(1);
    expect(request.index![0].names).toEqual(expect.arrayContaining(['logs-1', '.security-7', 'es-roles-unmatched-index']));
    expect(request.index![0].privileges).toEqual(expect.arrayContaining(['read', 'write', 'all', 'manage']));
  });
});

describe('compareAnswers', () => {
  it('pairs each offline answer with the cluster\'s and marks the disagreements', () => {
    const model = modelOf(ROLES);
    const request = { cluster: ['monitor', 'manage'], index: [{ names: ['logs-1'], privileges: ['read'] }] };
    const offline = evaluate(model, request);
    const online = { username: 'u', has_all_requested: false, cluster: { monitor: true, manage: true }, index: { 'logs-1': { read: true } }, application: {} };
    const probes = compareAnswers(offline, online, request);
    expect(probes.map((p) => [p.kind, p.resource, p.privilege, p.offline, p.cluster])).toEqual([
      ['cluster', '', 'monitor', true, true],
      ['cluster', '', 'manage', false, true],
      ['index', 'logs-1', 'read', true, true],
    ]);
    expect(probes[2].grantedBy).toEqual(['logs-rw indices[0]']);
  });

  it('sends has_privileges only what it accepts (no action extension)', () => {
    expect(toHasPrivilegesRequest({ cluster: ['monitor'], index: [{ names: ['a'], privileges: ['read'], allow_restricted_indices: true }] })).toEqual({
      cluster: ['monitor'],
      index: [{ names: ['a'], privileges: ['read'], allow_restricted_indices: true }],
      application: [],
    });
  });
});

describe('verifyModel against the cluster', () => {
  let target: Target;
  let admin: EsClient;
  const encodedKeys: string[] = [];
  const keyClient = (encoded: string) => {
    encodedKeys.push(encoded);
    return admin.withAuth({ kind: 'apiKey', encoded });
  };

  beforeAll(async () => {
    target = await startTarget({
      users: REAL_CLUSTER ? undefined : [
        { username: 'elastic', password: 'Pa55-canary-admin-7f3a9c', roles: ['superuser'] },
        { username: 'limited', password: 'limited-pw-1', roles: ['limited_creator'] },
      ],
      roles: REAL_CLUSTER ? undefined : { limited_creator: { cluster: ['monitor', 'manage_own_api_key'], indices: [{ names: ['logs-*'], privileges: ['read'] }] } },
    });
    admin = createClient(target.config);
  });
  afterAll(async () => {
    await admin.close();
    await target.close();
  });

  it.skipIf(REAL_CLUSTER && process.env.ES_API_KEY)('agrees with the cluster on every default probe, and invalidates its key', async () => {
    const result = await verifyModel(admin, { descriptors: ROLES, model: modelOf(ROLES) }, { clientWithApiKey: keyClient });
    expect(result.disagreements).toEqual([]);
    expect(result.probes.length).toBeGreaterThan(20);
    const restricted = result.probes.find((p) => p.resource === '.security-7' && p.privilege === 'read');
    expect(restricted).toMatchObject({ offline: false, cluster: false });
    expect(result.probes.find((p) => p.resource === 'logs-1' && p.privilege === 'write')).toMatchObject({ offline: true, cluster: true });
    expect(result.keyInvalidated).toBe(true);
    const [key] = await getApiKeys(admin, { id: result.keyId });
    expect(key.invalidated).toBe(true);
    expect(key.name).toMatch(/^es-roles-verify-/);
    // The key's secret is used for the has_privileges call only.
    const report = formatVerifyReport(result, 'verify.roles.json', 'test');
    const encoded = encodedKeys.at(-1)!;
    const secret = Buffer.from(encoded, 'base64').toString('utf8').split(':')[1];
    for (const s of [encoded, secret]) {
      expect(JSON.stringify(result)).not.toContain(s);
      expect(report).not.toContain(s);
    }
    expect(report).toContain('All ');
    expect(report).toContain('invalidated');
  });

  itServerOnly('reports a disagreement: a key is limited by its creator, which the model cannot know', async () => {
    const limited = createClient(target.with({ auth: { kind: 'basic', username: 'limited', password: 'limited-pw-1' } }));
    try {
      const roles: Record<string, RoleDescriptor> = { ilm: { cluster: ['monitor', 'manage_ilm'] } as RoleDescriptor };
      const result = await verifyModel(limited, { descriptors: roles, model: modelOf(roles), request: { cluster: ['monitor', 'manage_ilm'] } }, { clientWithApiKey: keyClient });
      expect(result.disagreements.map((p) => [p.privilege, p.offline, p.cluster])).toEqual([['manage_ilm', true, false]]);
      expect(result.notes.join('\n')).toContain('limited by the privileges of the user who creates it');
      const report = formatVerifyReport(result, 'ilm', 'test');
      expect(report).toContain('1 of 2 answers disagree');
      expect(report).toMatch(/cluster manage_ilm: offline granted, cluster not granted/);
      expect(result.keyInvalidated).toBe(true);
    } finally {
      await limited.close();
    }
  });

  itServerOnly('has_privileges failing after the key was made: the error surfaces and the key is still invalidated', async () => {
    const server = target.server!;
    server.clearRequests();
    server.injectFault({ kind: 'status', status: 500, path: '/_security/user/_has_privileges', count: 'always' });
    try {
      const err = await rejectionOf(verifyModel(admin, { descriptors: ROLES, model: modelOf(ROLES) }, { clientWithApiKey: keyClient }));
      expect(String((err as Error).message)).toMatch(/500/);
    } finally {
      server.clearFaults();
    }
    const created = server.requestsTo('/_security/api_key', 'POST').length;
    expect(created).toBe(1);
    expect(server.requestsTo('/_security/api_key', 'DELETE').length).toBe(1);
    const keys = await getApiKeys(admin, { name: 'es-roles-verify-*' });
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.invalidated)).toBe(true);
  });

  itServerOnly('creating the key refused (403): the error surfaces, nothing to invalidate', async () => {
    const server = target.server!;
    server.clearRequests();
    server.injectFault({ kind: 'status', status: 403, path: '/_security/api_key', method: 'POST', reason: 'action [cluster:admin/xpack/security/api_key/create] is unauthorized' });
    try {
      const err = await rejectionOf(verifyModel(admin, { descriptors: ROLES, model: modelOf(ROLES) }, { clientWithApiKey: keyClient }));
      expect(String((err as Error).message)).toMatch(/403/);
    } finally {
      server.clearFaults();
    }
    expect(server.requestsTo('/_security/user/_has_privileges').length).toBe(0);
    expect(server.requestsTo('/_security/api_key', 'DELETE').length).toBe(0);
  });

  it('refuses concrete actions, which has_privileges does not check', async () => {
    await expect(
      verifyModel(admin, { descriptors: ROLES, model: modelOf(ROLES), request: { cluster_actions: ['cluster:monitor/health'] } }, { clientWithApiKey: keyClient }),
    ).rejects.toThrow(/concrete actions/);
    void uniqueName;
  });
});
