import type { Node } from 'jsonc-parser';
import { ALL_STRINGS, Kind, Tree } from './tree';

/**
 * A fast path for parsing role files: the same tree jsonc-parser's `parseTree` builds (node types,
 * offsets, lengths, values, `colonOffset`, parent links), as a table (tree.ts), for text that is
 * valid JSON with comments, built in one pass with duplicate keys and line starts found on the way.
 * On anything else (a syntax error, a trailing comma, unusual whitespace) it gives up and returns
 * undefined, and the caller uses jsonc-parser, whose error recovery the features rely on.
 *
 * Nodes read from the table are made on demand (TreeNode): compare them by offset, not identity.
 */
export interface FastParse {
  readonly tree: Tree;
  readonly root: Node;
  /** Key nodes of properties whose name repeats an earlier one in the same object, by offset. */
  readonly duplicateKeys: Node[];
  /**
   * Where each line starts, found on the way (line breaks lie between tokens or in comments);
   * undefined when the text has a `\r`, whose line breaks TextDocument counts its own way.
   */
  readonly lineStarts: Uint32Array | undefined;
  /** Whether the text has a comment. */
  readonly comments: boolean;
}

/** Strings up to this length are found through the parser's own hash table, the others through a Map. */
const INTERN_MAX = 32;

/** Thrown to leave the fast path; the caller falls back to jsonc-parser. */
const BAIL = new Error('not plain JSON');

/** Objects with more properties use a Set to find duplicate keys. */
const LINEAR_DUPLICATE_SCAN = 12;

const enum Ch {
  tab = 9, lf = 10, cr = 13, space = 32, quote = 34, star = 42, plus = 43, comma = 44, minus = 45, dot = 46, slash = 47,
  d0 = 48, d9 = 57, colon = 58, E = 69, openBracket = 91, backslash = 92, closeBracket = 93, e = 101, f = 102, n = 110,
  t = 116, openBrace = 123, closeBrace = 125,
}

/** `maxDepth`: give up on text nesting `[`/`{` deeper than this (the caller reports it). */
export function fastParseTree(text: string, maxDepth = Infinity): FastParse | undefined {
  const parser = new Parser(text, maxDepth);
  try {
    if (!parser.parseDocument()) return undefined;
    const tree = parser.finish();
    return {
      tree,
      root: tree.node(0),
      duplicateKeys: parser.duplicates.sort((a, b) => a - b).map((k) => tree.node(k)),
      lineStarts: parser.sawCR ? undefined : parser.lineStarts.subarray(0, parser.lines),
      comments: parser.sawComment,
    };
  } catch (e) {
    // Syntax errors, and anything unexpected (such as a stack overflow on absurd nesting): jsonc-parser decides.
    void e;
    return undefined;
  }
}

class Parser {
  private pos = 0;
  /** Indices of key nodes whose name repeats an earlier key of the same object. */
  readonly duplicates: number[] = [];
  /** Open addressing: a slot holds a string's index + 1 (0: empty). */
  private slots = new Int32Array(4096);
  /** Hash of each string in `strings`. */
  private hashes = new Int32Array(1024);
  /** How many strings the slots hold (those up to INTERN_MAX characters). */
  private shortCount = 0;
  /** Indices of the longer strings. */
  private readonly long = new Map<string, number>();
  private depth = 0;
  /** Line starts found so far (`lines` of them; the array grows by doubling). */
  lineStarts = new Uint32Array(1024);
  lines = 1;
  sawCR = false;
  sawComment = false;

  // The table being built (grown by doubling).
  private count = 0;
  private capacity: number;
  private flags: Uint8Array;
  private offsets: Int32Array;
  private lengths: Int32Array;
  private parents: Int32Array;
  private ends: Int32Array;
  private aux: Int32Array;
  private readonly strings: string[] = [];
  /** Property indices of the objects being parsed, for the duplicate-key check. */
  private readonly props: number[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    // A formatted role file has about one node per 14 characters: room for one per 12, and the table
    // grows when a text has more.
    this.capacity = Math.max(256, Math.ceil(text.length / 12));
    this.flags = new Uint8Array(this.capacity);
    this.offsets = new Int32Array(this.capacity);
    this.lengths = new Int32Array(this.capacity);
    this.parents = new Int32Array(this.capacity);
    this.ends = new Int32Array(this.capacity);
    this.aux = new Int32Array(this.capacity);
  }

