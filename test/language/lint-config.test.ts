/**
 * Lint configuration (profiles, per-code levels, settings normalisation, --rule parsing) and inline
 * suppressions (`// es-roles-ignore <code>: <reason>`).
 */
import { describe, expect, it } from 'vitest';
import { Codes } from '../../server/src/language';
import {
  LINT_RULES, normalizeLintSettings, parseRuleOption, parseSuppressions, resolveSeverity, type LintSettings,
} from '../../server/src/language/lint';
import { ERR, INFO, ROLE_URI, ROLES_URI, WARN, diagnose, expectDiagnostics, type Expected } from '../helpers/diagnostics';

const lint = (source: string, expected: readonly Expected[], settings: LintSettings = { profile: 'recommended' }, uri = ROLE_URI) =>
  expectDiagnostics(source, expected, { uri, lint: settings });

describe('severities', () => {
  it('keeps the recommended severity, raises it under strict, drops it under off', () => {
    expect(resolveSeverity(Codes.broadClusterPrivilege, WARN, { profile: 'recommended' })).toBe(WARN);
    expect(resolveSeverity(Codes.broadClusterPrivilege, WARN, { profile: 'strict' })).toBe(ERR);
    expect(resolveSeverity(Codes.redundantPrivilege, INFO, { profile: 'strict' })).toBe(WARN);
    expect(resolveSeverity(Codes.redundantPrivilege, INFO, { profile: 'off' })).toBeUndefined();
    expect(resolveSeverity(Codes.redundantPrivilege, INFO, undefined)).toBe(INFO);
  });

  it('lets a rule override win over every profile', () => {
    for (const profile of ['recommended', 'strict', 'off'] as const) {
      expect(resolveSeverity(Codes.runAsWildcard, WARN, { profile, rules: { 'run-as-wildcard': 'error' } })).toBe(ERR);
      expect(resolveSeverity(Codes.runAsWildcard, WARN, { profile, rules: { 'run-as-wildcard': 'off' } })).toBeUndefined();
      expect(resolveSeverity(Codes.runAsWildcard, WARN, { profile, rules: { 'run-as-wildcard': 'information' } })).toBe(INFO);
    }
  });

  it('applies to the findings of a document', () => {
    const src = '{"cluster": [ [["all"]], [["monitor"]] ], "run_as": [ [["*"]] ]}';
    lint(src, [[Codes.broadClusterPrivilege, ERR, 0], [Codes.redundantPrivilege, WARN, 1], [Codes.runAsWildcard, ERR, 2]], { profile: 'strict' });
    lint('{"cluster": [ [["all"]], "monitor" ], "run_as": [ [["*"]] ]}', [[Codes.broadClusterPrivilege, INFO], [Codes.runAsWildcard, WARN]], {
      rules: { 'broad-cluster-privilege': 'information', 'redundant-privilege': 'off' },
    });
  });

  it('turns everything off with the off profile, except rules set explicitly', () => {
    const { diagnostics } = diagnose('{"cluster": ["all", "monitor", "cluster:monitor/main"], "run_as": ["*"]}', { lint: { profile: 'off' } });
    expect(diagnostics).toEqual([]);
    lint('{"cluster": ["all"], "run_as": [ [["*"]] ]}', [[Codes.runAsWildcard, ERR]], { profile: 'off', rules: { 'run-as-wildcard': 'error' } });
  });

  it('governs raw-action-privilege, which validation reports', () => {
    const src = '{"cluster": [ [["cluster:monitor/main"]] ]}';
    lint(src, [[Codes.rawActionPrivilege, INFO]]);
    lint(src, [[Codes.rawActionPrivilege, WARN]], { profile: 'strict' });
    lint(src, [[Codes.rawActionPrivilege, ERR]], { rules: { 'raw-action-privilege': 'error' } });
    lint('{"cluster": ["cluster:monitor/main"]}', [], { rules: { 'raw-action-privilege': 'off' } });
    // Without lint settings validation reports it as before.
    expect(diagnose('{"cluster": ["cluster:monitor/main"]}').diagnostics.map((d) => [d.code, d.severity])).toEqual([[Codes.rawActionPrivilege, INFO]]);
  });

  it('leaves validation errors alone', () => {
    lint('{"cluster": [ [["nope"]] ]}', [[Codes.unknownClusterPrivilege, ERR]], { profile: 'off' });
  });
});

describe('settings normalisation', () => {
  it('defaults to the recommended profile and no rules', () => {
    expect(normalizeLintSettings(undefined)).toEqual({ profile: 'recommended', rules: {} });
    expect(normalizeLintSettings('strict')).toEqual({ profile: 'recommended', rules: {} });
    expect(normalizeLintSettings({ profile: 'paranoid', rules: [] })).toEqual({ profile: 'recommended', rules: {} });
  });

  it('keeps known codes with known levels, accepting info for information', () => {
    expect(
      normalizeLintSettings({
        profile: ' strict ',
        rules: { 'broad-cluster-privilege': 'error', 'redundant-privilege': 'info', 'not-a-rule': 'error', 'empty-grant': 'loud', 'unknown-field': 'off' },
      }),
    ).toEqual({ profile: 'strict', rules: { 'broad-cluster-privilege': 'error', 'redundant-privilege': 'information' } });
  });

  it('parses --rule code=level', () => {
    expect(parseRuleOption('run-as-wildcard=error')).toEqual({ code: 'run-as-wildcard', level: 'error' });
    expect(parseRuleOption('empty-grant=info')).toEqual({ code: 'empty-grant', level: 'information' });
    expect(parseRuleOption('run-as-wildcard')).toHaveProperty('error');
    expect(parseRuleOption('bogus=error')).toHaveProperty('error');
    expect(parseRuleOption('empty-grant=loud')).toHaveProperty('error');
  });

  it('lists every lint rule with a reason', () => {
    expect(LINT_RULES.map((r) => r.code)).toContain(Codes.rawActionPrivilege);
    for (const r of LINT_RULES) expect(r.why.length).toBeGreaterThan(20);
  });
});

