/**
 * Runs every feature of the language service on one document and checks what must hold whatever
 * the input: no exception escapes; every range (diagnostics, code-action edits, completion edits,
 * hover, symbols, folding, formatting edits) lies within the document; edits do not overlap and
 * apply; formatting keeps the JSON value of a valid document; every call answers within a bound.
 * Failures are returned as lines (not thrown), so a long run can count them.
 */
import { parse, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FormattingOptions, Position, Range, TextEdit,
} from 'vscode-languageserver-types';
import { getLanguageService, liveCatalog, type DocumentSettings, type RoleLanguageService } from '../../server/src/language';
import { nestingTooDeepAt } from '../../server/src/language/nesting';
import type { BuiltCase, FuzzCase } from './mutations';

/**
 * The hang detector, per call: 2 s, plus 1 s per MB of text (formatting a 3 MB array is 700,000
 * edits); twice that for all the calls on one document.
 */
export function timeBoundMs(length: number): number {
  return 2000 + 1000 * (length / (1024 * 1024));
}

/** Above this size edits are checked for range and overlap but not applied (copying 7 MB per fix adds up). */
const APPLY_LIMIT = 1024 * 1024;
/** Quick fixes applied and re-validated per document (all are range-checked). */
const REVALIDATED_FIXES = 20;
/** More diagnostics than this means the MAX_PROBLEMS cap does not hold. */
const DIAGNOSTICS_LIMIT = 2000;

export interface Services {
  readonly bundled: RoleLanguageService;
  readonly live: RoleLanguageService;
}

/** Two services: the bundled catalogs, and a live one with odd names (prototype keys, empty, wildcard). */
export function createServices(): Services {
  const live = getLanguageService();
  live.setLiveCatalog(
    liveCatalog(
      { cluster: ['monitor', 'all', 'constructor', '', '*', 'MANAGE'], index: ['read', '__proto__', 'toString'], remote_cluster: [] },
      'not a version',
      'fuzz',
    ),
  );
  return { bundled: getLanguageService(), live };
}

export interface CheckResult {
  readonly failures: string[];
  /** Wall time of all calls for the document. */
  readonly elapsedMs: number;
  readonly slowest: { readonly feature: string; readonly ms: number };
  readonly diagnostics: number;
}

// --- positions and ranges -------------------------------------------------------------------------

class Bounds {
  private readonly lineEnds: number[] = [];

  constructor(readonly doc: TextDocument) {
    const text = doc.getText();
    for (let line = 0; line < doc.lineCount; line++) {
      if (line + 1 < doc.lineCount) {
        const next = doc.offsetAt({ line: line + 1, character: 0 });
        const eol = text[next - 1] === '\n' && text[next - 2] === '\r' ? 2 : 1;
        this.lineEnds.push(next - eol - doc.offsetAt({ line, character: 0 }));
      } else {
        this.lineEnds.push(text.length - doc.offsetAt({ line, character: 0 }));
      }
    }
  }

