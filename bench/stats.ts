/** Timing helpers: medians and percentiles of samples taken after warm-up, with a GC between samples when exposed. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100); NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const gc = (globalThis as { gc?: (options?: { type: 'major' | 'minor'; execution: 'sync' | 'async' }) => void }).gc;

/**
 * Collects garbage when node runs with --expose-gc (bench/run.mjs does), so one sample's garbage does
 * not bill the next. A regular major collection: a bare `gc()` is V8's memory-reducing one, which also
 * drops the hidden classes no live object has, and with them the optimized code of every function
 * that reads such objects, so the next sample started over unoptimized (measured 2026-12-02: 12 such
 * deoptimizations per parse of the 10k-role file, none with a regular collection). A server's own
 * collections never do that.
 */
export function collectGarbage(): void {
  gc?.({ type: 'major', execution: 'sync' });
}

export const gcExposed = gc !== undefined;

/** Milliseconds `fn` takes. */
export function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface Summary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly p90Ms: number;
  readonly runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  return { medianMs: round(median(samples)), minMs: round(Math.min(...samples)), p90Ms: round(percentile(samples, 90)), runs: samples.length };
}

/** Rounds to `digits` decimals (3 by default) for the report. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Progress lines on stderr, so that stdout stays the report. */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
