/**
 * What the fuzzers feed the language service: a seed document (see corpus.ts) changed by a few small
 * mutations (truncation, random character edits, deleted or duplicated brackets, values of the wrong
 * type, odd keys and privilege names, unicode, lone surrogates, BOM, NUL, other line endings) and at
 * most one large one (nesting 100,000 deep, an array of 1,000,000 elements, a 1 MB string).
 *
 * A case is a small recipe (indices and fractions), built into text on demand, so that fast-check can
 * generate, print and shrink it, and a long run does not hold 100,000 documents in memory.
 */
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { SHAPE_URIS, type Seed } from './corpus';

/** A place in the text, as a fraction of its length (stable under shrinking and other mutations). */
type At = number;

export type SmallMutation =
  | { readonly kind: 'truncate'; readonly at: At }
  | { readonly kind: 'edit'; readonly at: At; readonly remove: number; readonly insert: string }
  | { readonly kind: 'deleteBracket'; readonly nth: number }
  | { readonly kind: 'duplicateBracket'; readonly nth: number; readonly times: number }
  | { readonly kind: 'replaceValue'; readonly nth: number; readonly value: string }
  | { readonly kind: 'replaceKey'; readonly nth: number; readonly key: string }
  | { readonly kind: 'replaceString'; readonly nth: number; readonly value: string }
  | { readonly kind: 'lineEndings'; readonly eol: '\r\n' | '\r' | '\u2028' }
  | { readonly kind: 'bom' };

export type LargeMutation =
  | { readonly kind: 'deepNesting'; readonly nth: number; readonly depth: number; readonly open: '[' | '{"a":' | '{"a":['; readonly closed: boolean }
  | { readonly kind: 'hugeArray'; readonly nth: number; readonly count: number; readonly element: string; readonly separator: ',' | ',\n' }
  | { readonly kind: 'hugeString'; readonly nth: number; readonly size: number; readonly unit: string; readonly asKey: boolean };

export interface FuzzCase {
  readonly seed: number;
  /** Index into SHAPE_URIS to use instead of the seed's own URI, or -1 for the seed's. */
  readonly uri: number;
  readonly small: readonly SmallMutation[];
  readonly large?: LargeMutation;
  readonly settings: { readonly targetVersion?: string; readonly maxDocumentBytes?: number; readonly live: boolean };
  /** Where completion and hover are asked, as fractions of the text (values >= 1 mean past the end). */
  readonly positions: readonly number[];
  readonly format: { readonly tabSize: number; readonly insertSpaces: boolean; readonly finalNewline?: boolean; readonly range: readonly [At, At] };
}

export interface BuiltCase {
  readonly uri: string;
  readonly text: string;
  /** A one-line description for reports. */
  readonly label: string;
}

// --- vocabularies ----------------------------------------------------------------------------------

/** Single characters and short strings that matter to JSON, to the scanner and to UTF-16. */
export const INSERTS = [
  '{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\r', '\r\n', '\t', '/', '*', '//', '/*', '*/', '\\', '\\u', '\\"',
  '0', '1', '-', '.', 'e', 'E', '+', 'true', 'null', 'fals', 'a', 'Z', '_', '$',
  'é', '日本', '\u{1F680}', '\u0301', '\u202e', '\u200b', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u0000', '\u001f', '\u007f',
  '\ud800', '\udc00', '\udbff\udbff', '\uffff', '\ufffd',
] as const;

/** Values of every JSON type, and numbers at the edges. */
export const VALUES = [
  '1', '0', '-0', '1e999', '-1e999', '1e-999', '12345678901234567890123', '0.1e+5', '-1.5E-3', '1.7976931348623157e308',
  'true', 'false', 'null', '""', '"x"', '" "', '"\\u0000"', '"\\ud800"', '"\\u"', '"\\q"', '"é🚀"',
  '[]', '{}', '[1,"a",null,true,{}]', '{"a":1}', '{"":""}', '[[[]]]',
  // Not JSON: what people type half-way.
  '-', '01', '.5', '1.', 'NaN', 'Infinity', 'undefined', "'single'", 'tru', '"unterminated',
] as const;

/** Keys: every field name the schema knows, aliases, and names that are properties of Object.prototype. */
export const KEYS = [
  'cluster', 'indices', 'index', 'names', 'privileges', 'field_security', 'grant', 'except', 'query', 'allow_restricted_indices',
  'applications', 'application', 'resources', 'global', 'role', 'manage', 'profile', 'write', 'run_as', 'metadata',
  'transient_metadata', 'remote_indices', 'remote_cluster', 'clusters', 'description', 'restriction', 'workflows', 'type',
  'roles', 'name', 'expiration', 'role_descriptors', 'grant_type', 'username', 'password', 'access_token', 'api_key',
  'client_authentication', '', ' ', '_reserved', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
  'CLUSTER', 'clusterr', 'índices', '\u{1F680}', 'a"b', 'a\\b', '\u0000',
] as const;

