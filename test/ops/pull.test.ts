// pullRoles over real sockets, and the role-file formats.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, deleteRole, putRole, type EsClient } from '../../client/src/cluster';
import { fetchRoles, formatRolesFile, isReservedRole, pullRoles } from '../../client/src/ops/pull';
import { extractRoles } from '../../client/src/roles/extract';
import { sameRole } from '../../client/src/roles/normalize';
import { REAL_CLUSTER, startTarget, uniqueName, type Target } from '../cluster/target';

describe('pullRoles', () => {
  let target: Target;
  let client: EsClient;
  const names: string[] = [];
  const role = (prefix: string) => {
    const name = uniqueName(`esroles-pull-${prefix}`);
    names.push(name);
    return name;
  };
  const QUERY = { term: { team: 'a' } };

  beforeAll(async () => {
    target = await startTarget();
    client = createClient(target.config, { retryBaseDelayMs: 5 });
  });
  afterAll(async () => {
    for (const name of names) await deleteRole(client, name).catch(() => undefined);
    await client.close();
    await target.close();
  });

  it('without names: every role except the reserved ones, without transient_metadata', async () => {
    const [a, b] = [role('a'), role('b')];
    await putRole(client, a, { cluster: ['monitor'] });
    await putRole(client, b, { indices: [{ names: ['x-*'], privileges: ['read'], query: QUERY }] });
    const roles = await pullRoles(client);
    expect(roles[a]).toBeDefined();
    expect(roles[b]).toBeDefined();
    expect(roles.superuser).toBeUndefined();
    for (const body of Object.values(roles)) {
      expect(isReservedRole(body)).toBe(false);
      expect(body).not.toHaveProperty('transient_metadata');
    }
    expect(Object.keys(roles)).toEqual([...Object.keys(roles)].sort());
    // The query is kept as GET returns it (a string) and still means the same.
    expect(typeof (roles[b].indices as { query: unknown }[])[0].query).toBe('string');
    expect(sameRole(roles[b], { indices: [{ names: ['x-*'], privileges: ['read'], query: QUERY }] })).toBe(true);
  });

  it('with names: exactly those that exist, reserved ones included when asked for', async () => {
    const a = role('a');
    await putRole(client, a, { cluster: ['monitor'] });
    const roles = await pullRoles(client, [a, 'superuser', 'esroles-no-such-role']);
    expect(Object.keys(roles).sort()).toEqual([a, 'superuser'].sort());
    expect(roles.superuser).not.toHaveProperty('transient_metadata');
  });

  it('fetchRoles splits long name lists over several requests', async () => {
    const many = Array.from({ length: 120 }, (_, i) => `esroles-missing-${'x'.repeat(20)}-${i}`);
    const a = role('a');
    await putRole(client, a, { cluster: ['monitor'] });
    if (!REAL_CLUSTER) target.server!.clearRequests();
    const roles = await fetchRoles(client, [...many, a]);
    expect(Object.keys(roles)).toEqual([a]);
    if (!REAL_CLUSTER) {
      const gets = target.server!.requestsTo('/_security/role/*', 'GET');
      expect(gets.length).toBeGreaterThan(1);
      for (const g of gets) expect(g.path.length).toBeLessThan(2_100);
    }
  });
});

describe('formatRolesFile', () => {
  const roles = { b: { cluster: ['monitor'] }, a: { indices: [{ names: ['x'], privileges: ['read'], query: '{"match_all":{}}' }] } };

  it('role: one body; roles: a sorted map; bulk: {"roles": ...}; 2 spaces and a final newline', () => {
    expect(formatRolesFile({ b: roles.b }, 'role')).toBe('{\n  "cluster": [\n    "monitor"\n  ]\n}\n');
    const map = formatRolesFile(roles, 'roles');
    expect(Object.keys(JSON.parse(map))).toEqual(['a', 'b']);
    expect(map.endsWith('}\n')).toBe(true);
    expect(JSON.parse(formatRolesFile(roles, 'bulk'))).toEqual({ roles: { a: roles.a, b: roles.b } });
    // Query strings are kept as strings.
    expect(JSON.parse(map).a.indices[0].query).toBe('{"match_all":{}}');
  });

  it('each shape reads back as the same roles', () => {
    expect(extractRoles(formatRolesFile({ b: roles.b }, 'role'), 'file:///x/b.role.json')).toMatchObject({ shape: 'role', roles: { b: roles.b } });
    expect(extractRoles(formatRolesFile(roles, 'roles'), 'file:///x/roles.roles.json')).toMatchObject({ shape: 'roles', roles });
    expect(extractRoles(formatRolesFile(roles, 'bulk'), 'file:///x/bulk.roles.json')).toMatchObject({ shape: 'bulk', roles });
  });

  it('a single-role file needs exactly one role', () => {
    expect(() => formatRolesFile(roles, 'role')).toThrow(/exactly one role \(got 2\)/);
  });
});
