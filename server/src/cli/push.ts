/**
 * `es-roles push`: writes role files to a cluster after showing the normalised diff; refuses files
 * with errors, asks before writing, backs up what it overwrites. A backup file is a bulk body, so
 * `es-roles push <backup>` restores it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isClusterError } from '../../../client/src/cluster';
import { backupHeader } from '../../../client/src/ops/backup';
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { executePush, planPush, PushBackupError, PushConflictError, type PushPlan, type PushReport } from '../../../client/src/ops/push';
import { extractRoles, type RoleBody } from '../../../client/src/roles/extract';
import { getLanguageService } from '../language';
import { flagOption, parseArgs, stringOption, UsageError, type CliCommand, type CliIo } from './args';
import { severityOf, useColor } from './checkOutput';
import {
  CLUSTER_OPTIONS,
  CLUSTER_OPTIONS_HELP,
  describeForCli,
  EXIT_CLUSTER,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  majorMinor,
  plural,
  prompterFor,
  refuseSecretFlags,
  withCluster,
  type ClusterSession,
} from './cluster';
import { collectInputs, readText } from './inputs';

export const DEFAULT_BACKUP_DIR = '.es-roles-backups';

const USAGE = `Usage: es-roles push <files or directories...> [options] [cluster options]

Creates or updates the roles of role files (one role, a roles map or a bulk body) on the cluster.
Directories are searched like 'es-roles check' does. Shows each role's normalised diff against the
cluster and a summary, asks for confirmation, then writes with the bulk role API (one PUT per role
before 8.15).

Safety: files with errors are refused (unless --force); nothing is written when a role changed on
the cluster since the diff was computed; before the first write, every role that will be
overwritten is saved (fsynced) to <backup-dir>/<cluster>-<time>.backup.json. A backup is a bulk
body: 'es-roles push <backup file>' restores it.

Options:
  --dry-run               Show the diff and summary only; write nothing
  --yes                   Do not ask for confirmation (required when stdin is not a terminal)
  --force                 Push even files with errors (still printed)
  --backup-dir <dir>      Where backups go (default: ./${DEFAULT_BACKUP_DIR})
  --no-color              Plain diff output
${CLUSTER_OPTIONS_HELP}
  -h, --help              Show this help

${CLUSTER_ENV_HELP}
Exit status: 0 pushed (or nothing to push, or --dry-run), 1 refused, not confirmed, or a role
failed, 2 usage error or unreadable input, 3 cluster unusable (connection, TLS, timeout, 401, 5xx).
`;

export const pushCommand: CliCommand = {
  summary: 'Push role files to the cluster (diff, confirmation, backup); also restores a backup',
  usage: USAGE,
  run: runPush,
};

interface LoadedFile {
  readonly display: string;
  readonly abs: string;
  readonly explicit: boolean;
  readonly text: string;
}

async function runPush(argv: readonly string[], io: CliIo): Promise<number> {
  refuseSecretFlags(argv);
  const args = parseArgs(argv, [
    ...CLUSTER_OPTIONS,
    { name: 'dry-run', type: 'boolean' },
    { name: 'yes', type: 'boolean', short: 'y' },
    { name: 'force', type: 'boolean' },
    { name: 'backup-dir', type: 'string' },
    { name: 'no-color', type: 'boolean' },
  ]);
  if (args.positionals.length === 0) throw new UsageError('push needs role files or directories (or a backup file to restore)');
  const files = loadFiles(io, args.positionals);
  if (!files) return EXIT_USAGE;
  return withCluster(io, args, (session) =>
    pushFiles(io, session, files, {
      dryRun: flagOption(args, 'dry-run'),
      yes: flagOption(args, 'yes'),
      force: flagOption(args, 'force'),
      backupDir: resolve(io.cwd, stringOption(args, 'backup-dir') ?? DEFAULT_BACKUP_DIR),
      color: useColor(io, flagOption(args, 'no-color')),
    }),
  );
}

/** Every input file's text; undefined (after printing why) when any path cannot be read: a partial push is worse than none. */
function loadFiles(io: CliIo, paths: readonly string[]): LoadedFile[] | undefined {
  let failed = false;
  const problem = (path: string, cause: string) => {
    failed = true;
    io.stderr(`es-roles: ${path}: ${cause}\n`);
  };
  const loaded: LoadedFile[] = [];
  for (const input of collectInputs(paths, io.cwd, problem)) {
    const text = readText(input, problem);
    if (text !== undefined) loaded.push({ ...input, text });
  }
  if (failed) {
    io.stderr('es-roles: nothing was pushed\n');
    return undefined;
  }
  return loaded;
}

