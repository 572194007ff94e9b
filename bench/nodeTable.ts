/**
 * A floor for "a tree with offsets", next to JSON.parse (no offsets) and jsonc-parser: one pass that
 * records every node's kind, offset, length and parent in typed arrays, and each string's value
 * (short ones shared). No node objects, no syntax errors reported: text that is not valid JSON with
 * comments gives a meaningless table. Our parser builds the same kind of table (server/src/language/
 * tree.ts) with more in it: property and key nodes, subtree ends, every distinct string stored once,
 * duplicate keys, line starts, and a syntax check that hands anything invalid to jsonc-parser.
 */
export const enum NodeKind {
  Object = 1,
  Array = 2,
  String = 3,
  Literal = 4,
}

export interface NodeTable {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly offset: Int32Array;
  readonly length: Int32Array;
  /** The index of the parent node, -1 for the root. Properties are not nodes: a key's parent is its object. */
  readonly parent: Int32Array;
  /** String values by node index (undefined for other kinds). */
  readonly values: ReadonlyArray<string | undefined>;
}

const SHARED_SLOTS = 4096;
const SHARED_MAX = 32;

export function nodeTable(text: string): NodeTable {
  let capacity = 1024;
  let kind = new Uint8Array(capacity);
  let offset = new Int32Array(capacity);
  let length = new Int32Array(capacity);
  let parent = new Int32Array(capacity);
  const values: Array<string | undefined> = [];
  const shared: Array<string | undefined> = new Array<string | undefined>(SHARED_SLOTS);
  const open: number[] = [];
  let count = 0;

  const add = (k: NodeKind, at: number): number => {
    if (count === capacity) {
      capacity *= 2;
      kind = grow(kind, new Uint8Array(capacity));
      offset = grow(offset, new Int32Array(capacity));
      length = grow(length, new Int32Array(capacity));
      parent = grow(parent, new Int32Array(capacity));
    }
    kind[count] = k;
    offset[count] = at;
    parent[count] = open.length ? open[open.length - 1] : -1;
    return count++;
  };

  const end = text.length;
  let pos = 0;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x3a) {
      pos++; // blanks, commas and colons
    } else if (c === 0x7b || c === 0x5b) {
      open.push(add(c === 0x7b ? NodeKind.Object : NodeKind.Array, pos));
      pos++;
    } else if (c === 0x7d || c === 0x5d) {
      const i = open.pop()!;
      length[i] = pos + 1 - offset[i];
      pos++;
    } else if (c === 0x22) {
      const i = add(NodeKind.String, pos);
      let j = pos + 1;
      let hash = 0;
      let plain = true;
      for (let d = text.charCodeAt(j); d !== 0x22 && j < end; d = text.charCodeAt(++j)) {
        if (d === 0x5c) {
          plain = false;
          j++;
        }
        hash = (Math.imul(hash, 31) + d) | 0;
      }
      length[i] = j + 1 - pos;
      let value: string;
      if (!plain) value = JSON.parse(text.slice(pos, j + 1)) as string;
      else if (j - pos - 1 > SHARED_MAX) value = text.slice(pos + 1, j);
      else {
        const slot = (hash ^ (hash >>> 13)) & (SHARED_SLOTS - 1);
        const hit = shared[slot];
        value = hit !== undefined && hit.length === j - pos - 1 && text.startsWith(hit, pos + 1) ? hit : (shared[slot] = text.slice(pos + 1, j));
      }
      values[i] = value;
      pos = j + 1;
    } else if (c === 0x2f) {
      // A comment: to the end of the line, or to `*/`.
      if (text.charCodeAt(pos + 1) === 0x2f) {
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 ? end : nl + 1;
      } else {
        const close = text.indexOf('*/', pos + 2);
        pos = close < 0 ? end : close + 2;
      }
    } else {
      // A number, true, false or null: up to the next delimiter.
      const i = add(NodeKind.Literal, pos);
      let j = pos + 1;
      for (let d = text.charCodeAt(j); j < end && d !== 0x2c && d !== 0x7d && d !== 0x5d && d !== 0x20 && d !== 0x0a && d !== 0x0d && d !== 0x09 && d !== 0x2f; d = text.charCodeAt(++j));
      length[i] = j - pos;
      pos = j;
    }
  }
  return { count, kind, offset, length, parent, values };
}

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
