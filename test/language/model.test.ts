/**
 * The offline privilege model: pattern matching (wildcards and the Lucene regex subset), privilege
 * implication and coverage from the catalog data, and has_privileges-style evaluation, on cases
 * taken from Elasticsearch's documented privilege definitions.
 */
import { describe, expect, it } from 'vitest';
import {
  compilePattern, coverage, evaluate, impliedBy, impliedClosure, isRestrictedIndex, matchesEverything, patternMatches, rolesFromJson,
  rolesFromText, type PrivilegesRequest,
} from '../../server/src/language/model';

describe('index patterns', () => {
  it.each([
    ['logs-*', 'logs-2024', true],
    ['logs-*', 'logs', false],
    ['logs-?', 'logs-1', true],
    ['logs-?', 'logs-12', false],
    ['logs', 'logs', true],
    ['logs', 'logs-1', false],
    ['*-prod-*', 'app-prod-1', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['/logs-[0-9]+/', 'logs-2024', true],
    ['/logs-[0-9]+/', 'logs-x', false],
    ['/logs-[0-9]+/', 'logs-', false],
    ['/logs-[^x]{2,3}/', 'logs-ab', true],
    ['/logs-[^x]{2,3}/', 'logs-ax', false],
    ['/logs-[^x]{2,3}/', 'logs-abcd', false],
    ['/(a|bc)+d?/', 'abcad', true],
    ['/(a|bc)+d?/', 'abd', false],
    ['/.*-(prod|staging)/', 'app-prod', true],
    ['/.*-(prod|staging)/', 'app-dev', false],
    ['/"a.b"c*/', 'a.bcc', true],
    ['/"a.b"c*/', 'axbc', false],
    ['/@/', 'anything at all', true],
    ['/#/', '', false],
    ['/a()b/', 'ab', true],
    ['/\\d+/', '123', true],
    ['/\\d+/', '12a', false],
    ['/[a-c-]x/', '-x', true],
    ['/a\\.b/', 'a.b', true],
    ['/a\\.b/', 'axb', false],
  ])('%s on %s is %s', (pattern, name, expected) => {
    expect(patternMatches(pattern, name)).toBe(expected);
  });

  it('reports the regex features it does not support instead of guessing', () => {
    for (const p of ['/a&b/', '/~a/', '/<1-10>/', '/<name>/', '/a{1000}/', '/(a/', '/a)/', '/[a/', '/no-end']) {
      const c = compilePattern(p);
      expect(c.unsupported, p).toBeTruthy();
      expect(c.test('a')).toBe(false);
    }
  });

  it('matches long names in linear time, whatever the regex', () => {
    const evil = compilePattern('/(a+)+b/');
    const started = Date.now();
    expect(evil.test('a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('tells patterns that match every name', () => {
    for (const p of ['*', '**', '/.*/', '/@/', '/(.|a)*/', '/[^a].*|a.*|/']) expect(matchesEverything(p), p).toBe(true);
    for (const p of ['*a', '?*', '/.+/', '/a.*/', 'logs', '*:*', '/[^a]*/']) expect(matchesEverything(p), p).toBe(false);
  });

  it('knows the restricted indices: the security family and well-known system indices', () => {
    for (const n of ['.security', '.security-7', '.security-6', '.security-tokens-7', '.security-profile-8', '.async-search', '.tasks', '.kibana_8.15.0_001']) {
      expect(isRestrictedIndex(n), n).toBe(true);
    }
    for (const n of ['.security_audit_log-2024', 'security', 'logs', '.ds-logs-2024', '.securityx']) expect(isRestrictedIndex(n), n).toBe(false);
  });
});

describe('privilege implication', () => {
  it('follows catalog implies transitively, and all implies everything', () => {
    expect(impliedClosure('cluster', 'manage').has('monitor')).toBe(true);
    expect(impliedClosure('cluster', 'manage').has('monitor_ml')).toBe(true);
    expect(impliedClosure('cluster', 'manage').has('manage_security')).toBe(false);
    expect(impliedClosure('index', 'all').has('read')).toBe(true);
    expect(impliedClosure('index', 'write').has('create_doc')).toBe(true);
  });

  it('lists the privileges that imply one', () => {
    expect(impliedBy('cluster', 'monitor')).toEqual(['all', 'manage']);
    expect(impliedBy('index', 'read')).toEqual(['all']);
    expect(impliedBy('index', 'create_doc')).toEqual(['all', 'create', 'index', 'write']);
    expect(impliedBy('cluster', 'all')).toEqual([]);
  });

  it.each([
    // [kind, held, requested, granted]
    ['index', ['read'], 'indices:data/read/search', true],
    ['index', ['all'], 'read', true],
    ['index', ['all'], 'indices:admin/create', true],
    ['index', ['manage'], 'monitor', true],
    ['index', ['write'], 'indices:data/write/bulk', true],
    ['index', ['read'], 'write', false],
    // read also holds indices:admin/resolve/index: a raw indices:data/read/* does not cover it.
    ['index', ['indices:data/read/*'], 'read', false],
    ['index', ['indices:data/read/*', 'indices:admin/resolve/*'], 'read', true],
    ['index', ['read', 'view_index_metadata'], 'indices:admin/mappings/fields/get', true],
    // As a privilege, a raw action means `action*`: view_index_metadata has indices:admin/get, not all of indices:admin/get*.
    ['index', ['view_index_metadata'], 'indices:admin/get', false],
    ['index', ['read'], 'read_failure_store', false],
    ['cluster', ['manage'], 'monitor', true],
    ['cluster', ['manage'], 'manage_security', false],
    ['cluster', ['manage'], 'cluster:admin/xpack/security/user/put', false],
    ['cluster', ['manage'], 'cluster:admin/snapshot/create', true],
    ['cluster', ['all'], 'manage_security', true],
    ['cluster', ['manage_security'], 'read_security', true],
    ['cluster', ['manage_security'], 'manage_api_key', true],
    // monitor also reads templates (indices:admin/template/get): cluster:monitor/* alone is not monitor.
    ['cluster', ['cluster:monitor/*'], 'monitor', false],
    ['cluster', ['cluster:monitor/*'], 'cluster:monitor/health', true],
    ['cluster', ['monitor'], 'cluster:monitor/main', true],
  ] as const)('%s %j grants %s: %s', (kind, held, requested, granted) => {
    expect(coverage(kind, held, requested).granted).toBe(granted);
  });

  it('names the action a held set lacks', () => {
    expect(coverage('index', ['indices:data/read/*'], 'read').missingAction).toBe('indices:admin/resolve/index');
  });

  it('says when a privilege has no action data', () => {
    const c = coverage('cluster', ['manage_api_key'], 'manage_own_api_key');
    expect(c.granted).toBe(false);
    expect(c.uncertain).toMatch(/no action data/);
    expect(coverage('cluster', ['all'], 'manage_own_api_key').granted).toBe(true);
  });
});

const ROLES = rolesFromJson({
  logs: {
    cluster: ['monitor', 'cluster:admin/ilm/get'],
    indices: [
      { names: ['logs-*'], privileges: ['read', 'view_index_metadata'] },
      { names: ['/logs-[0-9]+/'], privileges: ['write'] },
      { names: ['.security-7'], privileges: ['read'] },
    ],
  },
  admin: {
    indices: [{ names: ['*'], privileges: ['monitor'], allow_restricted_indices: true }],
    applications: [{ application: 'kibana-*', privileges: ['read', 'feature_x.all'], resources: ['space:default', 'space:team-*'] }],
  },
});

const ask = (request: PrivilegesRequest, roles = ROLES) => evaluate(roles, request);

describe('evaluate (has_privileges offline)', () => {
  it('answers in the has_privileges shape', () => {
    const a = ask({ cluster: ['monitor'], index: [{ names: ['logs-2024'], privileges: ['read'] }] });
    expect(a).toMatchObject({ has_all_requested: true, cluster: { monitor: true }, index: { 'logs-2024': { read: true } }, application: {} });
    expect(a.granted_by.cluster.monitor).toEqual([{ role: 'logs', path: 'cluster', line: undefined, privileges: ['monitor'] }]);
    expect(a.granted_by.index['logs-2024'].read).toEqual([{ role: 'logs', path: 'indices[0]', line: undefined, privileges: ['read'] }]);
  });

  it.each([
    ['logs-2024', 'read', true],
    ['logs-2024', 'write', true],
    ['logs-x', 'write', false],
    ['logs-x', 'read', true],
    ['logs-2024', 'indices:data/read/search', true],
    ['logs-2024', 'indices:data/write/bulk', true],
    ['metrics', 'read', false],
    // read on logs-* does not cover .security; a literal restricted name needs the flag too.
    ['.security', 'read', false],
    ['.security-7', 'read', false],
    // monitor on * with allow_restricted_indices covers .security-7.
    ['.security-7', 'monitor', true],
    ['logs-*', 'read', true],
    ['logs-*', 'write', false],
    ['/logs-[0-9]+/', 'write', true],
    ['logs-20*', 'write', false],
  ])('index %s %s: %s', (index, privilege, granted) => {
    const a = ask({ index: [{ names: [index], privileges: [privilege] }] });
    expect(a.index[index][privilege]).toBe(granted);
    expect(a.has_all_requested).toBe(granted);
    expect(a.granted_by.index[index][privilege].length > 0).toBe(granted);
  });

  it('explains a refused restricted index that an entry would match', () => {
    const a = ask({ index: [{ names: ['.security-7'], privileges: ['read'] }] });
    expect(a.notes.join('\n')).toMatch(/restricted index: logs indices\[2\]/);
  });

  it('leaves restricted indices out of a requested pattern unless the request allows them', () => {
    const roles = rolesFromJson({ r: { indices: [{ names: ['*'], privileges: ['read'] }] } });
    expect(evaluate(roles, { index: [{ names: ['*'], privileges: ['read'] }] }).has_all_requested).toBe(true);
    expect(evaluate(roles, { index: [{ names: ['*'], privileges: ['read'], allow_restricted_indices: true }] }).has_all_requested).toBe(false);
    const only = evaluate(roles, { index: [{ names: ['.security-7*'], privileges: ['read'] }] });
    expect(only.has_all_requested).toBe(false);
    expect(only.notes.join()).toMatch(/only restricted indices/);
  });

  it('unions entries with the same privileges for a requested pattern, as ES does', () => {
    const roles = rolesFromJson({ r: { indices: [{ names: ['a-*'], privileges: ['read'] }, { names: ['b-*'], privileges: ['read'] }] } });
    expect(evaluate(roles, { index: [{ names: ['/[ab]-.*/'], privileges: ['read'] }] }).has_all_requested).toBe(true);
  });

  it('unions privileges of the entries matching one index', () => {
    const roles = rolesFromJson({ r: { indices: [{ names: ['a'], privileges: ['indices:data/read/*'] }, { names: ['a*'], privileges: ['indices:admin/resolve/*'] }] } });
    const a = evaluate(roles, { index: [{ names: ['a'], privileges: ['read'] }] });
    expect(a.index.a.read).toBe(true);
    expect(a.granted_by.index.a.read.map((g) => g.path)).toEqual(['indices[0]', 'indices[1]']);
  });

  it('evaluates cluster privileges, raw patterns and concrete actions', () => {
    const a = ask({
      cluster: ['monitor', 'monitor_ml', 'manage', 'cluster:monitor/health', 'read_ilm', 'cluster:admin/ilm/get'],
      cluster_actions: ['cluster:admin/ilm/get', 'cluster:admin/ilm/put'],
    });
    expect(a.cluster).toEqual({
      monitor: true,
      monitor_ml: true,
      manage: false,
      'cluster:monitor/health': true,
      // read_ilm also holds cluster:admin/ilm/operation_mode/get.
      read_ilm: false,
      'cluster:admin/ilm/get': true,
      'cluster:admin/ilm/put': false,
    });
  });

  it('takes the union of the roles, as for a user holding them all', () => {
    const a = ask({ cluster: ['monitor'], index: [{ names: ['logs-1', 'x'], privileges: ['monitor'] }] });
    expect(a.has_all_requested).toBe(true);
    expect(a.granted_by.index['logs-1'].monitor.map((g) => g.role)).toEqual(['admin']);
  });

  it('checks concrete index actions minus excluded patterns', () => {
    const roles = rolesFromJson({ r: { cluster: ['manage'], indices: [{ names: ['a'], privileges: ['manage'] }] } });
    const a = evaluate(roles, {
      cluster_actions: ['cluster:admin/xpack/security/user/put', 'cluster:admin/settings/update'],
      index: [{ names: ['a'], actions: ['indices:admin/create', 'indices:data/write/index'] }],
    });
    expect(a.cluster).toEqual({ 'cluster:admin/xpack/security/user/put': false, 'cluster:admin/settings/update': true });
    expect(a.index.a).toEqual({ 'indices:admin/create': true, 'indices:data/write/index': false });
  });

  it('evaluates application privileges by name, * and action patterns', () => {
    const a = ask({
      application: [
        { application: 'kibana-.kibana', resources: ['space:default', 'space:team-a', 'space:other'], privileges: ['read', 'all'] },
      ],
    });
    expect(a.application['kibana-.kibana']).toEqual({
      'space:default': { read: true, all: false },
      'space:team-a': { read: true, all: false },
      'space:other': { read: false, all: false },
    });
    expect(a.notes.join()).toMatch(/checked by name only/);
  });

  it('notes patterns the model does not understand', () => {
    const roles = rolesFromJson({ r: { indices: [{ names: ['/a&b/'], privileges: ['read'] }] } });
    expect(evaluate(roles, { index: [{ names: ['a'], privileges: ['read'] }] }).notes.join()).toMatch(/not understood/);
  });

  it('reads roles from every role-bearing shape, with lines', () => {
    const text = '{\n  "ops": {\n    "cluster": ["monitor"],\n    "index": [{"names": "logs", "privileges": ["read"]}]\n  }\n}';
    const loaded = rolesFromText(text, 'file:///x/team.roles.json');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const [ops] = loaded.set.roles;
    expect(ops.indices[0]).toMatchObject({ names: ['logs'], privileges: ['read'], where: { role: 'ops', path: 'indices[0]', line: 4 } });
    expect(ops.clusterWhere.line).toBe(3);
    const key = rolesFromText('{"name": "k", "role_descriptors": {"d": {"cluster": ["monitor"]}}}', 'file:///x/k.apikey.json');
    expect(key.ok && key.set.kind === 'api_key' && !key.set.unrestrictedApiKey).toBe(true);
    const open = rolesFromText('{"name": "k"}', 'file:///x/k.apikey.json');
    expect(open.ok && open.set.unrestrictedApiKey).toBe(true);
    expect(rolesFromText('{"cluster": [', 'file:///x/a.role.json')).toMatchObject({ ok: false });
    expect(rolesFromText('{"index": [{"names": ["a"], "privileges": ["read"]}]}', 'file:///x/c.has_privileges.json')).toMatchObject({ ok: false });
  });
});
