/**
 * Lint configuration: which codes are lint rules, their default severities, the profiles
 * (`recommended`, `strict`, `off`) and per-code overrides (`elasticsearchRoles.lint.rules`,
 * `es-roles check --rule code=level`). Pure functions, no I/O.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { Codes, type Code } from '../diagnostics';

export type LintLevel = 'off' | 'information' | 'warning' | 'error';
export type LintProfile = 'recommended' | 'strict' | 'off';

export const LINT_LEVELS: readonly LintLevel[] = ['off', 'information', 'warning', 'error'];
export const LINT_PROFILES: readonly LintProfile[] = ['recommended', 'strict', 'off'];

/** `elasticsearchRoles.lint`, normalised. */
export interface LintSettings {
  readonly profile?: LintProfile;
  /** Code -> level; wins over the profile. */
  readonly rules?: Readonly<Record<string, LintLevel>>;
}

export interface LintRule {
  readonly code: Code;
  /** The severity under the recommended profile (some findings of a code may be lower: see `note`). */
  readonly severity: DiagnosticSeverity;
  /** Why the finding matters, in one sentence (docs, README table). */
  readonly why: string;
  readonly note?: string;
}

const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;

/** Every code the lint settings govern, in the order the docs list them. */
export const LINT_RULES: readonly LintRule[] = [
  {
    code: Codes.broadClusterPrivilege,
    severity: W,
    why: '`all` and `manage` run almost any cluster operation; `manage_security` can grant itself anything.',
    note: '`manage_api_key` / `grant_api_key` on roles that are not clearly admin roles are information.',
  },
  { code: Codes.wildcardIndexWrite, severity: W, why: 'Write, delete or manage on every index reaches data nobody meant to expose, present and future.' },
  { code: Codes.restrictedIndicesAccess, severity: W, why: 'Wildcards then also reach system indices such as `.security`: reading them leaks credentials, writing them breaks the cluster.' },
  { code: Codes.runAsWildcard, severity: W, why: 'The role may act as any matching user, including administrators.' },
  { code: Codes.apiKeyUnrestricted, severity: W, why: 'Without `role_descriptors` the key gets a snapshot of all its owner\'s privileges.' },
  { code: Codes.redundantPrivilege, severity: I, why: 'Another privilege in the list already grants it: noise that hides what the role really grants.' },
  { code: Codes.emptyGrant, severity: I, why: 'A role or entry that grants nothing is usually a mistake (a list emptied by an edit).' },
  { code: Codes.flsGrantAll, severity: I, why: '`grant: ["*"]` without `except` hides no field: the field-level security is a no-op.' },
  { code: Codes.rawActionPrivilege, severity: I, why: 'Action names are internal to Elasticsearch and carry no compatibility guarantee.' },
  { code: Codes.unusedSuppression, severity: I, why: 'The comment suppresses nothing: the finding is gone or the code is wrong.' },
  { code: Codes.suppressionWithoutReason, severity: I, why: 'A suppression should say why the finding is acceptable, for the next reviewer.' },
];

const BY_CODE: ReadonlyMap<string, LintRule> = new Map(LINT_RULES.map((r) => [r.code, r]));

/** Codes that inline comments may suppress (all lint codes but the suppression findings). */
export const SUPPRESSIBLE_CODES: ReadonlySet<string> = new Set(
  LINT_RULES.map((r) => r.code).filter((c) => c !== Codes.unusedSuppression && c !== Codes.suppressionWithoutReason),
);

/** Codes only the lint pass emits (raw-action-privilege comes from validation). */
export const LINT_ONLY_CODES: ReadonlySet<string> = new Set(LINT_RULES.map((r) => r.code).filter((c) => c !== Codes.rawActionPrivilege));

export function isLintCode(code: unknown): code is Code {
  return typeof code === 'string' && BY_CODE.has(code);
}

const LEVEL_SEVERITY: Record<Exclude<LintLevel, 'off'>, DiagnosticSeverity> = {
  information: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

/**
 * The severity a lint finding gets, or undefined when it is off. `base` is the finding's severity
 * under the recommended profile. A rule override wins; `strict` raises information to warning and
 * warning to error; `off` turns every rule off that has no override.
 */
export function resolveSeverity(code: string, base: DiagnosticSeverity, settings: LintSettings | undefined): DiagnosticSeverity | undefined {
  const override = settings?.rules?.[code];
  if (override) return override === 'off' ? undefined : LEVEL_SEVERITY[override];
  switch (settings?.profile ?? 'recommended') {
    case 'off':
      return undefined;
    case 'strict':
      return base === DiagnosticSeverity.Information || base === DiagnosticSeverity.Hint ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
    default:
      return base;
  }
}

/** `info` is accepted for `information`. */
export function parseLevel(value: unknown): LintLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'info') return 'information';
  return (LINT_LEVELS as readonly string[]).includes(v) ? (v as LintLevel) : undefined;
}

export function parseProfile(value: unknown): LintProfile | undefined {
  return typeof value === 'string' && (LINT_PROFILES as readonly string[]).includes(value.trim()) ? (value.trim() as LintProfile) : undefined;
}

/**
 * `elasticsearchRoles.lint` as sent by a client -> settings. Never throws: an unknown profile
 * falls back to `recommended`, rules for unknown codes or with unknown levels are dropped.
 */
export function normalizeLintSettings(raw: unknown): Required<LintSettings> {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const rules: Record<string, LintLevel> = {};
  const rawRules = obj.rules;
  if (typeof rawRules === 'object' && rawRules !== null && !Array.isArray(rawRules)) {
    for (const [code, level] of Object.entries(rawRules as Record<string, unknown>)) {
      const parsed = parseLevel(level);
      if (isLintCode(code) && parsed) rules[code] = parsed;
    }
  }
  return { profile: parseProfile(obj.profile) ?? 'recommended', rules };
}

/**
 * One `--rule code=level` argument -> [code, level], or an error message naming what is wrong.
 */
export function parseRuleOption(text: string): { code: Code; level: LintLevel } | { error: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { error: `--rule '${text}' must be code=level, e.g. broad-cluster-privilege=error` };
  const code = text.slice(0, eq).trim();
  const level = parseLevel(text.slice(eq + 1));
  if (!isLintCode(code)) return { error: `--rule: '${code}' is not a lint rule (rules: ${LINT_RULES.map((r) => r.code).join(', ')})` };
  if (!level) return { error: `--rule ${code}: level must be one of ${LINT_LEVELS.join(', ')} (got '${text.slice(eq + 1)}')` };
  return { code, level };
}