  position(p: Position | undefined, what: string): string | undefined {
    if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${what}: not a position ${JSON.stringify(p)}`;
    if (p.line < 0 || p.line >= this.doc.lineCount) return `${what}: line ${p.line} outside 0..${this.doc.lineCount - 1}`;
    if (p.character < 0 || p.character > this.lineEnds[p.line]) {
      return `${what}: character ${p.character} outside 0..${this.lineEnds[p.line]} on line ${p.line}`;
    }
    return undefined;
  }

  range(r: Range | undefined, what: string): string | undefined {
    if (!r) return `${what}: no range`;
    const bad = this.position(r.start, `${what} start`) ?? this.position(r.end, `${what} end`);
    if (bad) return bad;
    return cmp(r.start, r.end) > 0 ? `${what}: start ${fmt(r.start)} after end ${fmt(r.end)}` : undefined;
  }
}

const cmp = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
const fmt = (p: Position) => `${p.line}:${p.character}`;
const contains = (r: Range, p: Position) => cmp(r.start, p) <= 0 && cmp(p, r.end) <= 0;
const within = (inner: Range, outer: Range) => cmp(outer.start, inner.start) <= 0 && cmp(inner.end, outer.end) <= 0;

/** Edit ranges valid and pairwise disjoint (touching is fine). */
function checkEdits(bounds: Bounds, edits: readonly TextEdit[], what: string, out: string[]): boolean {
  let ok = true;
  for (const e of edits) {
    const bad = bounds.range(e.range, what) ?? (typeof e.newText === 'string' ? undefined : `${what}: newText is not a string`);
    if (bad) {
      out.push(bad);
      ok = false;
    }
  }
  if (!ok) return false;
  const sorted = [...edits].sort((a, b) => cmp(a.range.start, b.range.start) || cmp(a.range.end, b.range.end));
  for (let i = 1; i < sorted.length; i++) {
    if (cmp(sorted[i - 1].range.end, sorted[i].range.start) > 0) {
      out.push(`${what}: edits overlap at ${fmt(sorted[i].range.start)}`);
      return false;
    }
  }
  return true;
}

// --- the run --------------------------------------------------------------------------------------

export function checkCase(services: Services, built: BuiltCase, c: FuzzCase): CheckResult {
  const failures: string[] = [];
  const doc = TextDocument.create(built.uri, 'json', 1, built.text);
  const service = c.settings.live ? services.live : services.bundled;
  const settings: DocumentSettings = { targetVersion: c.settings.targetVersion, maxDocumentBytes: c.settings.maxDocumentBytes };
  const bound = timeBoundMs(built.text.length);
  let elapsed = 0;
  let slowest = { feature: '', ms: 0 };
  const run = <T>(feature: string, fn: () => T): T | undefined => {
    const start = performance.now();
    try {
      return fn();
    } catch (err) {
      failures.push(`${feature} threw: ${err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 6).join(' | ') : String(err)}`);
      return undefined;
    } finally {
      const ms = performance.now() - start;
      elapsed += ms;
      if (ms > slowest.ms) slowest = { feature, ms };
      if (ms > bound) failures.push(`${feature} took ${Math.round(ms)} ms (bound ${Math.round(bound)} ms for ${built.text.length} characters)`);
    }
  };
  const bounds = new Bounds(doc);

  const diagnostics = run('doValidation', () => service.doValidation(doc, settings)) ?? [];
  checkDiagnostics(bounds, diagnostics, failures);
  checkCodeActions(service, bounds, diagnostics, settings, run, failures);

  for (const f of c.positions) {
    const position = positionOf(doc, f);
    const inRange = f < 1;
    const list = run(`doComplete@${fmt(position)}`, () => service.doComplete(doc, position, settings));
    if (list) checkCompletion(bounds, list.items, position, inRange, failures);
    const hover = run(`doHover@${fmt(position)}`, () => service.doHover(doc, position, settings));
    if (hover) {
      if (typeof (hover.contents as { value?: unknown }).value !== 'string') failures.push('hover: contents without a string value');
      if (hover.range) {
        const bad = bounds.range(hover.range, 'hover range');
        if (bad) failures.push(bad);
        else if (inRange && !contains(hover.range, position)) failures.push(`hover range ${fmt(hover.range.start)}-${fmt(hover.range.end)} misses ${fmt(position)}`);
      }
    }
  }

  const symbols = run('findDocumentSymbols', () => service.findDocumentSymbols(doc, settings));
  if (symbols) checkSymbols(bounds, symbols, undefined, failures);
  const folding = run('getFoldingRanges', () => service.getFoldingRanges(doc, settings));
  for (const r of folding ?? []) {
    if (!Number.isInteger(r.startLine) || !Number.isInteger(r.endLine) || r.startLine < 0 || r.endLine >= doc.lineCount || r.startLine > r.endLine) {
      failures.push(`folding range ${r.startLine}-${r.endLine} outside 0..${doc.lineCount - 1}`);
      break;
    }
  }

  checkFormatting(service, doc, bounds, c, settings, run, failures);
  service.forget(doc.uri);
  // All the calls for one document together (a dozen of them, and re-validation after fixes).
  if (elapsed > 2 * bound) failures.push(`the document took ${Math.round(elapsed)} ms in all (bound ${Math.round(2 * bound)} ms)`);
  return { failures, elapsedMs: elapsed, slowest, diagnostics: diagnostics.length };
}

type Runner = <T>(feature: string, fn: () => T) => T | undefined;

/** Fractions below 1 are places in the text; 1..2 lie past the end; 2..3 are negative. */
function positionOf(doc: TextDocument, f: number): Position {
  const text = doc.getText();
  if (f < 1) return doc.positionAt(Math.min(text.length, Math.floor(f * (text.length + 1))));
  if (f < 2) return { line: doc.lineCount - 1 + Math.floor((f - 1) * 10), character: Math.floor(f * 1000) };
  return { line: -Math.ceil((f - 2) * 5), character: -7 };
}

function checkDiagnostics(bounds: Bounds, diagnostics: readonly Diagnostic[], out: string[]): void {
  if (diagnostics.length > DIAGNOSTICS_LIMIT) out.push(`${diagnostics.length} diagnostics (more than ${DIAGNOSTICS_LIMIT})`);
  for (const d of diagnostics) {
    const bad =
      bounds.range(d.range, `diagnostic ${String(d.code)}`) ??
      (typeof d.code !== 'string' || d.source !== 'es-roles' ? `diagnostic without code or source: ${JSON.stringify(d).slice(0, 200)}` : undefined) ??
      (typeof d.message !== 'string' || d.message.length === 0 ? `diagnostic ${d.code} without a message` : undefined) ??
      (d.severity === undefined || d.severity < 1 || d.severity > 4 ? `diagnostic ${d.code} with severity ${d.severity}` : undefined);
    if (bad) {
      out.push(bad);
      return;
    }
  }
  if (bounds.doc.getText().length <= APPLY_LIMIT) {
    try {
      JSON.parse(JSON.stringify(diagnostics));
    } catch (err) {
      out.push(`diagnostics do not survive JSON: ${String(err)}`);
    }
  }
}

function checkCodeActions(
  service: RoleLanguageService,
  bounds: Bounds,
  diagnostics: readonly Diagnostic[],
  settings: DocumentSettings,
  run: Runner,
  out: string[],
): void {
  const doc = bounds.doc;
  const apply = doc.getText().length <= APPLY_LIMIT;
  let revalidated = 0;
  const checkAction = (action: CodeAction, what: string) => {
    const changes = action.edit?.changes ?? {};
    for (const uri of Object.keys(changes)) if (uri !== doc.uri) out.push(`${what}: edits another document ${uri}`);
    const edits = changes[doc.uri] ?? [];
    if (!checkEdits(bounds, edits, `${what} "${action.title}"`, out) || !apply) return;
    let fixed: string;
    try {
      fixed = TextDocument.applyEdits(doc, edits);
    } catch (err) {
      out.push(`${what} "${action.title}": edits do not apply: ${String(err)}`);
      return;
    }
    if (revalidated++ < REVALIDATED_FIXES) {
      run(`doValidation after "${action.title}"`, () => service.doValidation(TextDocument.create(`${doc.uri}#fixed`, 'json', 1, fixed), settings));
      service.forget(`${doc.uri}#fixed`);
    }
  };
  for (const d of diagnostics) {
    const actions = run(`getCodeActions(${String(d.code)})`, () => service.getCodeActions(doc, d.range, { diagnostics: [d] }, settings)) ?? [];
    for (const a of actions) checkAction(a, `quick fix for ${String(d.code)}`);
  }
  // All at once, over the whole document, as editors ask for a "fix all" menu.
  const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
  const all = run('getCodeActions(all)', () => service.getCodeActions(doc, whole, { diagnostics: [...diagnostics] }, settings)) ?? [];
  for (const a of all) if (!a.edit?.changes?.[doc.uri]) out.push(`code action "${a.title}" without edits`);
}

