/**
 * The seed documents the fuzzers mutate: every example file of the project (examples/**\/*.json) and
 * inline fixtures covering every shape and every part of a role (remote privileges, global
 * privileges, FLS/DLS, restrictions, grants, has_privileges), valid ones and ones with the usual
 * mistakes (so that there are diagnostics and quick fixes to exercise).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Seed {
  readonly name: string;
  readonly uri: string;
  readonly text: string;
}

/** URIs that make a document each shape (file names decide where content is ambiguous). */
export const SHAPE_URIS = [
  'file:///work/roles/fuzz.role.json',
  'file:///work/roles/fuzz.roles.json',
  'file:///work/security/roles/bulk.json',
  'file:///work/keys/fuzz.apikey.json',
  'file:///work/checks/fuzz.has_privileges.json',
  'file:///work/roles/fuzz.role.jsonc',
  // Percent-escapes that do not decode: the shape detection must not throw on them.
  'file:///work/roles/%E0%A4%A.role.json',
  'untitled:Untitled-1',
] as const;

const INLINE: Seed[] = [
  {
    name: 'role with every role field',
    uri: 'file:///work/roles/everything.role.json',
    text: `{
  "description": "Every field a role takes.",
  "cluster": ["monitor", "manage_ilm", "cluster:monitor/main"],
  "indices": [
    {
      "names": ["logs-*", "metrics-*"],
      "privileges": ["read", "view_index_metadata", "indices:data/read/search"],
      "field_security": { "grant": ["@timestamp", "message", "host.*"], "except": ["host.ip"] },
      "query": "{\\"term\\": {\\"team\\": \\"ops\\"}}",
      "allow_restricted_indices": false
    },
    { "names": "single-index", "privileges": ["read"], "query": { "match_all": {} } }
  ],
  "applications": [
    { "application": "kibana-.kibana", "privileges": ["feature_discover_v2.read"], "resources": ["space:default"] },
    { "application": "myapp-*", "privileges": ["read", "action:login"], "resources": ["*"] }
  ],
  "global": {
    "application": { "manage": { "applications": ["inventory-*"] } },
    "profile": { "write": { "applications": ["kibana*"] } },
    "role": { "manage": { "indices": [{ "names": ["team-*"], "privileges": ["read"] }] } }
  },
  "run_as": ["demo-viewer"],
  "metadata": { "owner": "fuzz", "nested": { "list": [1, 2.5, -3e2, true, null, "x"] } },
  "transient_metadata": { "enabled": true },
  "remote_indices": [
    { "clusters": ["eu-*"], "names": ["logs-*"], "privileges": ["read", "read_cross_cluster"], "allow_restricted_indices": false }
  ],
  "remote_cluster": [{ "clusters": ["eu-*"], "privileges": ["monitor_enrich", "monitor_stats"] }]
}
`,
  },
  {
    name: 'role with the usual mistakes and comments',
    uri: 'file:///work/roles/mistakes.role.json',
    text: `// A role with one mistake per line.
{
  "cluster": [
    "monitr",           // misspelled
    "read",             // an index privilege
    "manage_data_frame_transforms", /* deprecated */
    "monitr"            // duplicate
  ],
  "indices": [
    { "privileges": ["read"] },
    { "names": ["a"], "privilege": ["read"] },
    { "names": ["b"], "privileges": ["raed", "all", "ALL"], "field_security": { "grant": ["a.*"], "except": ["ssn", "a.b"] } },
    { "names": [], "privileges": [] },
    { "names": ["c"], "privileges": ["read"], "query": "{not json" },
    { "names": ["d"], "privileges": ["read"], "query": { "terms": { "user": { "index": "users", "id": "1", "path": "p" } } } }
  ],
  "restriction": { "workflows": ["search_application_query"] },
  "remote_indices": [{ "clusters": [""], "names": ["x"], "privileges": ["read_failure_store"] }],
  "remote_cluster": [{ "clusters": ["eu"], "privileges": ["monitor"] }],
  "global": { "aplication": {} },
  "metadata": { "_reserved": 1 },
  "description": "${'d'.repeat(1100)}",
  "cluster": ["all"]
}
`,
  },
  {
    name: 'roles map with regions',
    uri: 'file:///work/roles/team.roles.json',
    text: `{
  // #region readers
  "reader": { "indices": [{ "names": ["*"], "privileges": ["read"] }] },
  // #endregion
  "writer": {
    "cluster": ["monitor"],
    "indices": [{ "names": ["app-*"], "privileges": ["write", "create_index"] }],
    "run_as": ["*"]
  },
  "_bad name": { "cluster": ["all"] },
  "superuser": { "cluster": ["all"] }
}
`,
  },
  {
    name: 'bulk roles',
    uri: 'file:///work/security/roles/bulk.json',
    text: '{"roles":{"a":{"cluster":["monitor"]},"b":{"indices":[{"names":["x"],"privileges":["read"]}],"metadata":{"k":"v"}},"c":{"cluster":["monitr"]}}}',
  },
  {
    name: 'API key with a restricted descriptor',
    uri: 'file:///work/keys/search.apikey.json',
    text: `{
  "name": "search-key",
  "expiration": "90d",
  "role_descriptors": {
    "search": {
      "indices": [{ "names": ["products"], "privileges": ["read"] }],
      "restriction": { "workflows": ["search_application_query"] }
    },
    "other": { "cluster": ["monitor"], "description": "not allowed here" }
  },
  "metadata": { "app": "store", "_hidden": true }
}`,
  },
  {
    name: 'API key with mistakes',
    uri: 'file:///work/keys/bad.apikey.json',
    text: '{"name":"_bad","expiration":"forever","role_descriptors":{"a":{"cluster":["monitr"],"restriction":{"workflows":[]}},"b":{"restriction":{"workflows":["nope"]}}}}',
  },
  {
    name: 'grant API key, password',
    uri: 'file:///work/keys/grant.apikey.json',
    text: '{\r\n  "grant_type": "password",\r\n  "username": "alice",\r\n  "password": "<at run time>",\r\n  "run_as": "bob",\r\n  "api_key": { "name": "alice-key", "role_descriptors": { "r": { "cluster": ["monitor"] } } }\r\n}\r\n',
  },
  {
    name: 'grant API key, access token without credential',
    uri: 'file:///work/keys/grant-token.apikey.json',
    text: '{"grant_type":"access_token","client_authentication":{"scheme":"SharedSecret","value":"x"},"api_key":{"name":"k"}}',
  },
  {
    name: 'has_privileges',
    uri: 'file:///work/checks/check.has_privileges.json',
    text: '{"cluster":["monitor","manage_security"],"index":[{"names":["logs-*"],"privileges":["read"],"allow_restricted_indices":true}],"application":[{"application":"kibana-.kibana","privileges":["feature_discover.read"],"resources":["*"]}]}',
  },
  {
    name: 'has_privileges, empty',
    uri: 'file:///work/checks/empty.has_privileges.json',
    text: '{}',
  },
  {
    name: 'role with a byte-order mark and a CRLF block comment',
    uri: 'file:///work/roles/bom.role.json',
    text: '\ufeff/* header\r\n   comment */\r\n{ "cluster" : [ "monitor" ] , "indices" : [ { "names" : "a" , "privileges" : [ "read" ] } ] }',
  },
  {
    name: 'a file that is not a role body',
    uri: 'file:///work/roles/tsconfig.json',
    text: '{"compilerOptions":{"strict":true,"index":{"a":1}}}',
  },
  {
    name: 'a role file that is an array',
    uri: 'file:///work/roles/array.role.json',
    text: '[{"cluster":["monitor"]}]',
  },
  {
    name: 'empty role file',
    uri: 'file:///work/roles/empty.role.json',
    text: '',
  },
];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.json') || name.endsWith('.jsonc')) out.push(path);
  }
  return out;
}

/** The repository root, from this file's place (test/fuzz/); bundles pass it explicitly. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every seed: the project's example files (with their own URIs), then the inline fixtures. */
export function seeds(repoRoot: string = REPO_ROOT): Seed[] {
  const root = join(repoRoot, 'examples');
  const examples = walk(root).map((path) => ({
    name: `examples/${relative(root, path).split(sep).join('/')}`,
    uri: pathToFileURL(path).href,
    text: readFileSync(path, 'utf8'),
  }));
  if (examples.length === 0) throw new Error(`no example files under ${root}`);
  return [...examples, ...INLINE];
}
