// Role descriptors as the test server parses, validates and prints them (the project's own
// reading of Elasticsearch's documented rules; see the reference notes in the repo docs).

import { atLeast, type EsVersion } from '../../server/src/language/catalog';
import { EsHttpError, illegalArgument, parseError } from './esErrors';

export interface StoredIndices {
  names: string[];
  privileges: string[];
  field_security?: { grant?: string[]; except?: string[] };
  query?: string;
  allow_restricted_indices: boolean;
  clusters?: string[];
}
export interface StoredApplication {
  application: string;
  privileges: string[];
  resources: string[];
}
export interface StoredRole {
  description?: string;
  cluster: string[];
  global?: Record<string, unknown>;
  indices: StoredIndices[];
  applications: StoredApplication[];
  run_as: string[];
  metadata: Record<string, unknown>;
  transient_metadata: { enabled: boolean };
  remote_indices?: StoredIndices[];
  remote_cluster?: { privileges: string[]; clusters: string[] }[];
  restriction?: { workflows: string[] };
}

export interface ParseContext {
  readonly version: EsVersion;
  /** PUT / bulk role: description allowed, restriction rejected. API keys: the other way round. */
  readonly allowDescription: boolean;
  readonly allowRestriction: boolean;
}

export const ROLE_NAME_MAX = 507;
export const DESCRIPTION_MAX = 1000;
export const WORKFLOWS = ['search_application_query', 'search_application_analytics'];

/** Reserved (built-in) role names; PUT role refuses them. The test server defines `superuser` fully. */
export const RESERVED_ROLE_NAMES = new Set([
  'superuser', 'kibana_system', 'kibana_admin', 'kibana_user', 'logstash_system', 'beats_system', 'apm_system',
  'remote_monitoring_agent', 'remote_monitoring_collector', 'monitoring_user', 'ingest_admin', 'viewer', 'editor',
  'machine_learning_admin', 'machine_learning_user', 'transform_admin', 'transform_user', 'watcher_admin', 'watcher_user',
  'snapshot_user', 'enrich_user', 'reporting_user', 'transport_client', 'rollup_admin', 'rollup_user', 'data_frame_transforms_admin',
]);

export const SUPERUSER: StoredRole = {
  cluster: ['all'],
  indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: true }],
  applications: [{ application: '*', privileges: ['*'], resources: ['*'] }],
  run_as: ['*'],
  metadata: { _reserved: true },
  transient_metadata: { enabled: true },
};

