/**
 * Compiled name patterns (index names, action names, users, applications, resources), cached by
 * their text, and the restricted (system) indices that wildcard patterns skip unless an entry sets
 * `allow_restricted_indices`.
 */
import { compile, findWitness, run, type Nfa, type WitnessResult } from './nfa';
import { ANY_STRING, isPattern, isRegexPattern, parsePattern, parseWildcard, UnsupportedPattern } from './syntax';

export interface CompiledPattern {
  readonly source: string;
  /** Why the pattern could not be compiled (then it matches nothing in this model). */
  readonly unsupported?: string;
  /** Whether a name matches (exact string for a plain name). */
  test(name: string): boolean;
  /** The automaton (built on first use). */
  nfa(): Nfa;
}

const NONE_NFA = compile({ t: 'none' });
const cache = new Map<string, CompiledPattern>();

/** An Elasticsearch pattern (`/regex/` or wildcard); also plain names. Never throws. */
export function compilePattern(source: string): CompiledPattern {
  let hit = cache.get(source);
  if (hit) return hit;
  hit = build(source);
  if (cache.size > 10_000) cache.clear();
  cache.set(source, hit);
  return hit;
}

function build(source: string): CompiledPattern {
  let nfa: Nfa | undefined;
  if (!isPattern(source) && !source.includes('\\') && !source.startsWith('/')) {
    return { source, test: (name) => name === source, nfa: () => (nfa ??= compile(parseWildcard(source))) };
  }
  // `prefix*` with a plain prefix: the common case, tested without an automaton.
  const star = source.indexOf('*');
  if (!isRegexPattern(source) && star === source.length - 1 && !/[?\\]/.test(source)) {
    const prefix = source.slice(0, -1);
    return { source, test: (name) => name.startsWith(prefix), nfa: () => (nfa ??= compile(parseWildcard(source))) };
  }
  try {
    nfa = compile(parsePattern(source));
  } catch (err) {
    const reason = err instanceof UnsupportedPattern ? err.message : String(err);
    return { source, unsupported: reason, test: () => false, nfa: () => NONE_NFA };
  }
  const compiled = nfa;
  return { source, test: (name) => run(compiled, name), nfa: () => compiled };
}

export function patternMatches(pattern: string, name: string): boolean {
  return compilePattern(pattern).test(name);
}

const universal = new Map<string, boolean>();
const ANY_NFA = compile(ANY_STRING);

/** Whether a pattern matches every name: `*`, `**`, the regexes `.*` and `@`, ... */
export function matchesEverything(pattern: string): boolean {
  if (/^\*+$/.test(pattern)) return true;
  if (!isPattern(pattern) || pattern.length > 1000) return false;
  // Matching every one-character name needs `.`, `@`, a class or a class escape: a cheap
  // rejection that spares most patterns an automaton.
  if (!isRegexPattern(pattern) || !/[.@[\\]/.test(pattern)) return false;
  // A regex that must start with a literal character (no union, no quantifier on it) misses ''.
  if (!pattern.includes('|') && /^\/[\w-][^?*{]/.test(pattern)) return false;
  let hit = universal.get(pattern);
  if (hit === undefined) {
    const p = compilePattern(pattern);
    hit = !p.unsupported && p.test('') && findWitness([ANY_NFA, p.nfa()], ([any, m]) => any && !m).found === false;
    if (universal.size > 10_000) universal.clear();
    universal.set(pattern, hit);
  }
  return hit;
}

/**
 * Restricted indices as this model knows them. Elasticsearch 7.x restricts the security indices and
 * `.async-search*` (RestrictedIndicesNames); from 8.0 the restricted set is every system index and
 * system data stream the cluster's plugins register, which depends on the version and the plugins.
 * The list below is the security family (certain) plus well-known 8.x system indices; a cluster may
 * have more (see docs/explain-access.md).
 */
export const RESTRICTED_INDEX_PATTERNS: readonly string[] = [
  '/\\.security(-tokens|-profile)?(-[0-9].*)?/',
  '.async-search*',
  '.tasks*',
  '.kibana_*',
  '.kibana',
  '.reporting-*',
  '.apm-agent-configuration*',
  '.apm-custom-link*',
  '.geoip_databases*',
  '.ml-config*',
  '.ml-inference-*',
  '.ml-meta*',
  '.transform-internal-*',
  '.watches*',
  '.triggered_watches*',
  '.fleet-*',
  '.logstash*',
  '.snapshot-blob-cache*',
  '.synonyms*',
];

let restrictedNfa: Nfa | undefined;
const RESTRICTED = RESTRICTED_INDEX_PATTERNS.map(compilePattern);

export function isRestrictedIndex(name: string): boolean {
  return RESTRICTED.some((p) => p.test(name));
}

/** One automaton for every restricted index. */
export function restrictedAutomaton(): Nfa {
  return (restrictedNfa ??= compile({ t: 'alt', items: RESTRICTED_INDEX_PATTERNS.map((p) => parsePattern(p)) }));
}

/** A set of names: patterns, optionally minus the restricted indices. */
export interface NameSet {
  readonly patterns: readonly string[];
  /** Whether restricted indices are in the set (false for an entry without allow_restricted_indices). */
  readonly includeRestricted: boolean;
}

/** The automata of some name sets, with a membership test per set over an acceptance vector. */
function automata(sets: readonly NameSet[]): { nfas: Nfa[]; member: Array<(acc: readonly boolean[]) => boolean> } {
  const nfas: Nfa[] = [restrictedAutomaton()];
  const member = sets.map((s) => {
    const ids = s.patterns.map((p) => nfas.push(compilePattern(p).nfa()) - 1);
    return (acc: readonly boolean[]) => ids.some((i) => acc[i]) && (s.includeRestricted || !acc[0]);
  });
  return { nfas, member };
}

/**
 * A name in `set` that is in none of `covers` (a shortest one), `undefined` when every name is
 * covered, or `{ unknown }` when the search could not decide.
 */
export function uncoveredName(set: NameSet, covers: readonly NameSet[]): { example: string } | undefined | { unknown: true } {
  const { nfas, member } = automata([set, ...covers]);
  const [mine, ...theirs] = member;
  const result: WitnessResult = findWitness(nfas, (acc) => mine(acc) && !theirs.some((t) => t(acc)));
  if (result.found === undefined) return { unknown: true };
  return result.found ? { example: result.witness } : undefined;
}

/** Whether two name sets share a name (undecided counts as yes). */
export function intersects(a: NameSet, b: NameSet): boolean {
  const { nfas, member } = automata([a, b]);
  return findWitness(nfas, (acc) => member[0](acc) && member[1](acc)).found !== false;
}

/** Whether the set holds no name at all (e.g. `.security*` without restricted indices). */
export function isEmptyNameSet(set: NameSet): boolean {
  return uncoveredName(set, []) === undefined;
}
