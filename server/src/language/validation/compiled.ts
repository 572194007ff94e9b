import type { PrivilegeKind } from '../catalog';
import type { FieldSchema, ObjectSchema, ValueType } from '../schema';
import { enterField, type WalkContext } from '../context';
import type { ObjectRule } from './context';
import { OBJECT_RULES } from './rules';

/**
 * The schema (schema.ts) as the walk reads it: one class per kind of entry, every field always
 * present, so that reading a type or field is a monomorphic property load. The schema's own object
 * literals have many shapes (optional fields present or not), and the walk reads them a few hundred
 * thousand times per 10,000 roles.
 */
export const enum T {
  Any,
  Object,
  Array,
  Privileges,
  StringOrArray,
  String,
  Boolean,
  Number,
  Query,
  Map,
}

/** A context to ask enterField whether a field changes the context (it returns the same one when not). */
const PROBE: WalkContext = { variant: 'role' };

const TAGS: Record<ValueType['t'], T> = {
  any: T.Any,
  object: T.Object,
  array: T.Array,
  privileges: T.Privileges,
  stringOrArray: T.StringOrArray,
  string: T.String,
  boolean: T.Boolean,
  number: T.Number,
  query: T.Query,
  map: T.Map,
};

export class CompiledType {
  /** Set by compileType once the schema or element type is compiled (types can nest). */
  schema: CompiledSchema | undefined = undefined;
  of: CompiledType | undefined = undefined;
  /** Element type `any`, `string` or `stringOrArray`: a string element passes without a finding. */
  stringElements = false;
  readonly t: T;
  readonly privilegeKind: PrivilegeKind | 'application' | undefined;
  readonly keyKind: 'role' | 'metadata' | 'apiKeyMetadata' | undefined;

  constructor(readonly src: ValueType) {
    this.t = TAGS[src.t];
    this.privilegeKind = src.t === 'privileges' ? src.kind : undefined;
    this.keyKind = src.t === 'map' ? src.keyKind : undefined;
  }
}

export class CompiledField {
  readonly name: string;
  readonly type: CompiledType;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly nonEmpty: string | undefined;
  readonly since: string | undefined;
  readonly onlyIn: 'role' | 'api_key' | undefined;
  /** Whether entering the field's value changes the walk context (context.ts enterField). */
  readonly changesContext: boolean;

  constructor(
    readonly src: FieldSchema,
    /** This field's bit in a mask of the fields an object has (schemas have fewer than 31 fields). */
    readonly bit: number,
  ) {
    this.name = src.name;
    this.type = compileType(src.type);
    this.required = src.required === true;
    this.nullable = src.nullable === true;
    this.nonEmpty = src.nonEmpty;
    this.since = src.since;
    this.onlyIn = src.onlyIn;
    this.changesContext = enterField(PROBE, src) !== PROBE;
  }
}

export class CompiledSchema {
  readonly fields: CompiledField[];
  /** Fields by name and alias. */
  readonly byName = new Map<string, CompiledField>();
  readonly hasRequired: boolean;
  readonly rule: ObjectRule | undefined;

  constructor(readonly src: ObjectSchema) {
    schemas.set(src, this);
    if (src.fields.length > 30) throw new Error(`schema ${src.id} has more fields than a presence mask holds`);
    this.fields = src.fields.map((f, i) => new CompiledField(f, 1 << i));
    for (const f of this.fields) for (const n of [f.name, ...(f.src.aliases ?? [])]) if (!this.byName.has(n)) this.byName.set(n, f);
    this.hasRequired = this.fields.some((f) => f.required);
    this.rule = OBJECT_RULES[src.id];
  }
}

const types = new WeakMap<ValueType, CompiledType>();
const schemas = new WeakMap<ObjectSchema, CompiledSchema>();

/** The compiled form of a type from schema.ts (made once per type). */
export function compileType(src: ValueType): CompiledType {
  let type = types.get(src);
  if (type) return type;
  type = new CompiledType(src);
  types.set(src, type);
  if (src.t === 'object') type.schema = schemas.get(src.schema) ?? new CompiledSchema(src.schema);
  if (src.t === 'array' || src.t === 'map') {
    type.of = compileType(src.of);
    type.stringElements = src.of.t === 'any' || src.of.t === 'string' || src.of.t === 'stringOrArray';
  }
  return type;
}
