/**
 * The long fuzz run's worker: bundled by scripts/fuzz.mjs into .fuzz/driver.mjs and forked with
 * `--seed`, `--count`, `--large-rate` and `--root`. Runs every feature on `count` seeded mutated
 * documents (see mutations.ts and check.ts) and reports to the parent over IPC: `start` before each
 * document (so that a hang can be pinned to one), `failure` with the case to replay, `progress`,
 * and a final `summary`. Without IPC (run directly) it prints the same as lines of JSON.
 */
import fc from 'fast-check';
import { checkCase, createServices } from './check';
import { seeds } from './corpus';
import { buildCase, fuzzCase, type FuzzCase } from './mutations';

export interface Summary {
  readonly seed: number;
  readonly documents: number;
  readonly crashes: number;
  readonly largeDocuments: number;
  readonly diagnostics: number;
  readonly elapsedMs: number;
  readonly slowest:
    | { readonly label: string; readonly characters: number; readonly bytes: number; readonly ms: number; readonly feature: string; readonly fuzzCase: FuzzCase }
    | undefined;
}

type Message =
  | { type: 'start'; index: number; label: string; characters: number }
  | { type: 'failure'; index: number; label: string; failures: string[]; fuzzCase: FuzzCase }
  | { type: 'progress'; documents: number; crashes: number; elapsedMs: number }
  | { type: 'summary'; summary: Summary };

function send(message: Message): void {
  if (process.send) process.send(message);
  else process.stdout.write(`${JSON.stringify(message)}\n`);
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function main(): void {
  const seed = Number(option('seed', '1'));
  const count = Number(option('count', '1000'));
  const largeRate = Number(option('large-rate', '0.01'));
  const root = option('root', process.cwd());
  const corpus = seeds(root);
  const services = createServices();
  const replay = option('case', '');
  if (replay) {
    // One case, as a failure printed it.
    const c = JSON.parse(replay) as FuzzCase;
    const built = buildCase(c, corpus);
    const result = checkCase(services, built, c);
    send({ type: 'start', index: 0, label: built.label, characters: built.text.length });
    if (result.failures.length > 0) send({ type: 'failure', index: 0, label: built.label, failures: result.failures, fuzzCase: c });
    send({
      type: 'summary',
      summary: { seed, documents: 1, crashes: result.failures.length > 0 ? 1 : 0, largeDocuments: c.large ? 1 : 0, diagnostics: result.diagnostics, elapsedMs: Math.round(result.elapsedMs), slowest: { label: built.label, characters: built.text.length, bytes: Buffer.byteLength(built.text, 'utf8'), ms: Math.round(result.elapsedMs), feature: `${result.slowest.feature} ${Math.round(result.slowest.ms)} ms`, fuzzCase: c } },
    });
    if (process.send) process.disconnect();
    return;
  }
  const started = performance.now();
  let documents = 0;
  let crashes = 0;
  let largeDocuments = 0;
  let diagnostics = 0;
  let slowest: Summary['slowest'];

  fc.check(
    fc.property(fuzzCase({ largeRate }), (c) => {
      const index = documents;
      const built = buildCase(c, corpus);
      send({ type: 'start', index, label: built.label, characters: built.text.length });
      let result: ReturnType<typeof checkCase>;
      try {
        result = checkCase(services, built, c);
      } catch (err) {
        // The checks themselves failed (an invariant the checker relies on): a crash all the same.
        result = { failures: [`checker threw: ${err instanceof Error ? err.stack : String(err)}`], elapsedMs: 0, slowest: { feature: '', ms: 0 }, diagnostics: 0 };
      }
      documents++;
      if (c.large) largeDocuments++;
      diagnostics += result.diagnostics;
      if (result.failures.length > 0) {
        crashes++;
        send({ type: 'failure', index, label: built.label, failures: result.failures, fuzzCase: c });
      }
      if (!slowest || result.elapsedMs > slowest.ms) {
        slowest = {
          label: built.label,
          characters: built.text.length,
          bytes: Buffer.byteLength(built.text, 'utf8'),
          ms: Math.round(result.elapsedMs),
          feature: `${result.slowest.feature} ${Math.round(result.slowest.ms)} ms`,
          fuzzCase: c,
        };
      }
      if (documents % 1000 === 0) send({ type: 'progress', documents, crashes, elapsedMs: Math.round(performance.now() - started) });
      return true; // count every failure instead of stopping (and shrinking) at the first
    }),
    { seed, numRuns: count },
  );
  send({
    type: 'summary',
    summary: { seed, documents, crashes, largeDocuments, diagnostics, elapsedMs: Math.round(performance.now() - started), slowest },
  });
  if (process.send) process.disconnect();
}

main();