describe('suppressions', () => {
  it('suppress the named code on the next line when a reason is given', () => {
    lint('{\n  // es-roles-ignore broad-cluster-privilege: break-glass role, reviewed\n  "cluster": ["all"]\n}', []);
  });

  it('suppress only that code: other findings on the line stay', () => {
    lint('{\n  // es-roles-ignore redundant-privilege: kept for readability\n  "cluster": [ [["all"]], "monitor"]\n}', [[Codes.broadClusterPrivilege, WARN]]);
  });

  it('take several codes, block comments, and stack over comment lines', () => {
    lint('{\n  /* es-roles-ignore broad-cluster-privilege, redundant-privilege: ok */\n  "cluster": ["all", "monitor"]\n}', []);
    lint('{\n  // es-roles-ignore broad-cluster-privilege: a\n  // es-roles-ignore redundant-privilege: b\n\n  "cluster": ["all", "monitor"]\n}', []);
  });

  it('suppress but are reported when they give no reason', () => {
    lint('{\n  [[// es-roles-ignore broad-cluster-privilege]]\n  "cluster": ["all"]\n}', [[Codes.suppressionWithoutReason, INFO]]);
    lint('{\n  [[// es-roles-ignore broad-cluster-privilege:   ]]\n  "cluster": ["all"]\n}', [[Codes.suppressionWithoutReason, INFO]]);
  });

  it('report a code that does not fire on the next line, at the code', () => {
    lint('{\n  // es-roles-ignore [[run-as-wildcard]]: not here\n  "cluster": [ [["all"]] ]\n}', [
      [Codes.unusedSuppression, INFO, 0],
      [Codes.broadClusterPrivilege, WARN, 1],
    ]);
  });

  it('report unknown codes and codes that cannot be suppressed', () => {
    lint('{\n  // es-roles-ignore [[nope]]: x\n  "cluster": ["monitor"]\n}', [[Codes.unusedSuppression, INFO]]);
    lint('{\n  "cluster": ["monitor"],\n  // es-roles-ignore [[unknown-field]]: x\n  [["bogus"]]: 1\n}', [
      [Codes.unusedSuppression, INFO, 0],
      [Codes.unknownField, ERR, 1],
    ]);
    lint('{\n  [[// es-roles-ignore: why]]\n  "cluster": ["monitor"]\n}', [[Codes.unusedSuppression, INFO]]);
  });

  it('count as used when the rule fires but is configured off', () => {
    lint('{\n  // es-roles-ignore broad-cluster-privilege: x\n  "cluster": ["all"]\n}', [], { rules: { 'broad-cluster-privilege': 'off' } });
  });

  it('are not reported as unused after a syntax error, when the lint cannot run', () => {
    const { diagnostics } = diagnose('{\n  // es-roles-ignore broad-cluster-privilege: x\n  "cluster": ["all"\n', { lint: { profile: 'recommended' } });
    expect(diagnostics.map((d) => d.code)).toEqual([Codes.syntaxError]);
  });

  it('follow the severity settings themselves', () => {
    lint('{\n  [[// es-roles-ignore broad-cluster-privilege]]\n  "cluster": ["all"]\n}', [[Codes.suppressionWithoutReason, WARN]], { profile: 'strict' });
    lint('{\n  // es-roles-ignore broad-cluster-privilege\n  "cluster": ["all"]\n}', [], { rules: { 'suppression-without-reason': 'off' } });
  });

  it('work in roles maps, before a role name', () => {
    lint('{\n  // es-roles-ignore empty-grant: placeholder for a role mapping\n  "empty": {},\n  [["other"]]: {}\n}', [[Codes.emptyGrant, INFO]], { profile: 'recommended' }, ROLES_URI);
  });

  it('are parsed with their offsets, ignoring the marker inside strings', () => {
    const text = '{"description": "// es-roles-ignore x: y",\n // es-roles-ignore a, b: why\n "cluster": []}';
    const lines = (o: number) => text.slice(0, o).split('\n').length - 1;
    const s = parseSuppressions(text, lines);
    expect(s).toHaveLength(1);
    expect(s[0].codes.map((c) => [c.code, text.substr(c.offset, c.length)])).toEqual([['a', 'a'], ['b', 'b']]);
    expect(s[0].reason).toBe('why');
    expect(s[0].targetLine).toBe(2);
    expect(parseSuppressions('{"a": 1} // es-roles-ignore-not: x', lines)).toEqual([]);
  });
});
