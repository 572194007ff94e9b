// Request validation of role descriptors (ES's RoleDescriptorRequestValidator, as the project
// reads the documented rules): privilege names, metadata, description, names, workflows.

import { atLeast, privilegeInfo, resolvePrivilege, type Catalog, type EsVersion } from '../../server/src/language/catalog';
import { DESCRIPTION_MAX, RESERVED_ROLE_NAMES, ROLE_NAME_MAX, WORKFLOWS, type StoredRole } from './roles';

const FAILURE_STORE_PRIVILEGES = ['read_failure_store', 'manage_failure_store'];

/** Role name rules of the native realm. */
export function validateRoleName(name: string): string | undefined {
  if (!name) return 'role name is missing';
  if (name.length > ROLE_NAME_MAX || !/^[\x20-\x7e]+$/.test(name) || name.trim() !== name) {
    return (
      `Role names must be at least 1 and no more than ${ROLE_NAME_MAX} characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), ` +
      'spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.'
    );
  }
  if (RESERVED_ROLE_NAMES.has(name)) return `Role [${name}] is reserved and may not be used.`;
  return undefined;
}

/** Built-in names in the order ES lists them in its error (by how much each grants, then name). */
function clusterNamesForMessage(catalog: Catalog): string {
  const names = [...catalog.names('cluster')];
  const weight = (n: string) => (privilegeInfo('cluster', n)?.implies ?? []).length;
  return names.sort((a, b) => weight(a) - weight(b) || a.localeCompare(b)).join(',');
}

export function unknownClusterPrivilege(catalog: Catalog, name: string): string {
  return (
    `unknown cluster privilege [${name.toLowerCase()}]. a privilege must be either one of the predefined cluster privilege names ` +
    `[${clusterNamesForMessage(catalog)}] or a pattern over one of the available cluster actions`
  );
}

export function unknownIndexPrivilege(catalog: Catalog, name: string): string {
  return (
    `unknown index privilege [${name.toLowerCase()}]. a privilege must be either one of the predefined fixed indices privileges ` +
    `[${catalog.names('index').join(',')}] or a pattern over one of the available index actions`
  );
}

/** Application name rules for roles (trailing wildcard allowed). */
export function applicationNameProblem(app: string, allowWildcard: boolean): string | undefined {
  if (app === '*' && allowWildcard) return undefined;
  if (!app.trim()) return 'Application names cannot be blank';
  if (/\s/.test(app)) return `Application names may not contain whitespace (found '${app}')`;
  const star = app.indexOf('*');
  if (star >= 0 && !allowWildcard) return `Application names may not contain '*' (found '${app}')`;
  if (star >= 0 && star !== app.length - 1) return `Application name patterns only support trailing wildcards (found '${app}')`;
  const bare = app.replace(/\*$/, '');
  const prefix = bare.split(/[_-]/)[0];
  if (prefix && !/^[a-z][A-Za-z0-9]*$/.test(prefix)) return `An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found '${prefix}')`;
  if (star < 0 && prefix.length < 3) return `An application name prefix must be at least 3 characters long (found '${prefix}')`;
  return undefined;
}

/** Request validation (ES's RoleDescriptorRequestValidator): every message, in order. */
export function validateRole(role: StoredRole, catalog: Catalog, version: EsVersion, apiKeyMetadataKeys?: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const p of role.cluster) {
    if (!resolvePrivilege(catalog, 'cluster', p).ok) errors.push(unknownClusterPrivilege(catalog, p));
  }
  for (const group of [...role.indices, ...(role.remote_indices ?? [])]) {
    const bad = group.privileges.find((p) => !resolvePrivilege(catalog, 'index', p).ok);
    if (bad !== undefined) errors.push(unknownIndexPrivilege(catalog, bad));
  }
  for (const group of role.remote_indices ?? []) {
    if (group.clusters?.some((c) => c === '')) errors.push('remote index cluster alias cannot be an empty string');
    if (atLeast(version, '8.19') && group.privileges.some((p) => FAILURE_STORE_PRIVILEGES.includes(p.toLowerCase()))) {
      errors.push('remote index privileges cannot contain privileges that grant access to the failure store');
    }
  }
  for (const app of role.applications) {
    const problem = applicationNameProblem(app.application, true);
    if (problem) errors.push(problem);
    for (const p of app.privileges) {
      if (!/^[\x21-\x7e]*$/.test(p)) errors.push(`Application privilege names and actions must match the pattern ^\\p{Graph}*$ (found '${p}')`);
    }
  }
  if (Object.keys(role.metadata).some((k) => k.startsWith('_'))) errors.push('role descriptor metadata keys may not start with [_]');
  if (role.description !== undefined && role.description.length > DESCRIPTION_MAX) {
    errors.push(`Role description must be less than ${DESCRIPTION_MAX} characters.`);
  }
  for (const w of role.restriction?.workflows ?? []) {
    if (!WORKFLOWS.includes(w.toLowerCase().trim())) {
      errors.push(`Unknown workflow [${w}]. A workflow must be one of the predefined workflow names [${WORKFLOWS.join(',')}].`);
    }
  }
  if (apiKeyMetadataKeys && Object.keys(apiKeyMetadataKeys).some((k) => k.startsWith('_'))) {
    errors.push('API key metadata keys may not start with [_]');
  }
  return errors;
}
