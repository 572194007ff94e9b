/**
 * Nondeterministic automata for patterns (Thompson construction), run by state-set simulation: time
 * linear in the input whatever the pattern, so no regex can hang the editor. `findWitness` explores
 * several automata in lock-step (a lazy subset construction) to answer inclusion questions such as
 * "does every name `logs-*` matches also match one of these patterns?", with a shortest example
 * string when the answer is no.
 */
import { MAX_CHAR, UnsupportedPattern, type Ast } from './syntax';

interface Edge {
  readonly lo: number;
  readonly hi: number;
  readonly to: number;
}

export interface Nfa {
  readonly start: number;
  readonly accept: number;
  readonly edges: readonly (readonly Edge[])[];
  readonly eps: readonly (readonly number[])[];
}

/** NFAs above this many states make a pattern unsupported. */
const MAX_STATES = 20_000;

export function compile(ast: Ast): Nfa {
  const edges: Edge[][] = [];
  const eps: number[][] = [];
  const state = (): number => {
    if (edges.length >= MAX_STATES) throw new UnsupportedPattern('pattern too large');
    edges.push([]);
    eps.push([]);
    return edges.length - 1;
  };
  /** Builds `ast` between two fresh states, returned as [in, out]. */
  const build = (node: Ast): [number, number] => {
    const s = state();
    const e = state();
    switch (node.t) {
      case 'empty':
        eps[s].push(e);
        break;
      case 'none':
        break;
      case 'chars':
        for (const [lo, hi] of node.ranges) edges[s].push({ lo, hi, to: e });
        break;
      case 'cat': {
        let prev = s;
        for (const item of node.items) {
          const [a, b] = build(item);
          eps[prev].push(a);
          prev = b;
        }
        eps[prev].push(e);
        break;
      }
      case 'alt':
        for (const item of node.items) {
          const [a, b] = build(item);
          eps[s].push(a);
          eps[b].push(e);
        }
        break;
      case 'rep': {
        let prev = s;
        for (let k = 0; k < node.min; k++) {
          const [a, b] = build(node.item);
          eps[prev].push(a);
          prev = b;
        }
        if (node.max === Infinity) {
          const [a, b] = build(node.item);
          eps[prev].push(a, e);
          eps[b].push(a, e);
        } else {
          for (let k = node.min; k < node.max; k++) {
            const [a, b] = build(node.item);
            eps[prev].push(a, e);
            prev = b;
          }
        }
        eps[prev].push(e);
        break;
      }
    }
    return [s, e];
  };
  const [start, accept] = build(ast);
  return { start, accept, edges, eps };
}

/** The epsilon closure of a set of states, sorted. */
function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of nfa.eps[s]) if (!seen.has(t)) stack.push(t);
  }
  return [...seen].sort((a, b) => a - b);
}

function step(nfa: Nfa, states: readonly number[], c: number): number[] {
  const next = new Set<number>();
  for (const s of states) for (const e of nfa.edges[s]) if (c >= e.lo && c <= e.hi) next.add(e.to);
  return next.size === 0 ? [] : closure(nfa, next);
}

/** Whether the automaton accepts the whole string. */
export function run(nfa: Nfa, text: string): boolean {
  let states = closure(nfa, [nfa.start]);
  for (let i = 0; i < text.length && states.length > 0; i++) states = step(nfa, states, text.charCodeAt(i));
  return states.includes(nfa.accept);
}

export type WitnessResult =
  | { readonly found: true; readonly witness: string }
  | { readonly found: false }
  /** The search hit its bound: the question is left open. */
  | { readonly found: undefined };

/** Combined states explored before giving up. */
const MAX_EXPLORED = 20_000;

/**
 * Is there a string on which the automata's acceptances satisfy `bad`? Explores the product of the
 * automata breadth-first, so the witness returned is a shortest one (with readable characters
 * preferred). `bad` receives one boolean per automaton: does it accept the string read so far.
 */
export function findWitness(nfas: readonly Nfa[], bad: (accepts: readonly boolean[]) => boolean): WitnessResult {
  const startSets = nfas.map((n) => closure(n, [n.start]));
  const keyOf = (sets: readonly (readonly number[])[]) => sets.map((s) => s.join(',')).join('|');
  const seen = new Map<string, { parent: string | undefined; char: number }>();
  const queue: Array<{ key: string; sets: number[][] }> = [{ key: keyOf(startSets), sets: startSets }];
  seen.set(queue[0].key, { parent: undefined, char: -1 });
  for (let head = 0; head < queue.length; head++) {
    if (head >= MAX_EXPLORED) return { found: undefined };
    const { key, sets } = queue[head];
    if (bad(sets.map((s, i) => s.includes(nfas[i].accept)))) return { found: true, witness: polish(nfas, bad, rebuild(seen, key)) };
    for (const c of representatives(nfas, sets)) {
      const next = sets.map((s, i) => (s.length === 0 ? s : step(nfas[i], s, c)));
      const nextKey = keyOf(next);
      if (seen.has(nextKey)) continue;
      seen.set(nextKey, { parent: key, char: c });
      queue.push({ key: nextKey, sets: next });
    }
  }
  return { found: false };
}

function rebuild(seen: Map<string, { parent: string | undefined; char: number }>, key: string): string {
  const chars: number[] = [];
  for (let k: string | undefined = key; k !== undefined; ) {
    const entry: { parent: string | undefined; char: number } = seen.get(k)!;
    if (entry.parent === undefined) break;
    chars.push(entry.char);
    k = entry.parent;
  }
  return String.fromCharCode(...chars.reverse());
}

/**
 * A shortest witness is often an empty name or a bare prefix (`logs-`): when one of a few readable
 * endings also works, prefer it (`logs-a`).
 */
function polish(nfas: readonly Nfa[], bad: (accepts: readonly boolean[]) => boolean, witness: string): string {
  if (/[a-z0-9]$/i.test(witness)) return witness;
  for (const ending of ['a', 'x', '1', 'example']) {
    const candidate = witness + ending;
    if (bad(nfas.map((n) => run(n, candidate)))) return candidate;
  }
  return witness;
}

const PREFERRED = 'abcdefghijklmnopqrstuvwxyz0123456789-_.:/ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** One character per class of characters the current states treat alike (readable ones first). */
function representatives(nfas: readonly Nfa[], sets: readonly (readonly number[])[]): number[] {
  const bounds = new Set<number>([0]);
  sets.forEach((states, i) => {
    for (const s of states) {
      for (const e of nfas[i].edges[s]) {
        bounds.add(e.lo);
        if (e.hi < MAX_CHAR) bounds.add(e.hi + 1);
      }
    }
  });
  const sorted = [...bounds].sort((a, b) => a - b);
  return sorted.map((lo, k) => {
    const hi = k + 1 < sorted.length ? sorted[k + 1] - 1 : MAX_CHAR;
    for (const ch of PREFERRED) {
      const code = ch.charCodeAt(0);
      if (code >= lo && code <= hi) return code;
    }
    return lo;
  });
}
