/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The candidates closest to `input`, ranked by edit distance (ties: shared prefix, then name),
 * at most `limit`, and only those close enough to be a plausible typo.
 */
export function closest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const max = Math.max(2, Math.floor(needle.length / 3));
  const scored: Array<{ name: string; d: number; p: number }> = [];
  for (const name of candidates) {
    const lower = name.toLowerCase();
    if (lower === needle) continue;
    let d = editDistance(needle, lower, max);
    // "manage_index" vs "manage_index_templates": a completed prefix is a good hint even when far in edits.
    if (d > max && needle.length >= 4 && lower.startsWith(needle)) d = max;
    if (d > max) continue;
    let p = 0;
    while (p < needle.length && p < lower.length && needle[p] === lower[p]) p++;
    scored.push({ name, d, p });
  }
  scored.sort((x, y) => x.d - y.d || y.p - x.p || (x.name < y.name ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.name);
}
