import type { Catalog, PrivilegeKind } from '../catalog';
import { atLeast } from '../catalog/version';
import type { WalkContext } from '../context';
import { DOCS, type FieldSchema, type ValueType } from '../schema';

/** Text shared by completion and hover: how a type, a field and a docs page are named. */

const PRIVILEGE_KIND_LABEL: Record<PrivilegeKind | 'application', string> = {
  cluster: 'cluster',
  index: 'index',
  remote_cluster: 'remote_cluster',
  application: 'application',
};

export function describeType(type: ValueType): string {
  switch (type.t) {
    case 'object':
      return `object (${type.schema.title})`;
    case 'array':
      if (type.of.t === 'object') return `array of ${type.of.schema.title} objects`;
      if (type.of.t === 'string' && type.of.enum) return `array of ${type.of.enum.map((v) => `"${v}"`).join(' | ')}`;
      return `array of ${describeType(type.of)}s`;
    case 'string':
      return type.enum ? type.enum.map((v) => `"${v}"`).join(' | ') : 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'any':
      return 'any value';
    case 'stringOrArray':
      return 'string or array of strings';
    case 'privileges':
      return `array of ${PRIVILEGE_KIND_LABEL[type.kind]} privileges`;
    case 'map':
      return type.keyKind === 'role' ? 'object: role name → role descriptor' : 'object';
    case 'query':
      return 'query object, JSON string or null';
  }
}

const DOC_TITLES: Record<string, string> = {
  [DOCS.privileges]: 'Security privileges',
  [DOCS.clusterPrivileges]: 'Cluster privileges',
  [DOCS.indexPrivileges]: 'Indices privileges',
  [DOCS.roles]: 'Defining roles',
  [DOCS.putRole]: 'Create or update roles API',
  [DOCS.bulkPutRole]: 'Bulk create or update roles API',
  [DOCS.createApiKey]: 'Create API key API',
  [DOCS.grantApiKey]: 'Grant API key API',
  [DOCS.hasPrivileges]: 'Has privileges API',
  [DOCS.fls]: 'Field- and document-level security',
  [DOCS.remote]: 'Remote clusters (API key security)',
  [DOCS.applications]: 'Application privileges',
};

export function docsLink(url: string): string {
  return `[${DOC_TITLES[url] ?? 'Elasticsearch documentation'}](${url})`;
}

/** Whether a field is valid in this context (API-key-only and role-only fields). */
export function fieldAllowed(field: FieldSchema, ctx: WalkContext): boolean {
  return !field.onlyIn || ctx.variant === 'has_privileges' || field.onlyIn === ctx.variant;
}

/** Whether the target version is older than the field. */
export function fieldTooNew(field: FieldSchema, catalog: Catalog): boolean {
  return field.since !== undefined && !atLeast(catalog.version, field.since);
}

/** The markdown paragraphs describing a field (hover and completion documentation). */
export function fieldParagraphs(field: FieldSchema, catalog: Catalog, usedName = field.name): string[] {
  const out = [field.doc];
  if (field.since) {
    const warn = fieldTooNew(field, catalog) ? ` The target is ${catalog.label}.` : '';
    out.push(`Elasticsearch ${field.since} or later.${warn}`);
  }
  if (field.onlyIn === 'api_key') out.push('Only in API-key role descriptors (`role_descriptors`), not in roles.');
  if (field.onlyIn === 'role') out.push('Only in roles, not in API-key role descriptors.');
  if (usedName !== field.name) out.push(`\`${usedName}\` is an alias of \`${field.name}\`.`);
  return out;
}

/** "array of cluster privileges · required" */
export function fieldDetail(field: FieldSchema): string {
  return `${describeType(field.type)}${field.required ? ' · required' : ''}`;
}