interface PushOptions {
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly force: boolean;
  readonly backupDir: string;
  readonly color: boolean;
}

async function pushFiles(io: CliIo, session: ClusterSession, files: readonly LoadedFile[], opts: PushOptions): Promise<number> {
  const { client, runAs } = session;
  const root = await session.root();
  const clusterName = root.cluster_name || session.name;
  const where = `${clusterName} (${session.config.url ?? session.config.cloudId}, ${root.version.number})`;

  if (!validate(io, files, majorMinor(root.version.number), opts.force)) return EXIT_FAILED;
  const roles = collectRoles(io, files);
  if (!roles) return EXIT_USAGE;
  noteBackups(io, files);

  const plan = await planPush(client, roles, { runAs });
  io.stdout(`Cluster: ${where}\n\n${formatPlan(plan, opts.color)}`);
  const writes = plan.items.filter((i) => i.status !== 'unchanged').length;
  if (writes === 0) {
    io.stdout('Nothing to push: the cluster already has every role as the files say.\n');
    return EXIT_OK;
  }
  if (opts.dryRun) {
    io.stdout('Dry run: nothing was written.\n');
    return EXIT_OK;
  }
  if (!opts.yes && !(await confirm(io, `Push ${plural(writes, 'role')} to ${clusterName}? [y/N] `, writes, clusterName))) return EXIT_FAILED;

  let report: PushReport;
  try {
    report = await executePush(client, plan, { backupDir: opts.backupDir, clusterName, esVersion: root.version.number, runAs });
  } catch (err) {
    if (err instanceof PushConflictError || err instanceof PushBackupError) {
      io.stderr(`es-roles: ${err.message}\n`);
      return EXIT_FAILED;
    }
    throw err;
  }
  io.stdout(`\n${formatReport(report, io.cwd)}`);
  if (report.error !== undefined) {
    io.stderr(`es-roles: ${describeForCli(report.error, session.name)}\n`);
    if (isClusterError(report.error) && exitCodeFor(report.error) === EXIT_CLUSTER) return EXIT_CLUSTER;
    return EXIT_FAILED;
  }
  return report.results.some((r) => r.outcome === 'failed' || r.outcome === 'not_attempted') ? EXIT_FAILED : EXIT_OK;
}

/** Restoring a backup puts back the roles it overwrote; the roles that push created stay: said once per backup. */
function noteBackups(io: CliIo, files: readonly LoadedFile[]): void {
  for (const f of files) {
    const created = backupHeader(f.text)?.created ?? [];
    if (created.length === 0) continue;
    io.stderr(
      `es-roles: note: ${f.display} is a backup; the push that wrote it created (or was about to create) ${created.join(', ')}: restoring does not delete them.\n`,
    );
  }
}

/** Prints every error diagnostic; false when there are some and --force was not given. */
function validate(io: CliIo, files: readonly LoadedFile[], targetVersion: string | undefined, force: boolean): boolean {
  const service = getLanguageService();
  let bad = 0;
  for (const f of files) {
    const uri = pathToFileURL(f.abs).href;
    const document = TextDocument.create(uri, f.abs.endsWith('.jsonc') ? 'jsonc' : 'json', 1, f.text);
    const errors = service.doValidation(document, { targetVersion }).filter((d) => severityOf(d) === 'error');
    service.forget(uri);
    if (errors.length === 0) continue;
    bad++;
    for (const d of errors) io.stderr(`${f.display}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${codeOf(d)} ${messageOf(d)}\n`);
  }
  if (bad === 0) return true;
  if (force) {
    io.stderr(`es-roles: warning: ${plural(bad, 'file')} with errors pushed anyway (--force)\n`);
    return true;
  }
  io.stderr(`es-roles: refusing to push: ${plural(bad, 'file')} with errors (checked against ${targetVersion ?? 'the newest catalog'}). Fix them, or pass --force to push anyway.\n`);
  return false;
}

function codeOf(d: Diagnostic): string {
  return d.code === undefined ? 'es-roles' : String(d.code);
}

function messageOf(d: Diagnostic): string {
  return (typeof d.message === 'string' ? d.message : d.message.value).replace(/\s*\r?\n\s*/g, ' ');
}

