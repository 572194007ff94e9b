/**
 * diffRoles: what one set of roles grants that another does not, and the hover's "Implied by" line
 * (both read the privilege model).
 */
import { describe, expect, it } from 'vitest';
import type { MarkupContent } from 'vscode-languageserver-types';
import { bundledCatalog } from '../../server/src/language';
import { parseRoleDocument } from '../../server/src/language/document';
import { doHover } from '../../server/src/language/hover';
import { diffRoles, rolesFromJson, type GrantChange } from '../../server/src/language/model';
import { markedDocument } from '../helpers/markers';

const role = (descriptor: Record<string, unknown>, name = 'r') => rolesFromJson({ [name]: descriptor });
const added = (a: Record<string, unknown>, b: Record<string, unknown>) => diffRoles(role(a), role(b)).added;
const brief = (changes: readonly GrantChange[]) =>
  changes.map((c) => [c.kind, c.privilege ?? null, c.names ?? c.resource ?? null, c.example ?? null, c.reason]);

describe('diffRoles', () => {
  it('finds nothing between identical roles', () => {
    const r = { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }], run_as: ['alice'] };
    expect(diffRoles(role(r), role(r))).toEqual({ added: [], removed: [] });
  });

  it('reports new cluster privileges, not those already implied', () => {
    expect(brief(added({ cluster: ['manage'] }, { cluster: ['monitor', 'manage_ilm', 'manage_security'] }))).toEqual([
      ['cluster', 'manage_security', null, null, 'not-granted'],
    ]);
    expect(added({ cluster: ['all'] }, { cluster: ['manage_security', 'cluster:admin/xpack/security/user/get'] })).toEqual([]);
  });

  it('reports index privileges per pattern, with an example index', () => {
    const changes = added({ indices: [{ names: ['logs-*'], privileges: ['read'] }] }, { indices: [{ names: ['logs-*', 'metrics-*'], privileges: ['read', 'write'] }] });
    expect(brief(changes)).toEqual([
      ['index', 'write', 'logs-*', 'logs-a', 'not-granted'],
      ['index', 'read', 'metrics-*', 'metrics-a', 'not-granted'],
      ['index', 'write', 'metrics-*', 'metrics-a', 'not-granted'],
    ]);
    expect(changes[0].where).toEqual({ role: 'r', path: 'indices[0]', line: undefined });
  });

  it('sees narrower patterns and implied privileges as no growth', () => {
    expect(added({ indices: [{ names: ['logs-*'], privileges: ['all'] }] }, { indices: [{ names: ['logs-2024*', '/logs-[0-9]+/'], privileges: ['read', 'write'] }] })).toEqual([]);
    expect(added({ indices: [{ names: ['a-*', 'b-*'], privileges: ['read'] }] }, { indices: [{ names: ['/[ab]-.+/'], privileges: ['read'] }] })).toEqual([]);
  });

  it('unions the other side\'s entries, over names and over privileges', () => {
    const a = { indices: [{ names: ['logs-a*'], privileges: ['read'] }, { names: ['logs-*'], privileges: ['read'] }] };
    expect(added(a, { indices: [{ names: ['logs-*'], privileges: ['read'] }] })).toEqual([]);
    const split = { indices: [{ names: ['x'], privileges: ['indices:data/read/*'] }, { names: ['x'], privileges: ['indices:admin/resolve/*'] }] };
    expect(added(split, { indices: [{ names: ['x'], privileges: ['read'] }] })).toEqual([]);
  });

  it('counts a pattern that now reaches restricted indices as growth', () => {
    const changes = added({ indices: [{ names: ['*'], privileges: ['read'] }] }, { indices: [{ names: ['*'], privileges: ['read'], allow_restricted_indices: true }] });
    expect(brief(changes)).toEqual([['index', 'read', '*', '.tasks', 'not-granted']]);
  });

  it('counts dropping document- or field-level security as growth', () => {
    const dls = { indices: [{ names: ['logs'], privileges: ['read'], query: { term: { team: 'a' } } }] };
    expect(brief(added(dls, { indices: [{ names: ['logs'], privileges: ['read'] }] }))).toEqual([['index', 'read', 'logs', null, 'unrestricted']]);
    const fls = { indices: [{ names: ['logs'], privileges: ['read'], field_security: { grant: ['public.*'] } }] };
    expect(brief(added(fls, { indices: [{ names: ['logs'], privileges: ['read'] }] }))).toEqual([['index', 'read', 'logs', null, 'unrestricted']]);
    // grant ["*"] hides nothing: no restriction was dropped.
    expect(added({ indices: [{ names: ['logs'], privileges: ['read'], field_security: { grant: ['*'] } }] }, { indices: [{ names: ['logs'], privileges: ['read'] }] })).toEqual([]);
    expect(added({ indices: [{ names: ['logs'], privileges: ['read'] }] }, dls)).toEqual([]);
  });

  it('compares remote indices per cluster alias and remote_cluster', () => {
    const a = { remote_indices: [{ clusters: ['eu-*'], names: ['logs-*'], privileges: ['read'] }], remote_cluster: [{ clusters: ['eu-*'], privileges: ['monitor_enrich'] }] };
    const b = {
      remote_indices: [{ clusters: ['eu-1', 'us-1'], names: ['logs-*'], privileges: ['read'] }],
      remote_cluster: [{ clusters: ['eu-*', 'us-*'], privileges: ['monitor_enrich'] }],
    };
    const changes = added(a, b);
    expect(changes.map((c) => [c.kind, c.clusters, c.names ?? null])).toEqual([
      ['remote_index', 'us-1', 'logs-*'],
      ['remote_cluster', 'us-*', null],
    ]);
  });

  it('compares run_as, applications and global privileges', () => {
    const a = { run_as: ['svc-*'], applications: [{ application: 'kibana-.kibana', privileges: ['read'], resources: ['space:*'] }] };
    const b = {
      run_as: ['svc-ci', 'admin'],
      applications: [{ application: 'kibana-.kibana', privileges: ['read', 'all'], resources: ['space:default'] }],
      global: { application: { manage: { applications: ['x'] } } },
    };
    expect(brief(added(a, b))).toEqual([
      ['application', 'all', 'space:default', 'space:default', 'not-granted'],
      ['run_as', null, 'admin', 'admin', 'not-granted'],
      ['global', null, null, null, 'not-granted'],
    ]);
  });

  it('lists removals the other way round', () => {
    const { added: up, removed } = diffRoles(role({ cluster: ['monitor', 'manage_ilm'] }), role({ cluster: ['monitor'] }));
    expect(up).toEqual([]);
    expect(brief(removed)).toEqual([['cluster', 'manage_ilm', null, null, 'not-granted']]);
  });

  it('treats several roles as their union', () => {
    const a = rolesFromJson({ x: { cluster: ['monitor'] }, y: { indices: [{ names: ['a'], privileges: ['read'] }] } });
    const b = rolesFromJson({ z: { cluster: ['monitor'], indices: [{ names: ['a'], privileges: ['read'] }] } });
    expect(diffRoles(a, b)).toEqual({ added: [], removed: [] });
  });
});