/** Jackson-style token name of a JSON value, as ES prints it in parse errors. */
export function tokenOf(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    case 'object':
      return 'START_OBJECT';
    default:
      return 'VALUE_EMBEDDED_OBJECT';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function stringArray(value: unknown, fail: (token: string) => never, allowNull = false): string[] {
  if (value === null && allowNull) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return fail(tokenOf(value));
  for (const v of value) if (typeof v !== 'string') fail(tokenOf(v));
  return value as string[];
}

/** Parses one role body; throws ES's 400 parse errors. The name is only used in messages. */
export function parseRole(name: string, body: unknown, ctx: ParseContext): StoredRole {
  const prefix = `failed to parse role [${name}]. `;
  if (!isObject(body)) throw parseError(`${prefix}expected an object but found [${tokenOf(body)}] instead`);
  const role: StoredRole = { cluster: [], indices: [], applications: [], run_as: [], metadata: {}, transient_metadata: { enabled: true } };
  const unexpected = (field: string): never => {
    throw parseError(`${prefix}unexpected field [${field}]`);
  };
  const strings = (field: string, value: unknown) =>
    stringArray(value, (token) => {
      throw parseError(`${prefix}could not parse [${field}] field. expected a string array but found [${token}] instead`);
    }, true);
  for (const [field, value] of Object.entries(body)) {
    switch (field) {
      case 'cluster':
        role.cluster = strings(field, value);
        break;
      case 'indices':
      case 'index':
        role.indices = parseIndices(name, field, value, false);
        break;
      case 'applications':
      case 'application':
        role.applications = parseApplications(name, value);
        break;
      case 'run_as':
        role.run_as = strings(field, value);
        break;
      case 'metadata':
        if (!isObject(value)) throw parseError(`${prefix}expected field [metadata] to be of type object, but found [${tokenOf(value)}] instead`);
        role.metadata = value;
        break;
      case 'transient_metadata':
        if (!isObject(value)) unexpected(field);
        break;
      case 'global':
        role.global = parseGlobal(value, ctx);
        break;
      case 'remote_indices':
        if (!atLeast(ctx.version, '8.14')) unexpected(field);
        role.remote_indices = parseIndices(name, field, value, true);
        break;
      case 'remote_cluster':
        if (!atLeast(ctx.version, '8.15')) unexpected(field);
        role.remote_cluster = parseRemoteCluster(name, value, ctx);
        break;
      case 'description':
        if (!ctx.allowDescription || !atLeast(ctx.version, '8.15')) unexpected(field);
        if (typeof value !== 'string') throw parseError(`${prefix}expected field [description] to be a string, but found [${tokenOf(value)}] instead`);
        role.description = value;
        break;
      case 'restriction':
        if (!ctx.allowRestriction || !atLeast(ctx.version, '8.9')) unexpected(field);
        role.restriction = parseRestriction(name, value);
        break;
      case 'type':
        break;
      default:
        unexpected(field);
    }
  }
  return role;
}

function parseIndices(name: string, field: string, value: unknown, remote: boolean): StoredIndices[] {
  const prefix = `failed to parse ${remote ? 'remote indices' : 'indices'} privileges for role [${name}]. `;
  const fail = (msg: string): never => {
    throw parseError(prefix + msg);
  };
  if (value === null) return [];
  if (!Array.isArray(value)) fail(`expected field [${field}] value to be an array, but found [${tokenOf(value)}] instead`);
  return (value as unknown[]).map((entry) => {
    if (!isObject(entry)) return fail(`expected field [${field}] value to be an array of objects, but found an array element of type [${tokenOf(entry)}]`);
    let names: string[] | undefined;
    let privileges: string[] | undefined;
    let clusters: string[] | undefined;
    const out: Partial<StoredIndices> = { allow_restricted_indices: false };
    for (const [key, v] of Object.entries(entry)) {
      switch (key) {
        case 'names':
          if (typeof v === 'string') names = [v];
          else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
            if (v.length === 0) fail('[names] cannot be an empty array');
            names = v as string[];
          } else fail(`expected field [names] value to be a string or an array of strings, but found [${tokenOf(v)}] instead`);
          break;
        case 'privileges':
          privileges = stringArray(v, (t) => fail(`could not parse [privileges] field. expected a string array but found [${t}] instead`));
          break;
        case 'field_security':
          out.field_security = parseFieldSecurity(v, fail);
          break;
        case 'query':
          if (v === null || v === '') break;
          if (typeof v === 'string') out.query = v;
          else if (typeof v === 'object') out.query = JSON.stringify(v);
          else fail(`expected field [query] value to be null, a string, an array, or an object, but found [${tokenOf(v)}] instead`);
          if (out.query && /"terms"\s*:\s*\{[^}]*"(index|path)"\s*:/.test(out.query)) {
            throw illegalArgument("terms query with terms lookup isn't supported as part of a role query");
          }
          break;
        case 'allow_restricted_indices':
          if (typeof v !== 'boolean') fail(`expected field [allow_restricted_indices] value to be a boolean, but found [${tokenOf(v)}] instead`);
          out.allow_restricted_indices = v as boolean;
          break;
        case 'clusters':
          if (!remote) fail('unexpected field [clusters]');
          clusters = stringArray(v, (t) => fail(`could not parse [clusters] field. expected a string array but found [${t}] instead`));
          break;
        case 'transient_metadata':
          break;
        case 'fields':
          fail(`["fields": [...]] format has changed for field permissions in role [${name}], use ["field_security": {"grant":[...],"except":[...]}] instead`);
          break;
        default:
          fail(`unexpected field [${key}]`);
      }
    }
    if (!names) fail('missing required [names] field');
    if (!privileges) fail('missing required [privileges] field');
    if (remote && !clusters) fail('missing required [clusters] field');
    if (privileges!.length === 0) throw illegalArgument('indices privileges must define at least one privilege');
    if (remote && clusters!.length === 0) {
      throw illegalArgument('the [remote_indices] sub-field [clusters] must refer to at least one cluster alias or cluster alias pattern');
    }
    const result: StoredIndices = { names: names!, privileges: privileges!, ...out, allow_restricted_indices: out.allow_restricted_indices! };
    if (remote) result.clusters = clusters;
    return result;
  });
}

function parseFieldSecurity(v: unknown, fail: (msg: string) => never): StoredIndices['field_security'] {
  if (!isObject(v)) return fail(`expected field [field_security] value to be an object, but found [${tokenOf(v)}] instead`);
  const keys = Object.keys(v);
  if (keys.length === 0) fail('"field_security" must not be empty.');
  const out: { grant?: string[]; except?: string[] } = {};
  for (const k of keys) {
    if (k !== 'grant' && k !== 'except') fail(`"field_security" only accepts options grant and except, but got: ${k}`);
    if (v[k] === null) fail(`${k} must not be null.`);
    out[k as 'grant' | 'except'] = stringArray(v[k], (t) => fail(`could not parse [${k}] field. expected a string array but found [${t}] instead`));
  }
  if (out.except && !out.grant) fail('field_security requires grant if except is given');
  return out;
}

