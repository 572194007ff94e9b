/**
 * The two pattern languages Elasticsearch uses for index names, action names and user names
 * (`Automatons.patterns`): wildcards (`*` any run, `?` one character, `\` escapes) and, between
 * slashes, a Lucene regular expression. Both are parsed into one small AST that nfa.ts compiles.
 *
 * Lucene regex subset supported: literals, `\` escapes, `.`, `[...]` / `[^...]` with ranges,
 * `\d \D \s \S \w \W`, grouping `( )`, `()` (empty string), union `|`, `?` `*` `+`, `{n}` `{n,}`
 * `{n,m}`, `"..."` literal strings, `@` (any string), `#` (empty language). Not supported (the
 * pattern is then reported as unsupported, never guessed): intersection `&`, complement `~`,
 * numeric intervals `<n-m>` and named automata `<name>`. Lucene regexes are anchored at both ends,
 * as here. Characters are UTF-16 code units (Lucene uses code points: only astral characters differ).
 */

/** A set of UTF-16 code-unit ranges, inclusive, sorted and disjoint. */
export type Ranges = ReadonlyArray<readonly [number, number]>;

export type Ast =
  | { readonly t: 'empty' }
  | { readonly t: 'none' }
  | { readonly t: 'chars'; readonly ranges: Ranges }
  | { readonly t: 'cat'; readonly items: readonly Ast[] }
  | { readonly t: 'alt'; readonly items: readonly Ast[] }
  | { readonly t: 'rep'; readonly item: Ast; readonly min: number; readonly max: number };

export const MAX_CHAR = 0xffff;
export const ANY: Ast = { t: 'chars', ranges: [[0, MAX_CHAR]] };
export const ANY_STRING: Ast = { t: 'rep', item: ANY, min: 0, max: Infinity };
/** Repetition bounds above this make the pattern unsupported (the NFA would be too large). */
const MAX_REPEAT = 100;

export class UnsupportedPattern extends Error {
  override readonly name = 'UnsupportedPattern';
}

const char = (c: number): Ast => ({ t: 'chars', ranges: [[c, c]] });
const cat = (items: Ast[]): Ast => (items.length === 1 ? items[0] : { t: 'cat', items });

/** `*`, `?` and `\` escapes; everything else literal. */
export function parseWildcard(pattern: string): Ast {
  const items: Ast[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') items.push(ANY_STRING);
    else if (c === '?') items.push(ANY);
    else if (c === '\\' && i + 1 < pattern.length) items.push(char(pattern.charCodeAt(++i)));
    else items.push(char(pattern.charCodeAt(i)));
  }
  return items.length === 0 ? { t: 'empty' } : cat(items);
}

/** Whether `pattern` is a Lucene regex (`/.../`) in Elasticsearch's sense. */
export function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
}

/** Whether a pattern is not a plain name: a wildcard or a regex. */
export function isPattern(pattern: string): boolean {
  return isRegexPattern(pattern) || /[*?]/.test(pattern);
}

/** An index/action pattern as Elasticsearch reads it: `/regex/` or a wildcard pattern. */
export function parsePattern(pattern: string): Ast {
  if (pattern.startsWith('/')) {
    if (!isRegexPattern(pattern)) throw new UnsupportedPattern(`invalid pattern ${pattern}: a regex must end with /`);
    return parseLuceneRegex(pattern.slice(1, -1));
  }
  return parseWildcard(pattern);
}

const CLASS_ESCAPES: Record<string, Ranges> = {
  d: [[48, 57]],
  s: [[9, 13], [32, 32]],
  w: [[48, 57], [65, 90], [95, 95], [97, 122]],
};

