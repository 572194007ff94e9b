/**
 * What privileges grant, from the bundled catalog data: the implication closure of named privileges
 * (catalog `implies`, and `all` implies every privilege of its kind), and each privilege's action
 * automaton (action patterns minus excluded patterns). A raw action privilege `X` grants `X*`, as
 * Elasticsearch appends `*` to it.
 *
 * Coverage follows has_privileges: a privilege is held when its action automaton is a subset of the
 * union of the held privileges' automatons (Automatons.subsetOf in ES). The catalog `implies` data
 * is used first (it also covers privileges without action data, such as `manage_own_api_key`).
 */
import { allKnownNames, isRawAction, privilegeInfo, type PrivilegeKind } from '../catalog';
import { compile, findWitness, run, type Nfa } from './nfa';
import { ANY_STRING, parseWildcard } from './syntax';

/** A privilege name as ES resolves it: lower-cased; raw actions recognised per kind. */
export function normalizePrivilege(name: string): string {
  return name.toLowerCase();
}

/** Per kind, per name (the lint asks for every pair of a list's privileges: no key strings built per call). */
const closures = new Map<PrivilegeKind, Map<string, ReadonlySet<string>>>();

/** A named privilege and every privilege it implies, transitively. */
export function impliedClosure(kind: PrivilegeKind, rawName: string): ReadonlySet<string> {
  const name = normalizePrivilege(rawName);
  let byName = closures.get(kind);
  if (!byName) closures.set(kind, (byName = new Map()));
  let set = byName.get(name);
  if (set) return set;
  const out = new Set<string>([name]);
  if (name === 'all') for (const n of allKnownNames(kind)) out.add(n);
  const queue = [...out];
  for (let i = 0; i < queue.length; i++) {
    for (const next of privilegeInfo(kind, queue[i])?.implies ?? []) {
      if (!out.has(next)) {
        out.add(next);
        queue.push(next);
      }
    }
  }
  set = out;
  byName.set(name, set);
  return set;
}

const impliedByCache = new Map<PrivilegeKind, Map<string, string[]>>();

/** The named privileges of a kind that imply `name` (not `name` itself), sorted. */
export function impliedBy(kind: PrivilegeKind, rawName: string): readonly string[] {
  let index = impliedByCache.get(kind);
  if (!index) {
    index = new Map();
    for (const holder of allKnownNames(kind)) {
      for (const implied of impliedClosure(kind, holder)) {
        if (implied === holder) continue;
        let list = index.get(implied);
        if (!list) index.set(implied, (list = []));
        list.push(holder);
      }
    }
    for (const list of index.values()) list.sort();
    impliedByCache.set(kind, index);
  }
  return index.get(normalizePrivilege(rawName)) ?? [];
}

/** The actions of a privilege: allowed patterns minus excluded ones. */
export interface ActionSet {
  readonly allow: Nfa;
  readonly exclude?: Nfa;
  readonly patterns: readonly string[];
  readonly excluded: readonly string[];
}

const actionSets = new Map<string, ActionSet | null>();

function patternsNfa(patterns: readonly string[]): Nfa {
  return compile(patterns.length === 0 ? { t: 'none' } : { t: 'alt', items: patterns.map(parseWildcard) });
}

/**
 * The action set of a privilege (named or raw), or undefined when the catalog has no action data
 * for it (`manage_own_api_key`, `monitor_stats`, `monitor_esql`, unknown names).
 */
export function actionSet(kind: PrivilegeKind, rawName: string): ActionSet | undefined {
  const name = normalizePrivilege(rawName);
  const key = `${kind}\u0000${name}`;
  const hit = actionSets.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let set: ActionSet | null = null;
  if (isRawAction(kind, name)) {
    const pattern = `${name}*`;
    set = { allow: patternsNfa([pattern]), patterns: [pattern], excluded: [] };
  } else {
    const info = privilegeInfo(kind, name);
    if (info?.actions) {
      const excluded = info.excludedActions ?? [];
      set = {
        allow: patternsNfa(info.actions),
        exclude: excluded.length ? patternsNfa(excluded) : undefined,
        patterns: info.actions,
        excluded,
      };
    }
  }
  actionSets.set(key, set);
  return set ?? undefined;
}

/** Whether a privilege grants one concrete action (authorization of a request). */
export function grantsAction(kind: PrivilegeKind, privilege: string, action: string): boolean | undefined {
  const set = actionSet(kind, privilege);
  if (!set) return undefined;
  return run(set.allow, action) && !(set.exclude && run(set.exclude, action));
}

export interface Coverage {
  readonly granted: boolean;
  /** The held privileges that grant it (by name, or whose actions together cover it). */
  readonly by: readonly string[];
  /** Why the answer may be wrong (missing action data). */
  readonly uncertain?: string;
  /** An action the held privileges lack, when not granted. */
  readonly missingAction?: string;
}

