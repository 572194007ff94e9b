import { expect } from 'vitest';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService, type DocumentSettings } from '../../server/src/language';
import { markedDocument, type Marked } from './markers';

export { DiagnosticSeverity };
export const ERR = DiagnosticSeverity.Error;
export const WARN = DiagnosticSeverity.Warning;
export const INFO = DiagnosticSeverity.Information;

/**
 * Where an expected diagnostic is: the index of a `[[...]]` marker (default: the next marker in
 * order), or the n-th occurrence (default 0) of a text in the fixture. Use the text form only for
 * ranges that end in `]` (an array), which `[[...]]` cannot mark: `]]]` closes the marker early.
 */
export type At = number | { readonly text: string; readonly nth?: number };
export type Expected = readonly [code: string, severity: DiagnosticSeverity, at?: At];

export interface CheckOptions extends DocumentSettings {
  /** The document URI; its file name decides the shape when the content is ambiguous. */
  readonly uri?: string;
}

let counter = 0;
const defaultUri = () => `file:///test/role${++counter}.role.json`;

/** Validates a marked fixture (no `|` cursor: `|` may appear in JSON strings). */
export function diagnose(source: string, opts: CheckOptions = {}): { marked: Marked; diagnostics: Diagnostic[] } {
  const marked = markedDocument(source, opts.uri ?? defaultUri(), { cursor: false });
  const diagnostics = getLanguageService().doValidation(marked.doc, opts);
  return { marked, diagnostics };
}

const byPosition = (a: { range: Range; code?: unknown }, b: { range: Range; code?: unknown }) =>
  a.range.start.line - b.range.start.line ||
  a.range.start.character - b.range.start.character ||
  a.range.end.line - b.range.end.line ||
  a.range.end.character - b.range.end.character ||
  String(a.code).localeCompare(String(b.code));

/**
 * Asserts that the fixture produces exactly the expected diagnostics: same codes, severities and
 * ranges (the `[[...]]` markers), and nothing else. Returns the diagnostics for further checks.
 */
export function expectDiagnostics(source: string, expected: readonly Expected[], opts: CheckOptions = {}): Diagnostic[] {
  const { marked, diagnostics } = diagnose(source, opts);
  const used = new Set<number>();
  let next = 0;
  const want = expected.map(([code, severity, at]) => {
    if (typeof at === 'object') return { code, severity, range: findRange(marked, at.text, at.nth ?? 0) };
    const index = at ?? next++;
    const range = marked.ranges[index];
    if (!range) throw new Error(`expected diagnostic ${code} refers to marker ${index}, but the fixture has ${marked.ranges.length}`);
    used.add(index);
    return { code, severity, range };
  });
  if (used.size !== marked.ranges.length) throw new Error('the fixture has a [[...]] marker no expected diagnostic refers to');
  const got = diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range }));
  expect(got.sort(byPosition)).toEqual(want.sort(byPosition));
  for (const d of diagnostics) expect(d.source).toBe('es-roles');
  return diagnostics;
}

function findRange(marked: Marked, text: string, nth: number): Range {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = marked.text.indexOf(text, offset + 1);
    if (offset < 0) throw new Error(`occurrence ${nth} of ${JSON.stringify(text)} not found in the fixture`);
  }
  return { start: marked.doc.positionAt(offset), end: marked.doc.positionAt(offset + text.length) };
}

/** Asserts that the fixture produces no diagnostics at all. */
export function expectClean(source: string, opts: CheckOptions = {}): void {
  const { diagnostics } = diagnose(source, opts);
  expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
}

/** Asserts that none of the fixture's diagnostics has one of these codes (others may appear). */
export function expectNoCode(source: string, codes: readonly string[], opts: CheckOptions = {}): Diagnostic[] {
  const { diagnostics } = diagnose(source, opts);
  expect(diagnostics.filter((d) => codes.includes(String(d.code))).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  return diagnostics;
}

export const ROLE_URI = 'file:///test/logs-reader.role.json';
export const ROLES_URI = 'file:///test/team.roles.json';
export const APIKEY_URI = 'file:///test/ingest.apikey.json';
export const GRANT_URI = 'file:///test/grant.apikey.json';
export const HAS_PRIVILEGES_URI = 'file:///test/check.has_privileges.json';
