/**
 * What every es-roles command that talks to a cluster shares: the `--url`, `--cloud-id` and
 * `--run-as` options, settings from the environment (secrets only from there), one client per run,
 * exit codes, one-line errors, prompts, reading one input file and aligned tables.
 *
 * Exit codes: 0 success; 1 a check or a write failed, or Elasticsearch refused this operation
 * (a 4xx answer other than 401: 400 bad request, 403 missing privilege, 404, 409...); 2 usage
 * (bad arguments, a missing or invalid ES_* variable, an unusable input file); 3 the cluster
 * could not be used: connection refused or reset, TLS, timeout, not Elasticsearch, 401
 * authentication failed, 429 or 5xx. A 401 from `api-key grant` is about the granted user's
 * password or access token (the caller's credentials were accepted), so it exits 1.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import {
  ConfigError,
  createClient,
  describeError,
  EsApiError,
  getRoot,
  isClusterError,
  isGrantRequest,
  type ClusterAuth,
  type ClusterLogger,
  type EsClient,
  type RootInfo,
} from '../../../client/src/cluster';
import { clusterConfigFromEnv, type CliClusterConfig } from '../../../client/src/ops/connection';
import { extractRoles, type RoleFileContent } from '../../../client/src/roles/extract';
import { stringOption, UsageError, type CliIo, type OptionSpec, type ParsedArgs } from './args';
import { readText } from './inputs';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CLUSTER = 3;

export const CLUSTER_OPTIONS: readonly OptionSpec[] = [
  { name: 'url', type: 'string' },
  { name: 'cloud-id', type: 'string' },
  { name: 'run-as', type: 'string' },
  { name: 'help', type: 'boolean', short: 'h' },
];

export const CLUSTER_OPTIONS_HELP = `  --url <url>             Cluster URL (default: ES_URL)
  --cloud-id <id>         Elastic Cloud ID (default: ES_CLOUD_ID)
  --run-as <user>         Run the requests as this user (es-security-runas-user)`;

export const EXIT_HELP = `Exit status: 0 success, 1 failed (or Elasticsearch refused the operation: 400, 403, 404...),
2 usage error or bad ES_* variable, 3 cluster unusable (connection, TLS, timeout, 401, 429, 5xx).`;

/** Flags people try for secrets, and the variable to use instead. */
const SECRET_FLAGS: Readonly<Record<string, string>> = {
  password: 'ES_PASSWORD',
  'es-password': 'ES_PASSWORD',
  'api-key': 'ES_API_KEY',
  apikey: 'ES_API_KEY',
  'es-api-key': 'ES_API_KEY',
  token: 'ES_BEARER_TOKEN',
  'bearer-token': 'ES_BEARER_TOKEN',
  'access-token': 'ES_GRANT_ACCESS_TOKEN',
  'grant-password': 'ES_GRANT_PASSWORD',
  pass: 'ES_PASSWORD',
  passwd: 'ES_PASSWORD',
  bearer: 'ES_BEARER_TOKEN',
  'es-bearer-token': 'ES_BEARER_TOKEN',
  'grant-access-token': 'ES_GRANT_ACCESS_TOKEN',
  'es-grant-password': 'ES_GRANT_PASSWORD',
};

/** Refuses secrets on the command line (shell history, `ps`) with the variable to use; never echoes the value. */
export function refuseSecretFlags(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const m = /^--([^=]+)/.exec(arg);
    // `--API_KEY`, `--api_key` and `--api-key` are the same mistake.
    const key = m?.[1].toLowerCase().replace(/_/g, '-');
    const variable = key !== undefined && Object.hasOwn(SECRET_FLAGS, key) ? SECRET_FLAGS[key] : undefined;
    if (variable) {
      throw new UsageError(`--${m![1]}: secrets are read from the environment only; set ${variable} instead (flags end up in shell history and process lists)`);
    }
  }
}

/** Throws a UsageError when more than `max` positional arguments were given. */
export function refuseExtraArgs(args: ParsedArgs, max: number): void {
  if (args.positionals.length > max) throw new UsageError(`unexpected argument '${args.positionals[max]}'`);
}

/** The exit code for an error from the cluster module (see the file comment). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ConfigError) return EXIT_USAGE;
  if (err instanceof EsApiError) {
    // A 401 from a grant refuses the granted user's credentials; the caller's were accepted.
    if (err.status === 401 && isGrantRequest(err)) return EXIT_FAILED;
    return err.status === 401 || err.status === 429 || err.status >= 500 ? EXIT_CLUSTER : EXIT_FAILED;
  }
  return isClusterError(err) ? EXIT_CLUSTER : EXIT_FAILED;
}

/** describeError's one line, with the fixes named as the command line spells them (ES_* variables). */
export function describeForCli(err: unknown, clusterName: string): string {
  return describeError(err, clusterName, 'cli');
}

/** Prints a cluster error as the one line describeError makes and returns its exit code. */
export function reportClusterError(io: CliIo, err: unknown, clusterName: string): number {
  io.stderr(`es-roles: ${describeForCli(err, clusterName)}\n`);
  return exitCodeFor(err);
}

/** The cluster module's note before retrying a read (`...: HTTP 503; retry 1/2 in 150 ms`). */
const RETRY_NOTE = /; retry \d+\/\d+ in \d+ ms$/;