function checkCompletion(bounds: Bounds, items: readonly CompletionItem[], position: Position, inRange: boolean, out: string[]): void {
  for (const item of items) {
    const what = `completion "${item.label}" at ${fmt(position)}`;
    if (typeof item.label !== 'string' || item.label.length === 0) out.push(`${what}: empty label`);
    const edit = item.textEdit;
    if (!edit) continue;
    const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
    for (const r of ranges) {
      const bad = bounds.range(r, what);
      if (bad) {
        out.push(bad);
        return;
      }
      // LSP: "must be a single line range and it must contain the position at which completion has been requested".
      if (r.start.line !== r.end.line) out.push(`${what}: edit spans lines ${r.start.line}-${r.end.line}`);
      else if (inRange && !contains(r, position)) out.push(`${what}: edit ${fmt(r.start)}-${fmt(r.end)} misses the cursor`);
    }
    const extra = item.additionalTextEdits ?? [];
    if (extra.length > 0 && checkEdits(bounds, [...extra, { range: ranges[ranges.length - 1], newText: '' }], `${what} additional edits`, out) === false) return;
  }
}

function checkSymbols(bounds: Bounds, symbols: readonly DocumentSymbol[], parent: DocumentSymbol | undefined, out: string[]): void {
  for (const s of symbols) {
    const what = `symbol "${s.name}"`;
    const bad =
      (typeof s.name !== 'string' || s.name.length === 0 ? `${what}: empty name` : undefined) ??
      bounds.range(s.range, `${what} range`) ??
      bounds.range(s.selectionRange, `${what} selectionRange`) ??
      (!within(s.selectionRange, s.range) ? `${what}: selectionRange outside range` : undefined) ??
      (parent && !within(s.range, parent.range) ? `${what}: outside its parent "${parent.name}"` : undefined);
    if (bad) {
      out.push(bad);
      return;
    }
    if (s.children) checkSymbols(bounds, s.children, s, out);
  }
}

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true };

