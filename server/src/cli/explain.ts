/**
 * `es-roles explain <file>`: the offline counterpart of has_privileges. Evaluates whether the roles
 * in a file (all of them, as a user holding them, or those picked with --role) grant the cluster,
 * index and application privileges asked for, and which role entry grants each one. The JSON
 * output has the has_privileges response shape plus `granted_by` and `notes`, so it can be compared
 * with a cluster's answer.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  evaluate, pickRoles, rolesFromText, type Grantor, type PrivilegesAnswer, type PrivilegesRequest, type RoleSet,
} from '../language/model';
import { UsageError, flagOption, parseArgs, stringOption, stringsOption, type CliCommand, type CliIo, type OptionSpec } from './args';
import { readText } from './inputs';

/** The options that make a has_privileges request (buildRequest); verify-model takes them too. */
export const REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'index', type: 'string', multiple: true },
  { name: 'privilege', type: 'string', multiple: true },
  { name: 'cluster-privilege', type: 'string', multiple: true },
  { name: 'application', type: 'string' },
  { name: 'resource', type: 'string', multiple: true },
  { name: 'app-privilege', type: 'string', multiple: true },
  { name: 'allow-restricted-indices', type: 'boolean' },
  { name: 'request', type: 'string' },
];

const OPTIONS: readonly OptionSpec[] = [
  ...REQUEST_OPTIONS,
  { name: 'action', type: 'string', multiple: true },
  { name: 'role', type: 'string', multiple: true },
  { name: 'format', type: 'string', choices: ['text', 'json'] },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: es-roles explain <file> [options]

Evaluates offline whether the roles in a file grant privileges, the way
GET _security/user/_has_privileges answers for a user holding all of them, and
says which role entry grants each one. Works on a role, a roles map, a bulk body
or an API key's role descriptors.

Options:
  --index <name>               Index name or pattern to check (repeatable)
  --privilege <name>           Index privilege to check on every --index (repeatable).
                               A raw action here is checked as has_privileges does: <action>*
  --cluster-privilege <name>   Cluster privilege to check (repeatable)
  --action <action>            A concrete action, authorised like a request for it:
                               cluster:... on the cluster, indices:... on every --index
  --application <app>          Application to check, with --resource and --app-privilege
  --resource <resource>        Application resource (repeatable)
  --app-privilege <name>       Application privilege (repeatable)
  --allow-restricted-indices   Let --index patterns reach restricted indices (as in has_privileges)
  --role <name>                Only this role of the file (repeatable; default: every role)
  --request <file>             A has_privileges request body to evaluate (with the options above)
  --format <text|json>         A table (default), or the has_privileges-shaped JSON answer
                               with "granted_by" and "notes"
  -h, --help                   Show this help

Example:
  es-roles explain team.roles.json --role ops --index logs-2024 --privilege write \\
    --cluster-privilege monitor --action indices:data/write/bulk

Exit status: 0 everything asked is granted, 1 something is not, 2 usage error or unreadable file.
The model's limits (restricted indices, application privileges, ...) are in docs/explain-access.md.
`;

export const explainCommand: CliCommand = {
  summary: 'Evaluate offline whether roles grant privileges (has_privileges-shaped answer)',
  usage: USAGE,
  run: runExplain,
};

/** Reads and parses a role file for a command; usage errors for anything unusable. */
export function loadRoleFile(arg: string, io: CliIo, roleNames: readonly string[]): RoleSet {
  const abs = resolve(io.cwd, arg);
  let cause = '';
  const text = readText({ display: arg, abs, explicit: true }, (_path, c) => (cause = c));
  if (text === undefined) throw new UsageError(`${arg}: ${cause}`);
  const loaded = rolesFromText(text, pathToFileURL(abs).href);
  if (!loaded.ok) throw new UsageError(`${arg}: ${loaded.reason}`);
  if (loaded.set.unrestrictedApiKey) {
    throw new UsageError(`${arg}: the API key has no role_descriptors, so it gets its owner's privileges, which are not in the file`);
  }
  const { set, missing } = pickRoles(loaded.set, roleNames);
  if (missing.length > 0) {
    const known = loaded.set.roles.map((r) => r.name).join(', ') || 'none';
    throw new UsageError(`${arg}: no role ${missing.map((m) => `'${m}'`).join(', ')} (roles in the file: ${known})`);
  }
  return set;
}