const ANY_NFA = compile(ANY_STRING);
/** Index privileges that apply to a data stream's failure store (selector `::failures`). */
const FAILURE_STORE: ReadonlySet<string> = new Set(['read_failure_store', 'manage_failure_store']);

/**
 * Do the held privileges (one kind, any mix of names and raw actions) grant `requested`?
 * By name first (the privilege itself, `all`, catalog `implies`), then by action automaton subset.
 */
export function coverage(kind: PrivilegeKind, held: readonly string[], requestedRaw: string): Coverage {
  const requested = normalizePrivilege(requestedRaw);
  const names = held.map(normalizePrivilege);
  const byName = names.find((h) => h === requested || (!isRawAction(kind, h) && impliedClosure(kind, h).has(requested)));
  if (byName !== undefined) return { granted: true, by: [byName] };
  if (kind === 'index' && FAILURE_STORE.has(requested)) {
    // Failure-store privileges apply to the `::failures` selector, not to data: only by name.
    return { granted: false, by: [] };
  }
  const want = actionSet(kind, requested);
  if (!want) {
    return { granted: false, by: [], uncertain: `the catalog has no action data for \`${requested}\`; only privileges that imply it by name count` };
  }
  // Held failure-store privileges grant their actions on the failure store only, not on data.
  const sets = names.filter((h) => kind !== 'index' || !FAILURE_STORE.has(h)).map((h) => ({ h, set: actionSet(kind, h) }));
  const known = sets.filter((s): s is { h: string; set: ActionSet } => s.set !== undefined);
  const unknown = sets.filter((s) => !s.set).map((s) => s.h);
  const nfas: Nfa[] = [want.allow, want.exclude ?? compile({ t: 'none' })];
  for (const k of known) nfas.push(k.set.allow, k.set.exclude ?? compile({ t: 'none' }));
  const heldAccepts = (acc: readonly boolean[], i: number) => acc[2 + 2 * i] && !acc[3 + 2 * i];
  const result = findWitness(nfas, (acc) => acc[0] && !acc[1] && !known.some((_, i) => heldAccepts(acc, i)));
  const note = unknown.length ? `no action data for ${unknown.map((u) => `\`${u}\``).join(', ')}` : undefined;
  if (result.found === undefined) return { granted: false, by: [], uncertain: 'the automaton search hit its bound' };
  // Which held privileges share actions with the requested one: those grant it (or part of it).
  const sharing = () =>
    known
      .filter((k) => findWitness([want.allow, k.set.allow, ...(k.set.exclude ? [k.set.exclude] : [])], (a) => a[0] && a[1] && !a[2]).found === true)
      .map((k) => k.h);
  if (result.found) {
    // Naming a missing action helps only when the held privileges grant part of the requested one.
    return { granted: false, by: [], missingAction: sharing().length > 0 ? result.witness : undefined, uncertain: note };
  }
  if (known.length === 0 && want.patterns.length === 0) {
    // A privilege with no actions (`none`) is a subset of anything: ES's has_privileges says true.
    return { granted: true, by: [], uncertain: `\`${requested}\` grants no actions` };
  }
  return { granted: true, by: sharing() };
}

/** Does the held list grant one concrete action? Returns the held privileges that grant it. */
export function actionCoverage(kind: PrivilegeKind, held: readonly string[], action: string): Coverage {
  const by: string[] = [];
  const unknown: string[] = [];
  for (const h of held) {
    if (kind === 'index' && FAILURE_STORE.has(normalizePrivilege(h))) continue;
    const g = grantsAction(kind, h, action);
    if (g === undefined) {
      // A privilege without action data that implies `all` would still grant it (only `all` itself).
      if (!impliedClosure(kind, h).has('all')) unknown.push(normalizePrivilege(h));
      else by.push(normalizePrivilege(h));
    } else if (g) by.push(normalizePrivilege(h));
  }
  const uncertain = unknown.length && by.length === 0 ? `no action data for ${unknown.map((u) => `\`${u}\``).join(', ')}` : undefined;
  return { granted: by.length > 0, by, uncertain };
}

/** Whether the action set of `held` includes every action of `requested` (both single privileges). */
export function privilegeImplies(kind: PrivilegeKind, held: string, requested: string): boolean {
  return coverage(kind, [held], requested).granted;
}

/** Whether an action pattern set covers every action (used to spot `cluster:*`-like raw privileges). */
export function coversEverything(set: ActionSet): boolean {
  return findWitness([ANY_NFA, set.allow, ...(set.exclude ? [set.exclude] : [])], (a) => a[0] && !(a[1] && !a[2])).found === false;
}
