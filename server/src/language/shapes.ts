import type { Node } from 'jsonc-parser';
import { propertyName, propertyValue } from './nodes';

/** The kinds of body a role file can hold. */
export type Shape = 'role' | 'roles' | 'bulk' | 'api_key_create' | 'api_key_grant' | 'has_privileges' | 'unknown';

export interface ShapeInfo {
  readonly shape: Shape;
  /** For a single role body: the role name, from the file name. */
  readonly roleName?: string;
}

/** Top-level fields of a role descriptor (and aliases ES accepts). */
export const ROLE_DESCRIPTOR_FIELDS: ReadonlySet<string> = new Set([
  'cluster', 'indices', 'index', 'applications', 'application', 'global', 'run_as', 'metadata',
  'transient_metadata', 'remote_indices', 'remote_cluster', 'description', 'restriction', 'type',
]);
const ROLE_ONLY_FIELDS = new Set(['indices', 'global', 'run_as', 'metadata', 'transient_metadata',
  'remote_indices', 'remote_cluster', 'description', 'restriction', 'type']);
const WEAK_ROLE_FIELDS = new Set(['description', 'metadata', 'type', 'transient_metadata']);
const HAS_PRIVILEGES_FIELDS = new Set(['cluster', 'index', 'application', 'applications']);
const API_KEY_CREATE_FIELDS = new Set(['name', 'expiration', 'role_descriptors', 'metadata']);
const API_KEY_GRANT_FIELDS = new Set(['grant_type', 'username', 'password', 'access_token', 'run_as', 'api_key', 'client_authentication']);

/** What the file name says, if anything. */
type NameHint = 'role' | 'roles' | 'api_key' | 'has_privileges' | undefined;

function baseName(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(uri);
  } catch {
    // keep the raw uri
  }
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1);
}

function nameHint(name: string): NameHint {
  const lower = name.toLowerCase();
  if (/has[_-]?privileges/.test(lower)) return 'has_privileges';
  if (/\.apikey\.jsonc?$/.test(lower) || /[._-]api[_-]?key\.jsonc?$/.test(lower)) return 'api_key';
  if (/\.roles\.jsonc?$/.test(lower)) return 'roles';
  if (/\.role\.jsonc?$/.test(lower)) return 'role';
  return undefined;
}

/** The role name a single-role file stands for: `logs-reader.role.json` -> `logs-reader`. */
export function roleNameFromUri(uri: string): string {
  const name = baseName(uri);
  return name.replace(/(\.role)?\.jsonc?$/i, '') || name;
}

/** The property names detectShape asks about by name (`has` and `valueOf` accept no other). */
const LOOKED_UP_NAMES = [
  'roles', 'grant_type', 'api_key', 'username', 'access_token', 'password', 'role_descriptors', 'name', 'expiration', 'index',
] as const;
type LookedUp = (typeof LOOKED_UP_NAMES)[number];
const LOOKED_UP: ReadonlySet<string> = new Set(LOOKED_UP_NAMES);

const ARRAY_ROLE_FIELDS = new Set(['cluster', 'indices', 'index', 'applications', 'application', 'run_as', 'remote_indices', 'remote_cluster']);

/** Keys of `obj` that show it is a role: privilege-bearing fields with the JSON type a role gives them. */
function roleEvidence(obj: Node): string[] {
  const out: string[] = [];
  for (const p of obj.children ?? []) {
    const k = propertyName(p);
    if (k === undefined || !ROLE_DESCRIPTOR_FIELDS.has(k) || WEAK_ROLE_FIELDS.has(k)) continue;
    const type = propertyValue(p)?.type;
    if (ARRAY_ROLE_FIELDS.has(k) ? type === 'array' : type === 'object') out.push(k);
  }
  return out;
}

/**
 * Decides, from content first and the file name where content is ambiguous, which body a document
 * holds. A document that is none of them is 'unknown' and gets no diagnostics.
 */
export function detectShape(root: Node | undefined, uri: string): ShapeInfo {
  const hint = nameHint(baseName(uri));
  const role = (): ShapeInfo => ({ shape: 'role', roleName: roleNameFromUri(uri) });
  if (!root || root.type !== 'object') {
    // Something that is not an object: only a file named as a role file is worth reporting on.
    if (root && hint === 'role') return role();
    return { shape: 'unknown' };
  }
  // One pass over the properties: a roles map has one per role (and table nodes are made on read).
  const props = root.children ?? [];
  const keys: string[] = [];
  // The first property of each name detection asks about (not one entry per role of a roles map).
  const firstProps = new Map<string, Node>();
  for (const p of props) {
    const k = propertyName(p);
    if (k === undefined) continue;
    keys.push(k);
    if (LOOKED_UP.has(k) && !firstProps.has(k)) firstProps.set(k, p);
  }
  const valueOf = (k: LookedUp) => {
    const p = firstProps.get(k);
    return p && propertyValue(p);
  };
  if (keys.length === 0) {
    if (hint === 'role') return role();
    if (hint === 'roles') return { shape: 'roles' };
    // An empty body in a file named for a shape is still that shape (and gets its "empty" diagnostics).
    if (hint === 'has_privileges') return { shape: 'has_privileges' };
    if (hint === 'api_key') return { shape: 'api_key_create' };
    return { shape: 'unknown' };
  }
  const has = (k: LookedUp) => firstProps.has(k);

  if (keys.length === 1 && has('roles') && valueOf('roles')?.type === 'object') return { shape: 'bulk' };
  if (has('grant_type') || (has('api_key') && (has('username') || has('access_token') || has('password')))) {
    return { shape: 'api_key_grant' };
  }
  // `description`, `metadata` and `type` are common in unrelated JSON (package.json): they alone
  // do not make a role; one privilege-bearing field does.
  // A field counts only with the type a role gives it: `{"index": {"number_of_shards": 1}}` is not a role.
  const roleFieldCount = roleEvidence(root).length;
  const looksLikeApiKey =
    (has('role_descriptors') || valueOf('name')?.type === 'string' || has('expiration')) &&
    keys.every((k) => API_KEY_CREATE_FIELDS.has(k) || !ROLE_DESCRIPTOR_FIELDS.has(k) || k === 'metadata');
  if (looksLikeApiKey && (has('role_descriptors') || hint === 'api_key' || keys.every((k) => API_KEY_CREATE_FIELDS.has(k)))) {
    return { shape: 'api_key_create' };
  }
  if (hint === 'has_privileges') return { shape: 'has_privileges' };
  if (
    valueOf('index')?.type === 'array' &&
    hint !== 'role' &&
    keys.every((k) => HAS_PRIVILEGES_FIELDS.has(k)) &&
    !keys.some((k) => ROLE_ONLY_FIELDS.has(k))
  ) {
    return { shape: 'has_privileges' };
  }
  if (roleFieldCount > 0) return role();
  // A map of roles: every value an object, and (unless the file name says so) at least one of them
  // with a privilege-bearing field, so that `{"compilerOptions": {...}}` is not taken for roles.
  const values = props.map(propertyValue);
  const allObjects = values.every((v) => v?.type === 'object');
  const someRole = values.some((v) => v && roleEvidence(v).length > 0);
  if (allObjects && (hint === 'roles' || someRole)) return { shape: 'roles' };
  if (hint === 'role') return role();
  if (hint === 'api_key' && keys.some((k) => API_KEY_GRANT_FIELDS.has(k))) return { shape: 'api_key_grant' };
  if (hint === 'api_key') return { shape: 'api_key_create' };
  return { shape: 'unknown' };
}
