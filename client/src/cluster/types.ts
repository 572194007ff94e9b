// Request and response shapes of the Elasticsearch security endpoints the project uses.

import type { EsErrorCause } from './errors';

export interface RootInfo {
  readonly name: string;
  readonly cluster_name: string;
  readonly cluster_uuid?: string;
  readonly version: { readonly number: string; readonly build_flavor?: string; readonly [field: string]: unknown };
  readonly tagline?: string;
}

export interface Realm {
  readonly name: string;
  readonly type: string;
}

export interface AuthenticateResponse {
  readonly username: string;
  readonly roles: readonly string[];
  readonly full_name?: string | null;
  readonly email?: string | null;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly enabled?: boolean;
  readonly authentication_realm: Realm;
  readonly lookup_realm: Realm;
  readonly authentication_type?: string;
  readonly api_key?: { readonly id: string; readonly name?: string | null; readonly [field: string]: unknown };
  readonly token?: Readonly<Record<string, unknown>>;
}

/** The body of GET _security/privilege/_builtin (remote_cluster since 8.15). */
export interface BuiltinPrivileges {
  readonly cluster: readonly string[];
  readonly index: readonly string[];
  readonly remote_cluster?: readonly string[];
}

export interface IndicesPrivileges {
  readonly names: string | readonly string[];
  readonly privileges: readonly string[];
  readonly field_security?: { readonly grant?: readonly string[]; readonly except?: readonly string[] };
  readonly query?: string | Readonly<Record<string, unknown>>;
  readonly allow_restricted_indices?: boolean;
  /** remote_indices only. */
  readonly clusters?: readonly string[];
}

export interface ApplicationPrivileges {
  readonly application: string;
  readonly privileges: readonly string[];
  readonly resources: readonly string[];
}

export interface RoleDescriptor {
  readonly description?: string;
  readonly cluster?: readonly string[];
  readonly indices?: readonly IndicesPrivileges[];
  readonly applications?: readonly ApplicationPrivileges[];
  readonly global?: Readonly<Record<string, unknown>>;
  readonly run_as?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly transient_metadata?: Readonly<Record<string, unknown>>;
  readonly remote_indices?: readonly IndicesPrivileges[];
  readonly remote_cluster?: readonly { readonly privileges: readonly string[]; readonly clusters: readonly string[] }[];
  /** API-key role descriptors only. */
  readonly restriction?: { readonly workflows?: readonly string[] };
  readonly [field: string]: unknown;
}

export type RolesByName = Readonly<Record<string, RoleDescriptor>>;

export interface BulkPutRolesResult {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly noop: readonly string[];
  readonly errors: { readonly count: number; readonly details: Readonly<Record<string, EsErrorCause>> };
  /** `bulk`: one POST _security/role; `put`: one PUT per role (clusters before 8.15). */
  readonly method: 'bulk' | 'put';
}

export interface HasPrivilegesRequest {
  readonly cluster?: readonly string[];
  readonly index?: readonly { readonly names: string | readonly string[]; readonly privileges: readonly string[]; readonly allow_restricted_indices?: boolean }[];
  readonly application?: readonly ApplicationPrivileges[];
}

export interface HasPrivilegesResponse {
  readonly username: string;
  readonly has_all_requested: boolean;
  readonly cluster: Readonly<Record<string, boolean>>;
  readonly index: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
  readonly application: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, boolean>>>>>>;
}

export interface CreateApiKeyRequest {
  readonly name: string;
  /** A duration such as "1d", "30d", "12h". */
  readonly expiration?: string;
  readonly role_descriptors?: RolesByName;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface CreateApiKeyResponse {
  readonly id: string;
  readonly name: string;
  readonly api_key: string;
  /** base64(id:api_key), ready for `Authorization: ApiKey <encoded>`. */
  readonly encoded: string;
  /** Epoch milliseconds, when the key expires. */
  readonly expiration?: number;
}

export type GrantApiKeyRequest = {
  readonly api_key: CreateApiKeyRequest;
  readonly run_as?: string;
  readonly client_authentication?: { readonly scheme: string; readonly value: string };
} & (
  | { readonly grant_type: 'password'; readonly username: string; readonly password: string }
  | { readonly grant_type: 'access_token'; readonly access_token: string }
);

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string | null;
  readonly creation: number;
  readonly expiration?: number;
  readonly invalidated: boolean;
  readonly username: string;
  readonly realm: string;
  readonly realm_type?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly role_descriptors?: RolesByName;
  readonly limited_by?: readonly RolesByName[];
  readonly [field: string]: unknown;
}

export interface GetApiKeysQuery {
  readonly id?: string;
  readonly name?: string;
  readonly owner?: boolean;
  readonly username?: string;
  readonly realm_name?: string;
  readonly with_limited_by?: boolean;
  readonly active_only?: boolean;
}

export interface InvalidateApiKeysRequest {
  readonly ids?: readonly string[];
  readonly name?: string;
  readonly owner?: boolean;
  readonly username?: string;
  readonly realm_name?: string;
}

export interface InvalidateApiKeysResponse {
  readonly invalidated_api_keys: readonly string[];
  readonly previously_invalidated_api_keys: readonly string[];
  readonly error_count: number;
  readonly error_details?: readonly EsErrorCause[];
}
