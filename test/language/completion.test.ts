import { describe, expect, it } from 'vitest';
import {
  CompletionItemKind, CompletionItemTag, InsertTextFormat, type CompletionItem, type CompletionList, type MarkupContent,
} from 'vscode-languageserver-types';
import { bundledCatalog, getLanguageService } from '../../server/src/language';
import { doComplete } from '../../server/src/language/completion';
import { parseRoleDocument } from '../../server/src/language/document';
import { applyEdits, markedDocument, type Marked } from '../helpers/markers';

const ROLE = 'file:///test/reader.role.json';
const ROLES = 'file:///test/all.roles.json';
const BULK = 'file:///test/bulk.json';
const API_KEY = 'file:///test/ingest.apikey.json';
const GRANT = 'file:///test/grant.json';
const CHECK = 'file:///test/check.has_privileges.json';

interface Completed {
  readonly m: Marked;
  readonly list: CompletionList;
  readonly labels: string[];
}

function complete(source: string, uri = ROLE, version?: string): Completed {
  const m = markedDocument(source, uri, { cursor: true });
  const list = doComplete(parseRoleDocument(m.doc), m.cursor, bundledCatalog(version));
  return { m, list, labels: list.items.map((i) => i.label) };
}

/** Removes snippet syntax: `${1|a,b|}` -> a, `${1:x}` -> x, `$1`/`$0` -> nothing, then unescapes. */
function stripSnippet(text: string): string {
  let prev: string;
  do {
    prev = text;
    text = text
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^{}$]*)\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/(?<!\\)\$\d+/g, '');
  } while (text !== prev);
  return text.replace(/\\([$}\\])/g, '$1');
}

/** The document text after accepting `item`: its textEdit and additionalTextEdits, placeholders removed. */
function applyItem(m: Marked, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) throw new Error(`item ${item.label} has no textEdit with a range`);
  const snippet = item.insertTextFormat === InsertTextFormat.Snippet;
  const edits = [{ range: edit.range, newText: snippet ? stripSnippet(edit.newText) : edit.newText }, ...(item.additionalTextEdits ?? [])];
  return applyEdits(m.doc, edits);
}

