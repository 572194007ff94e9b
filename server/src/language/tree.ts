import type { Node, NodeType } from 'jsonc-parser';

/**
 * A parsed JSON(C) text as a table: every node's kind, offset, length, parent and subtree end in
 * typed arrays, in document order (a node's subtree is the index range `[i, end[i])`), and the
 * values of strings in one array. jsonc-parser's tree for the same text has the same nodes in the
 * same order: a property is a node whose children are its key (a string node, `i + 1`) and its
 * value.
 *
 * A role file is mostly small nodes (10,000 roles: over a million), and a node object per node is
 * what made parsing slow: they all survive, so the garbage collector copies each of them. The
 * table holds no object per node. Code that needs jsonc-parser `Node`s gets `TreeNode`s, made on
 * read (`node(i)`); hot paths read the table by index instead.
 */
export const enum Kind {
  Object = 1,
  Array = 2,
  Property = 3,
  String = 4,
  Number = 5,
  True = 6,
  False = 7,
  Null = 8,
}

/** Flag on an array whose elements are all strings (also an empty array). */
export const ALL_STRINGS = 0x10;
const KIND_MASK = 0x0f;

const TYPES: readonly NodeType[] = ['null', 'object', 'array', 'property', 'string', 'number', 'boolean', 'boolean', 'null'];

export class Tree {
  /** Lower-case forms of `strings`, filled in as they are asked for. */
  private lowered: Array<string | undefined> | undefined = undefined;

  constructor(
    readonly text: string,
    readonly count: number,
    /** Kind, with ALL_STRINGS on arrays of strings. */
    readonly flags: Uint8Array,
    readonly offsets: Int32Array,
    readonly lengths: Int32Array,
    /** Parent index; -1 for the root. */
    readonly parents: Int32Array,
    /** Index just past the subtree (the next sibling, when that is still inside the parent). */
    readonly ends: Int32Array,
    /** Property: its colon's offset (-1 when missing). String: its value's index in `strings`. */
    readonly aux: Int32Array,
    readonly strings: readonly string[],
    /** Number values that differ from their text read as a number (jsonc-parser's guesses after an error). */
    readonly numbers?: ReadonlyMap<number, number>,
  ) {}

  kind(i: number): Kind {
    return this.flags[i] & KIND_MASK;
  }

  type(i: number): NodeType {
    return TYPES[this.flags[i] & KIND_MASK];
  }

  /** The first child, or -1. */
  first(i: number): number {
    return i + 1 < this.ends[i] ? i + 1 : -1;
  }

  /** The next sibling of `c`, or -1. */
  next(c: number): number {
    const n = this.ends[c];
    const p = this.parents[c];
    return p >= 0 && n < this.ends[p] ? n : -1;
  }

  childCount(i: number): number {
    if (this.flags[i] & ALL_STRINGS) return this.ends[i] - i - 1;
    let n = 0;
    for (let c = this.first(i); c >= 0; c = this.next(c)) n++;
    return n;
  }

  /** A string node's value. */
  str(i: number): string {
    return this.strings[this.aux[i]];
  }

  /** A string node's value in lower case, worked out once per distinct string (privilege names are compared so). */
  lower(i: number): string {
    const id = this.aux[i];
    const lowered = (this.lowered ??= new Array<string | undefined>(this.strings.length));
    return (lowered[id] ??= this.strings[id].toLowerCase());
  }

  value(i: number): string | number | boolean | null | undefined {
    switch (this.flags[i] & KIND_MASK) {
      case Kind.String:
        return this.strings[this.aux[i]];
      case Kind.Number:
        if (this.numbers?.has(i)) return this.numbers.get(i);
        return Number(this.text.slice(this.offsets[i], this.offsets[i] + this.lengths[i]));
      case Kind.True:
        return true;
      case Kind.False:
        return false;
      case Kind.Null:
        return null;
      default:
        return undefined;
    }
  }

  /** A property's name (its key is the string node after it); undefined without a key. */
  propertyName(p: number): string | undefined {
    const k = p + 1;
    return k < this.ends[p] && (this.flags[k] & KIND_MASK) === Kind.String ? this.strings[this.aux[k]] : undefined;
  }

  /** A property's value node, or -1. */
  propertyValue(p: number): number {
    const k = p + 1;
    if (k >= this.ends[p]) return -1;
    const v = this.ends[k];
    return v < this.ends[p] ? v : -1;
  }

  /** The value of property `name` of object `o`, or -1 (the first such property, as `getProperty`). */
  get(o: number, name: string): number {
    const p = this.property(o, name);
    return p >= 0 ? this.propertyValue(p) : -1;
  }