  finish(): Tree {
    return new Tree(this.text, this.count, this.flags, this.offsets, this.lengths, this.parents, this.ends, this.aux, this.strings);
  }

  parseDocument(): boolean {
    this.skipTrivia();
    if (this.pos >= this.text.length) return false; // empty: jsonc-parser's answer (no root, no error) is as fast
    this.parseValue(-1);
    this.skipTrivia();
    if (this.pos !== this.text.length) throw BAIL;
    return true;
  }

  /** A new node of kind `k` at the current position. */
  private add(k: number, parent: number): number {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.flags[i] = k;
    this.offsets[i] = this.pos;
    this.parents[i] = parent;
    this.ends[i] = i + 1;
    return i;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const more = <T extends Uint8Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.flags = more(this.flags, new Uint8Array(n));
    this.offsets = more(this.offsets, new Int32Array(n));
    this.lengths = more(this.lengths, new Int32Array(n));
    this.parents = more(this.parents, new Int32Array(n));
    this.ends = more(this.ends, new Int32Array(n));
    this.aux = more(this.aux, new Int32Array(n));
    this.capacity = n;
  }

  private skipTrivia(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const ch = text.charCodeAt(pos);
      if (ch === Ch.space || ch === Ch.tab) {
        pos++;
      } else if (ch === Ch.lf) {
        this.lineStart(++pos);
      } else if (ch === Ch.cr) {
        this.sawCR = true;
        pos++;
      } else if (ch === Ch.slash) {
        const next = text.charCodeAt(pos + 1);
        this.sawComment = true;
        if (next === Ch.slash) {
          pos += 2;
          while (pos < text.length) {
            const c = text.charCodeAt(pos);
            if (c === Ch.lf || c === Ch.cr) break;
            pos++;
          }
        } else if (next === Ch.star) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw BAIL;
          for (let i = pos + 2; i < end; i++) {
            const c = text.charCodeAt(i);
            if (c === Ch.lf) this.lineStart(i + 1);
            else if (c === Ch.cr) this.sawCR = true;
          }
          pos = end + 2;
        } else {
          throw BAIL;
        }
      } else {
        this.pos = pos;
        return;
      }
    }
  }

  private lineStart(offset: number): void {
    if (this.lines === this.lineStarts.length) {
      const bigger = new Uint32Array(this.lines * 2);
      bigger.set(this.lineStarts);
      this.lineStarts = bigger;
    }
    this.lineStarts[this.lines++] = offset;
  }

  /** Parses the value at the current position; returns its kind. */
  private parseValue(parent: number): number {
    const ch = this.text.charCodeAt(this.pos);
    if (ch === Ch.quote) return this.parseString(parent);
    if (ch === Ch.openBrace) return this.parseObject(parent);
    if (ch === Ch.openBracket) return this.parseArray(parent);
    if (ch === Ch.minus || (ch >= Ch.d0 && ch <= Ch.d9)) return this.parseNumber(parent);
    if (ch === Ch.t) return this.parseKeyword(parent, 'true', Kind.True);
    if (ch === Ch.f) return this.parseKeyword(parent, 'false', Kind.False);
    if (ch === Ch.n) return this.parseKeyword(parent, 'null', Kind.Null);
    throw BAIL;
  }

  private parseObject(parent: number): number {
    const node = this.add(Kind.Object, parent);
    const text = this.text;
    const mark = this.props.length;
    if (++this.depth > this.maxDepth) throw BAIL;
    this.pos++;
    this.skipTrivia();
    if (text.charCodeAt(this.pos) !== Ch.closeBrace) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== Ch.quote) throw BAIL;
        const prop = this.add(Kind.Property, node);
        this.parseString(prop);
        this.skipTrivia();
        if (text.charCodeAt(this.pos) !== Ch.colon) throw BAIL;
        this.aux[prop] = this.pos;
        this.pos++;
        this.skipTrivia();
        this.parseValue(prop);
        this.lengths[prop] = this.pos - this.offsets[prop];
        this.ends[prop] = this.count;
        this.props.push(prop);
        if (this.closesAfterElement(Ch.closeBrace)) break;
      }
    }
    this.pos++;
    this.depth--;
    this.lengths[node] = this.pos - this.offsets[node];
    this.ends[node] = this.count;
    if (this.props.length - mark > 1) this.findDuplicates(mark);
    this.props.length = mark;
    return Kind.Object;
  }

  private parseArray(parent: number): number {
    const node = this.add(Kind.Array, parent);
    const text = this.text;
    if (++this.depth > this.maxDepth) throw BAIL;
    this.pos++;
    this.skipTrivia();
    let strings = true;
    if (text.charCodeAt(this.pos) !== Ch.closeBracket) {
      for (;;) {
        if (this.parseValue(node) !== Kind.String) strings = false;
        if (this.closesAfterElement(Ch.closeBracket)) break;
      }
    }
    this.pos++;
    this.depth--;
    this.lengths[node] = this.pos - this.offsets[node];
    this.ends[node] = this.count;
    if (strings) this.flags[node] = Kind.Array | ALL_STRINGS;
    return Kind.Array;
  }

  /**
   * After an element of an object or array: true at its closing `close`, false after a comma (and
   * the trivia after it); anything else leaves the fast path.
   */
  private closesAfterElement(close: Ch): boolean {
    this.skipTrivia();
    const sep = this.text.charCodeAt(this.pos);
    if (sep === close) return true;
    if (sep !== Ch.comma) throw BAIL;
    this.pos++;
    this.skipTrivia();
    return false;
  }

  /** Duplicate names among the properties `props[mark..]` of one object. */
  private findDuplicates(mark: number): void {
    const props = this.props;
    // Equal names have equal indices in `strings`.
    const name = (p: number) => this.aux[p + 1];
    if (props.length - mark <= LINEAR_DUPLICATE_SCAN) {
      for (let i = mark + 1; i < props.length; i++) {
        const n = name(props[i]);
        for (let j = mark; j < i; j++) {
          if (name(props[j]) === n) {
            this.duplicates.push(props[i] + 1);
            break;
          }
        }
      }
      return;
    }
    const seen = new Set<number>();
    for (let i = mark; i < props.length; i++) {
      const n = name(props[i]);
      if (seen.has(n)) this.duplicates.push(props[i] + 1);
      else seen.add(n);
    }
  }

  private parseString(parent: number): number {
    const node = this.add(Kind.String, parent);
    const start = this.pos;
    this.aux[node] = this.scanString();
    this.lengths[node] = this.pos - start;
    return Kind.String;
  }

  /**
   * Reads the string starting at `pos` and moves `pos` past its closing quote; returns its value's
   * index in `strings`, where each distinct value is stored once (a role file repeats the same
   * keys and privilege names: 10,000 roles hold about 375,000 strings, 22,000 of them distinct).
   */
  private scanString(): number {
    const text = this.text;
    const start = this.pos;
    // Short strings without escapes (keys, privilege names) are hashed on the way and found in the
    // table without making a string.
    const limit = Math.min(text.length, start + 2 + INTERN_MAX);
    let hash = 0;
    let i = start + 1;
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === Ch.quote) {
        this.pos = i + 1;
        return this.intern(start + 1, i, hash);
      }
      if (c < Ch.space) throw BAIL; // control characters (and line breaks) are errors in a JSON string
      if (c === Ch.backslash) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    // Longer strings, and strings with escapes.
    let plain = true;
    for (;;) {
      if (i >= text.length) throw BAIL;
      const c = text.charCodeAt(i);
      if (c === Ch.quote) break;
      if (c < Ch.space) throw BAIL;
      if (c === Ch.backslash) {
        plain = false;
        i++; // the escaped character, even a quote; JSON.parse checks the escape below
      }
      i++;
    }
    this.pos = i + 1;
    // Escapes: JSON.parse decodes them exactly as jsonc-parser's scanner does, and refuses bad ones.
    return this.internValue(plain ? text.slice(start + 1, i) : (JSON.parse(text.slice(start, i + 1)) as string));
  }

  /** The index of the short string `text[from, to)` (hash `hash`) in `strings`, added when new. */
  private intern(from: number, to: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const len = to - from;
    for (let s = (hash ^ (hash >>> 15)) & mask; ; s = (s + 1) & mask) {
      const id = slots[s] - 1;
      if (id < 0) break;
      if (this.hashes[id] === hash && sameText(this.strings[id], this.text, from, len)) return id;
    }
    return this.store(this.text.slice(from, to), hash);
  }

  /** The index of `value` in `strings`, added when new (a long string, or one read with escapes). */
  private internValue(value: string): number {
    if (value.length > INTERN_MAX) {
      let id = this.long.get(value);
      if (id === undefined) this.long.set(value, (id = this.store(value, 0)));
      return id;
    }
    const hash = stringHash(value);
    const mask = this.slots.length - 1;
    for (let s = (hash ^ (hash >>> 15)) & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s] - 1;
      if (id < 0) break;
      if (this.strings[id] === value) return id;
    }
    return this.store(value, hash);
  }

  private store(value: string, hash: number): number {
    const id = this.strings.length;
    this.strings.push(value);
    if (id === this.hashes.length) {
      const bigger = new Int32Array(id * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[id] = hash;
    if (value.length > INTERN_MAX) return id; // found through `long`
    // At most half the slots in use.
    if (2 * ++this.shortCount > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    const hash = this.hashes[id];
    let s = (hash ^ (hash >>> 15)) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.strings.length; id++) if (this.strings[id].length <= INTERN_MAX) this.place(id);
  }

  /** JSON numbers as jsonc-parser's scanner reads them: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`. */
  private parseNumber(parent: number): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === Ch.minus) i++;
    const first = text.charCodeAt(i);
    if (first === Ch.d0) i++;
    else if (first > Ch.d0 && first <= Ch.d9) i = digits(text, i);
    else throw BAIL;
    if (text.charCodeAt(i) === Ch.dot) {
      const after = digits(text, i + 1);
      if (after === i + 1) throw BAIL;
      i = after;
    }
    const e = text.charCodeAt(i);
    if (e === Ch.e || e === Ch.E) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === Ch.plus || sign === Ch.minus) i++;
      const after = digits(text, i);
      if (after === i) throw BAIL;
      i = after;
    }
    if (!endsToken(text.charCodeAt(i))) throw BAIL;
    const node = this.add(Kind.Number, parent);
    this.lengths[node] = i - start;
    this.pos = i;
    return Kind.Number;
  }

  private parseKeyword(parent: number, word: string, kind: Kind): number {
    const start = this.pos;
    if (!this.text.startsWith(word, start) || !endsToken(this.text.charCodeAt(start + word.length))) throw BAIL;
    const node = this.add(kind, parent);
    this.lengths[node] = word.length;
    this.pos = start + word.length;
    return kind;
  }
}

/** Whether `known` is the `len` characters of `text` at `from` (a loop: short strings, and no call into startsWith). */
function sameText(known: string, text: string, from: number, len: number): boolean {
  if (known.length !== len) return false;
  for (let k = 0; k < len; k++) if (known.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

/** The hash scanString computes for a string without escapes. */
function stringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  return hash;
}

function digits(text: string, i: number): number {
  // charCodeAt past the end is NaN, which fails both comparisons: the loop stops there too.
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < Ch.d0 || c > Ch.d9) break;
    i++;
  }
  return i;
}

/** Whether a number or keyword ends before this character (jsonc-parser would otherwise read one longer, unknown token). */
function endsToken(c: number): boolean {
  return (
    Number.isNaN(c) || c === Ch.space || c === Ch.tab || c === Ch.lf || c === Ch.cr || c === Ch.comma ||
    c === Ch.closeBrace || c === Ch.closeBracket || c === Ch.colon || c === Ch.slash || c === Ch.quote ||
    c === Ch.openBrace || c === Ch.openBracket
  );
}

