import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { CODE_TITLES } from '../language';
import type { CliIo } from './args';
import type { CheckedFile } from './check';
import { version as VERSION, homepage } from '../../../package.json';

/** The three output formats of `es-roles check`: compiler-style text, JSON and SARIF 2.1.0. */

type Severity = 'error' | 'warning' | 'information' | 'hint';
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** LSP severity 1..4 -> name; a diagnostic without one is an error. */
export function severityOf(d: Diagnostic): Severity {
  return SEVERITIES[(d.severity ?? 1) - 1] ?? 'error';
}

/** LSP 3.18 allows Markdown messages; the CLI prints their source text. */
function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function codeOf(d: Diagnostic): string {
  return d.code === undefined ? 'es-roles' : String(d.code);
}

export function useColor(io: CliIo, noColorFlag: boolean): boolean {
  return io.isTTY && !io.env.NO_COLOR && !noColorFlag;
}

const ANSI = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', gray: '90' } as const;

export function toText(files: readonly CheckedFile[], color: boolean): string {
  const paint = (style: keyof typeof ANSI, s: string) => (color ? `\u001b[${ANSI[style]}m${s}\u001b[0m` : s);
  const sevStyle: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'gray' };
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let out = '';
  for (const f of files) {
    for (const d of f.diagnostics) {
      const sev = severityOf(d);
      counts[sev]++;
      const where = `${f.file}:${d.range.start.line + 1}:${d.range.start.character + 1}:`;
      const word = sev === 'information' ? 'info' : sev;
      const message = messageOf(d).replace(/\s*\r?\n\s*/g, ' ');
      out += `${paint('bold', where)} ${paint(sevStyle[sev], word)} ${paint('dim', codeOf(d))} ${message}\n`;
    }
  }
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const parts = [n(counts.error, 'error'), n(counts.warning, 'warning'), n(counts.information, 'info')];
  if (counts.hint > 0) parts.push(n(counts.hint, 'hint'));
  const summary = `${parts.join(', ')} in ${n(files.length, 'file')}`;
  return `${out}${counts.error > 0 ? paint('red', summary) : summary}\n`;
}

export function toJson(files: readonly CheckedFile[]): unknown[] {
  return files.map((f) => ({
    file: f.file,
    shape: f.shape,
    diagnostics: f.diagnostics.map((d) => ({
      severity: severityOf(d),
      code: codeOf(d),
      message: messageOf(d),
      range: {
        start: { line: d.range.start.line, character: d.range.start.character },
        end: { line: d.range.end.line, character: d.range.end.character },
      },
    })),
  }));
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** `unknown-cluster-privilege` -> `Unknown cluster privilege`. */
function describeCode(code: string): string {
  const title = (CODE_TITLES as Record<string, string>)[code];
  if (title) return title;
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A SARIF artifact location: relative to %SRCROOT% (the cwd) when inside it, else a file URI. */
function artifactLocation(abs: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(files: readonly CheckedFile[], cwd: string): unknown {
  const rules: Array<{ id: string; name: string; shortDescription: { text: string }; helpUri?: string }> = [];
  const ruleIndex = new Map<string, number>();
  const results: unknown[] = [];
  for (const f of files) {
    const location = artifactLocation(f.abs, cwd);
    for (const d of f.diagnostics) {
      const code = codeOf(d);
      let index = ruleIndex.get(code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(code, index);
        const name = describeCode(code).replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '');
        rules.push({ id: code, name, shortDescription: { text: describeCode(code) } });
      }
      if (d.codeDescription?.href && !rules[index].helpUri) rules[index].helpUri = d.codeDescription.href;
      results.push({
        ruleId: code,
        ruleIndex: index,
        level: SARIF_LEVEL[severityOf(d)],
        message: { text: messageOf(d) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'es-roles', version: VERSION, informationUri: homepage, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

