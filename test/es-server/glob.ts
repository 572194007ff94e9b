// Pattern matching as the test server needs it: `*`/`?` globs and `/regex/` index patterns.

const cache = new Map<string, RegExp | null>();

function compile(key: string, source: string): RegExp | null {
  let re = cache.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(source, 's');
    } catch {
      re = null;
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function globMatches(pattern: string, text: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === text;
  const source = `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
  return compile(`g:${pattern}`, source)?.test(text) ?? false;
}

/**
 * A role's index name pattern against a requested name. `/.../` is a (Lucene-like) regular
 * expression; anything else is a glob. A requested pattern such as `logs-*` is matched as a
 * literal string, so it is covered by `logs-*` or `*` but not by `logs-1`.
 */
export function indexPatternMatches(rolePattern: string, requested: string): boolean {
  if (rolePattern.length > 1 && rolePattern.startsWith('/') && rolePattern.endsWith('/')) {
    return compile(`r:${rolePattern}`, `^(?:${rolePattern.slice(1, -1)})$`)?.test(requested) ?? false;
  }
  return globMatches(rolePattern, requested);
}

/** True when the pattern has a wildcard or is a regex (restricted indices need explicit opt-in then). */
export function isWildcardOrRegex(pattern: string): boolean {
  return /[*?]/.test(pattern) || (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/'));
}
