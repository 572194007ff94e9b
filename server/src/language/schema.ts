import type { PrivilegeKind } from './catalog';

/**
 * A declarative description of every body the language service understands: which fields an object
 * takes, their JSON types, whether they are required, since which ES version, and what they mean.
 * Validation, completion, hover and symbols all read this one table.
 */
export type ValueType =
  | { readonly t: 'object'; readonly schema: ObjectSchema }
  | { readonly t: 'array'; readonly of: ValueType }
  | { readonly t: 'string'; readonly enum?: readonly string[] }
  | { readonly t: 'boolean' }
  | { readonly t: 'number' }
  | { readonly t: 'any' }
  /** `names`: a string or an array of strings. */
  | { readonly t: 'stringOrArray' }
  /** An array of privilege names of one kind. */
  | { readonly t: 'privileges'; readonly kind: PrivilegeKind | 'application' }
  /** Any keys, each value of one type (roles map, role_descriptors, metadata). */
  | { readonly t: 'map'; readonly of: ValueType; readonly keyKind: 'role' | 'metadata' | 'apiKeyMetadata' }
  /** A DLS query: an object, a string holding JSON, or null. */
  | { readonly t: 'query' };

export interface FieldSchema {
  readonly name: string;
  /** Other spellings ES accepts for the same field (`index` for `indices`). */
  readonly aliases?: readonly string[];
  readonly type: ValueType;
  readonly required?: boolean;
  readonly nullable?: boolean;
  /** The ES version that introduced the field. */
  readonly since?: string;
  /** Only in a role (PUT role, bulk) or only in API-key role descriptors. */
  readonly onlyIn?: 'role' | 'api_key';
  /** One-paragraph markdown shown in hover and completion. */
  readonly doc: string;
  /** Whether ES refuses an empty array here, and the message it gives. */
  readonly nonEmpty?: string;
  /** Completion inserts this snippet as the value. */
  readonly valueSnippet?: string;
  /** Accepted but not offered (ignored by ES or only in its responses): no completion, no "did you mean". */
  readonly hidden?: boolean;
}

export interface ObjectSchema {
  readonly id: SchemaId;
  readonly title: string;
  readonly fields: readonly FieldSchema[];
  readonly docsUrl: string;
}

export type SchemaId =
  | 'roleDescriptor' | 'indicesEntry' | 'remoteIndicesEntry' | 'fieldSecurity' | 'applicationEntry'
  | 'remoteClusterEntry' | 'global' | 'globalApplication' | 'globalApplicationManage' | 'globalProfile'
  | 'globalProfileWrite' | 'globalRole' | 'globalRoleManage' | 'globalRoleIndex' | 'restriction'
  | 'bulk' | 'apiKeyCreate' | 'apiKeyGrant' | 'grantApiKey' | 'hasPrivileges' | 'hasPrivilegesIndex'
  | 'hasPrivilegesApplication';

export const DOCS = {
  privileges: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-privileges.html',
  clusterPrivileges: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-privileges.html#privileges-list-cluster',
  indexPrivileges: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-privileges.html#privileges-list-indices',
  roles: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/defining-roles.html',
  putRole: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-put-role.html',
  bulkPutRole: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-bulk-put-role.html',
  createApiKey: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-create-api-key.html',
  grantApiKey: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-grant-api-key.html',
  hasPrivileges: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-has-privileges.html',
  fls: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/field-and-document-access-control.html',
  remote: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/remote-clusters-api-key.html',
  applications: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-put-privileges.html',
} as const;

const stringArray: ValueType = { t: 'array', of: { t: 'string' } };
const obj = (schema: ObjectSchema): ValueType => ({ t: 'object', schema });
const arr = (schema: ObjectSchema): ValueType => ({ t: 'array', of: obj(schema) });
const metadataField = (doc: string, keyKind: 'metadata' | 'apiKeyMetadata' = 'metadata'): FieldSchema => ({
  name: 'metadata',
  type: { t: 'map', of: { t: 'any' }, keyKind },
  doc,
  valueSnippet: '{\n\t"${1:key}": ${2:"value"}\n}',
});

