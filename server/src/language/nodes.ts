import type { Node } from 'jsonc-parser';

import { TreeNode } from './tree';

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