function jsonValue(text: string): string | undefined {
  if (nestingTooDeepAt(text) >= 0) return undefined; // jsonc-parser's parse would overflow the stack
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, PARSE_OPTIONS);
  return errors.length === 0 ? JSON.stringify(value) : undefined;
}

function checkFormatting(
  service: RoleLanguageService,
  doc: TextDocument,
  bounds: Bounds,
  c: FuzzCase,
  settings: DocumentSettings,
  run: Runner,
  out: string[],
): void {
  const options: FormattingOptions = { tabSize: c.format.tabSize, insertSpaces: c.format.insertSpaces };
  if (c.format.finalNewline !== undefined) options.insertFinalNewline = c.format.finalNewline;
  const text = doc.getText();
  const small = text.length <= APPLY_LIMIT;
  // A valid document keeps its value (a BOM is not JSON to jsonc-parser: skip those).
  const before = small && text.charCodeAt(0) !== 0xfeff ? jsonValue(text) : undefined;
  const edits = run('format', () => service.format(doc, undefined, options, settings));
  if (edits && checkEdits(bounds, edits, 'format', out) && small) {
    const formatted = TextDocument.applyEdits(doc, edits);
    if (before !== undefined && jsonValue(formatted) !== before) out.push('format changed the JSON value of a valid document');
    if (before !== undefined) {
      const again = TextDocument.create(`${doc.uri}#formatted`, 'json', 1, formatted);
      const second = run('format (again)', () => service.format(again, undefined, options, settings)) ?? [];
      if (TextDocument.applyEdits(again, second) !== formatted) out.push('format is not idempotent on a valid document');
    }
  }
  // A range, possibly reversed (clients send what they send).
  const [a, b] = c.format.range.map((f) => doc.positionAt(Math.floor(f * (text.length + 1))));
  const rangeEdits = run(`format range ${fmt(a)}-${fmt(b)}`, () => service.format(doc, { start: a, end: b }, options, settings));
  if (rangeEdits && checkEdits(bounds, rangeEdits, 'range format', out) && small) {
    const formatted = TextDocument.applyEdits(doc, rangeEdits);
    if (before !== undefined && jsonValue(formatted) !== before) out.push(`range format ${fmt(a)}-${fmt(b)} changed the JSON value of a valid document`);
  }
}