/** Lucene RegExp syntax (the subset above). Throws UnsupportedPattern. */
export function parseLuceneRegex(source: string): Ast {
  let i = 0;
  const fail = (what: string): never => {
    throw new UnsupportedPattern(`${what} at position ${i} of /${source}/`);
  };

  const union = (): Ast => {
    const items = [concat()];
    while (source[i] === '|') {
      i++;
      items.push(concat());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  };

  const concat = (): Ast => {
    const items: Ast[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') items.push(repeat());
    return items.length === 0 ? { t: 'empty' } : cat(items);
  };

  const repeat = (): Ast => {
    if (source[i] === '~') fail('complement (~) is not supported');
    let item = simple();
    for (;;) {
      const c = source[i];
      if (c === '*') item = { t: 'rep', item, min: 0, max: Infinity };
      else if (c === '+') item = { t: 'rep', item, min: 1, max: Infinity };
      else if (c === '?') item = { t: 'rep', item, min: 0, max: 1 };
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) fail('malformed repetition {n,m}');
        const min = Number(m![1]);
        const max = m![2] === undefined ? min : m![3] === '' ? Infinity : Number(m![3]);
        if (max < min) fail('repetition {n,m} with m < n');
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(`repetition over ${MAX_REPEAT}`);
        item = { t: 'rep', item, min, max };
        i += m![0].length - 1;
      } else if (c === '&') fail('intersection (&) is not supported');
      else return item;
      i++;
    }
  };

  const simple = (): Ast => {
    const c = source[i];
    switch (c) {
      case '.':
        i++;
        return ANY;
      case '@':
        i++;
        return ANY_STRING;
      case '#':
        i++;
        return { t: 'none' };
      case '(': {
        i++;
        const inner = source[i] === ')' ? { t: 'empty' as const } : union();
        if (source[i] !== ')') fail('unclosed (');
        i++;
        return inner;
      }
      case '"': {
        const end = source.indexOf('"', i + 1);
        if (end < 0) fail('unclosed "');
        const items: Ast[] = [];
        for (let k = i + 1; k < end; k++) items.push(char(source.charCodeAt(k)));
        i = end + 1;
        return items.length === 0 ? { t: 'empty' } : cat(items);
      }
      case '[':
        return charClass();
      case '<':
        return fail('numeric intervals and named automata (<...>) are not supported');
      case '\\':
        return escape(false) as Ast;
      default:
        i++;
        return char(c.charCodeAt(0));
    }
  };

  /** `\x`: a literal, or a class for \d \s \w (and their negations). */
  const escape = (inClass: boolean): Ast | Ranges => {
    i++;
    if (i >= source.length) fail('dangling \\');
    const c = source[i++];
    const lower = c.toLowerCase();
    if (CLASS_ESCAPES[lower]) {
      const ranges = c === lower ? CLASS_ESCAPES[lower] : complement(CLASS_ESCAPES[lower]);
      return inClass ? ranges : { t: 'chars', ranges };
    }
    const code = c.charCodeAt(0);
    return inClass ? [[code, code]] : char(code);
  };

  const charClass = (): Ast => {
    i++;
    const negate = source[i] === '^';
    if (negate) i++;
    const parts: Array<readonly [number, number]> = [];
    let first = true;
    while (i < source.length && (source[i] !== ']' || first)) {
      first = false;
      let lo: number;
      if (source[i] === '\\') {
        const r = escape(true) as Ranges;
        if (r.length !== 1 || r[0][0] !== r[0][1]) {
          parts.push(...r);
          continue;
        }
        lo = r[0][0];
      } else lo = source.charCodeAt(i++);
      if (source[i] === '-' && i + 1 < source.length && source[i + 1] !== ']') {
        i++;
        let hi: number;
        if (source[i] === '\\') {
          const r = escape(true) as Ranges;
          if (r.length !== 1 || r[0][0] !== r[0][1]) fail('a class escape cannot end a range');
          hi = r[0][0];
        } else hi = source.charCodeAt(i++);
        if (hi < lo) fail('character range out of order');
        parts.push([lo, hi]);
      } else parts.push([lo, lo]);
    }
    if (source[i] !== ']') fail('unclosed [');
    i++;
    const ranges = normalize(parts);
    return { t: 'chars', ranges: negate ? complement(ranges) : ranges };
  };

  const ast = union();
  if (i < source.length) fail(source[i] === ')' ? 'unbalanced )' : `unexpected ${source[i]}`);
  return ast;
}

/** Sorted, merged ranges. */
export function normalize(parts: ReadonlyArray<readonly [number, number]>): Ranges {
  const sorted = [...parts].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(ranges: Ranges): Ranges {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CHAR) out.push([next, MAX_CHAR]);
  return out;
}
