/**
 * The has_privileges answer as an HTML page for the webview: one table per kind (cluster, index
 * patterns, application resources), granted or not, and has_all_requested. Everything from the
 * cluster or the file is HTML-escaped; the CSP allows only the nonce'd inline style, no scripts and
 * no remote resources. No `vscode` import (unit-tested).
 */
import type { HasPrivilegesResponse } from '../cluster';
import { summarizeHasPrivileges, type PrivilegeRow } from '../ops';

export interface HasPrivilegesPage {
  readonly response: HasPrivilegesResponse;
  /** Cluster profile name. */
  readonly clusterName: string;
  /** What was checked: "role logs-reader in logs.roles.json", "checks.has_privileges.json". */
  readonly subject: string;
  /** The run-as user, when the check ran as another user. */
  readonly runAs?: string;
  /** Fields of the role has_privileges cannot check (run_as, global, ...). */
  readonly uncheckable?: readonly string[];
  /** A fresh random value per render. */
  readonly nonce: string;
  /** The webview's `cspSource` (unused for content: nothing is loaded). */
  readonly cspSource?: string;
  /** ISO time of the check. */
  readonly time?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'`;
}

function granted(g: boolean): string {
  return g ? '<td class="yes">✔ granted</td>' : '<td class="no">✘ not granted</td>';
}

function table(caption: string, headers: readonly string[], rows: readonly string[][]): string {
  if (rows.length === 0) return '';
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
  return `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const cell = (v: string) => `<td><code>${escapeHtml(v)}</code></td>`;

/** The rows of one kind, sorted by resource then privilege. */
function rowsOf(rows: readonly PrivilegeRow[], kind: PrivilegeRow['kind']): PrivilegeRow[] {
  return rows
    .filter((r) => r.kind === kind)
    .sort((a, b) => `${a.application ?? ''}\u0000${a.resource}\u0000${a.privilege}`.localeCompare(`${b.application ?? ''}\u0000${b.resource}\u0000${b.privilege}`));
}

export function renderHasPrivilegesHtml(page: HasPrivilegesPage): string {
  const { response } = page;
  const rows = summarizeHasPrivileges(response);
  const missing = rows.filter((r) => !r.granted).length;
  const cluster = table('Cluster privileges', ['Privilege', 'Result'], rowsOf(rows, 'cluster').map((r) => [cell(r.privilege), granted(r.granted)]));
  const index = table('Index privileges', ['Index pattern', 'Privilege', 'Result'], rowsOf(rows, 'index').map((r) => [cell(r.resource), cell(r.privilege), granted(r.granted)]));
  const application = table(
    'Application privileges',
    ['Application', 'Resource', 'Privilege', 'Result'],
    rowsOf(rows, 'application').map((r) => [cell(r.application ?? ''), cell(r.resource), cell(r.privilege), granted(r.granted)]),
  );
  const verdict = response.has_all_requested
    ? '<p class="verdict yes" id="has-all-requested">has_all_requested: <strong>true</strong> — every privilege checked is granted.</p>'
    : `<p class="verdict no" id="has-all-requested">has_all_requested: <strong>false</strong> — ${missing} of ${rows.length} privilege${rows.length === 1 ? '' : 's'} not granted.</p>`;
  const who = page.runAs ? `run as <code>${escapeHtml(page.runAs)}</code> (answered for <code>${escapeHtml(response.username)}</code>)` : `user <code>${escapeHtml(response.username)}</code>`;
  const note = page.uncheckable?.length
    ? `<p class="note">Not checked (has_privileges cannot check them): ${page.uncheckable.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}.</p>`
    : '';
  const nonce = escapeHtml(page.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Privileges: ${escapeHtml(page.subject)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 1em; }
  table { border-collapse: collapse; margin: 1em 0; min-width: 50%; }
  caption { text-align: left; font-weight: bold; padding: 0.4em 0; }
  th, td { text-align: left; padding: 0.25em 1em 0.25em 0.4em; border-bottom: 1px solid var(--vscode-editorWidget-border, #8884); }
  code { font-family: var(--vscode-editor-font-family); }
  .yes { color: var(--vscode-testing-iconPassed, #388a34); }
  .no { color: var(--vscode-errorForeground, #e51400); font-weight: bold; }
  .verdict { font-size: 1.1em; }
  .meta, .note { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1>Privileges: ${escapeHtml(page.subject)}</h1>
<p class="meta">Cluster <code>${escapeHtml(page.clusterName)}</code>, ${who}${page.time ? `, checked ${escapeHtml(page.time)}` : ''}.</p>
${verdict}
${cluster}
${index}
${application}
${rows.length === 0 ? '<p>Nothing was checked.</p>' : ''}
${note}
</body>
</html>
`;
}