/** String values: privilege names of every kind, patterns, and odd ones. */
export const STRINGS = [
  'read', 'all', 'monitor', 'manage', 'monitr', 'READ', 'Read', 'manage_security', 'manage_data_frame_transforms',
  'read_failure_store', 'monitor_enrich', 'indices:data/read/*', 'cluster:monitor/*', 'cluster:', 'indices:', '*', '?',
  'password', 'access_token', 'search_application_query', 'kibana-.kibana', 'space:default', 'feature_discover.read',
  '30d', 'forever', '-1d', '1000000000000000000000d', 'superuser', '_bad', ' lead', 'trail ', 'constructor',
  '__proto__', 'toString', 'hasOwnProperty', '', '\u{1F680}', '\\', 'a*b?c', '{"term":{"a":1}}',
  '{"terms":{"f":{"index":"i","path":"p"}}}', '[[[', '{"a":', 'x'.repeat(300),
] as const;

// --- building ----------------------------------------------------------------------------------------

const clampIndex = (at: At, length: number) => Math.min(length, Math.max(0, Math.floor(at * (length + 1))));

/** Value nodes (not properties), keys, string values and bracket offsets of a (small) text. */
function nodesOf(text: string): { values: Node[]; keys: Node[]; strings: Node[] } {
  const values: Node[] = [];
  const keys: Node[] = [];
  const strings: Node[] = [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const stack: Node[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      if (key) keys.push(key);
      if (value) stack.push(value);
      continue;
    }
    values.push(node);
    if (node.type === 'string') strings.push(node);
    for (const c of node.children ?? []) stack.push(c);
  }
  const byOffset = (a: Node, b: Node) => a.offset - b.offset;
  return { values: values.sort(byOffset), keys: keys.sort(byOffset), strings: strings.sort(byOffset) };
}

function bracketOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '}' || c === '[' || c === ']') out.push(i);
  }
  return out;
}

const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);

function replaceNode(text: string, nodes: Node[], nth: number, replacement: string): string {
  if (nodes.length === 0) return text;
  const node = nodes[nth % nodes.length];
  return splice(text, node.offset, node.offset + node.length, replacement);
}

export function applySmall(text: string, m: SmallMutation): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, clampIndex(m.at, text.length));
    case 'edit': {
      const at = clampIndex(m.at, text.length);
      return splice(text, at, Math.min(text.length, at + m.remove), m.insert);
    }
    case 'deleteBracket': {
      const brackets = bracketOffsets(text);
      if (brackets.length === 0) return text;
      const at = brackets[m.nth % brackets.length];
      return splice(text, at, at + 1, '');
    }
    case 'duplicateBracket': {
      const brackets = bracketOffsets(text);
      if (brackets.length === 0) return text;
      const at = brackets[m.nth % brackets.length];
      return splice(text, at, at, text[at].repeat(m.times));
    }
    case 'replaceValue':
      return replaceNode(text, nodesOf(text).values, m.nth, m.value);
    case 'replaceKey':
      return replaceNode(text, nodesOf(text).keys, m.nth, JSON.stringify(m.key));
    case 'replaceString':
      return replaceNode(text, nodesOf(text).strings, m.nth, JSON.stringify(m.value));
    case 'lineEndings':
      return text.replace(/\r\n|\n/g, m.eol);
    case 'bom':
      return `\ufeff${text}`;
  }
}

/** The large value itself (built once per distinct parameters: they repeat across a run). */
const largeCache = new Map<string, string>();

export function largeValue(m: LargeMutation): string {
  const key = JSON.stringify(m.kind === 'hugeString' ? { ...m, nth: 0, asKey: false } : { ...m, nth: 0 });
  const hit = largeCache.get(key);
  if (hit !== undefined) return hit;
  let value: string;
  switch (m.kind) {
    case 'deepNesting': {
      const close = m.open === '[' ? ']' : m.open === '{"a":' ? '}' : ']}';
      value = m.open.repeat(m.depth) + (m.closed ? `1${close.repeat(m.depth)}` : '');
      break;
    }
    case 'hugeArray': {
      const el = m.element === '"p#"' ? (i: number) => `"p${i}"` : () => m.element;
      const parts = new Array<string>(m.count);
      for (let i = 0; i < m.count; i++) parts[i] = el(i);
      value = `[${parts.join(m.separator)}]`;
      break;
    }
    case 'hugeString':
      value = `"${m.unit.repeat(Math.ceil(m.size / m.unit.length))}"`;
      break;
  }
  if (largeCache.size > 16) largeCache.clear();
  largeCache.set(key, value);
  return value;
}

