/**
 * "Verify model against cluster": compares the offline privilege model's answers with a cluster's
 * has_privileges for the roles of a file. No `vscode` import (the CLI and the editor share it).
 *
 * 1. An API key is created whose role_descriptors are exactly the roles under test (short expiry,
 *    metadata naming es-roles), so nothing else the caller holds comes into play — except that a key
 *    is limited by its creator's privileges, which the result notes.
 * 2. has_privileges is asked WITH that key, and the model evaluates the same request offline.
 * 3. The key is invalidated, whatever happened in between.
 * The key's secret is used for step 2 only: never returned, never logged.
 */
import { randomBytes } from 'node:crypto';
import {
  createApiKey, hasPrivileges, invalidateApiKeys, type EsClient, type HasPrivilegesRequest, type HasPrivilegesResponse, type RoleDescriptor,
} from '../cluster';
import { evaluate, matchesEverything, type ModelRole, type PrivilegesAnswer, type PrivilegesRequest } from '../../../server/src/language/model';

export interface VerifyModelInput {
  /** The role descriptors the key gets (API-key form: no `description`). */
  readonly descriptors: Readonly<Record<string, RoleDescriptor>>;
  /** The same roles as the model reads them. */
  readonly model: readonly ModelRole[];
  /** What to ask; default: probes derived from the roles (see defaultProbes). */
  readonly request?: PrivilegesRequest;
}

export interface VerifyModelOptions {
  /**
   * A client for the same cluster authenticating with the temporary key (`encoded`); default
   * `client.withAuth(...)`, which also redacts the caller's own credentials from errors.
   */
  readonly clientWithApiKey?: (encoded: string) => EsClient;
  readonly signal?: AbortSignal;
}

export type ProbeKind = 'cluster' | 'index' | 'application';

export interface Probe {
  readonly kind: ProbeKind;
  /** The index name or application resource (empty for cluster privileges). */
  readonly resource: string;
  readonly application?: string;
  readonly privilege: string;
  readonly offline: boolean;
  readonly cluster: boolean;
  /** Which role entries grant it offline ("role indices[0]"). */
  readonly grantedBy: readonly string[];
}

export interface VerifyModelResult {
  readonly request: PrivilegesRequest;
  readonly probes: readonly Probe[];
  readonly disagreements: readonly Probe[];
  /** The model's notes (where it is unsure) and the verification's own. */
  readonly notes: readonly string[];
  /** The id of the temporary key (not a secret) and whether it was invalidated. */
  readonly keyId: string;
  readonly keyInvalidated: boolean;
  /** Why invalidation failed, when it did (the key then expires on its own). */
  readonly invalidationError?: string;
}

export const VERIFY_KEY_EXPIRATION = '1h';

/** The request has_privileges accepts (the model's action extension is not sent). */
export function toHasPrivilegesRequest(request: PrivilegesRequest): HasPrivilegesRequest {
  return {
    cluster: [...(request.cluster ?? [])],
    index: (request.index ?? []).map((i) => ({
      names: [...i.names],
      privileges: [...(i.privileges ?? [])],
      ...(i.allow_restricted_indices ? { allow_restricted_indices: true } : {}),
    })),
    application: (request.application ?? []).map((a) => ({ application: a.application, resources: [...a.resources], privileges: [...a.privileges] })),
  } as HasPrivilegesRequest;
}

const CLUSTER_PROBES = ['monitor', 'manage', 'manage_security', 'manage_own_api_key', 'read_security'];
const INDEX_PROBES = ['read', 'write', 'index', 'delete', 'manage', 'all', 'view_index_metadata'];
const RESTRICTED_PROBE = '.security-7';

/** A concrete name a pattern matches, or undefined for regexes and other shapes we do not expand. */
function exampleName(pattern: string): string | undefined {
  if (pattern.startsWith('/') || pattern.includes(':')) return undefined;
  if (matchesEverything(pattern)) return 'any-index-1';
  return pattern.replace(/\?/g, 'x').replace(/\*/g, '1');
}

/**
 * Probes derived from the roles: their cluster privileges and a few they do not name; for each
 * indices entry a concrete name of each pattern (and a name none of them matches) with the entry's
 * privileges and common ones; a restricted index; each application entry's privileges on a resource.
 */
export function defaultProbes(roles: readonly ModelRole[]): PrivilegesRequest {
  const cluster = new Set<string>(CLUSTER_PROBES);
  for (const r of roles) for (const c of r.cluster) cluster.add(c.toLowerCase());
  const names = new Set<string>();
  const privileges = new Set<string>(INDEX_PROBES);
  for (const r of roles) {
    for (const g of r.indices) {
      for (const n of g.names) {
        const example = exampleName(n);
        if (example) names.add(example);
      }
      for (const p of g.privileges) privileges.add(p.toLowerCase());
    }
  }
  names.add('es-roles-unmatched-index');
  names.add(RESTRICTED_PROBE);
  const application: Array<{ application: string; resources: string[]; privileges: string[] }> = [];
  for (const r of roles) {
    for (const a of r.applications) {
      if (a.application.includes('*')) continue;
      const resource = a.resources.map((res) => res.replace(/\*/g, '1')).find(Boolean) ?? '1';
      application.push({ application: a.application, resources: [resource], privileges: a.privileges.filter((p) => p !== '*').slice(0, 5) });
    }
  }
  return {
    cluster: [...cluster].sort(),
    index: [{ names: [...names].sort().slice(0, 50), privileges: [...privileges].sort() }],
    application: application.filter((a) => a.privileges.length > 0).slice(0, 10),
  };
}

