/**
 * The nesting limit. jsonc-parser's parser and formatter, and the features' tree walks, recurse (or
 * indent) once per level of `[`/`{`: a hostile or broken file such as 100,000 `[` would overflow the
 * stack or build gigabytes of indentation. Documents nested deeper than this are not analysed; they
 * get one `nesting-too-deep` diagnostic instead. 1000 is the default nesting limit of Jackson's
 * StreamReadConstraints, the JSON parser behind Elasticsearch's REST layer ("Depth (1001) exceeds
 * max allowed depth (1000)"), so no body Elasticsearch accepts is refused here.
 */
export const MAX_NESTING_DEPTH = 1000;

const enum Ch {
  lf = 10, cr = 13, quote = 34, star = 42, slash = 47, openBracket = 91, backslash = 92, closeBracket = 93,
  openBrace = 123, closeBrace = 125,
}

/**
 * The offset of the first `[` or `{` that opens level `limit + 1`, or -1 when the text stays within
 * `limit` levels. One pass, no allocation beyond the open-bracket stack. It reads tokens the way
 * jsonc-parser's scanner does (strings end at a quote or a line break, a backslash escapes the next
 * character, `//` and `/* *\/` comments) and, like its parser, lets a closing bracket close only a
 * matching opening one (the parser skips a mismatched one), so it never counts fewer levels than the
 * parser would descend.
 */
export function nestingTooDeepAt(text: string, limit = MAX_NESTING_DEPTH): number {
  const open: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i++);
    if (c === Ch.openBracket || c === Ch.openBrace) {
      if (open.length >= limit) return i - 1;
      open.push(c);
    } else if (c === Ch.closeBracket) {
      if (open[open.length - 1] === Ch.openBracket) open.pop();
    } else if (c === Ch.closeBrace) {
      if (open[open.length - 1] === Ch.openBrace) open.pop();
    } else if (c === Ch.quote) {
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === Ch.quote) {
          i++;
          break;
        }
        if (s === Ch.lf || s === Ch.cr) break;
        i += s === Ch.backslash ? 2 : 1;
      }
    } else if (c === Ch.slash) {
      const next = text.charCodeAt(i);
      if (next === Ch.slash) {
        while (i < n && text.charCodeAt(i) !== Ch.lf && text.charCodeAt(i) !== Ch.cr) i++;
      } else if (next === Ch.star) {
        const end = text.indexOf('*/', i + 1);
        i = end < 0 ? n : end + 2;
      }
    }
  }
  return -1;
}