  /** The first property of object `o` named `name`, or -1. */
  property(o: number, name: string): number {
    if ((this.flags[o] & KIND_MASK) !== Kind.Object) return -1;
    // The children of `o` are o + 1, ends[o + 1], ... up to ends[o].
    for (let p = o + 1, end = this.ends[o]; p < end; p = this.ends[p]) if (this.propertyName(p) === name) return p;
    return -1;
  }

  /**
   * The string nodes of node `i`: itself when it is a string, an array's string elements in order,
   * none for anything else (also for -1).
   */
  stringNodes(i: number): number[] {
    if (i < 0) return [];
    const k = this.flags[i] & KIND_MASK;
    if (k === Kind.String) return [i];
    if (k !== Kind.Array) return [];
    const out: number[] = [];
    for (let c = i + 1, end = this.ends[i]; c < end; c = this.ends[c]) if ((this.flags[c] & KIND_MASK) === Kind.String) out.push(c);
    return out;
  }

  /** The jsonc-parser `Node` of index `i` (a new object each call). */
  node(i: number): TreeNode {
    return new TreeNode(this, i);
  }
}

/**
 * A jsonc-parser `Node` read from a Tree: a view made on demand, so compare nodes by offset, not
 * identity. Do not spread one (`{...node}`): its fields are getters.
 */
export class TreeNode implements Node {
  constructor(
    readonly tree: Tree,
    readonly index: number,
  ) {}

  get type(): NodeType {
    return this.tree.type(this.index);
  }

  get offset(): number {
    return this.tree.offsets[this.index];
  }

  get length(): number {
    return this.tree.lengths[this.index];
  }

  get colonOffset(): number | undefined {
    if (this.tree.kind(this.index) !== Kind.Property) return undefined;
    const at = this.tree.aux[this.index];
    return at >= 0 ? at : undefined;
  }

  get value(): string | number | boolean | null | undefined {
    return this.tree.value(this.index);
  }

  get parent(): TreeNode | undefined {
    const p = this.tree.parents[this.index];
    return p >= 0 ? new TreeNode(this.tree, p) : undefined;
  }

  get children(): TreeNode[] | undefined {
    const { tree, index } = this;
    const k = tree.kind(index);
    if (k !== Kind.Object && k !== Kind.Array && k !== Kind.Property) return undefined;
    const out: TreeNode[] = [];
    for (let c = tree.first(index); c >= 0; c = tree.next(c)) out.push(new TreeNode(tree, c));
    return out;
  }
}

const KINDS: Record<NodeType, Kind> = {
  object: Kind.Object,
  array: Kind.Array,
  property: Kind.Property,
  string: Kind.String,
  number: Kind.Number,
  boolean: Kind.True,
  null: Kind.Null,
};

/**
 * The table of a jsonc-parser tree (the parse of a text with syntax errors, whose recovery only
 * jsonc-parser knows), so that every feature reads one kind of tree.
 */
export function treeFromNodes(root: Node, text: string): Tree {
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    count++;
    if (n.children) for (const c of n.children) stack.push(c);
  }
  const flags = new Uint8Array(count);
  const offsets = new Int32Array(count);
  const lengths = new Int32Array(count);
  const parents = new Int32Array(count);
  const ends = new Int32Array(count);
  const aux = new Int32Array(count);
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const numbers = new Map<number, number>();
  let next = 0;
  const visit = (n: Node, parent: number): number => {
    const i = next++;
    let kind = KINDS[n.type];
    if (n.type === 'boolean' && n.value === false) kind = Kind.False;
    offsets[i] = n.offset;
    lengths[i] = n.length;
    parents[i] = parent;
    if (kind === Kind.String) {
      const value = String(n.value);
      let id = ids.get(value);
      if (id === undefined) {
        id = strings.push(value) - 1;
        ids.set(value, id);
      }
      aux[i] = id;
    } else if (kind === Kind.Number && !Object.is(Number(text.slice(n.offset, n.offset + n.length)), n.value)) {
      numbers.set(i, n.value as number);
    } else if (kind === Kind.Property) {
      aux[i] = n.colonOffset ?? -1;
    }
    let strs = kind === Kind.Array;
    for (const c of n.children ?? []) if (visit(c, i) !== Kind.String) strs = false;
    flags[i] = strs ? kind | ALL_STRINGS : kind;
    ends[i] = next;
    return kind;
  };
  visit(root, -1);
  return new Tree(text, count, flags, offsets, lengths, parents, ends, aux, strings, numbers.size ? numbers : undefined);
}
