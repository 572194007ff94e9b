/** The report: targets from the measurements, and the human-readable tables. */
import type { CompletionResult } from './completion';
import type { DiagnosticsResult } from './diagnostics';
import type { HeapResult } from './heap';
import type { EditResult, MemoryResult, StartResult } from './lsp';
import type { PushResult } from './push';
import { round } from './stats';

export interface BundleSizes {
  /** Whether dist/ holds minified production bundles (npm run build:prod). */
  readonly production: boolean;
  /** Where the bundles were read (the bench's own production build unless --no-build). */
  readonly dir: string;
  readonly files: Record<string, number | null>;
}

export interface Measurements {
  readonly diagnostics: DiagnosticsResult[];
  readonly completion: CompletionResult[];
  readonly start?: StartResult;
  readonly edits?: EditResult;
  readonly memory?: MemoryResult;
  /** The same, with the server started without SERVER_NODE_OPTIONS (full runs only). */
  readonly memoryPlainNode?: MemoryResult;
  readonly heap?: HeapResult;
  /** The server bundle the LSP measurements spawned, relative to the repository. */
  readonly serverBundle?: string;
  readonly bundles?: BundleSizes;
  readonly push?: PushResult;
}

export interface Target {
  readonly value: number;
  readonly limit: number;
  readonly holds: boolean;
}

export type TargetKey =
  | 'diagnostics10kVsParseTree' | 'diagnostics10kVsSchemaPeer' | 'completionP99Ms1MB' | 'lspEditToDiagnosticsMs1MB'
  | 'serverStartMs' | 'clientBundleKB' | 'serverBundleKB' | 'push1000SpeedupVsSequential' | 'serverRssMB10k';

/** What each target means, for the table (the JSON keeps only value/limit/holds). */
export const TARGET_LABELS: Record<TargetKey, string> = {
  diagnostics10kVsParseTree: 'diagnostics of 10k roles / jsonc parseTree  (<=)',
  diagnostics10kVsSchemaPeer: 'JSON-Schema peer / our diagnostics, 10k    (>=)',
  completionP99Ms1MB: 'completion p99 at 1 MB, ms                 (<)',
  lspEditToDiagnosticsMs1MB: 'LSP 1-char edit -> diagnostics, 1 MB, ms   (<)',
  serverStartMs: 'server start -> initialize result, ms      (<)',
  clientBundleKB: 'client bundle, KB                          (<)',
  serverBundleKB: 'server bundle, KB                          (<)',
  push1000SpeedupVsSequential: 'push 1,000 roles: sequential PUTs / ours   (>=)',
  serverRssMB10k: 'server peak RSS with 10k roles open, MB    (<)',
};

const atMost = (value: number, limit: number): Target => ({ value, limit, holds: Number.isFinite(value) && value <= limit });
const below = (value: number, limit: number): Target => ({ value, limit, holds: Number.isFinite(value) && value < limit });
const atLeast = (value: number, limit: number): Target => ({ value, limit, holds: Number.isFinite(value) && value >= limit });

/** The largest roles-map corpus measured (roles-10k in a full run). */
function largest<T extends { corpus: string; bytes: number }>(xs: readonly T[], prefix = 'roles-'): T | undefined {
  return [...xs].filter((x) => x.corpus.startsWith(prefix)).sort((a, b) => b.bytes - a.bytes)[0];
}

export function computeTargets(m: Measurements): Record<TargetKey, Target> {
  const diag = largest(m.diagnostics);
  const completion = m.completion.find((c) => c.corpus === 'roles-1k') ?? largest(m.completion);
  const kb = (file: string) => {
    const bytes = m.bundles?.files[file];
    return typeof bytes === 'number' ? round(bytes / 1024, 1) : NaN;
  };
  return {
    diagnostics10kVsParseTree: atMost(diag?.oursVsParseTree ?? NaN, 2),
    diagnostics10kVsSchemaPeer: atLeast(diag?.peerVsOurs ?? NaN, 5),
    completionP99Ms1MB: below(completion?.p99Ms ?? NaN, 5),
    lspEditToDiagnosticsMs1MB: below(m.edits?.medianMs ?? NaN, 150),
    serverStartMs: below(m.start?.medianMs ?? NaN, 200),
    clientBundleKB: below(kb('dist/client.js'), 500),
    serverBundleKB: below(kb('dist/server.js'), 1024),
    push1000SpeedupVsSequential: atLeast(m.push?.bulkSpeedup ?? NaN, 10),
    serverRssMB10k: below(m.memory?.peakRssMB ?? NaN, 150),
  };
}

/** A plain-text table: the first column (or, with `leftAll`, every column) left-aligned, the rest right-aligned. */
function table(header: string[], rows: Array<Array<string | number>>, leftAll = false): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || leftAll ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