/** The roles of every role file; undefined after printing why when a file or name makes the push ambiguous. */
function collectRoles(io: CliIo, files: readonly LoadedFile[]): Record<string, RoleBody> | undefined {
  const roles: Record<string, RoleBody> = {};
  const from = new Map<string, string>();
  let ok = true;
  for (const f of files) {
    const content = extractRoles(f.text, pathToFileURL(f.abs).href);
    if (content.syntaxError) {
      io.stderr(`es-roles: ${f.display}: skipped, ${content.syntaxError}\n`);
      continue;
    }
    if (content.shape !== 'role' && content.shape !== 'roles' && content.shape !== 'bulk') {
      const what = content.shape === 'unknown' ? 'not a role file' : `an ${content.shape.replace(/_/g, ' ')} file, not a role file`;
      if (f.explicit) {
        io.stderr(`es-roles: ${f.display}: ${what}; only role, roles-map and bulk files can be pushed\n`);
        ok = false;
      } else io.stderr(`es-roles: note: ${f.display}: skipped (${what})\n`);
      continue;
    }
    for (const [name, body] of Object.entries(content.roles)) {
      const first = from.get(name);
      if (first !== undefined) {
        io.stderr(`es-roles: role "${name}" is defined in ${first} and in ${f.display}; push one of them\n`);
        ok = false;
        continue;
      }
      from.set(name, f.display);
      roles[name] = body;
    }
  }
  if (!ok) {
    io.stderr('es-roles: nothing was pushed\n');
    return undefined;
  }
  if (Object.keys(roles).length === 0) {
    io.stderr('es-roles: no roles to push in the files given\n');
    return undefined;
  }
  return roles;
}

const ANSI = { red: '31', green: '32', cyan: '36', bold: '1' } as const;

function paint(color: boolean, style: keyof typeof ANSI, text: string): string {
  return color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}

function colorDiff(diff: string, color: boolean): string {
  if (!color) return diff;
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') ? paint(true, 'bold', l) : l.startsWith('@@') ? paint(true, 'cyan', l) : l.startsWith('+') ? paint(true, 'green', l) : l.startsWith('-') ? paint(true, 'red', l) : l))
    .join('\n');
}

/** Per role a header line (and the diff for creates and updates), then the summary. */
export function formatPlan(plan: PushPlan, color = false): string {
  let out = '';
  const count = { create: 0, update: 0, unchanged: 0 };
  for (const item of plan.items) {
    count[item.status]++;
    const mark = item.status.padEnd(9);
    out += `${paint(color, 'bold', `${mark} ${item.name}`)}\n`;
    if (item.diff) out += `${colorDiff(item.diff, color)}\n\n`;
  }
  if (count.unchanged) out += '\n';
  out += `${plural(plan.items.length, 'role')}: ${count.create} to create, ${count.update} to update, ${count.unchanged} unchanged\n`;
  return out;
}

/** Per role its outcome (and ES's reason), the backup path, and a summary. */
export function formatReport(report: PushReport, cwd: string): string {
  const width = Math.max(...report.results.map((r) => r.outcome.length));
  const label = (o: string) => o.replace('_', ' ');
  let out = '';
  for (const r of report.results) out += `${label(r.outcome).padEnd(width)}  ${r.name}${r.reason ? `: ${r.reason}` : ''}\n`;
  const n = (o: string) => report.results.filter((r) => r.outcome === o).length;
  if (report.backupFile) {
    const shown = report.backupFile.startsWith(`${cwd}/`) ? report.backupFile.slice(cwd.length + 1) : report.backupFile;
    out += `\nBackup of the overwritten roles: ${shown}\n  restore with: es-roles push ${shown} --yes\n`;
  }
  const method = report.method ? ` (${report.method === 'bulk' ? 'bulk API' : 'PUT per role'})` : '';
  out += `\n${n('created')} created, ${n('updated')} updated, ${n('unchanged')} unchanged, ${n('failed')} failed`;
  out += `${n('not_attempted') ? `, ${n('not_attempted')} not attempted` : ''}${method}\n`;
  return out;
}

async function confirm(io: CliIo, question: string, writes: number, clusterName: string): Promise<boolean> {
  const prompter = prompterFor(io);
  if (!prompter.interactive) {
    io.stderr(`es-roles: refusing to push ${plural(writes, 'role')} to ${clusterName} without confirmation: stdin is not a terminal. Pass --yes to push.\n`);
    return false;
  }
  const answer = await prompter.ask(question);
  if (answer !== undefined && /^\s*y(es)?\s*$/i.test(answer)) return true;
  io.stderr('es-roles: not confirmed; nothing was pushed\n');
  return false;
}
