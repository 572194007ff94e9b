/**
 * `es-roles diff <a> <b>`: what the roles in b grant that those in a do not (privilege growth), and
 * what a granted that b no longer does. For reviewing a change to a role in a pull request: exit 1
 * when b grants anything a does not, so CI can flag privilege growth.
 */
import { diffRoles, type GrantChange, type RoleSet } from '../language/model';
import { UsageError, parseArgs, stringOption, stringsOption, type CliCommand, type CliIo, type OptionSpec } from './args';
import { loadRoleFile } from './explain';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'role-a', type: 'string', multiple: true },
  { name: 'role-b', type: 'string', multiple: true },
  { name: 'format', type: 'string', choices: ['text', 'json'] },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: es-roles diff <a> <b> [options]

Compares the privileges granted by the roles in file a (before) and file b (after):
what b grants that a does not (added), and what a grants that b does not (removed).
Cluster privileges, index privileges per index pattern (with an example index name),
remote indices and clusters, application privileges, run_as and global privileges.
Each file may be a role, a roles map, a bulk body or an API key's role descriptors;
all its roles count together unless picked with --role-a / --role-b.

Options:
  --role-a <name>        Only this role of file a (repeatable)
  --role-b <name>        Only this role of file b (repeatable)
  --format <text|json>   Readable lists (default) or JSON {"added": [...], "removed": [...]}
  -h, --help             Show this help

Example (in CI, on the base and head versions of a role):
  git show origin/main:roles/ops.role.json > /tmp/ops.before.role.json
  es-roles diff /tmp/ops.before.role.json roles/ops.role.json

Exit status: 0 b grants nothing that a does not (removals alone exit 0),
1 b grants something a does not, 2 usage error or unreadable file.
`;

export const diffCommand: CliCommand = {
  summary: 'Show what one role file grants that another does not (exit 1 on privilege growth)',
  usage: USAGE,
  run: runDiff,
};

async function runDiff(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  if (args.positionals.length !== 2) throw new UsageError('diff takes two role files: the before (a) and the after (b)');
  const [fileA, fileB] = args.positionals;
  const a = loadRoleFile(fileA, io, stringsOption(args, 'role-a'));
  const b = loadRoleFile(fileB, io, stringsOption(args, 'role-b'));
  const diff = diffRoles(a.roles, b.roles);
  if (stringOption(args, 'format') === 'json') {
    const side = (file: string, set: RoleSet) => ({ file, roles: set.roles.map((r) => r.name) });
    io.stdout(`${JSON.stringify({ a: side(fileA, a), b: side(fileB, b), ...diff }, null, 2)}\n`);
  } else {
    io.stdout(diffText(fileA, a, fileB, b, diff.added, diff.removed));
  }
  return diff.added.length > 0 ? 1 : 0;
}

/** One change in words: `write on logs-* (e.g. logs-a)`. */
export function describeChange(c: GrantChange): string {
  const shown = c.example !== undefined && c.example !== (c.names ?? c.resource ?? c.clusters);
  const example = shown ? ` (e.g. ${c.example === '' ? 'the empty name' : c.example})` : '';
  const detail =
    c.reason === 'unrestricted'
      ? ' without the document/field-level security the other side applies'
      : c.reason === 'undecided'
        ? ' (the model could not decide: treated as not granted)'
        : '';
  switch (c.kind) {
    case 'cluster':
      return `cluster privilege ${c.privilege}`;
    case 'index':
      return `${c.privilege} on ${c.names}${example}${detail}`;
    case 'remote_index':
      return `${c.privilege} on ${c.clusters}:${c.names}${example}${detail}`;
    case 'remote_cluster':
      return `remote_cluster ${c.privilege} on ${c.clusters}${example}`;
    case 'application':
      return `application ${c.application}: ${c.privilege} on ${c.resource}${example}`;
    case 'run_as':
      return `run_as ${c.names}${example}`;
    case 'global':
      return 'global privileges';
  }
}

function where(c: GrantChange): string {
  return `role ${c.where.role}, ${c.where.path}${c.where.line ? ` (line ${c.where.line})` : ''}`;
}

function roleList(set: RoleSet): string {
  return `${set.roles.length === 1 ? 'role' : 'roles'} ${set.roles.map((r) => r.name).join(', ') || '(none)'}`;
}

export function diffText(fileA: string, a: RoleSet, fileB: string, b: RoleSet, added: readonly GrantChange[], removed: readonly GrantChange[]): string {
  const lines = [`a: ${fileA} (${roleList(a)})`, `b: ${fileB} (${roleList(b)})`, ''];
  const section = (title: string, sign: string, changes: readonly GrantChange[], side: string) => {
    lines.push(`${title}: ${changes.length}`);
    const rows = changes.map((c) => [`  ${sign} ${describeChange(c)}`, `${side}: ${where(c)}`]);
    const width = Math.max(0, ...rows.map((r) => r[0].length));
    for (const [what, at] of rows) lines.push(`${what.padEnd(width)}  ${at}`);
    lines.push('');
  };
  section('Granted by b, not by a (added)', '+', added, 'b');
  section('Granted by a, not by b (removed)', '-', removed, 'a');
  lines.push(added.length > 0 ? 'b grants more than a.' : 'b grants nothing that a does not.');
  return `${lines.join('\n')}\n`;
}
