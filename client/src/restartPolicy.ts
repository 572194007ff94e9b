/**
 * When to restart a crashed language server: at most `maxRestarts` times within `windowMs`, then stop
 * and tell the user once. No `vscode` import, so it is unit-tested.
 */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class RestartPolicy {
  private restarts: number[] = [];

  constructor(
    readonly maxRestarts = MAX_RESTARTS,
    readonly windowMs = RESTART_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's connection closed unexpectedly: restart it (true) or give up (false). */
  shouldRestart(): boolean {
    const t = this.now();
    this.restarts = this.restarts.filter((r) => t - r < this.windowMs);
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(t);
    return true;
  }

  /** Restarts in the current window (for messages). */
  get recentRestarts(): number {
    const t = this.now();
    return this.restarts.filter((r) => t - r < this.windowMs).length;
  }

  /** A manual restart starts afresh. */
  reset(): void {
    this.restarts = [];
  }
}
