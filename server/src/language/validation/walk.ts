import type { Node } from 'jsonc-parser';
import { atLeast } from '../catalog/version';
import { enterField, type WalkContext } from '../context';
import { Codes, DiagnosticSeverity } from '../diagnostics';
import type { FieldSchema, ObjectSchema, ValueType } from '../schema';
import { ALL_STRINGS, Kind } from '../tree';
import { closest } from '../suggest';
import { removalRange, type Validator } from './context';
import { checkPrivilegeArray, describeNode } from './privileges';
import { checkMapKey, checkQuery, misplacedField } from './rules';
import { compileType, T, type CompiledField, type CompiledSchema, type CompiledType } from './compiled';

/**
 * Validates node `i` of the document's tree against `type`, recursively, reading the table by index
 * (tree.ts): nodes are made only for findings and for the object rules. `holder` is the property
 * holding it, or -1.
 */
export function walkValue(v: Validator, i: number, type: ValueType, ctx: WalkContext): void {
  walk(v, i, compileType(type), ctx, undefined, -1);
}

function walk(v: Validator, i: number, type: CompiledType, ctx: WalkContext, field: CompiledField | undefined, holder: number): void {
  if (v.sink.full) return; // MAX_PROBLEMS reached: the rest would be dropped anyway
  const t = v.tree;
  const kind = t.kind(i);
  if (kind === Kind.Null && (field?.nullable || type.t === T.Any || type.t === T.Query)) return;
  switch (type.t) {
    case T.Any:
      return;
    case T.Object:
      if (kind !== Kind.Object) return wrongType(v, i, 'an object', field);
      return walkObject(v, i, type.schema!, ctx, holder);
    case T.Array:
      if (kind !== Kind.Array) return wrongType(v, i, 'an array', field);
      checkEmpty(v, i, field);
      // Nothing to check in the elements of an array of strings that may hold any strings.
      if (t.flags[i] & ALL_STRINGS && type.stringElements) return;
      for (let c = i + 1, end = t.ends[i]; c < end; c = t.ends[c]) walk(v, c, type.of!, ctx, undefined, -1);
      return;
    case T.Privileges:
      if (kind !== Kind.Array) return wrongType(v, i, 'an array of strings', field);
      checkEmpty(v, i, field);
      checkPrivilegeArray(v, i, type.privilegeKind!, ctx.inRemoteIndices === true);
      return;
    case T.StringOrArray:
      if (kind === Kind.String) return;
      if (kind !== Kind.Array) return wrongType(v, i, 'a string or an array of strings', field);
      checkEmpty(v, i, field);
      if (t.flags[i] & ALL_STRINGS) return;
      for (let c = i + 1, end = t.ends[i]; c < end; c = t.ends[c]) if (t.kind(c) !== Kind.String) wrongType(v, c, 'a string', undefined);
      return;
    case T.String:
      if (kind !== Kind.String) return wrongType(v, i, 'a string', field);
      return;
    case T.Boolean:
      if (kind !== Kind.True && kind !== Kind.False) return wrongType(v, i, 'a boolean (true or false)', field);
      return;
    case T.Number:
      if (kind !== Kind.Number) return wrongType(v, i, 'a number', field);
      return;
    case T.Query:
      return checkQuery(v, i);
    case T.Map:
      if (kind !== Kind.Object) return wrongType(v, i, 'an object', field);
      for (let p = i + 1, end = t.ends[i]; p < end; p = t.ends[p]) {
        const name = t.propertyName(p);
        if (name === undefined) continue;
        checkMapKey(v, p, name, type.keyKind!, field?.src);
        const value = t.propertyValue(p);
        if (value >= 0 && type.keyKind === 'role') walk(v, value, type.of!, { ...ctx, roleName: name }, undefined, p);
      }
      return;
  }
}

