/**
 * `es-roles api-key create|grant|invalidate`. A created key's secret is printed once, on stdout,
 * and nowhere else; grant secrets come from the environment or a no-echo prompt.
 */
import { createApiKey, grantApiKey, invalidateApiKeys, type CreateApiKeyResponse, type InvalidateApiKeysRequest } from '../../../client/src/cluster';
import { ApiKeyRequestError, createApiKeyRequest, grantApiKeyRequest } from '../../../client/src/ops/apiKeys';
import { CLUSTER_ENV_HELP } from '../../../client/src/ops/connection';
import { parseArgs, stringOption, UsageError, type CliCommand, type CliIo, type ParsedArgs } from './args';
import {
  CLUSTER_OPTIONS,
  CLUSTER_OPTIONS_HELP,
  EXIT_FAILED,
  EXIT_HELP,
  EXIT_OK,
  EXIT_USAGE,
  formatTable,
  printJson,
  prompterFor,
  readInputFile,
  refuseExtraArgs,
  refuseSecretFlags,
  withCluster,
  type InputFile,
} from './cluster';

const USAGE = `Usage:
  es-roles api-key create <file> --name NAME [--expiration 30d] [--role NAME] [--metadata JSON] [--format text|json]
  es-roles api-key grant <file> --name NAME --grant-type password|access_token [--username U] [--run-as U] [--format text|json]
  es-roles api-key invalidate (--id ID | --name NAME) [--format text|json]

create      Creates an API key for the calling user (POST _security/api_key). The file is an
            API-key create body (used as is, options override it) or a role file (its roles
            become role_descriptors, without "description", which API keys refuse).
grant       Creates an API key for another user (POST _security/api_key/grant). The file is a
            grant body, an API-key create body or a role file. The user's password or access
            token comes from ES_GRANT_PASSWORD / ES_GRANT_ACCESS_TOKEN, or a prompt without echo
            when stdin is a terminal. Here --run-as is the grant's run_as: the key is created
            for that user.
invalidate  Invalidates keys by id or by name (DELETE _security/api_key).

The text output shows a new key's id, name, expiration and encoded key (for
"Authorization: ApiKey <encoded>") once; it is not stored anywhere. --format json prints
Elasticsearch's answer.

Options:
  --name <name>           The key's name (create, grant: overrides the file's); invalidate: by name
  --expiration <time>     e.g. 30d, 12h (default: the file's, else the key does not expire)
  --role <name>           Only this role of the file
  --metadata <json>       A JSON object stored with the key
  --grant-type <type>     password or access_token (default: the file's grant_type)
  --username <user>       The user to grant for (password grants; default: the file's)
  --id <id>               invalidate: the key's id
  --format <text|json>    Text (default) or Elasticsearch's answer as JSON
${CLUSTER_OPTIONS_HELP}
  -h, --help              Show this help

${CLUSTER_ENV_HELP}
Grant secrets (environment only):
  ES_GRANT_PASSWORD      the password of --username (grant-type password)
  ES_GRANT_ACCESS_TOKEN  the user's access token (grant-type access_token)

${EXIT_HELP}
`;

export const apiKeyCommand: CliCommand = {
  summary: 'Create, grant or invalidate API keys (from role or API-key files)',
  usage: USAGE,
  run: async (argv: readonly string[], io: CliIo) => {
    refuseSecretFlags(argv);
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'create':
        return runCreate(rest, io);
      case 'grant':
        return runGrant(rest, io);
      case 'invalidate':
        return runInvalidate(rest, io);
      case undefined:
        throw new UsageError('api-key needs a subcommand: create, grant or invalidate');
      default:
        throw new UsageError(`unknown api-key subcommand '${sub}' (create, grant or invalidate)`);
    }
  },
};

const FORMAT = { name: 'format', type: 'string', choices: ['text', 'json'] } as const;

function oneFile(args: ParsedArgs, sub: string): string {
  if (args.positionals.length === 0) throw new UsageError(`api-key ${sub} needs a file`);
  refuseExtraArgs(args, 1);
  return args.positionals[0];
}

function metadataOption(args: ParsedArgs): Record<string, unknown> | undefined {
  const text = stringOption(args, 'metadata');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--metadata must be a JSON object, e.g. \'{"team":"ops"}\'');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--metadata must be a JSON object');
  return value as Record<string, unknown>;
}

/** The file's own `name` (create body, or a grant body's api_key). */
function fileKeyName(input: InputFile): string | undefined {
  const body = input.content.body;
  const key = input.content.shape === 'api_key_grant' ? (body?.api_key as Record<string, unknown> | undefined) : body;
  return typeof key?.name === 'string' && key.name ? key.name : undefined;
}

function printKey(io: CliIo, key: CreateApiKeyResponse, format: string): void {
  if (format === 'json') return printJson(io, key);
  const expiration = key.expiration === undefined ? 'never' : new Date(key.expiration).toISOString();
  io.stdout(formatTable([['id', key.id], ['name', key.name], ['expiration', expiration], ['encoded', key.encoded]]));
  io.stdout('\nStore the encoded key now: it is not shown again. Send it as "Authorization: ApiKey <encoded>".\n');
}

function requestError(io: CliIo, input: InputFile, err: unknown): number {
  if (!(err instanceof ApiKeyRequestError)) throw err;
  io.stderr(`es-roles: ${input.display}: ${err.message}\n`);
  return EXIT_USAGE;
}