const where = (grantors: readonly { role: string; path: string }[] | undefined): string[] => (grantors ?? []).map((g) => `${g.role} ${g.path}`);

/** Pairs the model's answer with the cluster's, one probe per privilege and resource. */
export function compareAnswers(offline: PrivilegesAnswer, online: HasPrivilegesResponse, request: PrivilegesRequest): Probe[] {
  const probes: Probe[] = [];
  for (const privilege of request.cluster ?? []) {
    probes.push({
      kind: 'cluster',
      resource: '',
      privilege,
      offline: offline.cluster[privilege] === true,
      cluster: online.cluster?.[privilege] === true,
      grantedBy: where(offline.granted_by.cluster[privilege]),
    });
  }
  for (const check of request.index ?? []) {
    for (const name of check.names) {
      for (const privilege of check.privileges ?? []) {
        probes.push({
          kind: 'index',
          resource: name,
          privilege,
          offline: offline.index[name]?.[privilege] === true,
          cluster: online.index?.[name]?.[privilege] === true,
          grantedBy: where(offline.granted_by.index[name]?.[privilege]),
        });
      }
    }
  }
  for (const check of request.application ?? []) {
    for (const resource of check.resources) {
      for (const privilege of check.privileges) {
        probes.push({
          kind: 'application',
          application: check.application,
          resource,
          privilege,
          offline: offline.application[check.application]?.[resource]?.[privilege] === true,
          cluster: online.application?.[check.application]?.[resource]?.[privilege] === true,
          grantedBy: where(offline.granted_by.application[check.application]?.[resource]?.[privilege]),
        });
      }
    }
  }
  return probes;
}

export async function verifyModel(client: EsClient, input: VerifyModelInput, opts: VerifyModelOptions = {}): Promise<VerifyModelResult> {
  const request = input.request ?? defaultProbes(input.model);
  if ((request.cluster_actions?.length ?? 0) > 0 || (request.index ?? []).some((i) => (i.actions?.length ?? 0) > 0)) {
    throw new Error('verify-model compares has_privileges answers: concrete actions cannot be asked there; use privileges');
  }
  const offline = evaluate(input.model, request);
  const created = await createApiKey(
    client,
    {
      name: `es-roles-verify-${randomBytes(4).toString('hex')}`,
      expiration: VERIFY_KEY_EXPIRATION,
      role_descriptors: input.descriptors,
      metadata: { created_by: 'es-roles verify-model', purpose: 'compare the offline privilege model with has_privileges; invalidated right after' },
    },
    { signal: opts.signal },
  );
  const notes = [
    ...offline.notes,
    'An API key is limited by the privileges of the user who creates it: where that user lacks something the roles grant, the cluster answers false.',
  ];
  let online: HasPrivilegesResponse | undefined;
  let failure: unknown;
  const keyClient = opts.clientWithApiKey ? opts.clientWithApiKey(created.encoded) : client.withAuth({ kind: 'apiKey', encoded: created.encoded });
  try {
    online = await hasPrivileges(keyClient, toHasPrivilegesRequest(request), { signal: opts.signal });
  } catch (err) {
    failure = err;
  } finally {
    await keyClient.close().catch(() => undefined);
  }
  let keyInvalidated = false;
  let invalidationError: string | undefined;
  try {
    // owner: true — with manage_own_api_key alone, ES only invalidates by id in an owner request.
    const res = await invalidateApiKeys(client, { ids: [created.id], owner: true });
    keyInvalidated = res.invalidated_api_keys.includes(created.id) || res.previously_invalidated_api_keys.includes(created.id);
    if (!keyInvalidated) invalidationError = `the cluster did not invalidate key ${created.id}`;
  } catch (err) {
    invalidationError = err instanceof Error ? err.message : String(err);
  }
  if (failure !== undefined) throw failure;
  const probes = compareAnswers(offline, online!, request);
  if (!keyInvalidated) notes.push(`The temporary key ${created.id} could not be invalidated (${invalidationError}); it expires in ${VERIFY_KEY_EXPIRATION}.`);
  return {
    request,
    probes,
    disagreements: probes.filter((p) => p.offline !== p.cluster),
    notes,
    keyId: created.id,
    keyInvalidated,
    ...(invalidationError ? { invalidationError } : {}),
  };
}
