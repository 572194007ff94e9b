import { parse, parseTree, type ParseError } from 'jsonc-parser';
import { detectShape, roleNameFromUri, type Shape } from '../../../server/src/language/shapes';

/** A role descriptor as JSON (the body of PUT _security/role/<name>). */
export type RoleBody = Record<string, unknown>;

export interface RoleFileContent {
  readonly shape: Shape;
  /** Roles by name, for shapes that hold roles (role, roles, bulk) or role descriptors (API keys). */
  readonly roles: Record<string, RoleBody>;
  /** The whole body for API-key create / grant / has_privileges files. */
  readonly body?: Record<string, unknown>;
  /** Set when the text is not valid JSON: the first problem, with its 1-based line. */
  readonly syntaxError?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectEntries(v: unknown): Record<string, RoleBody> {
  const out: Record<string, RoleBody> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (isObject(val)) out[k] = val;
  return out;
}

/**
 * Reads the roles (or API-key / has_privileges body) from a role file's text. `uri` is the file's
 * URI or path: a single-role file takes its role name from it.
 */
export function extractRoles(text: string, uri: string): RoleFileContent {
  const errors: ParseError[] = [];
  const value: unknown = parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0) {
    const line = text.slice(0, errors[0].offset).split('\n').length;
    return { shape: 'unknown', roles: {}, syntaxError: `invalid JSON at line ${line}` };
  }
  // detectShape works on the tree; re-derive it cheaply from a parse tree of the same text.
  const shape = detectShapeOfValue(text, uri);
  switch (shape) {
    case 'role':
      return { shape, roles: isObject(value) ? { [roleNameFromUri(uri)]: value } : {} };
    case 'roles':
      return { shape, roles: objectEntries(value) };
    case 'bulk':
      return { shape, roles: objectEntries(isObject(value) ? value.roles : undefined) };
    case 'api_key_create':
      return { shape, roles: objectEntries(isObject(value) ? value.role_descriptors : undefined), body: value as Record<string, unknown> };
    case 'api_key_grant': {
      const apiKey = isObject(value) && isObject(value.api_key) ? value.api_key : undefined;
      return { shape, roles: objectEntries(apiKey?.role_descriptors), body: value as Record<string, unknown> };
    }
    case 'has_privileges':
      return { shape, roles: {}, body: value as Record<string, unknown> };
    default:
      return { shape, roles: {} };
  }
}

function detectShapeOfValue(text: string, uri: string): Shape {
  return detectShape(parseTree(text.replace(/^\uFEFF/, ' ')), uri).shape;
}
