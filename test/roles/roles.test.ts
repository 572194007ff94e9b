import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../client/src/roles/diff';
import { extractRoles } from '../../client/src/roles/extract';
import { normalizeRole, sameRole } from '../../client/src/roles/normalize';

describe('extractRoles', () => {
  it('reads a single role named after the file', () => {
    const r = extractRoles('// c\n{"cluster": ["monitor"]}', 'file:///x/logs-reader.role.json');
    expect(r.shape).toBe('role');
    expect(Object.keys(r.roles)).toEqual(['logs-reader']);
    expect(r.roles['logs-reader']).toEqual({ cluster: ['monitor'] });
  });

  it('reads a roles map, a bulk body and API-key role descriptors', () => {
    expect(Object.keys(extractRoles('{"a": {"cluster": []}, "b": {"indices": []}}', '/x/all.roles.json').roles)).toEqual(['a', 'b']);
    expect(Object.keys(extractRoles('{"roles": {"r1": {"cluster": ["all"]}}}', '/x/bulk.json').roles)).toEqual(['r1']);
    const key = extractRoles('{"name": "k", "role_descriptors": {"d": {"cluster": ["monitor"]}}}', '/x/k.apikey.json');
    expect(key.shape).toBe('api_key_create');
    expect(Object.keys(key.roles)).toEqual(['d']);
    expect(key.body?.name).toBe('k');
    const grant = extractRoles('{"grant_type": "password", "username": "u", "api_key": {"name": "k", "role_descriptors": {"g": {}}}}', '/x/g.apikey.json');
    expect(grant.shape).toBe('api_key_grant');
    expect(Object.keys(grant.roles)).toEqual(['g']);
  });

  it('reports invalid JSON with its line instead of guessing', () => {
    const r = extractRoles('{\n  "cluster": ["monitor"\n', '/x/a.role.json');
    expect(r.syntaxError).toMatch(/line 3/);
    expect(r.roles).toEqual({});
  });

  it('has_privileges bodies carry the body and no roles', () => {
    const r = extractRoles('{"cluster": ["monitor"], "index": [{"names": ["a"], "privileges": ["read"]}]}', '/x/c.has_privileges.json');
    expect(r.shape).toBe('has_privileges');
    expect(r.body).toBeDefined();
  });
});

describe('normalizeRole', () => {
  const local = {
    cluster: ['MONITOR', 'manage_ilm'],
    index: [{ names: 'logs-*', privileges: ['read', 'VIEW_INDEX_METADATA'], query: { term: { a: 1 } } }],
    metadata: { version: 1 },
  };
  const remote = {
    cluster: ['manage_ilm', 'monitor'],
    indices: [
      { names: ['logs-*'], privileges: ['view_index_metadata', 'read'], query: '{"term":{"a":1}}', allow_restricted_indices: false },
    ],
    applications: [],
    run_as: [],
    metadata: { version: 1 },
    transient_metadata: { enabled: true },
  };

  it('treats what GET role returns and the file as the same role', () => {
    expect(sameRole(local, remote)).toBe(true);
  });

  it('sees a real change', () => {
    expect(sameRole(local, { ...remote, cluster: ['monitor'] })).toBe(false);
    expect(sameRole(local, { ...remote, indices: [{ ...remote.indices[0], allow_restricted_indices: true }] })).toBe(false);
    expect(sameRole(local, { ...remote, metadata: { version: 2 } })).toBe(false);
  });

  it('sorts keys and drops server defaults', () => {
    expect(Object.keys(normalizeRole(remote))).toEqual(['cluster', 'indices', 'metadata']);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts and shows changed lines with context', () => {
    expect(unifiedDiff('a\nb', 'a\nb', { before: 'x', after: 'y' })).toBe('');
    const d = unifiedDiff('a\nb\nc\nd', 'a\nB\nc\nd', { before: 'cluster', after: 'file' });
    expect(d.split('\n')).toEqual(['--- cluster', '+++ file', '@@ -1,4 +1,4 @@', ' a', '-b', '+B', ' c', ' d']);
  });

  it('handles creation from nothing', () => {
    expect(unifiedDiff('', 'x\ny', { before: 'a', after: 'b' }).split('\n')).toEqual(['--- a', '+++ b', '@@ -0,0 +1,2 @@', '+x', '+y']);
  });
});
