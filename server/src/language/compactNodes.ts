import type { Node } from 'jsonc-parser';

/**
 * Compact nodes for the fast parser (fastParse.ts). Two kinds of node keep their children compactly,
 * because a role file is mostly made of them (10,000 roles: 184k properties and 92k arrays, nearly
 * all of strings):
 * - a property holds its key's name and length and its value in fields; `children` makes the key
 *   node and the `[key, value]` pair on read, new ones each time;
 * - an array of strings only keeps each element's offset, length and value in a table shared by the
 *   whole tree; `children` makes the element nodes on read, new ones each time.
 * Both are jsonc-parser `Node`s, so every feature reads them as usual; compare keys and array
 * elements by offset, not identity. The helpers below read them without making nodes.
 */

/**
 * A property node: its key's length and name and its value in fields, no children array or key node
 * kept. The key node starts where the property does.
 */
export class PropertyNode implements Node {
  readonly type = 'property' as const;
  length = 0;
  colonOffset = 0;
  keyLength = 0;
  name = '';
  item: Node | undefined = undefined;

  constructor(
    readonly offset: number,
    readonly parent: Node,
  ) {}

  get children(): Node[] {
    return [this.keyNode(), this.item!];
  }

  keyNode(): Node {
    return { type: 'string', offset: this.offset, length: this.keyLength, parent: this, value: this.name };
  }
}

/** The name of a property node's key, without making the key node; undefined when it has none. */
export function propertyName(prop: Node): string | undefined {
  if (prop instanceof PropertyNode) return prop.name;
  const v = prop.children?.[0]?.value;
  return typeof v === 'string' ? v : undefined;
}

/** A property node's key node (a new one each call for the fast parser's properties). */
export function keyNodeOf(prop: Node): Node {
  return prop instanceof PropertyNode ? prop.keyNode() : prop.children![0];
}

/** A property node's value, without making its key node. */
export function propertyValue(prop: Node): Node | undefined {
  return prop instanceof PropertyNode ? prop.item : prop.children?.[1];
}

/** Offsets, lengths and values of the elements of every string array of one tree. */
export class StringTable {
  /** Per element: offset, length. Grows by doubling. */
  spans = new Int32Array(1024);
  readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  push(offset: number, length: number, value: string): void {
    const i = this.values.length;
    if (2 * i + 2 > this.spans.length) {
      const bigger = new Int32Array(this.spans.length * 2);
      bigger.set(this.spans);
      this.spans = bigger;
    }
    this.spans[2 * i] = offset;
    this.spans[2 * i + 1] = length;
    this.values.push(value);
  }

  truncate(size: number): void {
    this.values.length = size;
  }
}

/** A non-empty array whose elements are all strings, kept in a StringTable. */
export class StringArrayNode implements Node {
  readonly type = 'array' as const;

  constructor(
    readonly offset: number,
    readonly length: number,
    readonly parent: Node | undefined,
    private readonly table: StringTable,
    private readonly first: number,
    readonly count: number,
  ) {}

  get children(): Node[] {
    const out: Node[] = new Array<Node>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.element(i);
    return out;
  }

  /** The elements' values, in order. */
  values(): string[] {
    return this.table.values.slice(this.first, this.first + this.count);
  }

  element(i: number): Node {
    const { spans, values } = this.table;
    const j = this.first + i;
    return { type: 'string', offset: spans[2 * j], length: spans[2 * j + 1], parent: this, value: values[j] };
  }

  /** The index of the element starting at `offset`, or -1: a binary search that makes no nodes. */
  indexAt(offset: number): number {
    const spans = this.table.spans;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = spans[2 * (this.first + mid)];
      if (at === offset) return mid;
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * The siblings just before and after `child` in `container` (by offset; undefined at the ends).
 * For an array of strings only those two nodes are made, so that a finding per element of a huge
 * array (duplicates, say) does not make the whole array again each time.
 */
export function siblingsAround(container: Node, child: Node): { prev: Node | undefined; next: Node | undefined } {
  if (container instanceof StringArrayNode) {
    const i = container.indexAt(child.offset);
    if (i < 0) return { prev: undefined, next: undefined };
    return { prev: i > 0 ? container.element(i - 1) : undefined, next: i + 1 < container.count ? container.element(i + 1) : undefined };
  }
  const siblings = container.children ?? [];
  const i = indexByOffset(siblings, child.offset);
  if (i < 0) return { prev: undefined, next: undefined };
  return { prev: siblings[i - 1], next: siblings[i + 1] };
}

/** The index of the node starting at `offset` in `nodes`, which are ordered by offset; -1 if none. */
function indexByOffset(nodes: readonly Node[], offset: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = nodes[mid].offset;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** How many children a node has, without making them (a string array's elements). */
export function childCount(node: Node | undefined): number {
  if (node instanceof StringArrayNode) return node.count;
  return node?.children?.length ?? 0;
}

/**
 * The values of a string node (one) or of an array's string elements (in order), without making
 * element nodes; [] for anything else. `stringNode` makes the node of one of them, for a finding.
 */
export function stringValues(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node instanceof StringArrayNode) return node.values();
  if (node.type !== 'array' || !node.children) return [];
  const out: string[] = [];
  for (const c of node.children) if (c.type === 'string') out.push(c.value as string);
  return out;
}

/**
 * Where the strings of an ordinary (mixed or jsonc-parser) array stand among its children: worked
 * out once per array, so that a finding per element stays linear in the array's length.
 */
const stringPositions = new WeakMap<Node, number[]>();

/** The node of the `i`th value of `stringValues(node)`. */
export function stringNode(node: Node, i: number): Node {
  if (node.type === 'string') return node;
  if (node instanceof StringArrayNode) return node.element(i);
  const children = node.children ?? [];
  let at = stringPositions.get(node);
  if (!at) {
    at = [];
    for (let j = 0; j < children.length; j++) if (children[j].type === 'string') at.push(j);
    stringPositions.set(node, at);
  }
  const c = children[at[i]];
  if (!c) throw new RangeError(`no string element ${i}`);
  return c;
}

/** The values of an array whose elements are all strings; undefined for anything else. */
export function allStrings(node: Node | undefined): string[] | undefined {
  if (node instanceof StringArrayNode) return node.values();
  if (!node || node.type !== 'array') return undefined;
  const out: string[] = [];
  for (const c of node.children ?? []) {
    if (c.type !== 'string') return undefined;
    out.push(c.value as string);
  }
  return out;
}
