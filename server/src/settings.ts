/**
 * The `elasticsearchRoles` settings as the server uses them, normalised from whatever the client sent
 * (workspace/configuration answers, didChangeConfiguration payloads). Never throws: garbage falls back
 * to defaults, numbers are clamped.
 */
import { DEFAULT_FILE_GLOBS, ROLE_FILE_NAME_GLOBS } from './files';
import { matchesAny } from './glob';
import { NEWEST_BUNDLED_VERSION, type DocumentSettings } from './language';
import { normalizeLintSettings, type LintSettings } from './language/lint';

export type TraceSetting = 'off' | 'messages' | 'verbose';

export interface ServerSettings {
  /** `elasticsearchRoles.targetVersion`: "8.15", "9.1.2"; the newest bundled version when unset or invalid. */
  readonly targetVersion: string;
  /** `elasticsearchRoles.files`: globs of plain json/jsonc files that are role files. */
  readonly files: readonly string[];
  /** `elasticsearchRoles.maxFileSizeMB`: larger documents are not analysed (1..512). */
  readonly maxFileSizeMB: number;
  readonly validation: {
    /** `elasticsearchRoles.validation.delayMs`: debounce before validating after a change (0..5000). */
    readonly delayMs: number;
  };
  readonly trace: {
    /** `elasticsearchRoles.trace.server` (used by the client; kept for completeness). */
    readonly server: TraceSetting;
  };
  /** `elasticsearchRoles.lint.profile` and `elasticsearchRoles.lint.rules`. */
  readonly lint: Required<LintSettings>;
}

export const VERSION_SETTING_RE = /^\d+\.\d+(\.\d+)?$/;
export const DEFAULT_MAX_FILE_SIZE_MB = 20;
export const DEFAULT_VALIDATION_DELAY_MS = 200;

export const DEFAULT_SETTINGS: ServerSettings = Object.freeze({
  targetVersion: NEWEST_BUNDLED_VERSION,
  files: DEFAULT_FILE_GLOBS,
  maxFileSizeMB: DEFAULT_MAX_FILE_SIZE_MB,
  validation: Object.freeze({ delayMs: DEFAULT_VALIDATION_DELAY_MS }),
  trace: Object.freeze({ server: 'off' as TraceSetting }),
  lint: normalizeLintSettings(undefined),
});

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `validation.delayMs` as a nested object (VS Code) or a dotted key (some clients). */
function lookup(raw: Raw, path: string): unknown {
  if (path in raw) return raw[path];
  let cur: unknown = raw;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function normalizeVersion(value: unknown): string {
  if (typeof value !== 'string') return DEFAULT_SETTINGS.targetVersion;
  const v = value.trim();
  return VERSION_SETTING_RE.test(v) ? v : DEFAULT_SETTINGS.targetVersion;
}

function normalizeGlobs(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return DEFAULT_SETTINGS.files;
  // An explicit empty list is kept: it means "no plain JSON file is a role file".
  return value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
}

function normalizeTrace(value: unknown): TraceSetting {
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

/** The `elasticsearchRoles` section (or anything else) -> complete, valid settings. */
export function normalizeSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  try {
    return {
      targetVersion: normalizeVersion(lookup(raw, 'targetVersion')),
      files: normalizeGlobs(lookup(raw, 'files')),
      maxFileSizeMB: clampNumber(lookup(raw, 'maxFileSizeMB'), 1, 512, DEFAULT_MAX_FILE_SIZE_MB),
      validation: { delayMs: Math.round(clampNumber(lookup(raw, 'validation.delayMs'), 0, 5000, DEFAULT_VALIDATION_DELAY_MS)) },
      trace: { server: normalizeTrace(lookup(raw, 'trace.server')) },
      lint: normalizeLintSettings({ profile: lookup(raw, 'lint.profile'), rules: lookup(raw, 'lint.rules') }),
    };
  } catch {
    // Only reachable with objects that did not come from JSON (throwing getters): still no throw.
    return DEFAULT_SETTINGS;
  }
}

/** What the language service needs from the settings. */
export function toDocumentSettings(settings: ServerSettings): DocumentSettings {
  return {
    targetVersion: settings.targetVersion,
    maxDocumentBytes: Math.round(settings.maxFileSizeMB * 1024 * 1024),
    lint: settings.lint,
  };
}

export const ROLE_LANGUAGE_ID = 'elasticsearch-role';
const JSON_LANGUAGE_IDS: ReadonlySet<string> = new Set(['json', 'jsonc']);

/** The decoded path of a document URI (`file:///c%3A/x.json` -> `/c:/x.json`), for glob matching. */
export function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/**
 * Whether the server treats a document as a role file: always for the `elasticsearch-role` language;
 * for `json`/`jsonc` only when its path matches the role-file name globs or `elasticsearchRoles.files`
 * (so an unrelated tsconfig.json is never flagged); never for anything else.
 */
export function handlesDocument(languageId: string, uri: string, settings: ServerSettings): boolean {
  if (languageId === ROLE_LANGUAGE_ID) return true;
  if (!JSON_LANGUAGE_IDS.has(languageId)) return false;
  const path = uriPath(uri);
  return matchesAny(path, ROLE_FILE_NAME_GLOBS) || matchesAny(path, settings.files);
}
