/**
 * Completion latency at random privilege-array and key positions, on one document version whose
 * parse is cached (as in the editor, where the diagnostics pass parsed it already).
 */
import type { Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/language';
import { DEFAULT_SETTINGS, toDocumentSettings } from '../server/src/settings';
import { mulberry32, type Corpus } from './corpus';
import { collectGarbage, median, percentile, progress, round } from './stats';

export interface CompletionPoint {
  readonly offset: number;
  readonly kind: 'privilege' | 'key';
}

export interface CompletionResult {
  readonly corpus: string;
  readonly bytes: number;
  readonly positions: number;
  readonly rounds: number;
  readonly p50Ms: number;
  /** The median over rounds of each round's p99. */
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Positions where completion offered something (a sanity check). */
  readonly withItems: number;
}

const PRIVILEGE_ARRAYS = new Set(['cluster', 'privileges']);

/**
 * `count` positions drawn with a seeded PRNG: half inside privilege names in `cluster` / `privileges`
 * arrays, half inside property keys of role descriptors and their entries.
 */
export function completionPoints(root: Node | undefined, count: number, seed = 7): CompletionPoint[] {
  const privileges: Node[] = [];
  const keys: Node[] = [];
  // Keys from depth 3 on: properties of a role (depth 0 is the map, 1 its properties, 2 a role).
  const stack: Array<[Node, number]> = root ? [[root, 0]] : [];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      if (key && depth >= 3) keys.push(key);
      if (value?.type === 'array' && PRIVILEGE_ARRAYS.has(String(key?.value))) {
        for (const el of value.children ?? []) if (el.type === 'string') privileges.push(el);
      }
    }
    for (const c of node.children ?? []) stack.push([c, depth + 1]);
  }
  const next = mulberry32(seed);
  const pick = (nodes: Node[], kind: CompletionPoint['kind']): CompletionPoint => {
    const n = nodes[Math.floor(next() * nodes.length)];
    // Inside the string, after the opening quote and 0..len characters (a prefix being typed).
    const inner = Math.max(0, n.length - 2);
    return { offset: n.offset + 1 + Math.floor(next() * (inner + 1)), kind };
  };
  const out: CompletionPoint[] = [];
  for (let i = 0; i < count; i++) out.push(i % 2 === 0 ? pick(privileges, 'privilege') : pick(keys, 'key'));
  return out;
}

export function benchCompletion(corpus: Corpus, opts: { positions: number; rounds: number }): CompletionResult {
  const service = getLanguageService();
  const settings = toDocumentSettings(DEFAULT_SETTINGS);
  const document = TextDocument.create(corpus.uri, 'elasticsearch-role', 1, corpus.text);
  // The editor validated this version already: parse once, then every completion reuses the tree.
  service.doValidation(document, settings);
  const points = completionPoints(service.parse(document).root, opts.positions);
  const positions = points.map((p) => document.positionAt(p.offset));
  for (const position of positions.slice(0, 20)) service.doComplete(document, position, settings);
  const all: number[] = [];
  const p99s: number[] = [];
  let withItems = 0;
  for (let r = 0; r < opts.rounds; r++) {
    collectGarbage();
    const samples: number[] = [];
    for (const position of positions) {
      const t0 = performance.now();
      const list = service.doComplete(document, position, settings);
      samples.push(performance.now() - t0);
      if (r === 0 && list.items.length > 0) withItems++;
    }
    all.push(...samples);
    p99s.push(percentile(samples, 99));
  }
  service.forget(corpus.uri);
  const result: CompletionResult = {
    corpus: corpus.id,
    bytes: Buffer.byteLength(corpus.text),
    positions: positions.length,
    rounds: opts.rounds,
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(median(p99s)),
    maxMs: round(Math.max(...all)),
    withItems,
  };
  progress(`completion ${corpus.id}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (${withItems}/${positions.length} positions with items)`);
  return result;
}