describe('hover: implied by', () => {
  const hover = (source: string) => {
    const m = markedDocument(source, 'file:///test/r.role.json', { cursor: true });
    return (doHover(parseRoleDocument(m.doc), m.cursor, bundledCatalog())!.contents as MarkupContent).value;
  };

  it('lists the privileges that imply the hovered one, next to those it implies', () => {
    const md = hover('{"cluster": ["mon|itor"]}');
    expect(md).toContain('Implied by: `all`, `manage`');
    expect(md).toContain('Implies: `monitor_data_frame_transforms`');
    expect(hover('{"indices": [{"names": ["a"], "privileges": ["re|ad"]}]}')).toContain('Implied by: `all`');
  });

  it('has no line for a privilege nothing implies', () => {
    expect(hover('{"cluster": ["a|ll"]}')).not.toContain('Implied by');
  });

  it('only names privileges of the catalog in use', () => {
    expect(hover('{"cluster": ["monitor_conn|ector"]}')).toContain('Implied by: `all`, `manage`, `manage_connector`');
    const m = markedDocument('{"cluster": ["monitor_conn|ector"]}', 'file:///test/r.role.json', { cursor: true });
    const md = (doHover(parseRoleDocument(m.doc), m.cursor, bundledCatalog('7.17'))!.contents as MarkupContent).value;
    expect(md).toContain('Implied by: `all`, `manage`\n');
  });
});