const fieldSecurity: ObjectSchema = {
  id: 'fieldSecurity',
  title: 'field_security',
  docsUrl: DOCS.fls,
  fields: [
    { name: 'grant', type: stringArray, doc: 'Fields the role may read (wildcards allowed). `["*"]` alone means no field-level security.', valueSnippet: '["$1"]' },
    { name: 'except', type: stringArray, doc: 'Fields to hide again from those granted. Must be a subset of `grant`.', valueSnippet: '["$1"]' },
  ],
};

const indexCommon = (remote: boolean): FieldSchema[] => [
  ...(remote
    ? [{
        name: 'clusters',
        type: stringArray,
        required: true,
        doc: 'Remote cluster aliases (or alias patterns) this entry applies to.',
        nonEmpty: 'the [remote_indices] sub-field [clusters] must refer to at least one cluster alias or cluster alias pattern',
        valueSnippet: '["$1"]',
      } satisfies FieldSchema]
    : []),
  {
    name: 'names',
    type: { t: 'stringOrArray' },
    required: true,
    doc: 'Index names or patterns (wildcards `*`, `?` and Lucene regular expressions `/.../`) the entry applies to.',
    nonEmpty: '[names] cannot be an empty array',
    valueSnippet: '["$1"]',
  },
  {
    name: 'privileges',
    type: { t: 'privileges', kind: 'index' },
    required: true,
    doc: 'Index privileges granted on the matching indices: built-in names or `indices:` action patterns.',
    nonEmpty: 'indices privileges must define at least one privilege',
    valueSnippet: '["$1"]',
  },
  { name: 'field_security', type: obj(fieldSecurity), doc: 'Field-level security: which document fields are readable (`grant`, `except`).', valueSnippet: '{\n\t"grant": ["$1"]\n}' },
  {
    name: 'query',
    type: { t: 'query' },
    nullable: true,
    doc: 'Document-level security: a query (object or JSON string; may be a mustache `template` using `_user`) that limits which documents are readable.',
    valueSnippet: '{\n\t"$1": {}\n}',
  },
  { name: 'allow_restricted_indices', type: { t: 'boolean' }, doc: 'Whether wildcard and regex `names` also match restricted (system) indices such as `.security`. Default `false`.' },
  { name: 'transient_metadata', type: { t: 'any' }, doc: 'Ignored by Elasticsearch.', hidden: true },
];

const indicesEntry: ObjectSchema = { id: 'indicesEntry', title: 'indices entry', docsUrl: DOCS.putRole, fields: indexCommon(false) };
const remoteIndicesEntry: ObjectSchema = {
  id: 'remoteIndicesEntry',
  title: 'remote_indices entry',
  docsUrl: DOCS.remote,
  fields: indexCommon(true),
};

const applicationEntry: ObjectSchema = {
  id: 'applicationEntry',
  title: 'application entry',
  docsUrl: DOCS.applications,
  fields: [
    { name: 'application', type: { t: 'string' }, required: true, doc: 'Application name, e.g. `kibana-.kibana`; a trailing `*` is allowed in roles.' },
    { name: 'privileges', type: { t: 'privileges', kind: 'application' }, required: true, doc: 'Application privilege names or actions (case-sensitive).', nonEmpty: 'application privileges must define at least one privilege', valueSnippet: '["$1"]' },
    { name: 'resources', type: stringArray, required: true, doc: 'Resources the privileges apply to, e.g. `space:default` or `*`.', nonEmpty: 'application privileges must refer to at least one resource', valueSnippet: '["$1"]' },
  ],
};

const remoteClusterEntry: ObjectSchema = {
  id: 'remoteClusterEntry',
  title: 'remote_cluster entry',
  docsUrl: DOCS.remote,
  fields: [
    { name: 'privileges', type: { t: 'privileges', kind: 'remote_cluster' }, required: true, doc: 'Cluster privileges on the remote clusters: only `monitor_enrich` and `monitor_stats` are allowed.', valueSnippet: '["$1"]' },
    { name: 'clusters', type: stringArray, required: true, doc: 'Remote cluster aliases (or patterns) the privileges apply to.', valueSnippet: '["$1"]' },
  ],
};

