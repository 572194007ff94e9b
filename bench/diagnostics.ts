/**
 * Full diagnostics of each corpus, side by side in the same rounds: the floors (JSON.parse, the node
 * table of nodeTable.ts, jsonc-parser parseTree), our language service (the server's default settings; a fresh TextDocument per run, so
 * nothing is cached) and the JSON-Schema peer (vscode-json-languageservice with
 * bench/schema/role-descriptor.schema.json).
 * Interleaving the four per round keeps their ratios honest on a machine shared with other work.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/language';
import { DEFAULT_SETTINGS, toDocumentSettings } from '../server/src/settings';
import type { Corpus } from './corpus';
import { nodeTable } from './nodeTable';
import type { SchemaPeer } from './schema';
import { collectGarbage, progress, round, summarize, time, timeAsync, type Summary } from './stats';

export interface DiagnosticsResult {
  readonly corpus: string;
  readonly bytes: number;
  readonly roles: number;
  readonly jsonParse: Summary;
  /** bench/nodeTable.ts: every node's kind, offset, length and parent in typed arrays (a floor). */
  readonly nodeTable: Summary;
  readonly parseTree: Summary;
  readonly ours: Summary & { readonly diagnostics: number };
  /** Our parse alone (the cached tree every feature shares), without validation. */
  readonly oursParse: Summary;
  readonly peer: Summary & { readonly diagnostics: number };
  /** ours / parseTree (lower is better; target <= 2 at 10k roles). */
  readonly oursVsParseTree: number;
  /** peer / ours (higher is better; target >= 5 at 10k roles). */
  readonly peerVsOurs: number;
  /** peer / our parse alone: the most peer / ours could be if validation cost nothing. */
  readonly peerVsOursParse: number;
}

export interface DiagnosticsPlan {
  readonly warmup: number;
  readonly rounds: number;
  /** The peer takes part in this many of the rounds (it is the slow one). */
  readonly peerRounds: number;
}

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true };

export function planFor(corpus: Corpus, quick: boolean): DiagnosticsPlan {
  if (quick) return { warmup: 0, rounds: 1, peerRounds: 1 };
  if (corpus.roles >= 10_000) return { warmup: 2, rounds: 9, peerRounds: 3 };
  if (corpus.roles >= 1_000) return { warmup: 3, rounds: 15, peerRounds: 7 };
  return { warmup: 5, rounds: 25, peerRounds: 15 };
}

export async function benchDiagnostics(corpus: Corpus, peer: SchemaPeer, plan: DiagnosticsPlan): Promise<DiagnosticsResult> {
  const service = getLanguageService();
  // What the server validates with by default (validation plus the default lint profile).
  const settings = toDocumentSettings(DEFAULT_SETTINGS);
  const text = corpus.text;
  let version = 0;
  const fresh = (languageId: string) => TextDocument.create(corpus.uri, languageId, ++version, text);
  let ourCount = 0;
  let peerCount = 0;
  const steps = {
    jsonParse: () => JSON.parse(text),
    nodeTable: () => nodeTable(text),
    parseTree: () => parseTree(text, [] as ParseError[], PARSE_OPTIONS),
    ours: () => (ourCount = service.doValidation(fresh('elasticsearch-role'), settings).length),
    oursParse: () => service.parse(fresh('elasticsearch-role')),
    peer: async () => (peerCount = (await peer.validate(fresh('json'))).length),
  };
  for (let i = 0; i < plan.warmup; i++) {
    steps.jsonParse();
    steps.nodeTable();
    steps.parseTree();
    steps.ours();
    steps.oursParse();
    if (i < Math.max(1, plan.warmup - 1)) await steps.peer();
  }
  const samples = { jsonParse: [] as number[], nodeTable: [] as number[], parseTree: [] as number[], ours: [] as number[], oursParse: [] as number[], peer: [] as number[] };
  for (let round = 0; round < plan.rounds; round++) {
    collectGarbage();
    samples.jsonParse.push(time(steps.jsonParse));
    collectGarbage();
    samples.nodeTable.push(time(steps.nodeTable));
    collectGarbage();
    samples.parseTree.push(time(steps.parseTree));
    collectGarbage();
    samples.ours.push(time(steps.ours));
    collectGarbage();
    samples.oursParse.push(time(steps.oursParse));
    if (round < plan.peerRounds) {
      collectGarbage();
      samples.peer.push(await timeAsync(steps.peer));
    }
  }
  service.forget(corpus.uri);
  const result = {
    corpus: corpus.id,
    bytes: Buffer.byteLength(text),
    roles: corpus.roles,
    jsonParse: summarize(samples.jsonParse),
    nodeTable: summarize(samples.nodeTable),
    parseTree: summarize(samples.parseTree),
    ours: { ...summarize(samples.ours), diagnostics: ourCount },
    oursParse: summarize(samples.oursParse),
    peer: { ...summarize(samples.peer), diagnostics: peerCount },
  };
  const out: DiagnosticsResult = {
    ...result,
    oursVsParseTree: round(result.ours.medianMs / result.parseTree.medianMs, 2),
    peerVsOurs: round(result.peer.medianMs / result.ours.medianMs, 2),
    peerVsOursParse: round(result.peer.medianMs / result.oursParse.medianMs, 2),
  };
  progress(
    `diagnostics ${corpus.id}: ours ${out.ours.medianMs.toFixed(1)} ms (${ourCount} diagnostics), parseTree ${out.parseTree.medianMs.toFixed(1)} ms, ` +
      `peer ${out.peer.medianMs.toFixed(1)} ms (${peerCount}) -> ${out.oursVsParseTree}x parseTree, peer ${out.peerVsOurs}x slower`,
  );
  return out;
}