async function runCreate(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    ...CLUSTER_OPTIONS,
    FORMAT,
    { name: 'name', type: 'string' },
    { name: 'expiration', type: 'string' },
    { name: 'role', type: 'string' },
    { name: 'metadata', type: 'string' },
  ]);
  const file = oneFile(args, 'create');
  const metadata = metadataOption(args);
  const input = readInputFile(io, file);
  if (!input) return EXIT_USAGE;
  const name = stringOption(args, 'name') ?? fileKeyName(input);
  if (!name) throw new UsageError('api-key create needs --name (the file names no key)');
  let body;
  try {
    body = createApiKeyRequest(input.content, { name, expiration: stringOption(args, 'expiration'), metadata, roleName: stringOption(args, 'role') });
  } catch (err) {
    return requestError(io, input, err);
  }
  return withCluster(io, args, async ({ client, runAs }) => {
    printKey(io, await createApiKey(client, body, { runAs }), stringOption(args, 'format') ?? 'text');
    return EXIT_OK;
  });
}

/** The grant's secret: from the environment, else a no-echo prompt on a terminal; undefined after saying which variable to set. */
async function grantSecret(io: CliIo, grantType: 'password' | 'access_token', username: string | undefined): Promise<string | undefined> {
  const variable = grantType === 'password' ? 'ES_GRANT_PASSWORD' : 'ES_GRANT_ACCESS_TOKEN';
  const fromEnv = io.env[variable];
  if (fromEnv) return fromEnv;
  const prompter = prompterFor(io);
  if (prompter.interactive) {
    const question = grantType === 'password' ? `Password of ${username ?? 'the user'}: ` : 'Access token: ';
    const answer = await prompter.ask(question, { secret: true });
    if (answer) return answer;
  }
  io.stderr(`es-roles: api-key grant: set ${variable} to the ${grantType === 'password' ? 'password of the user' : "user's access token"} (or run it in a terminal to be prompted)\n`);
  return undefined;
}

async function runGrant(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    ...CLUSTER_OPTIONS,
    FORMAT,
    { name: 'name', type: 'string' },
    { name: 'grant-type', type: 'string', choices: ['password', 'access_token'] },
    { name: 'username', type: 'string' },
    { name: 'expiration', type: 'string' },
    { name: 'role', type: 'string' },
  ]);
  const file = oneFile(args, 'grant');
  const input = readInputFile(io, file);
  if (!input) return EXIT_USAGE;
  const fileBody = input.content.shape === 'api_key_grant' ? input.content.body : undefined;
  const grantType = (stringOption(args, 'grant-type') ?? fileBody?.grant_type) as 'password' | 'access_token' | undefined;
  if (grantType !== 'password' && grantType !== 'access_token') throw new UsageError('api-key grant needs --grant-type password or access_token');
  const username = stringOption(args, 'username') ?? (typeof fileBody?.username === 'string' ? fileBody.username : undefined);
  if (grantType === 'password' && !username) throw new UsageError('a password grant needs --username');
  const name = stringOption(args, 'name') ?? fileKeyName(input);
  if (!name) throw new UsageError('api-key grant needs --name (the file names no key)');
  const secret = await grantSecret(io, grantType, username);
  if (secret === undefined) return EXIT_USAGE;
  let body;
  try {
    body = grantApiKeyRequest(input.content, {
      name,
      grantType,
      username,
      password: grantType === 'password' ? secret : undefined,
      accessToken: grantType === 'access_token' ? secret : undefined,
      runAs: stringOption(args, 'run-as'),
      expiration: stringOption(args, 'expiration'),
      roleName: stringOption(args, 'role'),
    });
  } catch (err) {
    return requestError(io, input, err);
  }
  // --run-as is the grant's run_as here, not a run-as header.
  return withCluster(io, args, async ({ client }) => {
    printKey(io, await grantApiKey(client, body), stringOption(args, 'format') ?? 'text');
    return EXIT_OK;
  });
}

async function runInvalidate(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...CLUSTER_OPTIONS, FORMAT, { name: 'id', type: 'string' }, { name: 'name', type: 'string' }]);
  refuseExtraArgs(args, 0);
  const id = stringOption(args, 'id');
  const name = stringOption(args, 'name');
  if ((id === undefined) === (name === undefined)) throw new UsageError('api-key invalidate needs exactly one of --id or --name');
  const request: InvalidateApiKeysRequest = id !== undefined ? { ids: [id] } : { name };
  return withCluster(io, args, async ({ client, runAs }) => {
    const res = await invalidateApiKeys(client, request, { runAs });
    if (stringOption(args, 'format') === 'json') printJson(io, res);
    else {
      const list = (ids: readonly string[]) => ids.map((i) => `  ${i}\n`).join('');
      io.stdout(`invalidated: ${res.invalidated_api_keys.length}\n${list(res.invalidated_api_keys)}`);
      io.stdout(`previously invalidated: ${res.previously_invalidated_api_keys.length}\n${list(res.previously_invalidated_api_keys)}`);
      io.stdout(`errors: ${res.error_count}\n`);
      for (const e of res.error_details ?? []) io.stdout(`  ${[e.type, e.reason].filter(Boolean).join(': ')}\n`);
    }
    const matched = res.invalidated_api_keys.length + res.previously_invalidated_api_keys.length;
    if (matched === 0 && res.error_count === 0) io.stderr(`es-roles: no API key matches ${id !== undefined ? `id ${id}` : `name ${name}`}\n`);
    return res.error_count > 0 || matched === 0 ? EXIT_FAILED : EXIT_OK;
  });
}