export function applyLarge(text: string, m: LargeMutation): string {
  const nodes = nodesOf(text);
  const targets = m.kind === 'hugeString' ? (m.asKey ? nodes.keys : nodes.strings) : nodes.values;
  if (targets.length === 0) return `${text}${largeValue(m)}`;
  return replaceNode(text, targets, m.nth, largeValue(m));
}

export function buildCase(c: FuzzCase, corpus: readonly Seed[]): BuiltCase {
  const seed = corpus[c.seed % corpus.length];
  let text = seed.text;
  for (const m of c.small) text = applySmall(text, m);
  if (c.large) text = applyLarge(text, c.large);
  const uri = c.uri < 0 ? seed.uri : SHAPE_URIS[c.uri % SHAPE_URIS.length];
  const what = [...c.small.map((m) => m.kind), ...(c.large ? [`${c.large.kind}`] : [])].join('+') || 'unchanged';
  return { uri, text, label: `${seed.name} [${what}] as ${uri}` };
}

// --- arbitraries -----------------------------------------------------------------------------------

// Uniform fractions (fc.double is uniform over bit patterns: mostly tiny numbers, i.e. offset 0).
const fraction = (min: number, max: number) => fc.integer({ min: min * 1_000_000, max: max * 1_000_000 }).map((n) => n / 1_000_000);
const at = fraction(0, 1);
const nth = fc.nat({ max: 10_000 });
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const insertText = fc.oneof(
  pick(INSERTS),
  fc.array(pick(INSERTS), { minLength: 1, maxLength: 6 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
);

export const smallMutation: fc.Arbitrary<SmallMutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), at, remove: fc.nat({ max: 6 }), insert: insertText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteBracket' as const), nth }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicateBracket' as const), nth, times: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replaceValue' as const), nth, value: pick(VALUES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replaceKey' as const), nth, key: pick(KEYS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replaceString' as const), nth, value: fc.oneof(pick(STRINGS), fc.string({ maxLength: 12 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lineEndings' as const), eol: fc.constantFrom('\r\n' as const, '\r' as const, '\u2028' as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
);

/** Array elements for the 1,000,000-element arrays (`"p#"`: distinct names p0, p1, ...). */
export const HUGE_ARRAY_ELEMENTS = ['1', '"read"', '"monitr"', '"p#"', '{}', 'null', '[]', '{"names":["a"],"privileges":["read"]}'] as const;

export const largeMutation: fc.Arbitrary<LargeMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('deepNesting' as const),
    nth,
    depth: fc.constantFrom(999, 1_000, 1_001, 5_000, 100_000),
    open: fc.constantFrom('[' as const, '{"a":' as const, '{"a":[' as const),
    closed: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('hugeArray' as const),
    nth,
    count: fc.constantFrom(100_000, 1_000_000),
    element: pick(HUGE_ARRAY_ELEMENTS),
    separator: fc.constantFrom(',' as const, ',\n' as const),
  }),
  fc.record({
    kind: fc.constant('hugeString' as const),
    nth,
    size: fc.constant(1 << 20),
    unit: fc.constantFrom('x', 'é', '\u{1F680}', '\\n', '\\"', '\ud800', 'read,'),
    asKey: fc.boolean(),
  }),
);

export interface CaseOptions {
  /** Share of cases with a large mutation (default 0.03). */
  readonly largeRate?: number;
}

export function fuzzCase(options: CaseOptions = {}): fc.Arbitrary<FuzzCase> {
  const largeRate = options.largeRate ?? 0.03;
  const perMille = Math.round(largeRate * 1000);
  return fc.record({
    seed: fc.nat({ max: 1000 }),
    uri: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: SHAPE_URIS.length - 1 }) }),
    small: fc.array(smallMutation, { minLength: 0, maxLength: 4 }),
    large:
      perMille > 0
        ? fc.oneof({ weight: 1000 - perMille, arbitrary: fc.constant(undefined) }, { weight: perMille, arbitrary: largeMutation })
        : fc.constant(undefined),
    settings: fc.record({
      targetVersion: fc.option(fc.constantFrom('7.17', '8.0', '8.12', '8.15', '9.1', '99.0', '0.1', 'garbage', ''), { nil: undefined }),
      maxDocumentBytes: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(64, 1024, 1 << 20) }),
      live: fc.boolean(),
    }),
    positions: fc.array(fc.oneof({ weight: 9, arbitrary: at }, { weight: 1, arbitrary: fraction(1, 3) }), {
      minLength: 1,
      maxLength: 6,
    }),
    format: fc.record({
      tabSize: fc.constantFrom(1, 2, 4, 8),
      insertSpaces: fc.boolean(),
      finalNewline: fc.option(fc.boolean(), { nil: undefined }),
      range: fc.tuple(at, at),
    }),
  });
}
