import { describe, expect, it } from 'vitest';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { DOCS } from '../../server/src/language/schema';
import { bundledCatalog, getLanguageService } from '../../server/src/language';
import { doHover } from '../../server/src/language/hover';
import { parseRoleDocument } from '../../server/src/language/document';
import { markedDocument } from '../helpers/markers';

const ROLE = 'file:///test/reader.role.json';
const ROLES = 'file:///test/all.roles.json';
const BULK = 'file:///test/bulk.json';
const API_KEY = 'file:///test/ingest.apikey.json';
const GRANT = 'file:///test/grant.json';
const CHECK = 'file:///test/check.has_privileges.json';

/**
 * Hovers at `|`. When the fixture marks a `[[range]]`, the hover must have exactly that range.
 * Returns the markdown.
 */
function hover(source: string, uri = ROLE, version?: string): string {
  const m = markedDocument(source, uri, { cursor: true });
  const result: Hover | null = doHover(parseRoleDocument(m.doc), m.cursor, bundledCatalog(version));
  if (!result) throw new Error('no hover');
  if (m.ranges.length) expect(result.range).toEqual(m.ranges[0]);
  const contents = result.contents as MarkupContent;
  expect(contents.kind).toBe('markdown');
  return contents.value;
}

function noHover(source: string, uri = ROLE): void {
  const m = markedDocument(source, uri, { cursor: true });
  expect(doHover(parseRoleDocument(m.doc), m.cursor, bundledCatalog())).toBeNull();
}

describe('hover on privileges', () => {
  it('describes a cluster privilege: kind, description, actions, docs link, with the token range', () => {
    const md = hover('{"cluster": [ [["mon|itor"]] ]}');
    expect(md).toContain('**`monitor`** — cluster privilege');
    expect(md).toContain(bundledCatalog().info('cluster', 'monitor')!.description!);
    expect(md).toContain('`cluster:monitor/*`');
    expect(md).toContain(DOCS.clusterPrivileges);
  });

  it('hovers from the opening quote to the closing one', () => {
    hover('{"cluster": [ [[|"monitor"]] ]}');
    hover('{"cluster": [ [["monitor|"]] ]}');
    noHover('{"cluster": ["monitor"|]}');
  });

  it('describes an index privilege in indices[].privileges', () => {
    const md = hover('{"indices": [{"names": ["logs-*"], "privileges": [ [["re|ad"]] ]}]}');
    expect(md).toContain('**`read`** — index privilege');
    expect(md).toContain('`indices:data/read/*`');
    expect(md).toContain(DOCS.indexPrivileges);
  });

  it('lists excluded actions', () => {
    const md = hover('{"cluster": ["man|age"]}');
    expect(md).toContain('Except: `cluster:admin/xpack/security/*`');
  });

  it('lists implied privileges and the version that introduced it', () => {
    const md = hover('{"cluster": ["manage_inf|erence"]}');
    expect(md).toContain('Implies: `monitor_inference`');
    expect(md).toContain('Introduced in Elasticsearch 8.14.');
    expect(md).not.toContain('Not available');
  });

  it('says when the catalog in use lacks the privilege', () => {
    const md = hover('{"cluster": ["manage_inf|erence"]}', ROLE, '8.12');
    expect(md).toContain('Not available in ES 8.12 (bundled).');
    expect(md).toContain('Introduced in Elasticsearch 8.14.');
  });

  it('gives the deprecation and the replacement', () => {
    const md = hover('{"cluster": ["manage_data_frame_trans|forms"]}');
    expect(md).toContain('(deprecated)');
    expect(md).toContain('**Deprecated** since Elasticsearch 7.5. Use `manage_transform` instead.');
  });

  it('shows documented caveats without the source marker', () => {
    const md = hover('{"cluster": ["manage_s|lm"]}');
    expect(md).toContain('Note: also grants ILM start/stop');
  });

  it('explains raw action patterns', () => {
    const md = hover('{"cluster": [ [["cluster:monitor/ma|in"]] ]}');
    expect(md).toContain('raw cluster action pattern');
    expect(md).toContain('`cluster:monitor/main*`');
    expect(md).toContain('no compatibility guarantee');
    const idx = hover('{"indices": [{"names": ["a"], "privileges": ["indices:admin/g|et"]}]}');
    expect(idx).toContain('raw index action pattern');
    expect(idx).toContain('`indices:admin/get*`');
  });

  it('resolves names case-insensitively, as Elasticsearch does', () => {
    const md = hover('{"cluster": ["MONI|TOR"]}');
    expect(md).toContain('**`monitor`** — cluster privilege');
    expect(md).toContain('lower-cases');
    expect(md).not.toContain('Not available');
  });

  it('flags a privilege of the wrong kind and unknown names', () => {
    const wrong = hover('{"cluster": ["re|ad"]}');
    expect(wrong).toContain('`read` is an index privilege, not a cluster privilege.');
    expect(wrong).toContain('Not available in ES 9.1 (bundled).');
    const unknown = hover('{"cluster": ["monitr|"]}');
    expect(unknown).toContain('unknown cluster privilege');
    expect(unknown).toContain('Not available in');
  });

  it('describes remote_cluster privileges', () => {
    const md = hover('{"remote_cluster": [{"privileges": ["monitor_en|rich"], "clusters": ["*"]}]}');
    expect(md).toContain('**`monitor_enrich`** — remote_cluster privilege');
    expect(md).toContain('Introduced in Elasticsearch 8.15.');
    expect(hover('{"remote_cluster": [{"privileges": ["monitor_st|ats"]}]}', ROLE, '8.15')).toContain('Not available in ES 8.15 (bundled).');
  });

  it('describes application privileges briefly', () => {
    expect(hover('{"applications": [{"application": "app", "privileges": ["re|ad"], "resources": ["*"]}]}')).toContain('application privilege');
  });

  it('works in every file shape', () => {
    expect(hover('{"reader": {"cluster": ["mon|itor"]}}', ROLES)).toContain('cluster privilege');
    expect(hover('{"roles": {"reader": {"indices": [{"privileges": ["re|ad"]}]}}}', BULK)).toContain('index privilege');
    expect(hover('{"name": "k", "role_descriptors": {"r": {"cluster": ["mon|itor"]}}}', API_KEY)).toContain('cluster privilege');
    expect(hover('{"grant_type": "password", "api_key": {"name": "k", "role_descriptors": {"r": {"cluster": ["mon|itor"]}}}}', GRANT)).toContain('cluster privilege');
    expect(hover('{"index": [{"names": ["a"], "privileges": ["re|ad"]}]}', CHECK)).toContain('index privilege');
    expect(hover('{"cluster": ["mon|itor"]}', CHECK)).toContain('cluster privilege');
    expect(hover('{"global": {"role": {"manage": {"indices": [{"names": ["a"], "privileges": ["re|ad"]}]}}}}')).toContain('index privilege');
  });
});

