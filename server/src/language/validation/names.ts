/** Name rules Elasticsearch applies to role names, application names, API-key names and expirations. */

export const MAX_ROLE_NAME_LENGTH = 507;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_API_KEY_NAME_LENGTH = 256;

/** Built-in (reserved) roles: PUT role refuses these names. */
export const RESERVED_ROLES: ReadonlySet<string> = new Set([
  'superuser', 'kibana_system', 'kibana_admin', 'kibana_user', 'logstash_system', 'logstash_admin',
  'beats_system', 'beats_admin', 'apm_system', 'apm_user', 'remote_monitoring_agent',
  'remote_monitoring_collector', 'monitoring_user', 'reporting_user', 'ingest_admin',
  'machine_learning_admin', 'machine_learning_user', 'transform_admin', 'transform_user',
  'data_frame_transforms_admin', 'data_frame_transforms_user', 'watcher_admin', 'watcher_user',
  'viewer', 'editor', 'enrich_user', 'snapshot_user', 'rollup_admin', 'rollup_user',
  'transport_client', 'inference_admin', 'inference_user', 'code_admin', 'code_user',
]);

/** The reason a role name is refused, or undefined when ES accepts it. */
export function roleNameProblem(name: string): string | undefined {
  // Printable ASCII only (0x20 to 0x7e), so the only whitespace there can be is a space.
  let ok = name.length >= 1 && name.length <= MAX_ROLE_NAME_LENGTH && name.charCodeAt(0) !== 0x20 && name.charCodeAt(name.length - 1) !== 0x20;
  for (let i = 0; ok && i < name.length; i++) {
    const c = name.charCodeAt(i);
    ok = c >= 0x20 && c <= 0x7e;
  }
  if (!ok) {
    return `Role names must be at least 1 and no more than ${MAX_ROLE_NAME_LENGTH} characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not allowed.`;
  }
  return undefined;
}

/**
 * Application name rules for roles (a trailing `*` allowed) or for has_privileges (no `*`).
 * The prefix is the part before the first `_` or `-`.
 */
export function applicationNameProblem(name: string, allowWildcard: boolean): string | undefined {
  if (name.trim() === '') return 'Application names cannot be blank.';
  if (/\s/.test(name)) return `Application names may not contain whitespace (found '${name}').`;
  const star = name.indexOf('*');
  if (star >= 0) {
    if (!allowWildcard) return `Application names may not contain '*' (found '${name}').`;
    if (star !== name.length - 1) return `Application name patterns only support trailing wildcards (found '${name}').`;
    if (name === '*') return undefined;
  }
  const body = star >= 0 ? name.slice(0, -1) : name;
  const sep = body.search(/[_-]/);
  const prefix = sep >= 0 ? body.slice(0, sep) : body;
  const suffix = sep >= 0 ? body.slice(sep) : '';
  if (prefix.length > 0 && !/^[a-z][A-Za-z0-9]*$/.test(prefix)) {
    return `An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found '${prefix}').`;
  }
  if (star < 0 && prefix.length < 3) return `An application name prefix must be at least 3 characters long (found '${prefix}').`;
  const bad = suffix.match(/[\\/*?"<>| ,]/);
  if (bad) return `An application name suffix may not contain any of the characters '\\ / * ? " < > | , ' (found '${bad[0]}').`;
  return undefined;
}

/** Application privilege names and actions must be printable with no whitespace. */
export function applicationPrivilegeProblem(name: string): string | undefined {
  // \p{Graph} in Java: visible characters, no whitespace or controls.
  if (!/^[^\s\p{Cc}]*$/u.test(name)) {
    return `Application privilege names and actions must match the pattern ^\\p{Graph}*$ (found '${name}').`;
  }
  return undefined;
}

export function apiKeyNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'api key name is required';
  if (name.length > MAX_API_KEY_NAME_LENGTH) return `API key names may not be more than ${MAX_API_KEY_NAME_LENGTH} characters long.`;
  if (name.trim() !== name) return 'API key names may not begin or end with whitespace.';
  if (name.startsWith('_')) return 'API key names may not begin with an underscore.';
  return undefined;
}

/**
 * ES time values (TimeValue.parseTimeValue): an integer and a unit (`d`, `h`, `m`, `s`, `ms`, `micros`,
 * `nanos`; case-insensitive except `m`, since `M` would mean months), or `-1`/`0` without a unit.
 * Fractions (`1.5h`) and negative durations are refused.
 */
export function expirationProblem(value: string): string | undefined {
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  if (/^-0*1$/.test(lower) || /^0+$/.test(lower)) return undefined;
  const unit = /(nanos|micros|ms|s|m|h|d)$/.exec(lower)?.[1];
  const number = unit ? lower.slice(0, -unit.length).trim() : '';
  const minutesOk = unit !== 'm' || trimmed.endsWith('m');
  if (unit && minutesOk && /^(\d+|-0*1)$/.test(number)) return undefined;
  if (unit && minutesOk && /^\d*\.\d+$/.test(number)) {
    return `Invalid expiration '${value}': fractional time values are not supported (use 36h rather than 1.5d).`;
  }
  return `Invalid expiration '${value}': use a number and a time unit such as 30d, 12h, 90m or 3600s.`;
}
