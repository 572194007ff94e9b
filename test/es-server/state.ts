// In-memory security state of the test server: users, native roles, API keys, bearer tokens.

import { randomBytes } from 'node:crypto';
import { bundledCatalog, parseVersion, type Catalog, type EsVersion } from '../../server/src/language/catalog';
import type { AppPrivilegeDefs, Permission } from './privileges';
import { parseRole, SUPERUSER, type StoredRole } from './roles';

export interface Realm {
  name: string;
  type: string;
}

export interface TestUser {
  username: string;
  password: string;
  roles: string[];
  full_name?: string | null;
  email?: string | null;
  metadata?: Record<string, unknown>;
  enabled?: boolean;
  /** Default `{name: "default_native", type: "native"}`. */
  realm?: Realm;
}

export interface ApiKeyRecord {
  id: string;
  secret: string;
  name: string;
  creation: number;
  expiration?: number;
  invalidated: boolean;
  invalidation?: number;
  username: string;
  realm: Realm;
  metadata: Record<string, unknown>;
  /** Assigned descriptors (empty = inherit the owner's). */
  roleDescriptors: Record<string, StoredRole>;
  /** Snapshot of the owner's roles at creation. */
  limitedBy: Record<string, StoredRole>;
}

export const NATIVE_REALM: Realm = { name: 'default_native', type: 'native' };
export const API_KEY_REALM: Realm = { name: '_es_api_key', type: '_es_api_key' };

export function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export class ServerState {
  readonly version: EsVersion;
  readonly versionText: string;
  readonly catalog: Catalog;
  readonly users = new Map<string, TestUser>();
  readonly roles = new Map<string, StoredRole>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  /** Bearer token -> username. */
  readonly tokens = new Map<string, string>();
  readonly appPrivileges: AppPrivilegeDefs;

  constructor(versionText: string, appPrivileges: AppPrivilegeDefs = {}) {
    const version = parseVersion(versionText);
    if (!version) throw new Error(`test server: "${versionText}" is not a version`);
    this.version = version;
    this.versionText = versionText;
    this.catalog = bundledCatalog(versionText);
    this.appPrivileges = appPrivileges;
  }

  addUser(user: TestUser): void {
    this.users.set(user.username, { enabled: true, full_name: null, email: null, metadata: {}, realm: NATIVE_REALM, ...user });
  }

  /** Adds a native role from a request-style body (throws EsHttpError on a bad body). */
  addRole(name: string, body: unknown): void {
    this.roles.set(name, parseRole(name, body, { version: this.version, allowDescription: true, allowRestriction: false }));
  }

  /** A role by name: reserved (`superuser`) or native. */
  role(name: string): StoredRole | undefined {
    if (name === 'superuser') return SUPERUSER;
    return this.roles.get(name);
  }

  /** Found roles of a user (name -> descriptor) and the names that were not found. */
  rolesOf(user: TestUser): { found: Record<string, StoredRole>; missing: string[] } {
    const found: Record<string, StoredRole> = {};
    const missing: string[] = [];
    for (const r of user.roles) {
      const role = this.role(r);
      if (role) found[r] = role;
      else missing.push(r);
    }
    return { found, missing };
  }

  userPermission(user: TestUser): Permission {
    return [Object.values(this.rolesOf(user).found)];
  }

  apiKeyPermission(key: ApiKeyRecord): Permission {
    const limitedBy = Object.values(key.limitedBy);
    const own = Object.values(key.roleDescriptors);
    return own.length ? [own, limitedBy] : [limitedBy];
  }

  mintToken(username: string): string {
    const token = `dGVzdC10b2tlbi${randomId(24)}`;
    this.tokens.set(token, username);
    return token;
  }
}
