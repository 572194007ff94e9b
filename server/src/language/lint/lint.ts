/**
 * The lint pass, run after validation: adds the security findings, then gives every lint-governed
 * diagnostic (its own and validation's `raw-action-privilege`) the severity the settings say, drops
 * those that are off or suppressed by an `es-roles-ignore` comment, and reports suppressions that
 * suppress nothing or give no reason.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { Codes, DiagnosticSeverity, DiagnosticSink, MAX_PROBLEMS } from '../diagnostics';
import type { RoleDocument } from '../document';
import { isLintCode, LINT_RULES, resolveSeverity, SUPPRESSIBLE_CODES, type LintSettings } from './config';
import { runLintRules } from './rules';
import { parseSuppressions, SUPPRESSION_MARKER, type SuppressedCode, type Suppression } from './suppressions';

/** Validation's diagnostics plus the lint findings, with lint settings and suppressions applied. */
export function lintDocument(doc: RoleDocument, validation: readonly Diagnostic[], settings?: LintSettings): Diagnostic[] {
  // At most MAX_PROBLEMS findings, like validation: the rules stop walking once the sink is full.
  const sink = new DiagnosticSink(doc.document, MAX_PROBLEMS);
  // After a syntax error the tree is a guess: findings there would be noise while typing.
  const clean = doc.syntaxErrors.length === 0;
  if (clean && (settings?.profile !== 'off' || hasOverrides(settings))) runLintRules(doc, sink);
  if (sink.firstDropped) {
    const note = new DiagnosticSink(doc.document);
    note.add(Codes.tooManyProblems, sink.firstDropped, `The security lint stopped here after ${MAX_PROBLEMS} findings.`, DiagnosticSeverity.Information);
    sink.items.push(...note.items);
  }
  // A text the parser found no comment in has no suppression: no need to search 10 MB for one.
  const suppressions = doc.withoutComments ? [] : parseSuppressions(doc.text, (offset) => doc.document.positionAt(offset).line);
  const byLine = new Map<number, Suppression[]>();
  for (const s of suppressions) {
    if (s.targetLine === undefined) continue;
    const list = byLine.get(s.targetLine) ?? [];
    list.push(s);
    byLine.set(s.targetLine, list);
  }
  const used = new Set<SuppressedCode>();
  const out: Diagnostic[] = [];
  for (const d of [...validation, ...sink.items]) {
    if (!isLintCode(d.code)) {
      out.push(d);
      continue;
    }
    const hit = suppressedBy(byLine.get(d.range.start.line), String(d.code));
    if (hit) {
      used.add(hit);
      continue;
    }
    const severity = resolveSeverity(d.code, d.severity ?? DiagnosticSeverity.Information, settings);
    if (severity !== undefined) out.push(severity === d.severity ? d : { ...d, severity });
  }
  const meta = new DiagnosticSink(doc.document);
  // Unused suppressions are reported only when every rule ran over the whole document.
  const complete = clean && !sink.firstDropped && !validation.some((d) => d.code === Codes.tooManyProblems);
  for (const s of suppressions) reportSuppression(meta, s, used, complete);
  for (const d of meta.items) {
    const severity = resolveSeverity(String(d.code), d.severity!, settings);
    if (severity !== undefined) out.push(severity === d.severity ? d : { ...d, severity });
  }
  return out;
}

function hasOverrides(settings: LintSettings | undefined): boolean {
  return Object.values(settings?.rules ?? {}).some((level) => level !== 'off');
}

function suppressedBy(list: readonly Suppression[] | undefined, code: string): SuppressedCode | undefined {
  if (!list || !SUPPRESSIBLE_CODES.has(code)) return undefined;
  for (const s of list) {
    const hit = s.codes.find((c) => c.code === code);
    if (hit) return hit;
  }
  return undefined;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(Codes));

function reportSuppression(sink: DiagnosticSink, s: Suppression, used: ReadonlySet<SuppressedCode>, clean: boolean): void {
  const I = DiagnosticSeverity.Information;
  const comment = sink.rangeAt(s.offset, s.length);
  if (s.codes.length === 0) {
    sink.add(Codes.unusedSuppression, comment, `\`${SUPPRESSION_MARKER}\` names no rule: write \`// ${SUPPRESSION_MARKER} <code>: <reason>\`.`, I);
    return;
  }
  if (!s.reason) {
    sink.add(Codes.suppressionWithoutReason, comment, `Say why the finding is acceptable: \`// ${SUPPRESSION_MARKER} ${s.codes.map((c) => c.code).join(', ')}: <reason>\`.`, I);
  }
  for (const c of s.codes) {
    const at = sink.rangeAt(c.offset, c.length);
    let message: string | undefined;
    if (!KNOWN_CODES.has(c.code)) {
      message = `\`${c.code}\` is not a rule code. Lint rules: ${LINT_RULES.filter((r) => SUPPRESSIBLE_CODES.has(r.code)).map((r) => r.code).join(', ')}.`;
    } else if (!SUPPRESSIBLE_CODES.has(c.code)) {
      message = `\`${c.code}\` cannot be suppressed: only lint findings can; this one reports something Elasticsearch refuses or the file's structure.`;
    } else if (s.targetLine === undefined) {
      message = `Nothing follows this suppression of \`${c.code}\`.`;
    } else if (!used.has(c) && clean) {
      message = `No \`${c.code}\` finding on line ${s.targetLine + 1}: remove this suppression.`;
    }
    if (message) sink.add(Codes.unusedSuppression, at, message, I);
  }
}