const appList = (doc: string): FieldSchema => ({ name: 'applications', type: stringArray, required: true, doc, valueSnippet: '["$1"]' });
const globalApplicationManage: ObjectSchema = { id: 'globalApplicationManage', title: 'application.manage', docsUrl: DOCS.putRole, fields: [appList('Applications whose application privileges this role may manage (put/get/delete privileges).')] };
const globalApplication: ObjectSchema = { id: 'globalApplication', title: 'global.application', docsUrl: DOCS.putRole, fields: [{ name: 'manage', type: obj(globalApplicationManage), required: true, doc: 'Manage application privileges of the listed applications.', valueSnippet: '{\n\t"applications": ["$1"]\n}' }] };
const globalProfileWrite: ObjectSchema = { id: 'globalProfileWrite', title: 'profile.write', docsUrl: DOCS.putRole, fields: [appList('Applications whose user-profile data this role may write.')] };
const globalProfile: ObjectSchema = { id: 'globalProfile', title: 'global.profile', docsUrl: DOCS.putRole, fields: [{ name: 'write', type: obj(globalProfileWrite), doc: 'Write user-profile data of the listed applications.', valueSnippet: '{\n\t"applications": ["$1"]\n}' }] };
const globalRoleIndex: ObjectSchema = {
  id: 'globalRoleIndex',
  title: 'role.manage.indices entry',
  docsUrl: DOCS.putRole,
  fields: [
    { name: 'names', type: { t: 'stringOrArray' }, required: true, doc: 'Index patterns the managed roles may grant privileges on.', nonEmpty: 'Indices privileges must refer to at least one index name or index name pattern', valueSnippet: '["$1"]' },
    { name: 'privileges', type: { t: 'privileges', kind: 'index' }, required: true, doc: 'Index privileges the managed roles may grant.', nonEmpty: 'Indices privileges must define at least one privilege', valueSnippet: '["$1"]' },
  ],
};
const globalRoleManage: ObjectSchema = { id: 'globalRoleManage', title: 'role.manage', docsUrl: DOCS.putRole, fields: [{ name: 'indices', type: arr(globalRoleIndex), required: true, doc: 'Create, update and delete roles that grant only index privileges on these patterns.' }] };
const globalRole: ObjectSchema = { id: 'globalRole', title: 'global.role', docsUrl: DOCS.putRole, fields: [{ name: 'manage', type: obj(globalRoleManage), required: true, doc: 'The `manage_roles` global privilege (8.16+).', valueSnippet: '{\n\t"indices": [\n\t\t{ "names": ["$1"], "privileges": ["$2"] }\n\t]\n}' }] };
const globalSchema: ObjectSchema = {
  id: 'global',
  title: 'global',
  docsUrl: DOCS.putRole,
  fields: [
    { name: 'application', type: obj(globalApplication), doc: 'Global application privileges: `{"manage": {"applications": [...]}}`.', valueSnippet: '{\n\t"manage": { "applications": ["$1"] }\n}' },
    { name: 'profile', type: obj(globalProfile), doc: 'Global user-profile privileges: `{"write": {"applications": [...]}}`.', valueSnippet: '{\n\t"write": { "applications": ["$1"] }\n}' },
    { name: 'role', type: obj(globalRole), since: '8.16', doc: 'Global role privileges (`manage_roles`): manage roles limited to index privileges on given patterns.' },
  ],
};

export const WORKFLOWS: readonly string[] = ['search_application_query', 'search_application_analytics'];
const restriction: ObjectSchema = {
  id: 'restriction',
  title: 'restriction',
  docsUrl: DOCS.createApiKey,
  fields: [
    { name: 'workflows', type: { t: 'array', of: { t: 'string', enum: WORKFLOWS } }, doc: 'The only workflows the API key may be used for, e.g. `search_application_query`.', nonEmpty: '[workflows] cannot be an empty array', valueSnippet: '["$1"]' },
  ],
};

