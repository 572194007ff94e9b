/**
 * Inputs and texts of the API-key commands: expiration and metadata validation, the one-time
 * display of a new key, the invalidate picker and result. No `vscode` import (unit-tested).
 */
import type { ApiKeyInfo, CreateApiKeyResponse, InvalidateApiKeysResponse } from '../cluster';

/** Elasticsearch time units accepted in `expiration`. */
const EXPIRATION = /^\d+(d|h|m|s|ms|micros|nanos)$/;

/** Error for the expiration input box; empty means "never expires". */
export function validateExpiration(input: string): string | undefined {
  const v = input.trim();
  if (v === '' || EXPIRATION.test(v)) return undefined;
  return 'A duration such as 30d, 12h or 90m (units: d, h, m, s, ms), or empty for a key that never expires.';
}

export function parseMetadata(input: string): { value?: Record<string, unknown>; error?: string } {
  const v = input.trim();
  if (v === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch (err) {
    return { error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'Metadata must be a JSON object, e.g. {"team": "ops"}.' };
  if (Object.keys(parsed).some((k) => k.startsWith('_'))) return { error: 'Keys starting with "_" are reserved by Elasticsearch.' };
  return { value: parsed as Record<string, unknown> };
}

/** Error for an API key name input. */
export function validateApiKeyName(input: string): string | undefined {
  const v = input.trim();
  if (!v) return 'Enter a name for the API key.';
  if (v.length > 1024) return 'At most 1024 characters.';
  if (/[\x00-\x1f\x7f]/.test(v)) return 'The name must not contain control characters.';
  return undefined;
}

export function formatExpiry(epochMs: number | undefined): string {
  return epochMs === undefined ? 'never expires' : `expires ${new Date(epochMs).toISOString()}`;
}

export interface NewKeyDisplay {
  /** The modal's message (no secret). */
  readonly message: string;
  /** The modal's detail: id, expiry, and the secret — shown this once, never logged. */
  readonly detail: string;
  /** A log line without the secret. */
  readonly logLine: string;
}

/** The one-time display of a created or granted key. */
export function newKeyDisplay(res: CreateApiKeyResponse, clusterName: string, verb: 'created' | 'granted' = 'created'): NewKeyDisplay {
  const expiry = formatExpiry(res.expiration);
  return {
    message: `API key "${res.name}" ${verb} on ${clusterName}. Copy the key now: it is shown only once.`,
    detail: `id: ${res.id}\n${expiry}\n\nencoded (for "Authorization: ApiKey …"):\n${res.encoded}`,
    logLine: `API key "${res.name}" (id ${res.id}) ${verb} on cluster "${clusterName}", ${expiry}. The key itself is not logged.`,
  };
}

export interface ApiKeyPickRow {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly id: string;
  readonly name: string | null;
}

/** Active keys as quick-pick rows, newest first. */
export function apiKeyPickRows(keys: readonly ApiKeyInfo[], now = Date.now()): ApiKeyPickRow[] {
  return keys
    .filter((k) => !k.invalidated && (k.expiration === undefined || k.expiration > now))
    .sort((a, b) => b.creation - a.creation)
    .map((k) => ({
      label: k.name ?? '(no name)',
      description: k.id,
      detail: `owner ${k.username} (${k.realm}), created ${new Date(k.creation).toISOString()}, ${formatExpiry(k.expiration)}`,
      id: k.id,
      name: k.name,
    }));
}

export type InvalidateTarget = { readonly ids: string[]; readonly label: string } | { readonly name: string; readonly label: string };

/** What the user typed: an id (20-ish base64url characters) is tried as an id and as a name. */
export function invalidateTargetFromInput(input: string, byId: boolean): InvalidateTarget | undefined {
  const v = input.trim();
  if (!v) return undefined;
  return byId ? { ids: [v], label: `API key with id ${v}` } : { name: v, label: `every API key named "${v}"` };
}

export function invalidateResultMessage(res: InvalidateApiKeysResponse, clusterName: string): { severity: 'info' | 'warning' | 'error'; message: string } {
  const n = res.invalidated_api_keys.length;
  const prev = res.previously_invalidated_api_keys.length;
  if (res.error_count > 0) {
    const reasons = (res.error_details ?? []).map((e) => e.reason ?? e.type).filter(Boolean).slice(0, 3).join('; ');
    return { severity: 'error', message: `Invalidated ${n} API key${n === 1 ? '' : 's'} on ${clusterName}; ${res.error_count} failed${reasons ? `: ${reasons}` : ''}.` };
  }
  if (n === 0 && prev === 0) return { severity: 'warning', message: `No matching API key on ${clusterName}: nothing was invalidated.` };
  if (n === 0) return { severity: 'info', message: `The API key${prev === 1 ? ' was' : 's were'} already invalidated on ${clusterName}.` };
  return { severity: 'info', message: `Invalidated ${n} API key${n === 1 ? '' : 's'} on ${clusterName}${prev ? ` (${prev} already invalid)` : ''}.` };
}
