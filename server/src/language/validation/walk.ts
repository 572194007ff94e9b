import type { Node } from 'jsonc-parser';
import { atLeast } from '../catalog/version';
import { enterField, type WalkContext } from '../context';
import { Codes, DiagnosticSeverity } from '../diagnostics';
import type { FieldSchema, ObjectSchema, ValueType } from '../schema';
import { childCount, keyNodeOf, propertyName, propertyValue, StringArrayNode } from '../compactNodes';
import { closest } from '../suggest';
import { removalRange, type Validator } from './context';
import { checkPrivilegeArray, describeNode } from './privileges';
import { checkMapKey, checkQuery, misplacedField, OBJECT_RULES } from './rules';

/**
 * Validates `node` against `type`, recursively. `holder` is the property holding it, if any (its key
 * node is only made for a finding: see compactNodes.ts).
 */
export function walkValue(v: Validator, node: Node, type: ValueType, ctx: WalkContext, field?: FieldSchema, holder?: Node): void {
  if (v.sink.full) return; // MAX_PROBLEMS reached: the rest would be dropped anyway
  if (node.type === 'null' && (field?.nullable || type.t === 'any' || type.t === 'query')) return;
  switch (type.t) {
    case 'any':
      return;
    case 'object':
      if (node.type !== 'object') return wrongType(v, node, 'an object', field);
      return walkObject(v, node, type.schema, ctx, holder);
    case 'array':
      if (node.type !== 'array') return wrongType(v, node, 'an array', field);
      checkEmpty(v, node, field);
      // Nothing to check in the elements of an array of strings that may hold any strings.
      if (node instanceof StringArrayNode && STRING_ELEMENT_TYPES.has(type.of.t)) return;
      for (const el of node.children ?? []) walkValue(v, el, type.of, ctx, undefined);
      return;
    case 'privileges':
      if (node.type !== 'array') return wrongType(v, node, 'an array of strings', field);
      checkEmpty(v, node, field);
      checkPrivilegeArray(v, node, type.kind, { remote: ctx.inRemoteIndices });
      return;
    case 'stringOrArray':
      if (node.type === 'string') return;
      if (node.type !== 'array') return wrongType(v, node, 'a string or an array of strings', field);
      checkEmpty(v, node, field);
      if (node instanceof StringArrayNode) return; // all strings
      for (const el of node.children ?? []) if (el.type !== 'string') wrongType(v, el, 'a string', undefined);
      return;
    case 'string':
      if (node.type !== 'string') return wrongType(v, node, 'a string', field);
      return;
    case 'boolean':
      if (node.type !== 'boolean') return wrongType(v, node, 'a boolean (true or false)', field);
      return;
    case 'number':
      if (node.type !== 'number') return wrongType(v, node, 'a number', field);
      return;
    case 'query':
      return checkQuery(v, node);
    case 'map':
      if (node.type !== 'object') return wrongType(v, node, 'an object', field);
      for (const prop of node.children ?? []) {
        const name = propertyName(prop);
        if (name === undefined) continue;
        checkMapKey(v, prop, name, type.keyKind, field);
        const value = propertyValue(prop);
        if (value && type.keyKind === 'role') walkValue(v, value, type.of, { ...ctx, roleName: name }, undefined, prop);
      }
      return;
  }
}

/** Element types a string passes without a finding (walkValue returns at once for them). */
const STRING_ELEMENT_TYPES: ReadonlySet<ValueType['t']> = new Set(['any', 'string', 'stringOrArray']);

/** Per schema: fields by name and alias, and whether any is required (findField scans the list). */
const schemaIndex = new WeakMap<ObjectSchema, { byName: Map<string, FieldSchema>; hasRequired: boolean }>();

function indexOf(schema: ObjectSchema): { byName: Map<string, FieldSchema>; hasRequired: boolean } {
  let index = schemaIndex.get(schema);
  if (!index) {
    const byName = new Map<string, FieldSchema>();
    for (const f of schema.fields) for (const n of [f.name, ...(f.aliases ?? [])]) if (!byName.has(n)) byName.set(n, f);
    index = { byName, hasRequired: schema.fields.some((f) => f.required) };
    schemaIndex.set(schema, index);
  }
  return index;
}