function find(c: Completed, label: string): CompletionItem {
  const item = c.list.items.find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label} in [${c.labels.join(', ')}]`);
  return item;
}

/** Completes at `|`, accepts `label`, returns the resulting text. */
function accept(source: string, label: string, uri = ROLE, version?: string): string {
  const c = complete(source, uri, version);
  return applyItem(c.m, find(c, label));
}

const doc = (item: CompletionItem): string => (item.documentation as MarkupContent | undefined)?.value ?? '';

/** Every textEdit replaces a single-line range that contains the cursor, as VS Code requires. */
function expectWellFormedEdits(c: Completed): void {
  for (const item of c.list.items) {
    const edit = item.textEdit;
    expect(edit && 'range' in edit, `${item.label} has a range`).toBe(true);
    if (!edit || !('range' in edit)) continue;
    expect(edit.range.start.line).toBe(edit.range.end.line);
    expect(edit.range.start.line).toBe(c.m.cursor.line);
    expect(edit.range.start.character).toBeLessThanOrEqual(c.m.cursor.character);
    expect(edit.range.end.character).toBeGreaterThanOrEqual(c.m.cursor.character);
  }
}

describe('keys in a role', () => {
  it('offers role descriptor fields in an empty object, as snippets with documentation', () => {
    const c = complete('{|}');
    expect(c.labels).toEqual(expect.arrayContaining(['description', 'cluster', 'indices', 'applications', 'global', 'run_as', 'remote_indices', 'remote_cluster', 'metadata']));
    const cluster = find(c, 'cluster');
    expect(cluster.kind).toBe(CompletionItemKind.Property);
    expect(cluster.insertTextFormat).toBe(InsertTextFormat.Snippet);
    expect(cluster.detail).toBe('array of cluster privileges');
    expect(doc(cluster)).toContain('Cluster privileges');
    expect(doc(find(c, 'description'))).toContain('Elasticsearch 8.15 or later');
    expectWellFormedEdits(c);
  });

  it('inserts the key with its value snippet', () => {
    expect(accept('{|}', 'cluster')).toBe('{"cluster": [""]}');
    expect(accept('{|}', 'indices')).toBe('{"indices": [\n\t{\n\t\t"names": [""],\n\t\t"privileges": [""]\n\t}\n]}');
    expect(accept('{|}', 'description')).toBe('{"description": ""}');
  });

  it('offers restriction only in API-key role descriptors, not in roles', () => {
    expect(complete('{|}').labels).not.toContain('restriction');
  });

  it('skips hidden fields and aliases', () => {
    const labels = complete('{|}').labels;
    expect(labels).not.toContain('transient_metadata');
    expect(labels).not.toContain('type');
    expect(labels).not.toContain('index');
    expect(labels).not.toContain('application');
  });

  it('skips keys already present, also through an alias', () => {
    const labels = complete('{"cluster": [], "index": [], |}').labels;
    expect(labels).not.toContain('cluster');
    expect(labels).not.toContain('indices');
    expect(labels).toContain('run_as');
  });

  it('offers the key the cursor is on, so that it can be replaced (other keys present are skipped)', () => {
    const c = complete('{"clu|ster": [], "indices": [{"names": ["a"], "privileges": ["read"]}]}');
    expect(c.labels).toContain('cluster');
    expect(c.labels).not.toContain('indices');
    expect(complete('{"cluster": [], "indices": [{"na|mes": ["a"], "privileges": ["read"]}]}').labels).toEqual(
      expect.arrayContaining(['names', 'field_security', 'query']),
    );
    // Every other field of field_security is present: the one under the cursor is still offered.
    expect(complete('{"indices": [{"names": ["a"], "privileges": ["read"], "field_security": {"grant": ["*"], "exc|ept": []}}]}').labels).toEqual(['except']);
  });

  it('replaces a partly typed key inside quotes', () => {
    const c = complete('{"clu|"}');
    expect(find(c, 'cluster').filterText).toBe('"cluster"');
    expect(applyItem(c.m, find(c, 'cluster'))).toBe('{"cluster": [""]}');
    expectWellFormedEdits(c);
  });

  it('replaces a partly typed key without quotes', () => {
    expect(accept('{clu|}', 'cluster')).toBe('{"cluster": [""]}');
  });

  it('completes a key in an unterminated string at the end of the text', () => {
    expect(accept('{"run|', 'run_as')).toBe('{"run_as": [""]');
  });

  it('renames only the key when the property already has a value', () => {
    expect(accept('{"clu|": ["monitor"]}', 'cluster')).toBe('{"cluster": ["monitor"]}');
  });

  it('adds a comma when a property follows', () => {
    expect(accept('{\n  |\n  "cluster": []\n}', 'run_as')).toBe('{\n  "run_as": [""],\n  "cluster": []\n}');
  });

  it('adds the comma missing after the previous property', () => {
    expect(accept('{"cluster": [] |}', 'run_as')).toBe('{"cluster": [], "run_as": [""]}');
  });

  it('does not add a comma after a comma', () => {
    expect(accept('{"cluster": [],\n  |\n}', 'run_as')).toBe('{"cluster": [],\n  "run_as": [""]\n}');
  });

  it('offers the fields of an indices entry', () => {
    const labels = complete('{"indices": [{"names": ["logs-*"], |}]}').labels;
    expect(labels).toEqual(['privileges', 'field_security', 'query', 'allow_restricted_indices']);
  });

  it('offers the fields of a remote_indices entry, with clusters', () => {
    const labels = complete('{"remote_indices": [{|}]}').labels;
    expect(labels).toEqual(expect.arrayContaining(['clusters', 'names', 'privileges']));
  });

  it('offers nested global privilege keys', () => {
    expect(complete('{"global": {|}}').labels).toEqual(['application', 'profile', 'role']);
    expect(accept('{"global": {"role": {|}}}', 'manage')).toBe(
      '{"global": {"role": {"manage": {\n\t"indices": [\n\t\t{ "names": [""], "privileges": [""] }\n\t]\n}}}}',
    );
  });

  it('documents the target version when a field is newer than the catalog', () => {
    const c = complete('{|}', ROLE, '8.12');
    const item = find(c, 'remote_cluster');
    expect(doc(item)).toContain('Elasticsearch 8.15 or later');
    expect(doc(item)).toContain('ES 8.12');
    expect(item.sortText! > find(c, 'cluster').sortText!).toBe(true);
  });
});

describe('privilege values', () => {
  it('offers cluster privileges, and no index privileges, in cluster', () => {
    const c = complete('{"cluster": [|]}');
    expect(c.labels).toEqual(expect.arrayContaining(['monitor', 'manage', 'all', 'manage_security', 'manage_api_key']));
    for (const indexOnly of ['read', 'write', 'delete_index', 'create_doc', 'view_index_metadata']) {
      expect(c.labels).not.toContain(indexOnly);
    }
    expect(c.labels).toEqual([...bundledCatalog().names('cluster')]);
    expectWellFormedEdits(c);
  });

  it('gives each name a kind, detail and its description', () => {
    const c = complete('{"cluster": [|]}');
    const monitor = find(c, 'monitor');
    expect(monitor.kind).toBe(CompletionItemKind.EnumMember);
    expect(monitor.detail).toBe('cluster privilege');
    expect(doc(monitor)).toBe(bundledCatalog().info('cluster', 'monitor')!.description);
    for (const item of c.list.items) expect(item.detail).toMatch(/^cluster privilege/);
  });

  it('tags deprecated names and sorts them last', () => {
    const c = complete('{"cluster": [|]}');
    const dep = find(c, 'manage_data_frame_transforms');
    expect(dep.tags).toEqual([CompletionItemTag.Deprecated]);
    expect(dep.detail).toBe('cluster privilege · deprecated');
    expect(doc(dep)).toContain('manage_transform');
    const sorted = [...c.list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
    const firstDeprecated = sorted.findIndex((i) => i.tags?.includes(CompletionItemTag.Deprecated));
    expect(firstDeprecated).toBeGreaterThan(0);
    expect(sorted.slice(firstDeprecated).every((i) => i.tags?.includes(CompletionItemTag.Deprecated))).toBe(true);
  });

  it('inserts a quoted name in an empty array', () => {
    expect(accept('{"cluster": [|]}', 'monitor')).toBe('{"cluster": ["monitor"]}');
  });

  it('replaces a partly typed name inside quotes', () => {
    const c = complete('{"cluster": ["man|"]}');
    expect(find(c, 'manage').filterText).toBe('"manage"');
    expect(applyItem(c.m, find(c, 'manage'))).toBe('{"cluster": ["manage"]}');
  });

  it('replaces a partly typed name without quotes', () => {
    const c = complete('{"cluster": [man|]}');
    expect(find(c, 'manage').filterText).toBe('manage');
    expect(applyItem(c.m, find(c, 'manage'))).toBe('{"cluster": ["manage"]}');
  });

  it('replaces the whole string when the cursor is in the middle', () => {
    expect(accept('{"cluster": ["mon|xyz"]}', 'monitor')).toBe('{"cluster": ["monitor"]}');
  });

  it('completes after a comma and excludes names already present', () => {
    const c = complete('{"cluster": ["monitor", |]}');
    expect(c.labels).not.toContain('monitor');
    expect(applyItem(c.m, find(c, 'manage'))).toBe('{"cluster": ["monitor", "manage"]}');
  });

  it('excludes present names case-insensitively, but not the one being replaced', () => {
    const c = complete('{"cluster": ["MONITOR", "man|"]}');
    expect(c.labels).not.toContain('monitor');
    expect(c.labels).toContain('manage');
    expect(complete('{"cluster": ["monitor|"]}').labels).toContain('monitor');
  });

  it('adds a comma before a following element', () => {
    expect(accept('{"cluster": [|"monitor"]}', 'manage')).toBe('{"cluster": ["manage","monitor"]}');
  });

  it('adds the comma missing after the previous element', () => {
    expect(accept('{"cluster": ["monitor" |]}', 'manage')).toBe('{"cluster": ["monitor", "manage"]}');
  });

  it('works on multi-line arrays', () => {
    const source = '{\n  "cluster": [\n    "monitor",\n    |\n  ]\n}';
    expect(accept(source, 'manage')).toBe('{\n  "cluster": [\n    "monitor",\n    "manage"\n  ]\n}');
  });

  it('works in an unterminated string at the end of the text', () => {
    expect(accept('{"cluster": ["man|', 'manage')).toBe('{"cluster": ["manage"');
  });

  it('works right after an unclosed bracket at the end of the text', () => {
    expect(accept('{"cluster": [|', 'monitor')).toBe('{"cluster": ["monitor"');
    expect(accept('{\n  "cluster": [|\n}', 'monitor')).toBe('{\n  "cluster": ["monitor"\n}');
  });

  it('offers names wrapped in an array where the value is missing', () => {
    const c = complete('{"cluster": |}');
    expect(applyItem(c.m, find(c, 'monitor'))).toBe('{"cluster": ["monitor"]}');
    expect(applyItem(c.m, find(c, '[]'))).toBe('{"cluster": [""]}');
  });

  it('offers index privileges in indices[].privileges', () => {
    const c = complete('{"indices": [{"names": ["logs-*"], "privileges": ["read", |]}]}');
    expect(c.labels).toEqual(expect.arrayContaining(['write', 'view_index_metadata', 'create_doc', 'monitor']));
    expect(c.labels).not.toContain('read');
    expect(c.labels).not.toContain('manage_security');
    expect(find(c, 'write').detail).toBe('index privilege');
    expect(applyItem(c.m, find(c, 'write'))).toBe('{"indices": [{"names": ["logs-*"], "privileges": ["read", "write"]}]}');
  });

  it('offers index privileges in remote_indices, without failure-store privileges', () => {
    const local = complete('{"indices": [{"privileges": [|]}]}', ROLE, '9.1').labels;
    expect(local).toContain('read_failure_store');
    const remote = complete('{"remote_indices": [{"clusters": ["*"], "names": ["a"], "privileges": [|]}]}', ROLE, '9.1').labels;
    expect(remote).toContain('read');
    expect(remote).not.toContain('read_failure_store');
    expect(remote).not.toContain('manage_failure_store');
  });

  it('offers only remote_cluster privileges in remote_cluster', () => {
    expect(complete('{"remote_cluster": [{"privileges": [|], "clusters": ["*"]}]}', ROLE, '9.1').labels).toEqual(['monitor_enrich', 'monitor_stats']);
    expect(complete('{"remote_cluster": [{"privileges": ["monitor_enrich", |]}]}', ROLE, '9.1').labels).toEqual(['monitor_stats']);
  });

  it('offers index privileges in global.role.manage.indices[].privileges', () => {
    const labels = complete('{"global": {"role": {"manage": {"indices": [{"names": ["a"], "privileges": [|]}]}}}}').labels;
    expect(labels).toContain('read');
    expect(labels).not.toContain('manage_security');
  });

  it('offers nothing in application privileges, names or run_as', () => {
    expect(complete('{"applications": [{"application": "kibana-.kibana", "privileges": [|]}]}').labels).toEqual([]);
    expect(complete('{"indices": [{"names": ["lo|"]}]}').labels).toEqual([]);
    expect(complete('{"run_as": [|]}').labels).toEqual([]);
  });

  it('follows the catalog version', () => {
    expect(complete('{"cluster": [|]}', ROLE, '8.12').labels).not.toContain('manage_inference');
    expect(complete('{"cluster": [|]}', ROLE, '9.1').labels).toContain('manage_inference');
    expect(complete('{"remote_cluster": [{"privileges": [|]}]}', ROLE, '8.12').labels).toEqual([]);
  });

  it('copes with names that have no description yet', () => {
    const c = complete('{"cluster": [|]}');
    for (const item of c.list.items) {
      const description = bundledCatalog().info('cluster', item.label)?.description;
      if (!description && !item.tags) expect(item.documentation).toBeUndefined();
    }
  });
});

describe('other values and entries', () => {
  it('offers true and false for allow_restricted_indices', () => {
    const source = '{"indices": [{"names": ["a"], "privileges": ["read"], "allow_restricted_indices": |}]}';
    expect(complete(source).labels).toEqual(['true', 'false']);
    expect(accept(source, 'true')).toBe('{"indices": [{"names": ["a"], "privileges": ["read"], "allow_restricted_indices": true}]}');
    expect(accept('{"indices": [{"allow_restricted_indices": fa|, "names": []}]}', 'false')).toBe(
      '{"indices": [{"allow_restricted_indices": false, "names": []}]}',
    );
  });

  it('offers an indices entry snippet in indices', () => {
    const c = complete('{"indices": [|]}');
    expect(c.labels).toEqual(['{ names, privileges }']);
    expect(find(c, '{ names, privileges }').kind).toBe(CompletionItemKind.Snippet);
    expect(applyItem(c.m, c.list.items[0])).toBe('{"indices": [{\n\t"names": [""],\n\t"privileges": [""]\n}]}');
  });

  it('offers an entry after an existing one, with a comma', () => {
    expect(accept('{"indices": [{"names": ["a"], "privileges": ["read"]}, |]}', '{ names, privileges }')).toBe(
      '{"indices": [{"names": ["a"], "privileges": ["read"]}, {\n\t"names": [""],\n\t"privileges": [""]\n}]}',
    );
    expect(accept('{"indices": [{"names": ["a"], "privileges": ["read"]} |]}', '{ names, privileges }')).toBe(
      '{"indices": [{"names": ["a"], "privileges": ["read"]}, {\n\t"names": [""],\n\t"privileges": [""]\n}]}',
    );
  });

  it('offers a remote_indices entry with clusters', () => {
    expect(accept('{"remote_indices": [|]}', '{ clusters, names, privileges }')).toBe(
      '{"remote_indices": [{\n\t"clusters": [""],\n\t"names": [""],\n\t"privileges": [""]\n}]}',
    );
  });

  it('offers an application entry', () => {
    expect(accept('{"applications": [|]}', '{ application, privileges, resources }')).toBe(
      '{"applications": [{\n\t"application": "",\n\t"privileges": [""],\n\t"resources": [""]\n}]}',
    );
  });

  it('offers a remote_cluster entry', () => {
    expect(accept('{"remote_cluster": [|]}', '{ privileges, clusters }')).toBe(
      '{"remote_cluster": [{\n\t"privileges": [""],\n\t"clusters": [""]\n}]}',
    );
  });

  it('offers nothing inside comments', () => {
    expect(complete('{\n  // clu|\n}').labels).toEqual([]);
    expect(complete('{ /* "cluster": [|] */ }').labels).toEqual([]);
  });

  it('offers nothing outside the root object or in unknown files', () => {
    expect(complete('{}|').labels).toEqual([]);
    expect(complete('|{}').labels).toEqual([]);
    expect(complete('{"foo": 1, |}', 'file:///test/data.json').labels).toEqual([]);
  });
});

describe('roles map', () => {
  it('offers cluster privileges in a role', () => {
    const c = complete('{"reader": {"cluster": ["mon|"]}}', ROLES);
    expect(c.labels).toContain('monitor');
    expect(c.labels).not.toContain('read');
    expect(applyItem(c.m, find(c, 'monitor'))).toBe('{"reader": {"cluster": ["monitor"]}}');
  });

  it('offers role fields, with description and without restriction', () => {
    const labels = complete('{"reader": {|}}', ROLES).labels;
    expect(labels).toContain('description');
    expect(labels).toContain('indices');
    expect(labels).not.toContain('restriction');
  });

  it('offers a new role snippet for a new key', () => {
    const c = complete('{"reader": {}, |}', ROLES);
    expect(c.labels).toEqual(['new role']);
    expect(c.list.isIncomplete).toBe(true);
    expect(applyItem(c.m, c.list.items[0])).toBe(
      '{"reader": {}, "new_role": {\n\t"cluster": [],\n\t"indices": [\n\t\t{\n\t\t\t"names": [""],\n\t\t\t"privileges": [""]\n\t\t}\n\t]\n}}',
    );
  });

  it('uses the typed name for the new role', () => {
    const c = complete('{\n  "reader": {},\n  "wri|"\n}', ROLES);
    expect(c.list.items[0].filterText).toBe('"wri');
    expect(applyItem(c.m, c.list.items[0])).toContain('"wri": {\n\t"cluster": []');
  });

  it('adds a comma when a new role is typed above another one', () => {
    const c = complete('{\n  "a": {"cluster": []},\n  "ne|"\n  "b": {"cluster": []}\n}', ROLES);
    expect(applyItem(c.m, c.list.items[0])).toContain('\n\t]\n},\n  "b": {"cluster": []}');
  });

  it('recognises a roles map while a new role name is half typed, without a file-name hint', () => {
    expect(complete('{"reader": {"cluster": []}, "wri|"}', BULK).labels).toEqual(['new role']);
  });

  it('offers role fields in the key of a role of an unclosed map', () => {
    expect(complete('{"reader": {"clu|', ROLES).labels).toContain('cluster');
  });
});

describe('bulk roles body', () => {
  it('offers privileges in a role', () => {
    expect(accept('{"roles": {"reader": {"cluster": [|]}}}', 'monitor', BULK)).toBe('{"roles": {"reader": {"cluster": ["monitor"]}}}');
    expect(accept('{"roles": {"reader": {"indices": [{"privileges": [|]}]}}}', 'read', BULK)).toBe(
      '{"roles": {"reader": {"indices": [{"privileges": ["read"]}]}}}',
    );
  });

  it('offers a new role and role fields', () => {
    expect(complete('{"roles": {|}}', BULK).labels).toEqual(['new role']);
    const labels = complete('{"roles": {"reader": {|}}}', BULK).labels;
    expect(labels).toContain('description');
    expect(labels).not.toContain('restriction');
  });
});

describe('API key bodies', () => {
  it('offers the create body fields', () => {
    const labels = complete('{"name": "ingest", |}', API_KEY).labels;
    expect(labels).toEqual(['expiration', 'role_descriptors', 'metadata']);
    expect(accept('{"name": "ingest", |}', 'role_descriptors', API_KEY)).toBe(
      '{"name": "ingest", "role_descriptors": {\n\t"": {\n\t\t"cluster": [],\n\t\t"indices": []\n\t}\n}}',
    );
  });

  it('offers restriction and no description in role_descriptors', () => {
    const labels = complete('{"name": "k", "role_descriptors": {"r": {|}}}', API_KEY).labels;
    expect(labels).toContain('restriction');
    expect(labels).toContain('cluster');
    expect(labels).not.toContain('description');
    expect(accept('{"name": "k", "role_descriptors": {"r": {|}}}', 'restriction', API_KEY)).toBe(
      '{"name": "k", "role_descriptors": {"r": {"restriction": {\n\t"workflows": [""]\n}}}}',
    );
  });

  it('offers workflows, minus those present', () => {
    const source = '{"name": "k", "role_descriptors": {"r": {"restriction": {"workflows": [|]}}}}';
    expect(complete(source, API_KEY).labels).toEqual(['search_application_query', 'search_application_analytics']);
    expect(accept(source, 'search_application_query', API_KEY)).toBe(
      '{"name": "k", "role_descriptors": {"r": {"restriction": {"workflows": ["search_application_query"]}}}}',
    );
    expect(complete('{"name": "k", "role_descriptors": {"r": {"restriction": {"workflows": ["search_application_query", |]}}}}', API_KEY).labels).toEqual([
      'search_application_analytics',
    ]);
  });

  it('offers privileges in role_descriptors', () => {
    expect(accept('{"name": "k", "role_descriptors": {"r": {"cluster": ["mon|"]}}}', 'monitor', API_KEY)).toBe(
      '{"name": "k", "role_descriptors": {"r": {"cluster": ["monitor"]}}}',
    );
  });

  it('offers a new API-key role descriptor', () => {
    const c = complete('{"name": "k", "role_descriptors": {|}}', API_KEY);
    expect(c.labels).toEqual(['new API-key role descriptor']);
    expect(applyItem(c.m, c.list.items[0])).toContain('"role_descriptor": {');
  });

  it('offers grant types', () => {
    expect(complete('{"grant_type": "|"}', GRANT).labels).toEqual(['password', 'access_token']);
    expect(accept('{"grant_type": "|"}', 'password', GRANT)).toBe('{"grant_type": "password"}');
    expect(accept('{"grant_type": acc|, "api_key": {}}', 'access_token', GRANT)).toBe('{"grant_type": "access_token", "api_key": {}}');
  });

  it('offers grant body fields and a grant_type choice snippet', () => {
    const labels = complete('{"grant_type": "password", |}', GRANT).labels;
    expect(labels).toEqual(expect.arrayContaining(['username', 'password', 'access_token', 'run_as', 'api_key']));
    expect(labels).not.toContain('grant_type');
    const c = complete('{"username": "u", "api_key": {}, |}', GRANT);
    expect(find(c, 'grant_type').textEdit!.newText).toBe('"grant_type": "${1|password,access_token|}"');
    expect(applyItem(c.m, find(c, 'grant_type'))).toBe('{"username": "u", "api_key": {}, "grant_type": "password"}');
  });

  it('offers privileges and restriction in a granted key', () => {
    const base = '{"grant_type": "password", "api_key": {"name": "k", "role_descriptors": {"r": {%}}}}';
    expect(complete(base.replace('%', '|'), GRANT).labels).toContain('restriction');
    expect(complete(base.replace('%', '"cluster": [|]'), GRANT).labels).toContain('monitor');
    expect(complete('{"grant_type": "password", "api_key": {|}}', GRANT).labels).toEqual(['name', 'expiration', 'role_descriptors', 'metadata']);
  });
});

describe('has_privileges body', () => {
  it('offers its own fields', () => {
    expect(complete('{|}', CHECK).labels).toEqual(['cluster', 'index', 'application']);
  });

  it('offers cluster and index privileges', () => {
    const cluster = complete('{"cluster": [|]}', CHECK).labels;
    expect(cluster).toContain('monitor');
    expect(cluster).not.toContain('read');
    const index = complete('{"index": [{"names": ["a"], "privileges": [|]}]}', CHECK).labels;
    expect(index).toContain('read');
    expect(index).not.toContain('manage_security');
    expect(accept('{"index": [{"names": ["a"], "privileges": ["re|"]}]}', 'read', CHECK)).toBe('{"index": [{"names": ["a"], "privileges": ["read"]}]}');
  });

  it('offers an index check entry', () => {
    expect(accept('{"index": [|]}', '{ names, privileges }', CHECK)).toBe('{"index": [{\n\t"names": [""],\n\t"privileges": [""]\n}]}');
  });

  it('keeps the shape while a key is half typed, without a file-name hint', () => {
    expect(complete('{"index": [], "clu|"}', 'file:///test/check.json').labels).toEqual(['cluster', 'application']);
  });
});

describe('language service facade', () => {
  it('completes through getLanguageService with the target version', () => {
    const ls = getLanguageService();
    const m = markedDocument('{"cluster": [|]}', ROLE, { cursor: true });
    expect(ls.doComplete(m.doc, m.cursor, { targetVersion: '8.12' }).items.map((i) => i.label)).not.toContain('manage_inference');
    expect(ls.doComplete(m.doc, m.cursor).items.map((i) => i.label)).toContain('manage_inference');
  });
});

describe('robustness', () => {
  const fixtures: Array<[string, string]> = [
    [ROLE, '{\n  "description": "x",\n  "cluster": ["monitor", "manage_ilm"],\n  // a comment\n  "indices": [\n    {\n      "names": ["logs-*"],\n      "privileges": ["read", "view_index_metadata"],\n      "allow_restricted_indices": false\n    }\n  ],\n  "global": {"role": {"manage": {"indices": [{"names": ["a"], "privileges": ["read"]}]}}},\n  "run_as": []\n}'],
    [ROLES, '{\n  "r1": { "cluster": [ "monitor" ], "remote_indices": [ { "clusters": ["*"], "names": "a", "privileges": [ "read" ] } ] },\n  "r2": {}\n}'],
    [API_KEY, '{"name":"k","role_descriptors":{"r":{"cluster":["all"],"restriction":{"workflows":["search_application_query"]}}}}'],
    [GRANT, '{"grant_type": "password", "username": "u", "api_key": {"name": "k", "role_descriptors": {"r": {"remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["*"]}]}}}}'],
    [CHECK, '{"cluster": ["monitor"], "index": [{"names": ["a"], "privileges": ["read"], "allow_restricted_indices": true}], "application": []}'],
  ];

  /** Snippet placeholders resolved so that the result can be parsed: `"key": $0` gets a value. */
  const forParsing = (item: CompletionItem): CompletionItem =>
    item.insertTextFormat === InsertTextFormat.Snippet && item.textEdit && 'range' in item.textEdit
      ? { ...item, textEdit: { ...item.textEdit, newText: item.textEdit.newText.replace(/": \$0/g, '": null') } }
      : item;

  it('never throws and keeps every edit on the cursor line, at every offset of valid and truncated texts', () => {
    for (const [uri, text] of fixtures) {
      for (let end = 1; end <= text.length; end += 3) {
        const partial = text.slice(0, end);
        for (const at of [end, Math.floor(end / 2)]) {
          const c = complete(partial.slice(0, at) + '|' + partial.slice(at), uri);
          expectWellFormedEdits(c);
        }
      }
    }
  });

  it('produces valid JSON when an item is accepted anywhere in a valid document', () => {
    let checked = 0;
    for (const [uri, text] of fixtures) {
      const plain = text.replace('  // a comment\n', '');
      for (let at = 0; at <= plain.length; at++) {
        const c = complete(plain.slice(0, at) + '|' + plain.slice(at), uri);
        for (const item of c.list.items) {
          const out = applyItem(c.m, forParsing(item));
          expect(() => JSON.parse(out), `${item.label} at ${at}: ${out}`).not.toThrow();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
