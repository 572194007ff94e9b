// Reading roles from a cluster and writing them as role files. No `vscode` import.

import { getRoles, type CallOptions, type EsClient } from '../cluster';
import type { RoleBody } from '../roles/extract';

/** Keeps `GET _security/role/a,b,c` below common URL limits (ES's default initial line is 4 KB). */
const MAX_NAMES_PATH = 2_000;

/**
 * `GET _security/role/<names>` in as many requests as the URL length needs. Missing roles are
 * absent from the result. Bodies are returned as Elasticsearch sent them.
 */
export async function fetchRoles(client: EsClient, names: readonly string[], opts: CallOptions = {}): Promise<Record<string, RoleBody>> {
  const out: Record<string, RoleBody> = {};
  const unique = [...new Set(names)];
  let batch: string[] = [];
  let length = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    Object.assign(out, await getRoles(client, batch, opts));
    batch = [];
    length = 0;
  };
  for (const name of unique) {
    const cost = encodeURIComponent(name).length + 1;
    if (batch.length > 0 && length + cost > MAX_NAMES_PATH) await flush();
    batch.push(name);
    length += cost;
  }
  await flush();
  return out;
}

/** Whether a role is built in (`metadata._reserved: true`). */
export function isReservedRole(body: RoleBody): boolean {
  const metadata = body.metadata;
  return typeof metadata === 'object' && metadata !== null && (metadata as Record<string, unknown>)._reserved === true;
}

/** A copy without `transient_metadata` (server state, not part of what a file declares). */
export function withoutTransientMetadata(body: RoleBody): RoleBody {
  const { transient_metadata: _dropped, ...rest } = body;
  return rest;
}

/**
 * The roles of a cluster as role bodies, `transient_metadata` removed. Without `names`: every
 * role except the built-in (reserved) ones. With `names`: those roles, reserved or not; names
 * that do not exist are absent from the result.
 */
export async function pullRoles(client: EsClient, names?: string[], opts: CallOptions = {}): Promise<Record<string, RoleBody>> {
  const wanted = names && names.length > 0 ? names : undefined;
  const fetched = wanted ? await fetchRoles(client, wanted, opts) : ((await getRoles(client, undefined, opts)) as Record<string, RoleBody>);
  const out: Record<string, RoleBody> = {};
  for (const name of Object.keys(fetched).sort(compareNames)) {
    const body = fetched[name];
    if (!wanted && isReservedRole(body)) continue;
    out[name] = withoutTransientMetadata(body);
  }
  return out;
}

export type RolesFileShape = 'role' | 'roles' | 'bulk';

/**
 * The text of a role file: `role` is one role's body (exactly one role), `roles` a map of name to
 * body, `bulk` the `POST _security/role` body `{"roles": {...}}`. Pretty JSON with 2 spaces and a
 * trailing newline; roles sorted by name; bodies (and DLS queries) as given.
 */
export function formatRolesFile(roles: Record<string, RoleBody>, shape: RolesFileShape): string {
  const sorted: Record<string, RoleBody> = {};
  for (const name of Object.keys(roles).sort(compareNames)) sorted[name] = roles[name];
  let value: unknown;
  if (shape === 'role') {
    const names = Object.keys(sorted);
    if (names.length !== 1) throw new Error(`a single-role file holds exactly one role (got ${names.length})`);
    value = sorted[names[0]];
  } else {
    value = shape === 'bulk' ? { roles: sorted } : sorted;
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
