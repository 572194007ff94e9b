/**
 * `es-roles verify-model <file>`: checks the offline privilege model against a cluster. A temporary
 * API key holding exactly the file's roles asks has_privileges; the answers are compared with
 * `es-roles explain`'s for the same request, and the key is invalidated.
 */
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { toRoleDescriptor } from '../../../client/src/ops/apiKeys';
import { verifyModel, type VerifyModelResult } from '../../../client/src/ops/verifyModel';
import { formatVerifyReport } from '../../../client/src/ops/verifyModelReport';
import type { RoleDescriptor } from '../../../client/src/cluster';
import { parseArgs, stringOption, stringsOption, UsageError, type CliCommand, type CliIo, type OptionSpec } from './args';
import { CLUSTER_OPTIONS_HELP, EXIT_FAILED, EXIT_OK, EXIT_USAGE, printJson, readInputFile, withCluster } from './cluster';
import { buildRequest, loadRoleFile, REQUEST_OPTIONS } from './explain';

/** Options that ask something of the model (allow-restricted-indices only modifies a question). */
const QUESTION_OPTIONS = REQUEST_OPTIONS.filter((o) => o.type === 'string').map((o) => o.name);

const OPTIONS: readonly OptionSpec[] = [
  { name: 'url', type: 'string' },
  { name: 'cloud-id', type: 'string' },
  ...REQUEST_OPTIONS,
  { name: 'role', type: 'string', multiple: true },
  { name: 'format', type: 'string', choices: ['text', 'json'] },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: es-roles verify-model <file> [options] [cluster options]

Checks the offline privilege model (es-roles explain) against the cluster: creates a temporary
API key whose role descriptors are the file's roles (expires in 1 hour), asks
POST _security/user/_has_privileges with that key, compares each answer with the model's, and
invalidates the key. Without request options it probes what the roles name plus common privileges,
an index no pattern matches and a restricted index.

Options:
  --role <name>                Only this role of the file (repeatable; default: every role)
  --index, --privilege, --cluster-privilege, --application, --resource, --app-privilege,
  --allow-restricted-indices, --request <file>
                               What to ask, as for es-roles explain (no --action: has_privileges
                               checks privileges, not actions)
  --format <text|json>         A table (default), or the comparison as JSON
${CLUSTER_OPTIONS_HELP.split('\n').slice(0, 2).join('\n')}
  -h, --help                   Show this help

The user of the credentials needs manage_own_api_key (or manage_api_key), and the key can hold no
more than that user has: where the user lacks a privilege, the cluster answers false.

${CLUSTER_ENV_HELP}
Exit status: 0 every answer agrees, 1 some disagree (or Elasticsearch refused a request), 2 usage
error or unusable file, 3 cluster unusable (connection, TLS, timeout, 401, 5xx).
`;

export const verifyModelCommand: CliCommand = {
  summary: 'Compare the offline privilege model with the cluster\'s has_privileges for a role file',
  usage: USAGE,
  run: runVerifyModel,
};

async function runVerifyModel(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.some((a) => a === '--action' || a.startsWith('--action='))) {
    throw new UsageError('--action is not supported by verify-model: has_privileges checks privileges, not actions (es-roles explain --action checks them offline)');
  }
  const args = parseArgs(argv, OPTIONS);
  if (args.positionals.length !== 1) throw new UsageError('verify-model takes exactly one role file');
  const file = args.positionals[0];
  const asked = QUESTION_OPTIONS.some((o) => args.options[o] !== undefined);
  const request = asked ? buildRequest(args, io) : undefined;
  const roleNames = stringsOption(args, 'role');
  const set = loadRoleFile(file, io, roleNames);
  const input = readInputFile(io, file);
  if (!input) return EXIT_USAGE;
  const picked = set.roles.map((r) => r.name);
  const descriptors: Record<string, RoleDescriptor> = {};
  for (const name of picked) {
    const body = input.content.roles[name];
    if (body) descriptors[name] = toRoleDescriptor(body);
  }
  if (Object.keys(descriptors).length === 0) throw new UsageError(`${file}: no roles to verify`);
  const format = stringOption(args, 'format') ?? 'text';
  return withCluster(io, args, async (session) => {
    const result: VerifyModelResult = await verifyModel(session.client, { descriptors, model: set.roles, request }, {
      clientWithApiKey: (encoded) => session.clientWith({ kind: 'apiKey', encoded }),
    });
    if (format === 'json') printJson(io, { cluster: session.name, roles: picked, ...result });
    else io.stdout(formatVerifyReport(result, `${file} (${picked.join(', ')})`, session.name));
    return result.disagreements.length === 0 ? EXIT_OK : EXIT_FAILED;
  });
}
