// Role endpoints: get, put, delete, bulk put and bulk delete.

import { isObject, objectBody, ok, type Ctx, type Reply } from './context';
import { EsHttpError, parseError, validationError, validationMessage } from './esErrors';
import { outputRole, parseRole, RESERVED_ROLE_NAMES, sameRole, SUPERUSER, type StoredRole } from './roles';
import { validateRole, validateRoleName } from './roleValidation';

function roleContext(ctx: Ctx) {
  return { version: ctx.state.version, allowDescription: true, allowRestriction: false };
}

function printable(ctx: Ctx, role: StoredRole): Record<string, unknown> {
  return outputRole(role, ctx.state.version);
}

/** GET /_security/role and /_security/role/{names}: 404 `{}` when none of the names exists. */
export function getRoles(ctx: Ctx): Reply {
  const out: Record<string, unknown> = {};
  const names = ctx.params.name?.split(',').filter(Boolean);
  if (!names || names.length === 0) {
    out.superuser = printable(ctx, SUPERUSER);
    for (const [name, role] of ctx.state.roles) out[name] = printable(ctx, role);
    return ok(out);
  }
  for (const name of names) {
    const role = ctx.state.role(name);
    if (role) out[name] = printable(ctx, role);
  }
  return ok(out, Object.keys(out).length ? 200 : 404);
}

/** Parses and validates one role for PUT or bulk; returns the role or the validation messages. */
function checkRole(ctx: Ctx, name: string, body: unknown): StoredRole | string[] {
  const nameProblem = validateRoleName(name);
  const role = parseRole(name, body, roleContext(ctx));
  const errors = [...(nameProblem ? [nameProblem] : []), ...validateRole(role, ctx.state.catalog, ctx.state.version)];
  return errors.length ? errors : role;
}

/** PUT/POST /_security/role/{name} */
export function putRole(ctx: Ctx): Reply {
  const name = ctx.params.name;
  const result = checkRole(ctx, name, objectBody(ctx));
  if (Array.isArray(result)) throw validationError(result);
  const created = !ctx.state.roles.has(name);
  ctx.state.roles.set(name, result);
  return ok({ role: { created } });
}

/** DELETE /_security/role/{name}: `{"found": false}` with 404 when missing. */
export function deleteRole(ctx: Ctx): Reply {
  const name = ctx.params.name;
  if (RESERVED_ROLE_NAMES.has(name)) throw validationError([`role [${name}] is reserved and cannot be deleted`]);
  const found = ctx.state.roles.delete(name);
  return ok({ found }, found ? 200 : 404);
}

/** POST /_security/role (8.15+): partial success, per-role validation errors. */
export function bulkPutRoles(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  for (const key of Object.keys(body)) if (key !== 'roles') throw parseError(`failed to parse bulk roles request. unexpected field [${key}]`);
  if (!isObject(body.roles)) throw parseError('failed to parse bulk roles request. [roles] must be an object');
  // Parse errors fail the whole request, as the request is parsed before any role is stored.
  const checked = Object.entries(body.roles).map(([name, rb]) => [name, checkRole(ctx, name, rb)] as const);
  const created: string[] = [];
  const updated: string[] = [];
  const noop: string[] = [];
  const details: Record<string, { type: string; reason: string }> = {};
  for (const [name, result] of checked) {
    if (Array.isArray(result)) {
      details[name] = { type: 'action_request_validation_exception', reason: validationMessage(result) };
      continue;
    }
    const existing = ctx.state.roles.get(name);
    if (!existing) created.push(name);
    else if (sameRole(existing, result)) noop.push(name);
    else updated.push(name);
    ctx.state.roles.set(name, result);
  }
  const out: Record<string, unknown> = {};
  if (created.length) out.created = created;
  if (updated.length) out.updated = updated;
  if (noop.length) out.noop = noop;
  if (Object.keys(details).length) out.errors = { count: Object.keys(details).length, details };
  return ok(out);
}

/** DELETE /_security/role with {"names": [...]} (8.15+). */
export function bulkDeleteRoles(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const names = body.names;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) {
    throw new EsHttpError(400, 'action_request_validation_exception', validationMessage(['role names are missing']));
  }
  const deleted: string[] = [];
  const notFound: string[] = [];
  const details: Record<string, { type: string; reason: string }> = {};
  for (const name of names as string[]) {
    if (RESERVED_ROLE_NAMES.has(name)) details[name] = { type: 'illegal_argument_exception', reason: `role [${name}] is reserved and cannot be deleted` };
    else if (ctx.state.roles.delete(name)) deleted.push(name);
    else notFound.push(name);
  }
  const out: Record<string, unknown> = {};
  if (deleted.length) out.deleted = deleted;
  if (notFound.length) out.not_found = notFound;
  if (Object.keys(details).length) out.errors = { count: Object.keys(details).length, details };
  return ok(out);
}
