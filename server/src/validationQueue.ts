/**
 * Debounced push diagnostics that never publish a stale result. Model: json-language-features
 * `server/src/utils/validation.ts`.
 *
 * Each trigger supersedes the previous one for the same document. A result is published only if,
 * when it is ready, no newer trigger happened, the document is still open and its version is the one
 * that was validated. Documents that are not role files publish nothing (or one empty list, if they
 * had diagnostics before, e.g. after a settings change).
 */
import type { Diagnostic } from 'vscode-languageserver';

export interface ValidationResult {
  /** The document version the diagnostics are for. */
  readonly version: number;
  /** null: the document is not a role document (no diagnostics of ours). */
  readonly diagnostics: Diagnostic[] | null;
}

export interface ValidationHost {
  /** The version of an open document; undefined once it is closed. */
  versionOf(uri: string): number | undefined;
  /** How long to wait after a change (the document's `elasticsearchRoles.validation.delayMs`). */
  delayOf(uri: string): Promise<number>;
  /** Validates the current version; undefined when the document is gone. */
  validate(uri: string): Promise<ValidationResult | undefined>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  log(message: string, err?: unknown): void;
}

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
}

export class ValidationQueue {
  private readonly pending = new Map<string, Pending>();
  /** Documents we published diagnostics for (possibly none) and must clear on close. */
  private readonly published = new Set<string>();

  constructor(private readonly host: ValidationHost) {}

  /** Validates `uri` after its delay (or on the next turn when `immediate`), superseding earlier triggers. */
  trigger(uri: string, immediate = false): void {
    this.cancel(uri);
    const entry: Pending = {};
    this.pending.set(uri, entry);
    const start = (delay: number) => {
      if (this.pending.get(uri) !== entry) return;
      entry.timer = setTimeout(() => void this.run(uri, entry), Math.max(0, delay));
    };
    if (immediate) start(0);
    else
      this.host.delayOf(uri).then(start, (err: unknown) => {
        this.host.log(`Could not read the validation delay for ${uri}`, err);
        start(0);
      });
  }

  /** A closed document: drop pending work and clear what we published for it. */
  close(uri: string): void {
    this.cancel(uri);
    if (this.published.delete(uri)) this.host.publish(uri, undefined, []);
  }

  /** Whether a validation for `uri` is scheduled or running (for tests and diagnostics). */
  isPending(uri: string): boolean {
    return this.pending.has(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry?.timer !== undefined) clearTimeout(entry.timer);
    this.pending.delete(uri);
  }

  private async run(uri: string, entry: Pending): Promise<void> {
    entry.timer = undefined;
    if (this.pending.get(uri) !== entry || this.host.versionOf(uri) === undefined) return;
    let result: ValidationResult | undefined;
    try {
      result = await this.host.validate(uri);
    } catch (err) {
      this.host.log(`Validating ${uri} failed`, err);
      result = undefined;
    }
    // Superseded by a newer trigger, or closed, while validating: that trigger (or close) owns it now.
    if (this.pending.get(uri) !== entry) return;
    this.pending.delete(uri);
    if (!result || this.host.versionOf(uri) !== result.version) return;
    if (result.diagnostics === null) {
      if (this.published.delete(uri)) this.host.publish(uri, result.version, []);
      return;
    }
    this.published.add(uri);
    this.host.publish(uri, result.version, result.diagnostics);
  }
}