export function formatReport(m: Measurements, targets: Record<TargetKey, Target>, header: string): string {
  const out: string[] = [header, ''];
  if (m.diagnostics.length) {
    out.push('Full diagnostics (median ms; ratios of medians from the same rounds; "node table" is the floor of bench/nodeTable.ts; "our parse" is the cached tree alone, without validation)');
    out.push(
      table(
        ['corpus', 'size', 'JSON.parse', 'node table', 'parseTree', 'our parse', 'ours', 'peer (JSON Schema)', 'ours/parseTree', 'peer/ours', 'peer/our parse', 'our diags', 'peer diags'],
        m.diagnostics.map((d) => [
          d.corpus, mb(d.bytes), ms(d.jsonParse.medianMs), ms(d.nodeTable.medianMs), ms(d.parseTree.medianMs), ms(d.oursParse.medianMs), ms(d.ours.medianMs), ms(d.peer.medianMs),
          `${d.oursVsParseTree}x`, `${d.peerVsOurs}x`, `${d.peerVsOursParse}x`, d.ours.diagnostics, d.peer.diagnostics,
        ]),
      ),
    );
    out.push('');
  }
  if (m.completion.length) {
    out.push('Completion, in process, parse cached (ms)');
    out.push(table(['corpus', 'size', 'positions x rounds', 'p50', 'p99', 'max'], m.completion.map((c) => [c.corpus, mb(c.bytes), `${c.positions} x ${c.rounds}`, ms(c.p50Ms), ms(c.p99Ms), ms(c.maxMs)])));
    out.push('');
  }
  if (m.start || m.edits || m.memory) {
    const nodeOptions = m.memory?.nodeOptions.join(' ');
    out.push(`Built server over stdio (node ${nodeOptions ? `${nodeOptions} ` : ''}${m.serverBundle ?? 'dist/server.js'} --stdio, as the extension starts it; validation.delayMs 0)`);
    const rows: Array<Array<string | number>> = [];
    if (m.start) {
      rows.push(['start -> initialize result', `${ms(m.start.medianMs)} ms median (min ${ms(m.start.minMs)}, ${m.start.runs} runs)`]);
      rows.push(['bare node -e 0 (this machine, for scale)', `${ms(m.start.nodeMedianMs)} ms median`]);
    }
    if (m.edits) {
      const e = m.edits;
      rows.push([`open ${e.corpus} -> diagnostics`, `${ms(e.openToDiagnosticsMs)} ms (${e.diagnostics} diagnostics)`]);
      rows.push([`1-char edit -> diagnostics, ${e.corpus}`, `${ms(e.medianMs)} ms median, p90 ${ms(e.p90Ms)}, max ${ms(e.maxMs)} (${e.edits} edits)`]);
      rows.push([`completion request -> response, ${e.corpus}`, `p50 ${ms(e.completion.p50Ms)} ms, p99 ${ms(e.completion.p99Ms)} ms (${e.completion.requests} requests)`]);
      if (e.peakRssMB !== undefined) rows.push([`peak RSS with ${e.corpus} open`, `${e.peakRssMB} MB`]);
    }
    if (m.memory) {
      const r = m.memory;
      rows.push([`open ${r.corpus} -> diagnostics`, `${ms(r.openToDiagnosticsMs)} ms (${r.diagnostics} diagnostics)`]);
      rows.push([`peak RSS with ${r.corpus} open`, `${r.peakRssMB} MB (idle server ${r.idlePeakRssMB} MB; RSS now ${r.rssMB} MB)`]);
    }
    if (m.memoryPlainNode) {
      const r = m.memoryPlainNode;
      rows.push([`the same, node without options`, `${r.peakRssMB} MB peak (idle ${r.idlePeakRssMB} MB); open -> diagnostics ${ms(r.openToDiagnosticsMs)} ms`]);
    }
    if (m.heap) {
      const h = m.heap;
      rows.push([`heap held for ${h.corpus} (in process)`, `text ${h.textMB} MB + parse and line index ${h.oursMB} MB (jsonc parseTree alone: ${h.parseTreeMB} MB)`]);
    }
    out.push(table(['measurement', 'result'], rows, true));
    out.push('');
  }
  if (m.bundles) {
    out.push(`Bundles (${m.bundles.production ? 'production build, minified' : 'NOT minified: run npm run build:prod'}; read from ${m.bundles.dir}/)`);
    out.push(table(['file', 'KB'], Object.entries(m.bundles.files).map(([f, b]) => [f, b === null ? 'absent' : (b / 1024).toFixed(1)])));
    out.push('');
  }
  if (m.push) {
    const p = m.push;
    out.push(`Push ${p.roles.toLocaleString('en-US')} roles to the test server, ${p.latencyMs} ms latency per request (median ms)`);
    out.push(
      table(
        ['variant', 'ms', 'requests', 'connections', 'refused', 'speed-up'],
        [
          ['sequential PUT per role', ms(p.sequential.medianMs), p.sequential.requests, p.sequential.connections, p.sequential.errors, '1x'],
          ['bulkPutRoles (9.1: one POST)', ms(p.bulk.medianMs), p.bulk.requests, p.bulk.connections, p.bulk.errors, `${p.bulkSpeedup}x`],
          [`bulkPutRoles (8.12: PUTs, concurrency ${p.fallback.concurrency})`, ms(p.fallback.medianMs), p.fallback.requests, p.fallback.connections, p.fallback.errors, `${p.fallbackSpeedup}x`],
        ],
      ),
    );
    out.push('');
  }
  out.push('Targets');
  out.push(
    table(
      ['target', 'key', 'value', 'limit', 'holds'],
      (Object.keys(targets) as TargetKey[]).map((k) => [TARGET_LABELS[k], k, Number.isFinite(targets[k].value) ? String(targets[k].value) : 'not measured', targets[k].limit, targets[k].holds ? 'yes' : 'NO']),
    ),
  );
  return out.join('\n');
}