function parseApplications(name: string, value: unknown): StoredApplication[] {
  const prefix = `failed to parse application privileges for role [${name}]. `;
  if (value === null) return [];
  if (!Array.isArray(value)) throw parseError(`${prefix}expected field [applications] value to be an array, but found [${tokenOf(value)}] instead`);
  return value.map((entry) => {
    if (!isObject(entry)) throw parseError(`${prefix}expected field [applications] value to be an array of objects, but found an array element of type [${tokenOf(entry)}]`);
    for (const key of Object.keys(entry)) {
      if (!['application', 'privileges', 'resources'].includes(key)) throw illegalArgument(`${prefix}unexpected field [${key}]`);
    }
    if (entry.privileges === undefined) throw parseError(`${prefix}missing required [privileges] field`);
    if (entry.resources === undefined) throw parseError(`${prefix}missing required [resources] field`);
    const arr = (k: string) => stringArray(entry[k], (t) => {
      throw parseError(`${prefix}could not parse [${k}] field. expected a string array but found [${t}] instead`);
    });
    if (typeof entry.application !== 'string' || !entry.application) throw illegalArgument('application privileges must have an application name');
    const privileges = arr('privileges');
    const resources = arr('resources');
    if (privileges.length === 0) throw illegalArgument('application privileges must define at least one privilege');
    if (resources.length === 0) throw illegalArgument('application privileges must refer to at least one resource');
    return { application: entry.application, privileges, resources };
  });
}

function parseGlobal(value: unknown, ctx: ParseContext): Record<string, unknown> {
  const fail = (msg: string): never => {
    throw new EsHttpError(400, 'x_content_parse_exception', `[1:1] failed to parse privilege. ${msg}`);
  };
  if (!isObject(value)) return fail(`expected [START_OBJECT] but found [${tokenOf(value)}] instead`);
  const categories = atLeast(ctx.version, '8.16') ? ['application', 'profile', 'role'] : ['application', 'profile'];
  for (const [category, inner] of Object.entries(value)) {
    if (!categories.includes(category)) fail(`expected one of [${categories.join(', ')}] but found [${category}] instead`);
    if (!isObject(inner)) fail(`expected [START_OBJECT] but found [${tokenOf(inner)}] instead`);
  }
  return value;
}

function parseRemoteCluster(name: string, value: unknown, ctx: ParseContext): { privileges: string[]; clusters: string[] }[] {
  const prefix = `failed to parse remote_cluster for role [${name}]. `;
  if (!Array.isArray(value)) throw parseError(`${prefix}expected field [remote_cluster] value to be an array`);
  const allowed = atLeast(ctx.version, '8.17') ? ['monitor_enrich', 'monitor_stats'] : ['monitor_enrich'];
  return value.map((entry) => {
    if (!isObject(entry) || Object.keys(entry).length === 0) throw illegalArgument('remote cluster groups must not be null or empty');
    const { privileges, clusters } = entry as { privileges?: unknown; clusters?: unknown };
    if (privileges !== undefined && clusters === undefined) throw parseError(`${prefix}[clusters] must be defined when [privileges] are defined`);
    if (clusters !== undefined && privileges === undefined) throw parseError(`${prefix}[privileges] must be defined when [clusters] are defined`);
    const p = stringArray(privileges, () => {
      throw parseError(`${prefix}expected field [privileges] value to be an array of strings`);
    });
    const c = stringArray(clusters, () => {
      throw parseError(`${prefix}expected field [clusters] value to be an array of strings`);
    });
    if (p.some((x) => !allowed.includes(x.toLowerCase()))) {
      throw parseError(`${prefix}[${allowed.join(', ')}] are the only values allowed for [privileges] within [remote_cluster]. Found [${p.join(', ')}]`);
    }
    return { privileges: p, clusters: c };
  });
}

function parseRestriction(name: string, value: unknown): { workflows: string[] } | undefined {
  const prefix = `failed to parse restriction for role [${name}]. `;
  if (!isObject(value)) throw parseError(`${prefix}expected an object but found [${tokenOf(value)}] instead`);
  if (!('workflows' in value)) return undefined;
  const w = value.workflows;
  if (w === null) throw parseError(`${prefix}could not parse [workflows] field. expected a string array but found null value instead`);
  const workflows = stringArray(w, (t) => {
    throw parseError(`${prefix}could not parse [workflows] field. expected a string array but found [${t}] instead`);
  });
  if (workflows.length === 0) throw parseError(`${prefix}[workflows] cannot be an empty array`);
  return { workflows };
}

/** The form GET role (and GET API key's role_descriptors) prints. */
export function outputRole(role: StoredRole, version: EsVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (role.description !== undefined && atLeast(version, '8.15')) out.description = role.description;
  out.cluster = role.cluster;
  if (role.global && Object.keys(role.global).length) out.global = role.global;
  out.indices = role.indices;
  out.applications = role.applications;
  out.run_as = role.run_as;
  out.metadata = role.metadata;
  out.transient_metadata = role.transient_metadata;
  if (role.remote_indices?.length) out.remote_indices = role.remote_indices;
  if (role.remote_cluster?.length) out.remote_cluster = role.remote_cluster;
  if (role.restriction) out.restriction = role.restriction;
  return out;
}

/** True when two stored roles are the same (bulk put reports them as `noop`). */
export function sameRole(a: StoredRole, b: StoredRole): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A copy with object keys sorted, so field order does not matter. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}
