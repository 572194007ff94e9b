/** `es-roles has-privileges`: does the calling (or run-as) user have what a role file grants? */
import { hasPrivileges, type HasPrivilegesRequest } from '../../../client/src/cluster';
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { hasPrivilegesRequest, PrivilegesRequestError, summarizeHasPrivileges, uncheckableFields } from '../../../client/src/ops/privileges';
import { parseArgs, stringOption, UsageError, type CliCommand, type CliIo } from './args';
import {
  CLUSTER_OPTIONS,
  CLUSTER_OPTIONS_HELP,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  formatTable,
  printJson,
  readInputFile,
  refuseExtraArgs,
  refuseSecretFlags,
  withCluster,
} from './cluster';

const USAGE = `Usage: es-roles has-privileges <file> [--role NAME] [--user NAME] [--format text|json] [cluster options]

Asks the cluster whether the user has the privileges a file lists (POST _security/user/_has_privileges).
A role, roles-map, bulk or API-key file is turned into a request from its cluster privileges,
indices and applications; a has_privileges file is sent as is.

Options:
  --role <name>           Only this role of the file
  --user <name>           Check this user (_security/user/<name>/_has_privileges); Elasticsearch
                          only lets users check themselves, so combine with --run-as <name>
  --format <text|json>    A table (default), or Elasticsearch's answer as JSON
${CLUSTER_OPTIONS_HELP}
  -h, --help              Show this help

${CLUSTER_ENV_HELP}
Exit status: 0 the user has every privilege asked for, 1 some are missing (or Elasticsearch refused
the request), 2 usage error or unusable file, 3 cluster unusable (connection, TLS, timeout, 401, 5xx).
`;

export const hasPrivilegesCommand: CliCommand = {
  summary: 'Check on the cluster whether a user has the privileges a role file lists',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    refuseSecretFlags(argv);
    const args = parseArgs(argv, [
      ...CLUSTER_OPTIONS,
      { name: 'role', type: 'string' },
      { name: 'user', type: 'string' },
      { name: 'format', type: 'string', choices: ['text', 'json'] },
    ]);
    if (args.positionals.length === 0) throw new UsageError('has-privileges needs a file');
    refuseExtraArgs(args, 1);
    const role = stringOption(args, 'role');
    const user = stringOption(args, 'user');
    const format = stringOption(args, 'format') ?? 'text';

    const input = readInputFile(io, args.positionals[0]);
    if (!input) return EXIT_USAGE;
    let body: HasPrivilegesRequest;
    const { content } = input;
    if (content.shape === 'has_privileges') {
      if (role !== undefined) throw new UsageError('--role applies to role files; a has_privileges file is sent as is');
      body = content.body as HasPrivilegesRequest;
    } else if (['role', 'roles', 'bulk', 'api_key_create', 'api_key_grant'].includes(content.shape)) {
      try {
        body = hasPrivilegesRequest(content.roles, role);
        const skipped = uncheckableFields(content.roles, role);
        if (skipped.length) io.stderr(`es-roles: note: has_privileges cannot check ${skipped.join(', ')}; those parts of the role are not checked\n`);
      } catch (err) {
        if (!(err instanceof PrivilegesRequestError)) throw err;
        io.stderr(`es-roles: ${input.display}: ${err.message}\n`);
        return EXIT_USAGE;
      }
    } else {
      io.stderr(`es-roles: ${input.display}: not a role, roles map, bulk, API-key or has_privileges file\n`);
      return EXIT_USAGE;
    }

    return withCluster(io, args, async ({ client, runAs }) => {
      const response = await hasPrivileges(client, body, { user, runAs });
      if (format === 'json') printJson(io, response);
      else {
        const rows = summarizeHasPrivileges(response).map((r) => [
          r.privilege,
          r.kind === 'cluster' ? 'cluster' : r.kind === 'index' ? `index ${r.resource}` : `application ${r.application} ${r.resource}`,
          r.granted ? '✓' : '✗',
        ]);
        io.stdout(formatTable([['PRIVILEGE', 'RESOURCE', 'GRANTED'], ...rows]));
        io.stdout(`\nhas_all_requested: ${response.has_all_requested} (user ${response.username})\n`);
      }
      return response.has_all_requested ? EXIT_OK : EXIT_FAILED;
    });
  },
};