describe('hover on keys', () => {
  it('gives the field doc, type, optional, docs link and the key range', () => {
    const md = hover('{[["clu|ster"]]: []}');
    expect(md).toContain('**`cluster`** — role descriptor field');
    expect(md).toContain('Cluster privileges: built-in names');
    expect(md).toContain('Type: array of cluster privileges or null · optional');
    expect(md).toContain(DOCS.putRole);
  });

  it('says when a field is required', () => {
    const md = hover('{"indices": [{[["na|mes"]]: ["a"]}]}');
    expect(md).toContain('indices entry field');
    expect(md).toContain('Type: string or array of strings · **required**');
  });

  it('gives the version that introduced a field', () => {
    expect(hover('{"descr|iption": ""}')).toContain('Elasticsearch 8.15 or later.');
    expect(hover('{"remote_in|dices": []}')).toContain('Elasticsearch 8.10 or later.');
  });

  it('names the alias', () => {
    expect(hover('{"ind|ex": []}')).toContain('`index` is an alias of `indices`.');
  });

  it('explains API-key-only fields', () => {
    const md = hover('{"name": "k", "role_descriptors": {"r": {"restr|iction": {}}}}', API_KEY);
    expect(md).toContain('Only in API-key role descriptors');
    expect(md).toContain('Elasticsearch 8.9 or later.');
  });

  it('says a key of a roles map is a role name', () => {
    const md = hover('{[["rea|der"]]: {"cluster": []}}', ROLES);
    expect(md).toContain('**`reader`** — role name');
    expect(md).toContain('PUT /_security/role/reader');
  });

  it('says a key of the bulk roles object is a role name', () => {
    expect(hover('{"roles": {"rea|der": {}}}', BULK)).toContain('role name');
    expect(hover('{"ro|les": {"reader": {}}}', BULK)).toContain(DOCS.bulkPutRole);
  });

  it('says a key of role_descriptors is a role descriptor name', () => {
    expect(hover('{"name": "k", "role_descriptors": {"r|1": {}}}', API_KEY)).toContain('API-key role descriptor name');
    expect(hover('{"name": "k", "role_des|criptors": {}}', API_KEY)).toContain('create API key body field');
  });

  it('describes grant and has_privileges fields', () => {
    const grant = hover('{"grant_t|ype": "password", "api_key": {}}', GRANT);
    expect(grant).toContain('Type: "password" | "access_token" · **required**');
    expect(grant).toContain(DOCS.grantApiKey);
    const check = hover('{"ind|ex": []}', CHECK);
    expect(check).toContain('not `indices`');
    expect(check).toContain(DOCS.hasPrivileges);
  });
});

describe('no hover', () => {
  it('returns null on punctuation, whitespace and plain values', () => {
    noHover('{"cluster": [|]}');
    noHover('{ | "cluster": []}');
    noHover('|{"cluster": []}');
    noHover('{"indices": [{"names": ["log|s-*"]}]}');
    noHover('{"run_as": ["al|ice"]}');
  });

  it('returns null on unknown keys and metadata keys', () => {
    noHover('{"clusterz|": []}');
    noHover('{"metadata": {"ow|ner": "x"}}');
  });

  it('returns null in files of unknown shape', () => {
    noHover('{"fo|o": 1}', 'file:///test/data.json');
  });

  it('hovers through the language service facade, with the target version', () => {
    const ls = getLanguageService();
    const m = markedDocument('{"cluster": ["manage_inf|erence"]}', ROLE, { cursor: true });
    const old = ls.doHover(m.doc, m.cursor, { targetVersion: '8.12' });
    expect((old?.contents as MarkupContent).value).toContain('Not available in ES 8.12');
    expect((ls.doHover(m.doc, m.cursor)?.contents as MarkupContent).value).not.toContain('Not available');
  });
});
