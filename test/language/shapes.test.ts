import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type Shape } from '../../server/src/language';
import { roleNameFromUri } from '../../server/src/language/shapes';

const ls = getLanguageService();
let version = 0;
const doc = (text: string, uri: string) => TextDocument.create(uri, 'json', ++version, text);
const shapeOf = (text: string, uri = 'file:///work/body.json'): Shape => ls.shapeOf(doc(text, uri));

describe('shape from content', () => {
  it.each<[string, Shape, string]>([
    ['a role', 'role', '{"cluster": ["monitor"], "indices": [{"names": ["a"], "privileges": ["read"]}]}'],
    ['a role with only remote_indices', 'role', '{"remote_indices": [{"names": ["a"], "privileges": ["read"], "clusters": ["*"]}]}'],
    ['a role with only global', 'role', '{"global": {"application": {"manage": {"applications": ["*"]}}}}'],
    ['a role using the index alias with run_as', 'role', '{"index": [{"names": ["a"], "privileges": ["read"]}], "run_as": ["bob"]}'],
    ['a roles map', 'roles', '{"reader": {"cluster": ["monitor"]}, "writer": {"indices": [{"names": ["a"], "privileges": ["write"]}]}}'],
    ['a roles map with an empty role', 'roles', '{"nothing": {}, "reader": {"cluster": ["monitor"]}}'],
    ['a bulk body', 'bulk', '{"roles": {"reader": {"cluster": ["monitor"]}}}'],
    ['a create-API-key body', 'api_key_create', '{"name": "k", "role_descriptors": {"r": {"cluster": ["all"]}}}'],
    ['a create-API-key body without descriptors', 'api_key_create', '{"name": "k", "expiration": "1d", "metadata": {"a": 1}}'],
    ['a grant body', 'api_key_grant', '{"grant_type": "password", "username": "u", "password": "p", "api_key": {"name": "k"}}'],
    ['a grant body without grant_type', 'api_key_grant', '{"username": "u", "api_key": {"name": "k"}}'],
    ['a has_privileges body', 'has_privileges', '{"cluster": ["monitor"], "index": [{"names": ["a"], "privileges": ["read"]}]}'],
    ['a has_privileges body with empty checks', 'has_privileges', '{"index": [], "application": []}'],
  ])('%s', (_what, shape, text) => {
    expect(shapeOf(text)).toBe(shape);
  });

  it('takes a cluster-only body for a role, not a has_privileges check', () => {
    expect(shapeOf('{"cluster": ["monitor"]}')).toBe('role');
  });

  it('takes a body with role-only fields next to index for a role', () => {
    expect(shapeOf('{"index": [{"names": ["a"], "privileges": ["read"]}], "metadata": {}}')).toBe('role');
  });

  it('ignores comments and a byte-order mark', () => {
    expect(shapeOf('\uFEFF// a role\n{ /* c */ "cluster": ["monitor"] }')).toBe('role');
  });
});

describe('shape from the file name', () => {
  it.each<[string, Shape, string]>([
    ['file:///r/logs-reader.role.json', 'role', '{}'],
    ['file:///r/logs-reader.role.json', 'role', '{"description": "only a description"}'],
    ['file:///r/logs-reader.role.json', 'role', '["not", "an", "object"]'],
    ['file:///r/logs-reader.role.jsonc', 'role', '{"metadata": {}}'],
    ['file:///r/LOGS.ROLE.JSON', 'role', '{}'],
    ['file:///r/team.roles.json', 'roles', '{}'],
    ['file:///r/team.roles.json', 'roles', '{"a": {}, "b": {"description": "x"}}'],
    ['file:///k/ingest.apikey.json', 'api_key_create', '{}'],
    ['file:///k/ingest.apikey.json', 'api_key_create', '{"name": "k"}'],
    ['file:///k/ingest.apikey.json', 'api_key_grant', '{"username": "u", "api_key": {}}'],
    ['file:///k/ingest-api-key.json', 'api_key_create', '{"name": "k"}'],
    ['file:///k/ingest_apikey.json', 'api_key_create', '{"name": "k"}'],
    ['file:///c/logs.has_privileges.json', 'has_privileges', '{}'],
    ['file:///c/logs.has_privileges.json', 'has_privileges', '{"cluster": ["monitor"]}'],
    ['file:///c/has-privileges.json', 'has_privileges', '{"cluster": ["monitor"]}'],
    ['file:///c/check.json', 'role', '{"cluster": ["monitor"]}'],
  ])('%s with %s', (uri, shape, text) => {
    expect(shapeOf(text, uri)).toBe(shape);
  });

  it('lets a clear content win over a misleading name', () => {
    expect(shapeOf('{"roles": {"a": {"cluster": ["all"]}}}', 'file:///r/x.role.json')).toBe('bulk');
    expect(shapeOf('{"grant_type": "access_token", "api_key": {"name": "k"}}', 'file:///r/x.role.json')).toBe('api_key_grant');
  });

  it('derives the role name of a single-role file from its name', () => {
    expect(ls.parse(doc('{}', 'file:///roles/logs-reader.role.json')).shape.roleName).toBe('logs-reader');
    expect(ls.parse(doc('{"cluster": []}', 'file:///roles/ops%20team.role.json')).shape.roleName).toBe('ops team');
    expect(roleNameFromUri('file:///c%3A/roles/admin.role.jsonc')).toBe('admin');
    expect(roleNameFromUri('file:///roles/plain.json')).toBe('plain');
  });
});

describe('unknown documents', () => {
  const unknown: Array<[string, string, string]> = [
    [
      'package.json',
      'file:///proj/package.json',
      '{"name": "my-extension", "version": "1.0.0", "description": "Roles", "type": "module", "main": "index.js", "scripts": {"test": "vitest"}, "dependencies": {"x": "^1.0.0"}}',
    ],
    ['package.json with only name and description', 'file:///proj/package.json', '{"name": "x", "description": "y"}'],
    ['tsconfig.json', 'file:///proj/tsconfig.json', '{"compilerOptions": {"target": "ES2022", "strict": true}}'],
    ['tsconfig.json with include', 'file:///proj/tsconfig.json', '{"extends": "./base.json", "compilerOptions": {"strict": true}, "include": ["src"]}'],
    ['VS Code settings', 'file:///proj/.vscode/settings.json', '{"[json]": {"editor.tabSize": 2}, "files.exclude": {"out": true}}'],
    ['a JSON schema', 'file:///proj/schema.json', '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"a": {"type": "string"}}}'],
    ['index settings', 'file:///proj/settings.json', '{"index": {"number_of_shards": 1, "number_of_replicas": 0}}'],
    ['an array', 'file:///proj/list.json', '[{"cluster": ["monitor"]}]'],
    ['a string', 'file:///proj/s.json', '"monitor"'],
    ['a number', 'file:///proj/n.json', '42'],
    ['null', 'file:///proj/null.json', 'null'],
    ['an empty file', 'file:///proj/empty.json', ''],
    ['whitespace and a comment', 'file:///proj/blank.json', '  // nothing here\n'],
    ['an empty object', 'file:///proj/o.json', '{}'],
    ['a broken file', 'file:///proj/package.json', '{"name": "x", "version": '],
  ];

  it.each(unknown)('%s is unknown', (_what, uri, text) => {
    expect(shapeOf(text, uri)).toBe('unknown');
  });

  it.each(unknown)('%s gets no diagnostics', (_what, uri, text) => {
    expect(ls.doValidation(doc(text, uri))).toEqual([]);
    expect(ls.findDocumentSymbols(doc(text, uri))).toEqual([]);
  });
});
