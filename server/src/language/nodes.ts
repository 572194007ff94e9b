import type { Node } from 'jsonc-parser';

import { ALL_STRINGS, Kind, TreeNode, type Tree } from './tree';

/**
 * Helpers that read nodes without making more of them. The language service's nodes are views of a
 * table (tree.ts, TreeNode), made on read, and these read the table directly; plain jsonc-parser
 * nodes, as other callers build them, are read as usual.
 */

/** The name of a property node's key, without making the key node; undefined when it has none. */
export function propertyName(prop: Node): string | undefined {
  if (prop instanceof TreeNode) return prop.tree.propertyName(prop.index);
  const v = prop.children?.[0]?.value;
  return typeof v === 'string' ? v : undefined;
}

/** A property node's key node. */
export function keyNodeOf(prop: Node): Node {
  return prop instanceof TreeNode ? prop.tree.node(prop.index + 1) : prop.children![0];
}

/** A property node's value, without making its key node. */
export function propertyValue(prop: Node): Node | undefined {
  if (!(prop instanceof TreeNode)) return prop.children?.[1];
  const v = prop.tree.propertyValue(prop.index);
  return v >= 0 ? prop.tree.node(v) : undefined;
}

/**
 * The siblings just before and after `child` in `container` (by offset; undefined at the ends).
 * For a table node only those two nodes are made, and the child is found by a binary search, so
 * that a finding per element of a huge array (duplicates, say) stays cheap.
 */
export function siblingsAround(container: Node, child: Node): { prev: Node | undefined; next: Node | undefined } {
  if (container instanceof TreeNode) {
    const { tree, index } = container;
    const c = childIndex(container, child.offset);
    if (c < 0) return { prev: undefined, next: undefined };
    // The previous sibling is the ancestor of the node just before `c` that is a child of `index`.
    let p = c - 1;
    while (p > index && tree.parents[p] !== index) p = tree.parents[p];
    const n = tree.next(c);
    return { prev: p > index ? tree.node(p) : undefined, next: n >= 0 ? tree.node(n) : undefined };
  }
  const siblings = container.children ?? [];
  const i = indexByOffset(siblings, child.offset);
  if (i < 0) return { prev: undefined, next: undefined };
  return { prev: siblings[i - 1], next: siblings[i + 1] };
}

/**
 * The table index of the child of `container` starting at `offset`, or -1: a binary search, since the
 * nodes of a subtree are in document order (a property and its key start at the same offset).
 */
function childIndex(container: TreeNode, offset: number): number {
  const { tree, index } = container;
  let lo = index + 1;
  let hi = tree.ends[index];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tree.offsets[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  for (let c = lo; c < tree.ends[index] && tree.offsets[c] === offset; c++) if (tree.parents[c] === index) return c;
  return -1;
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

/**
 * The values of a string node (one) or of an array's string elements (in order), without making
 * element nodes; [] for anything else. `stringNode` makes the node of one of them, for a finding.
 */
export function stringValues(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node instanceof TreeNode) return treeStrings(node, false) ?? [];
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
/** The same for table arrays (whose nodes are made on read), by array index. */
const treeStringPositions = new WeakMap<Tree, Map<number, number[]>>();

/** The node of the `i`th value of `stringValues(node)`. */
export function stringNode(node: Node, i: number): Node {
  if (node.type === 'string') return node;
  if (node instanceof TreeNode && node.tree.flags[node.index] & ALL_STRINGS) {
    if (i < 0 || i >= node.tree.ends[node.index] - node.index - 1) throw new RangeError(`no string element ${i}`);
    return node.tree.node(node.index + 1 + i);
  }
  if (node instanceof TreeNode) {
    const { tree, index } = node;
    let byArray = treeStringPositions.get(tree);
    if (!byArray) treeStringPositions.set(tree, (byArray = new Map()));
    let at = byArray.get(index);
    if (!at) {
      at = [];
      for (let c = tree.first(index); c >= 0; c = tree.next(c)) if (tree.kind(c) === Kind.String) at.push(c);
      byArray.set(index, at);
    }
    if (at[i] === undefined) throw new RangeError(`no string element ${i}`);
    return tree.node(at[i]);
  }
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
  if (node instanceof TreeNode) return treeStrings(node, true);
  if (!node || node.type !== 'array') return undefined;
  const out: string[] = [];
  for (const c of node.children ?? []) {
    if (c.type !== 'string') return undefined;
    out.push(c.value as string);
  }
  return out;
}

/**
 * The values of the string elements of a table array (`[]` for another node), or with `all`,
 * undefined when one element is not a string.
 */
function treeStrings(node: TreeNode, all: boolean): string[] | undefined {
  const { tree, index } = node;
  if (tree.kind(index) !== Kind.Array) return all ? undefined : [];
  const out: string[] = [];
  if (tree.flags[index] & ALL_STRINGS) {
    for (let c = index + 1; c < tree.ends[index]; c++) out.push(tree.strings[tree.aux[c]]);
    return out;
  }
  if (all) return undefined;
  for (let c = tree.first(index); c >= 0; c = tree.next(c)) if (tree.kind(c) === Kind.String) out.push(tree.str(c));
  return out;
}