export function buildRequest(args: ReturnType<typeof parseArgs>, io: CliIo): PrivilegesRequest {
  const indices = stringsOption(args, 'index');
  const privileges = stringsOption(args, 'privilege');
  const actions = stringsOption(args, 'action');
  const bad = actions.find((a) => !a.startsWith('cluster:') && !a.startsWith('indices:'));
  if (bad) throw new UsageError(`--action '${bad}' must be an action name starting with cluster: or indices:`);
  const both = actions.find((a) => privileges.includes(a) || stringsOption(args, 'cluster-privilege').includes(a));
  if (both) throw new UsageError(`'${both}' is given both as a privilege and as an --action; the answer has one entry per name, so check them in two runs`);
  const indexActions = actions.filter((a) => a.startsWith('indices:'));
  if ((privileges.length > 0 || indexActions.length > 0) && indices.length === 0) {
    throw new UsageError('--privilege and indices: actions need at least one --index');
  }
  if (indices.length > 0 && privileges.length === 0 && indexActions.length === 0) {
    throw new UsageError('--index needs --privilege or an --action starting with indices:');
  }
  const app = stringOption(args, 'application');
  const resources = stringsOption(args, 'resource');
  const appPrivileges = stringsOption(args, 'app-privilege');
  if ((app !== undefined || resources.length > 0 || appPrivileges.length > 0) && (!app || resources.length === 0 || appPrivileges.length === 0)) {
    throw new UsageError('--application, --resource and --app-privilege go together');
  }
  const fromFile = requestFile(stringOption(args, 'request'), io);
  const request: PrivilegesRequest = {
    cluster: [...(fromFile.cluster ?? []), ...stringsOption(args, 'cluster-privilege')],
    cluster_actions: actions.filter((a) => a.startsWith('cluster:')),
    index: [
      ...(fromFile.index ?? []),
      ...(indices.length > 0
        ? [{ names: indices, privileges, actions: indexActions, allow_restricted_indices: flagOption(args, 'allow-restricted-indices') }]
        : []),
    ],
    application: [...(fromFile.application ?? []), ...(app ? [{ application: app, resources, privileges: appPrivileges }] : [])],
  };
  const asked = request.cluster!.length + request.cluster_actions!.length + request.index!.length + request.application!.length;
  if (asked === 0) throw new UsageError('nothing to check: give --cluster-privilege, --index with --privilege, --action, --application or --request');
  return request;
}

/** A has_privileges body from a file (`index`, `cluster`, `application`). */
function requestFile(arg: string | undefined, io: CliIo): PrivilegesRequest {
  if (arg === undefined) return {};
  let cause = '';
  const text = readText({ display: arg, abs: resolve(io.cwd, arg), explicit: true }, (_p, c) => (cause = c));
  if (text === undefined) throw new UsageError(`${arg}: ${cause}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UsageError(`${arg}: not a JSON has_privileges body`);
  }
  const obj = (body ?? {}) as Record<string, unknown>;
  const arr = (v: unknown) => (Array.isArray(v) ? v : []);
  const strs = (v: unknown) => arr(v).filter((x): x is string => typeof x === 'string');
  return {
    cluster: strs(obj.cluster),
    index: arr(obj.index).map((e: Record<string, unknown>) => ({
      names: typeof e?.names === 'string' ? [e.names] : strs(e?.names),
      privileges: strs(e?.privileges),
      allow_restricted_indices: e?.allow_restricted_indices === true,
    })),
    application: arr(obj.application ?? obj.applications).map((e: Record<string, unknown>) => ({
      application: String(e?.application ?? ''),
      resources: strs(e?.resources),
      privileges: strs(e?.privileges),
    })),
  };
}

async function runExplain(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  if (args.positionals.length !== 1) throw new UsageError('explain takes exactly one role file');
  const file = args.positionals[0];
  const request = buildRequest(args, io);
  const set = loadRoleFile(file, io, stringsOption(args, 'role'));
  const answer = evaluate(set.roles, request);
  if (set.kind === 'api_key') {
    answer.notes.unshift("API-key role descriptors: the key is also limited by its owner's privileges, so this is an upper bound");
  }
  if (stringOption(args, 'format') === 'json') {
    io.stdout(`${JSON.stringify({ ...answer, roles: set.roles.map((r) => r.name) }, null, 2)}\n`);
  } else {
    io.stdout(explainText(file, set, answer));
  }
  return answer.has_all_requested ? 0 : 1;
}

function by(grantors: readonly Grantor[] | undefined): string {
  return (grantors ?? [])
    .map((g) => `${g.role}: ${g.path}${g.line ? ` (line ${g.line})` : ''} ${g.privileges.join(', ')}`)
    .join('; ');
}

/** Rows padded into columns. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function explainText(file: string, set: RoleSet, answer: PrivilegesAnswer): string {
  const yes = (v: boolean) => (v ? 'yes' : 'NO');
  const parts = [`${file}: ${set.roles.length === 1 ? 'role' : 'roles'} ${set.roles.map((r) => r.name).join(', ') || '(none)'}\n`];
  const cluster = Object.entries(answer.cluster);
  if (cluster.length > 0) {
    parts.push(table(['CLUSTER', 'GRANTED', 'GRANTED BY'], cluster.map(([p, v]) => [p, yes(v), by(answer.granted_by.cluster[p])])));
  }
  const index = Object.entries(answer.index).flatMap(([name, privs]) =>
    Object.entries(privs).map(([p, v]) => [name, p, yes(v), by(answer.granted_by.index[name]?.[p])]),
  );
  if (index.length > 0) parts.push(table(['INDEX', 'PRIVILEGE', 'GRANTED', 'GRANTED BY'], index));
  const apps = Object.entries(answer.application).flatMap(([app, resources]) =>
    Object.entries(resources).flatMap(([res, privs]) =>
      Object.entries(privs).map(([p, v]) => [app, res, p, yes(v), by(answer.granted_by.application[app]?.[res]?.[p])]),
    ),
  );
  if (apps.length > 0) parts.push(table(['APPLICATION', 'RESOURCE', 'PRIVILEGE', 'GRANTED', 'GRANTED BY'], apps));
  if (answer.notes.length > 0) parts.push(`Notes:\n${answer.notes.map((n) => `  - ${n}`).join('\n')}\n`);
  parts.push(answer.has_all_requested ? 'Everything asked is granted.\n' : 'Not everything asked is granted.\n');
  return parts.join('\n');
}