export const roleDescriptor: ObjectSchema = {
  id: 'roleDescriptor',
  title: 'role descriptor',
  docsUrl: DOCS.putRole,
  fields: [
    { name: 'description', type: { t: 'string' }, since: '8.15', onlyIn: 'role', doc: 'A description of the role, at most 1000 characters.' },
    { name: 'cluster', type: { t: 'privileges', kind: 'cluster' }, nullable: true, doc: 'Cluster privileges: built-in names or `cluster:` action patterns.', valueSnippet: '["$1"]' },
    { name: 'indices', aliases: ['index'], type: arr(indicesEntry), doc: 'Index privileges: entries of `names`, `privileges` and optional field- and document-level security.' },
    { name: 'applications', aliases: ['application'], type: arr(applicationEntry), doc: 'Application privileges (e.g. Kibana): entries of `application`, `privileges` and `resources`.' },
    { name: 'global', type: obj(globalSchema), doc: 'Configurable global privileges: `application`, `profile` and `role` categories.', valueSnippet: '{\n\t$0\n}' },
    { name: 'run_as', type: stringArray, doc: 'Users this role may impersonate (submit requests on behalf of).', valueSnippet: '["$1"]' },
    { name: 'remote_indices', type: arr(remoteIndicesEntry), since: '8.10', doc: 'Index privileges on remote clusters connected with API-key-based security (`clusters` names the aliases).' },
    { name: 'remote_cluster', type: arr(remoteClusterEntry), since: '8.15', doc: 'Cluster privileges on remote clusters (`monitor_enrich`, `monitor_stats`).' },
    metadataField('Arbitrary metadata. Keys starting with `_` are reserved for Elasticsearch.'),
    { name: 'restriction', type: obj(restriction), since: '8.9', onlyIn: 'api_key', doc: 'Restricts the API key to the listed workflows (API-key role descriptors only).', valueSnippet: '{\n\t"workflows": ["$1"]\n}' },
    { name: 'transient_metadata', type: { t: 'any' }, doc: 'Set by Elasticsearch in responses (`{"enabled": true}`); ignored when you put a role.', hidden: true },
    { name: 'type', type: { t: 'any' }, doc: 'Ignored by Elasticsearch (a document-type marker in the security index).', hidden: true },
  ],
};

const roleMap = (): ValueType => ({ t: 'map', of: obj(roleDescriptor), keyKind: 'role' });

export const bulkSchema: ObjectSchema = {
  id: 'bulk',
  title: 'bulk roles body',
  docsUrl: DOCS.bulkPutRole,
  fields: [{ name: 'roles', type: roleMap(), required: true, since: '8.15', doc: 'Roles to create or update, by name (`POST _security/role`, 8.15+).' }],
};

const apiKeyFields = (required: boolean): FieldSchema[] => [
  { name: 'name', type: { t: 'string' }, required, doc: 'The API key name (at most 256 characters, no leading `_`, no leading or trailing whitespace).' },
  { name: 'expiration', type: { t: 'string' }, doc: 'How long the key is valid, e.g. `30d`, `12h`. No expiration when absent.' },
  { name: 'role_descriptors', type: roleMap(), doc: 'Role descriptors that limit the key, by name. Without them the key gets a snapshot of all the owner\'s privileges.', valueSnippet: '{\n\t"$1": {\n\t\t"cluster": [],\n\t\t"indices": []\n\t}\n}' },
  metadataField('Arbitrary metadata of the API key. Keys starting with `_` are reserved.', 'apiKeyMetadata'),
];