function walkObject(v: Validator, o: number, schema: CompiledSchema, ctx: WalkContext, holder: number): void {
  const t = v.tree;
  // The fields present, as a mask of their bits.
  let present = 0;
  // A misspelled required field is reported once, as unknown (with its fix), not also as missing.
  let suggested: Set<string> | undefined;
  for (let p = o + 1, end = t.ends[o]; p < end; p = t.ends[p]) {
    if (v.sink.full) return;
    const name = t.propertyName(p);
    if (name === undefined) continue;
    const field = schema.byName.get(name);
    if (!field) {
      suggested ??= new Set<string>();
      for (const s of unknownField(v, t.node(o), t.node(p), t.node(p + 1), name, schema.src, ctx)) suggested.add(s);
      continue;
    }
    present |= field.bit;
    if (field.onlyIn !== undefined && field.onlyIn !== ctx.variant && ctx.variant !== 'has_privileges') {
      const code = field.onlyIn === 'api_key' ? Codes.apiKeyOnlyField : Codes.roleOnlyField;
      const message =
        field.onlyIn === 'api_key'
          ? `\`${name}\` is only allowed in API-key role descriptors, not in a role. Elasticsearch answers: failed to parse role [${ctx.roleName ?? '…'}]. unexpected field [${name}].`
          : `\`${name}\` is not allowed in API-key role descriptors, only in roles. Elasticsearch answers: failed to parse role [${ctx.roleName ?? '…'}]. unexpected field [${name}].`;
      v.sink.add(code, t.node(p + 1), message, DiagnosticSeverity.Error, { remove: removalRange(t.node(o), t.node(p), v.text) });
      continue;
    }
    if (field.since !== undefined && !atLeast(v.target, field.since)) {
      v.sink.add(
        Codes.requiresNewerVersion,
        t.node(p + 1),
        `\`${name}\` needs Elasticsearch ${field.since} or later (target: ${v.targetLabel}).`,
        DiagnosticSeverity.Warning,
      );
    }
    const value = t.propertyValue(p);
    if (value >= 0) walk(v, value, field.type, field.changesContext ? enterField(ctx, field.src) : ctx, field, p);
  }
  if (schema.hasRequired) {
    for (const f of schema.fields) {
      if (f.required && !(present & f.bit) && !suggested?.has(f.name) && !(f.onlyIn !== undefined && f.onlyIn !== ctx.variant)) {
        const anchor = holder >= 0 ? t.node(holder + 1) : v.sink.rangeAt(t.offsets[o], 1);
        v.sink.add(
          Codes.missingRequiredField,
          anchor,
          `Missing required field \`${f.name}\` in ${schema.src.title}${ctx.roleName ? ` of \`${ctx.roleName}\`` : ''}.`,
          DiagnosticSeverity.Error,
          { insert: insertion(t.node(o), f.src) },
        );
      }
    }
  }
  if (schema.rule) schema.rule(v, t.node(o), ctx);
}

function unknownField(v: Validator, obj: Node, prop: Node, k: Node, name: string, schema: ObjectSchema, ctx: WalkContext): string[] {
  const misplaced = misplacedField(schema.id, name);
  const remove = removalRange(obj, prop, v.text);
  if (misplaced) {
    v.sink.add(misplaced.code, k, misplaced.message, DiagnosticSeverity.Error, {
      remove,
      suggestions: misplaced.suggestion ? [misplaced.suggestion] : undefined,
    });
    return misplaced.suggestion ? [misplaced.suggestion] : [];
  }
  const candidates = schema.fields
    .filter((f) => !f.hidden && !(f.onlyIn && f.onlyIn !== ctx.variant && ctx.variant !== 'has_privileges'))
    .map((f) => f.name);
  const suggestions = closest(name, candidates);
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
  const code = schema.id === 'global' ? Codes.unknownGlobalCategory : Codes.unknownField;
  const what = schema.id === 'global' ? `Unknown global privilege category \`${name}\` (expected one of application, profile, role).` : `Unknown field \`${name}\` in ${schema.title}.`;
  v.sink.add(code, k, `${what}${hint}`, DiagnosticSeverity.Error, { suggestions, remove });
  return suggestions.slice(0, 1);
}

function checkEmpty(v: Validator, i: number, field: CompiledField | undefined): void {
  if (field?.nonEmpty !== undefined && v.tree.first(i) < 0) {
    v.sink.add(Codes.emptyArray, v.tree.node(i), `\`${field.name}\` must not be empty: ${field.nonEmpty}.`, DiagnosticSeverity.Error);
  }
}

function wrongType(v: Validator, i: number, expected: string, field: CompiledField | undefined): void {
  const name = field ? `\`${field.name}\` must be ` : 'Expected ';
  const node = v.tree.node(i);
  v.sink.add(Codes.wrongType, node, `${name}${expected}, found ${describeNode(node)}.`);
}

/** Text that adds a required field at the end of an object (used by the quick fix). */
function insertion(obj: Node, f: FieldSchema): { offset: number; text: string } {
  const value = f.type.t === 'object' ? '{}' : f.type.t === 'string' ? '""' : '[]';
  const last = obj.children?.[obj.children.length - 1];
  if (last) return { offset: last.offset + last.length, text: `, "${f.name}": ${value}` };
  return { offset: obj.offset + 1, text: ` "${f.name}": ${value} ` };
}
