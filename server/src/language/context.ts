import type { JSONPath } from 'jsonc-parser';
import {
  apiKeyCreateSchema, apiKeyGrantSchema, bulkSchema, findField, hasPrivilegesSchema, roleDescriptor,
  type FieldSchema, type ObjectSchema, type ValueType,
} from './schema';
import type { Shape } from './shapes';

/** Where in a body we are: a role (PUT role, bulk, roles map) or an API key's role descriptors. */
export interface WalkContext {
  readonly variant: 'role' | 'api_key' | 'has_privileges';
  /** The role the current node belongs to, when known. */
  readonly roleName?: string;
  /** Inside `remote_indices` (failure-store privileges are refused there). */
  readonly inRemoteIndices?: boolean;
}

export const ROLE_MAP: ValueType = { t: 'map', of: { t: 'object', schema: roleDescriptor }, keyKind: 'role' };

/** The type of the whole document for a shape. */
export function rootType(shape: Shape): ValueType | undefined {
  switch (shape) {
    case 'role':
      return { t: 'object', schema: roleDescriptor };
    case 'roles':
      return ROLE_MAP;
    case 'bulk':
      return { t: 'object', schema: bulkSchema };
    case 'api_key_create':
      return { t: 'object', schema: apiKeyCreateSchema };
    case 'api_key_grant':
      return { t: 'object', schema: apiKeyGrantSchema };
    case 'has_privileges':
      return { t: 'object', schema: hasPrivilegesSchema };
    default:
      return undefined;
  }
}

export function rootContext(shape: Shape, roleName?: string): WalkContext {
  return { variant: shape === 'has_privileges' ? 'has_privileges' : 'role', roleName };
}

/** Entering a field's value: `role_descriptors` switches to API-key rules. */
export function enterField(ctx: WalkContext, field: FieldSchema): WalkContext {
  if (field.name === 'role_descriptors') return { ...ctx, variant: 'api_key' };
  if (field.name === 'remote_indices') return { ...ctx, inRemoteIndices: true };
  return ctx;
}

export interface Resolved {
  readonly type: ValueType | undefined;
  readonly ctx: WalkContext;
  /** The field whose value (or element) the path ends in. */
  readonly field?: FieldSchema;
  /** The object schema holding that field. */
  readonly parent?: ObjectSchema;
}

/** Follows a JSON path from the root type; `type` is undefined once the path leaves the schema. */
export function resolvePath(shape: Shape, path: JSONPath, roleName?: string): Resolved {
  let type = rootType(shape);
  let ctx = rootContext(shape, roleName);
  let field: FieldSchema | undefined;
  let parent: ObjectSchema | undefined;
  for (const seg of path) {
    if (!type) break;
    switch (type.t) {
      case 'object': {
        const f = typeof seg === 'string' ? findField(type.schema, seg) : undefined;
        parent = type.schema;
        field = f;
        if (f) ctx = enterField(ctx, f);
        type = f?.type;
        break;
      }
      case 'map':
        if (type.keyKind === 'role' && typeof seg === 'string') ctx = { ...ctx, roleName: seg };
        type = type.keyKind === 'role' ? type.of : { t: 'any' };
        break;
      case 'array':
        type = typeof seg === 'number' ? type.of : undefined;
        break;
      case 'privileges':
      case 'stringOrArray':
        type = typeof seg === 'number' ? { t: 'string' } : undefined;
        break;
      default:
        type = undefined;
    }
  }
  return { type, ctx, field, parent };
}