export const apiKeyCreateSchema: ObjectSchema = { id: 'apiKeyCreate', title: 'create API key body', docsUrl: DOCS.createApiKey, fields: apiKeyFields(true) };
const grantApiKey: ObjectSchema = { id: 'grantApiKey', title: 'api_key', docsUrl: DOCS.grantApiKey, fields: apiKeyFields(true) };
export const GRANT_TYPES: readonly string[] = ['password', 'access_token'];
export const apiKeyGrantSchema: ObjectSchema = {
  id: 'apiKeyGrant',
  title: 'grant API key body',
  docsUrl: DOCS.grantApiKey,
  fields: [
    { name: 'grant_type', type: { t: 'string', enum: GRANT_TYPES }, required: true, doc: 'How the user is identified: `password` (with `username` and `password`) or `access_token`.' },
    { name: 'username', type: { t: 'string' }, doc: 'The user the key is granted for (grant_type `password`).' },
    { name: 'password', type: { t: 'string' }, doc: 'The user\'s password (grant_type `password`). Better supplied at run time than kept in a file.' },
    { name: 'access_token', type: { t: 'string' }, doc: 'The user\'s access token (grant_type `access_token`).' },
    { name: 'run_as', type: { t: 'string' }, doc: 'A user to impersonate: the key is created for that user.' },
    { name: 'client_authentication', type: { t: 'any' }, doc: 'Client credentials for a JWT `access_token`: `{"scheme": "SharedSecret", "value": "..."}`. Refused with other access-token types.' },
    { name: 'api_key', type: obj(grantApiKey), required: true, doc: 'The key to create: `name`, `expiration`, `role_descriptors`, `metadata`.', valueSnippet: '{\n\t"name": "$1"\n}' },
  ],
};

const hasPrivilegesIndex: ObjectSchema = {
  id: 'hasPrivilegesIndex',
  title: 'index check',
  docsUrl: DOCS.hasPrivileges,
  fields: [
    { name: 'names', type: { t: 'stringOrArray' }, required: true, doc: 'Index names or patterns to check.', valueSnippet: '["$1"]' },
    { name: 'privileges', type: { t: 'privileges', kind: 'index' }, required: true, doc: 'Index privileges to check.', valueSnippet: '["$1"]' },
    { name: 'allow_restricted_indices', type: { t: 'boolean' }, doc: 'Whether patterns also cover restricted indices. Default `false`.' },
  ],
};
const hasPrivilegesApplication: ObjectSchema = {
  id: 'hasPrivilegesApplication',
  title: 'application check',
  docsUrl: DOCS.hasPrivileges,
  fields: [
    { name: 'application', type: { t: 'string' }, required: true, doc: 'Application name (no wildcards here).' },
    { name: 'privileges', type: { t: 'privileges', kind: 'application' }, required: true, doc: 'Application privileges or actions to check.', valueSnippet: '["$1"]' },
    { name: 'resources', type: stringArray, required: true, doc: 'Resources to check.', valueSnippet: '["$1"]' },
  ],
};
export const hasPrivilegesSchema: ObjectSchema = {
  id: 'hasPrivileges',
  title: 'has_privileges body',
  docsUrl: DOCS.hasPrivileges,
  fields: [
    { name: 'cluster', type: { t: 'privileges', kind: 'cluster' }, doc: 'Cluster privileges to check.', valueSnippet: '["$1"]' },
    { name: 'index', type: arr(hasPrivilegesIndex), doc: 'Index privileges to check, per index pattern. (The field is `index`, not `indices`.)' },
    { name: 'application', aliases: ['applications'], type: arr(hasPrivilegesApplication), doc: 'Application privileges to check.' },
  ],
};

export const SCHEMAS: Readonly<Record<SchemaId, ObjectSchema>> = {
  roleDescriptor, indicesEntry, remoteIndicesEntry, fieldSecurity, applicationEntry, remoteClusterEntry,
  global: globalSchema, globalApplication, globalApplicationManage, globalProfile, globalProfileWrite,
  globalRole, globalRoleManage, globalRoleIndex, restriction, bulk: bulkSchema, apiKeyCreate: apiKeyCreateSchema,
  apiKeyGrant: apiKeyGrantSchema, grantApiKey, hasPrivileges: hasPrivilegesSchema, hasPrivilegesIndex,
  hasPrivilegesApplication,
};

/** Finds a field by name or alias. */
export function findField(schema: ObjectSchema, name: string): FieldSchema | undefined {
  return schema.fields.find((f) => f.name === name || f.aliases?.includes(name));
}