function walkObject(v: Validator, node: Node, schema: ObjectSchema, ctx: WalkContext, holder?: Node): void {
  const index = indexOf(schema);
  // Only schemas with required fields need to know which are present (most objects of a file have none).
  const present = index.hasRequired ? new Set<string>() : undefined;
  // A misspelled required field is reported once, as unknown (with its fix), not also as missing.
  let suggested: Set<string> | undefined;
  for (const prop of node.children ?? []) {
    if (v.sink.full) return;
    const name = propertyName(prop);
    if (name === undefined) continue;
    const field = index.byName.get(name);
    if (!field) {
      suggested ??= new Set<string>();
      for (const s of unknownField(v, node, prop, keyNodeOf(prop), name, schema, ctx)) suggested.add(s);
      continue;
    }
    present?.add(field.name);
    if (field.onlyIn && field.onlyIn !== ctx.variant && ctx.variant !== 'has_privileges') {
      const code = field.onlyIn === 'api_key' ? Codes.apiKeyOnlyField : Codes.roleOnlyField;
      const message =
        field.onlyIn === 'api_key'
          ? `\`${name}\` is only allowed in API-key role descriptors, not in a role. Elasticsearch answers: failed to parse role [${ctx.roleName ?? '…'}]. unexpected field [${name}].`
          : `\`${name}\` is not allowed in API-key role descriptors, only in roles. Elasticsearch answers: failed to parse role [${ctx.roleName ?? '…'}]. unexpected field [${name}].`;
      v.sink.add(code, keyNodeOf(prop), message, DiagnosticSeverity.Error, { remove: removalRange(node, prop, v.text) });
      continue;
    }
    if (field.since && !atLeast(v.target, field.since)) {
      v.sink.add(
        Codes.requiresNewerVersion,
        keyNodeOf(prop),
        `\`${name}\` needs Elasticsearch ${field.since} or later (target: ${v.targetLabel}).`,
        DiagnosticSeverity.Warning,
      );
    }
    const value = propertyValue(prop);
    if (value) {
      walkValue(v, value, field.type, enterField(ctx, field), field, prop);
    }
  }
  for (const f of present ? schema.fields : []) {
    if (f.required && !present?.has(f.name) && !suggested?.has(f.name) && !(f.onlyIn && f.onlyIn !== ctx.variant)) {
      const anchor = holder ? keyNodeOf(holder) : { ...node, length: 1 };
      v.sink.add(
        Codes.missingRequiredField,
        anchor,
        `Missing required field \`${f.name}\` in ${schema.title}${ctx.roleName ? ` of \`${ctx.roleName}\`` : ''}.`,
        DiagnosticSeverity.Error,
        { insert: insertion(node, f) },
      );
    }
  }
  OBJECT_RULES[schema.id]?.(v, node, ctx);
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

function checkEmpty(v: Validator, node: Node, field: FieldSchema | undefined): void {
  if (field?.nonEmpty && childCount(node) === 0) {
    v.sink.add(Codes.emptyArray, node, `\`${field.name}\` must not be empty: ${field.nonEmpty}.`, DiagnosticSeverity.Error);
  }
}

function wrongType(v: Validator, node: Node, expected: string, field: FieldSchema | undefined): void {
  const name = field ? `\`${field.name}\` must be ` : 'Expected ';
  v.sink.add(Codes.wrongType, node, `${name}${expected}, found ${describeNode(node)}.`);
}

/** Text that adds a required field at the end of an object (used by the quick fix). */
function insertion(obj: Node, f: FieldSchema): { offset: number; text: string } {
  const value = f.type.t === 'object' ? '{}' : f.type.t === 'string' ? '""' : '[]';
  const last = obj.children?.[obj.children.length - 1];
  if (last) return { offset: last.offset + last.length, text: `, "${f.name}": ${value}` };
  return { offset: obj.offset + 1, text: ` "${f.name}": ${value} ` };
}
