/**
 * What the language status item shows, from the server's catalogStatus notifications. No `vscode`
 * import, so it is unit-tested; languageStatus.ts renders it.
 */
import type { CatalogStatusParams } from '../../../server/src/protocol';

export class CatalogStatusModel {
  private fallback: CatalogStatusParams | undefined;
  private readonly byUri = new Map<string, CatalogStatusParams>();

  /** A status from the server: for one document (`uri`) or the workspace-wide default. */
  set(status: CatalogStatusParams): void {
    if (status.uri) this.byUri.set(status.uri, status);
    else this.fallback = status;
  }

  /** A closed document. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  /** Everything is stale once the server restarts; it sends fresh statuses after `initialized`. */
  clear(): void {
    this.fallback = undefined;
    this.byUri.clear();
  }

  /** The status for a document, else the workspace-wide one; undefined before the server reported. */
  statusFor(uri?: string): CatalogStatusParams | undefined {
    return (uri !== undefined ? this.byUri.get(uri) : undefined) ?? this.fallback;
  }

  /** Bundled catalog versions (oldest first), known once the server has reported. */
  get versions(): readonly string[] {
    return this.fallback?.versions ?? [];
  }

  get roleFileGlobs(): readonly string[] {
    return this.fallback?.roleFileGlobs ?? [];
  }
}

export interface StatusPresentation {
  readonly text: string;
  readonly detail: string;
  readonly busy: boolean;
}

export function presentStatus(status: CatalogStatusParams | undefined): StatusPresentation {
  if (!status) return { text: 'Elasticsearch Roles', detail: 'Starting the language server…', busy: true };
  const detail =
    status.source === 'cluster'
      ? `Privileges from the connected cluster (ES ${status.version})`
      : `Bundled privilege list for ES ${status.version}, confidence: ${status.confidence}`;
  return { text: status.label, detail, busy: false };
}

export interface VersionChoice {
  readonly label: string;
  readonly description?: string;
  /** The setting value: "" for the newest bundled version. */
  readonly value: string;
  readonly picked: boolean;
}

/** Quick-pick entries: "newest" first, then every bundled version, newest first; the current one marked. */
export function targetVersionChoices(versions: readonly string[], current: string): VersionChoice[] {
  const newest = versions[versions.length - 1];
  const choices: VersionChoice[] = [
    {
      label: newest ? `Newest bundled (${newest})` : 'Newest bundled',
      description: current === '' ? 'current' : undefined,
      value: '',
      picked: current === '',
    },
  ];
  for (const v of [...versions].reverse()) {
    choices.push({ label: v, description: v === current ? 'current' : undefined, value: v, picked: v === current });
  }
  // A version typed in settings that is not bundled (e.g. "8.12") stays visible and selectable.
  if (current !== '' && !versions.includes(current)) {
    choices.splice(1, 0, { label: current, description: 'current (uses the closest older bundled list)', value: current, picked: true });
  }
  return choices;
}

/**
 * Globs (for DocumentFilter.pattern, matched on absolute paths) of json/jsonc files the server treats
 * as role files. Relative globs match below any folder, as on the server.
 */
export function roleFilePatterns(roleFileGlobs: readonly string[], fileGlobs: readonly string[]): string[] {
  const anchored = (g: string) => (g.startsWith('/') || g.startsWith('**/') || /^[a-zA-Z]:/.test(g) ? g : `**/${g}`);
  return [...new Set([...roleFileGlobs, ...fileGlobs].map((g) => anchored(g.trim())).filter((g) => g !== '**/'))];
}
