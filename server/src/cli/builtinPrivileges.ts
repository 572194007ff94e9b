/** `es-roles builtin-privileges`: the cluster's built-in cluster, index and remote-cluster privileges. */
import { getBuiltinPrivileges } from '../../../client/src/cluster';
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { parseArgs, stringOption, type CliCommand, type CliIo } from './args';
import { CLUSTER_OPTIONS, CLUSTER_OPTIONS_HELP, EXIT_HELP, EXIT_OK, printJson, refuseExtraArgs, refuseSecretFlags, withCluster } from './cluster';

const USAGE = `Usage: es-roles builtin-privileges [--format text|json] [cluster options]

Lists the privileges the cluster knows (GET _security/privilege/_builtin): cluster, index and,
from 8.15, remote_cluster privileges.

Options:
  --format <text|json>    Three sections (default), or Elasticsearch's answer as JSON
${CLUSTER_OPTIONS_HELP}
  -h, --help              Show this help

${CLUSTER_ENV_HELP}
${EXIT_HELP}
`;

export const builtinPrivilegesCommand: CliCommand = {
  summary: "List the cluster's built-in cluster, index and remote-cluster privileges",
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    refuseSecretFlags(argv);
    const args = parseArgs(argv, [...CLUSTER_OPTIONS, { name: 'format', type: 'string', choices: ['text', 'json'] }]);
    refuseExtraArgs(args, 0);
    const format = stringOption(args, 'format') ?? 'text';
    return withCluster(io, args, async ({ client, runAs }) => {
      const body = await getBuiltinPrivileges(client, { runAs });
      if (format === 'json') {
        printJson(io, body);
        return EXIT_OK;
      }
      const section = (title: string, names: readonly string[] | undefined) =>
        names === undefined
          ? `${title}: not reported by this cluster (Elasticsearch before 8.15)\n`
          : `${title} (${names.length}):\n${names.map((n) => `  ${n}\n`).join('')}`;
      io.stdout(
        [
          section('Cluster privileges', body.cluster),
          section('Index privileges', body.index),
          section('Remote cluster privileges', body.remote_cluster),
        ].join('\n'),
      );
      return EXIT_OK;
    });
  },
};