/** Warnings (TLS verification off, credentials over http) always; the rest with ES_ROLES_DEBUG=1. Lines are already redacted. */
function stderrLogger(io: CliIo): ClusterLogger {
  const debug = io.env.ES_ROLES_DEBUG === '1';
  const line = (level: string) => (message: string) => io.stderr(`es-roles: ${level}: ${message.replace(/\s+/g, ' ')}\n`);
  const off = () => undefined;
  // A retried read is progress, not a problem: shown with ES_ROLES_DEBUG=1 only, so a failed run
  // prints one line (the error) plus real warnings (TLS verification off, credentials over http).
  const warning = line('warning');
  const warn = (message: string) => (RETRY_NOTE.test(message) ? (debug ? line('debug')(message) : undefined) : warning(message));
  return { trace: debug ? line('trace') : off, debug: debug ? line('debug') : off, info: debug ? line('info') : off, warn, error: line('error') };
}

export interface ClusterSession {
  readonly config: CliClusterConfig;
  readonly client: EsClient;
  /** `--run-as`, for every call. */
  readonly runAs?: string;
  /** How errors name the cluster. */
  readonly name: string;
  /** GET / (cached): the cluster's name and version. */
  root(): Promise<RootInfo>;
  /** Another client for the same cluster and TLS settings with other credentials (the caller closes it). */
  clientWith(auth: ClusterAuth): EsClient;
}

/**
 * Builds the cluster settings from the environment and the cluster options, runs `fn` with a
 * client, and turns any cluster error into one line on stderr and its exit code. Closes the client.
 */
export async function withCluster(io: CliIo, args: ParsedArgs, fn: (session: ClusterSession) => Promise<number>): Promise<number> {
  let config: CliClusterConfig;
  let client: EsClient;
  try {
    config = clusterConfigFromEnv(io.env, {
      url: stringOption(args, 'url'),
      cloudId: stringOption(args, 'cloud-id'),
      runAs: stringOption(args, 'run-as'),
    });
    client = createClient({ ...config, caFile: config.caFile ? resolve(io.cwd, config.caFile) : undefined }, { logger: stderrLogger(io) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr(`es-roles: ${err.message.replace(/\s+/g, ' ')}\n`);
    return EXIT_USAGE;
  }
  let rootInfo: Promise<RootInfo> | undefined;
  const session: ClusterSession = {
    config,
    client,
    runAs: config.runAs,
    name: config.name,
    root: () => (rootInfo ??= getRoot(client)),
    clientWith: (auth) => client.withAuth(auth),
  };
  try {
    return await fn(session);
  } catch (err) {
    if (isClusterError(err)) return reportClusterError(io, err, config.name);
    throw err;
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Prompts

export interface Prompter {
  /** Whether a person can answer (stdin is a terminal). */
  readonly interactive: boolean;
  /** Asks on stderr and reads one line; `secret` turns echo off. Undefined when input ended (Ctrl-D, Ctrl-C). */
  ask(question: string, opts?: { secret?: boolean }): Promise<string | undefined>;
}

/** A CliIo may carry its own prompter (tests); otherwise the process's terminal is used. */
export type PromptingIo = CliIo & { readonly prompter?: Prompter };

export function prompterFor(io: CliIo): Prompter {
  return (io as PromptingIo).prompter ?? processPrompter();
}

function processPrompter(): Prompter {
  const stdin = process.stdin;
  return {
    interactive: stdin.isTTY === true,
    ask: (question, opts) => (opts?.secret && typeof stdin.setRawMode === 'function' ? askSecret(question) : askLine(question)),
  };
}

function askLine(question: string): Promise<string | undefined> {
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
    let answered = false;
    rl.once('close', () => {
      if (!answered) done(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      done(answer);
    });
  });
}

/** Reads a line from the terminal in raw mode without echo (backspace works; Ctrl-C / Ctrl-D cancel). */
function askSecret(question: string): Promise<string | undefined> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((done) => {
    let text = '';
    const finish = (value: string | undefined) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      done(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(text);
        if (ch === '\u0003' || (ch === '\u0004' && text === '')) return finish(undefined);
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

// ---------------------------------------------------------------------------------------------
// Input files and output

export interface InputFile {
  readonly display: string;
  readonly abs: string;
  readonly text: string;
  readonly content: RoleFileContent;
}

/** Reads one role / API-key / has_privileges file; undefined after printing why it cannot be used. */
export function readInputFile(io: CliIo, path: string): InputFile | undefined {
  const abs = resolve(io.cwd, path);
  const text = readText({ display: path, abs, explicit: true }, (p, cause) => io.stderr(`es-roles: ${p}: ${cause}\n`));
  if (text === undefined) return undefined;
  const content = extractRoles(text, pathToFileURL(abs).href);
  if (content.syntaxError) {
    io.stderr(`es-roles: ${path}: ${content.syntaxError}\n`);
    return undefined;
  }
  return { display: path, abs, text, content };
}

/** Columns padded to the widest cell; no trailing spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ').trimEnd() + '\n').join('');
}

/** `major.minor` of a cluster version, for the language service's target version. */
export function majorMinor(version: string | undefined): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** `--format json`: exactly one JSON value on stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
