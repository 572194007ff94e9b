/**
 * The BUILT server over stdio: start to initialize response, a one-character edit to the
 * publishDiagnostics of that version (debounce set to 0 through workspace/configuration), completion
 * request to response, and the server's peak RSS holding a large document open.
 */
import { spawn } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mulberry32, type Corpus } from './corpus';
import { completionPoints } from './completion';
import { getLanguageService } from '../server/src/language';
import { SERVER_NODE_OPTIONS } from '../server/src/nodeOptions';
import { LspClient } from './lspClient';
import { median, percentile, progress, round } from './stats';

const SETTINGS = { validation: { delayMs: 0 } };

export interface StartResult {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /**
   * The same machine's bare Node start (`node -e 0`, spawn to exit), median of as many runs,
   * interleaved: most of the server's start is Node's own, so this gives the figure its scale.
   */
  readonly nodeMedianMs: number;
}

export async function benchServerStart(serverPath: string, runs: number, warmup: number): Promise<StartResult> {
  const samples: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const { client, startMs } = await LspClient.start(serverPath, SETTINGS);
    await client.shutdown();
    const nodeMs = await bareNodeStart();
    if (i >= warmup) {
      samples.push(startMs);
      bare.push(nodeMs);
    }
  }
  const result = {
    runs: samples.length,
    medianMs: round(median(samples), 1),
    minMs: round(Math.min(...samples), 1),
    maxMs: round(Math.max(...samples), 1),
    nodeMedianMs: round(median(bare), 1),
  };
  progress(`server start: median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}, ${runs} runs); node -e 0: ${result.nodeMedianMs} ms`);
  return result;
}

/** Milliseconds from spawning `node -e 0` to its exit. */
function bareNodeStart(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - t0));
  });
}

export interface EditResult {
  readonly corpus: string;
  readonly bytes: number;
  /** didOpen to the first publishDiagnostics. */
  readonly openToDiagnosticsMs: number;
  readonly edits: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly maxMs: number;
  readonly completion: { readonly requests: number; readonly p50Ms: number; readonly p99Ms: number };
  readonly diagnostics: number;
  /** Peak and current RSS of the server after the last diagnostics, in MB. */
  readonly peakRssMB?: number;
  readonly rssMB?: number;
}

/** Offsets where one character can be inserted without changing the document's meaning: inside metadata tickets and names. */
function editSpots(text: string): number[] {
  const spots: number[] = [];
  for (let i = text.indexOf('"SEC-'); i >= 0; i = text.indexOf('"SEC-', i + 1)) spots.push(i + 5);
  return spots;
}

export async function benchEdits(serverPath: string, corpus: Corpus, opts: { edits: number; warmup: number; completions: number }): Promise<EditResult> {
  const { client } = await LspClient.start(serverPath, SETTINGS);
  try {
    const uri = corpus.uri;
    let version = 1;
    const t0 = performance.now();
    client.open(uri, corpus.text, version);
    const first = await client.diagnosticsFor(uri, version);
    const openToDiagnosticsMs = performance.now() - t0;

    // Completion round trips on the opened version (parse cached by the diagnostics pass).
    const local = TextDocument.create(uri, 'elasticsearch-role', 1, corpus.text);
    const points = completionPoints(getLanguageService().parse(local).root, opts.completions, 11);
    const completionSamples: number[] = [];
    for (const [i, p] of points.entries()) {
      const c0 = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: local.positionAt(p.offset) });
      if (i >= Math.min(10, points.length - 1)) completionSamples.push(performance.now() - c0);
    }

    // One-character edits: insert a character, then delete it again, each a new version.
    const spots = editSpots(corpus.text);
    const next = mulberry32(3);
    const samples: number[] = [];
    for (let i = 0; i < opts.warmup + opts.edits; i++) {
      const at = local.positionAt(spots[Math.floor(next() * spots.length)]);
      const insert = { range: { start: at, end: at }, text: '7' };
      const remove = { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      for (const change of [insert, remove]) {
        version++;
        const e0 = performance.now();
        client.change(uri, version, change.range, change.text);
        await client.diagnosticsFor(uri, version);
        if (i >= opts.warmup) samples.push(performance.now() - e0);
      }
    }
    const memory = client.memory();
    const result: EditResult = {
      corpus: corpus.id,
      bytes: Buffer.byteLength(corpus.text),
      openToDiagnosticsMs: round(openToDiagnosticsMs, 1),
      edits: samples.length,
      medianMs: round(median(samples), 1),
      p90Ms: round(percentile(samples, 90), 1),
      maxMs: round(Math.max(...samples), 1),
      completion: { requests: completionSamples.length, p50Ms: round(percentile(completionSamples, 50)), p99Ms: round(percentile(completionSamples, 99)) },
      diagnostics: first.diagnostics.length,
      peakRssMB: memory ? round(memory.peakRss / 1048576, 1) : undefined,
      rssMB: memory ? round(memory.rss / 1048576, 1) : undefined,
    };
    progress(
      `lsp ${corpus.id}: open -> diagnostics ${result.openToDiagnosticsMs} ms; edit -> diagnostics median ${result.medianMs} ms (p90 ${result.p90Ms}, ${samples.length} edits); ` +
        `completion round trip p50 ${result.completion.p50Ms} ms, p99 ${result.completion.p99Ms} ms`,
    );
    return result;
  } finally {
    await client.shutdown();
  }
}

export interface MemoryResult {
  readonly corpus: string;
  /** The Node.js options the server ran with. */
  readonly nodeOptions: readonly string[];
  readonly bytes: number;
  readonly idlePeakRssMB: number;
  readonly openToDiagnosticsMs: number;
  readonly diagnostics: number;
  /** VmHWM after the diagnostics arrived. */
  readonly peakRssMB: number;
  readonly rssMB: number;
}

/** `nodeOptions`: by default the ones the extension starts the server with (server/src/nodeOptions.ts). */
export async function benchMemory(serverPath: string, corpus: Corpus, nodeOptions: readonly string[] = SERVER_NODE_OPTIONS): Promise<MemoryResult | undefined> {
  const { client } = await LspClient.start(serverPath, SETTINGS, nodeOptions);
  try {
    const idle = client.memory();
    if (!idle) {
      progress('memory: /proc/<pid>/status is not readable here (not Linux?); skipped');
      return undefined;
    }
    const t0 = performance.now();
    client.open(corpus.uri, corpus.text, 1);
    const published = await client.diagnosticsFor(corpus.uri, 1);
    const openToDiagnosticsMs = performance.now() - t0;
    const memory = client.memory()!;
    const result: MemoryResult = {
      corpus: corpus.id,
      nodeOptions,
      bytes: Buffer.byteLength(corpus.text),
      idlePeakRssMB: round(idle.peakRss / 1048576, 1),
      openToDiagnosticsMs: round(openToDiagnosticsMs, 1),
      diagnostics: published.diagnostics.length,
      peakRssMB: round(memory.peakRss / 1048576, 1),
      rssMB: round(memory.rss / 1048576, 1),
    };
    progress(`memory ${corpus.id} (node ${nodeOptions.join(' ') || 'without options'}): peak RSS ${result.peakRssMB} MB (idle ${result.idlePeakRssMB} MB, now ${result.rssMB} MB); open -> diagnostics ${result.openToDiagnosticsMs} ms`);
    return result;
  } finally {
    await client.shutdown();
  }
}
