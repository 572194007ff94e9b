/**
 * The es-roles command line: `es-roles <command> [options]`.
 *
 * To add a command, write `server/src/cli/<name>.ts` exporting a `CliCommand` and add one line to
 * `COMMANDS`; help, `--help`, usage errors and exit codes are handled here for every command.
 */
import { version } from '../../../package.json';
import { UsageError, type CliCommand, type CliIo } from './args';
import { apiKeyCommand } from './apiKey';
import { builtinPrivilegesCommand } from './builtinPrivileges';
import { checkCommand } from './check';
import { refuseSecretFlags } from './cluster';
import { diffCommand } from './diff';
import { explainCommand } from './explain';
import { hasPrivilegesCommand } from './hasPrivileges';
import { pullCommand } from './pull';
import { pushCommand } from './push';
import { verifyModelCommand } from './verifyModel';

/** Every subcommand, in the order `es-roles --help` lists them. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  check: checkCommand,
  explain: explainCommand,
  diff: diffCommand,
  push: pushCommand,
  pull: pullCommand,
  'has-privileges': hasPrivilegesCommand,
  'builtin-privileges': builtinPrivilegesCommand,
  'api-key': apiKeyCommand,
  'verify-model': verifyModelCommand,
};

export const VERSION: string = version;

function globalUsage(commands: Readonly<Record<string, CliCommand>>): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`);
  return [
    'Usage: es-roles <command> [options]',
    '',
    'Checks and manages Elasticsearch security roles kept as JSON files.',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show this help, or a command\'s help: es-roles <command> --help',
    '  --version      Print the version',
    '',
    'Set ES_ROLES_DEBUG=1 to print stack traces of internal errors.',
    '',
  ].join('\n');
}

/** Whether the arguments before `--` ask for help. */
function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Runs one command line against `io` and resolves to the exit status: the command's own, or 2 for
 * a usage error or an internal error. Never throws.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: Readonly<Record<string, CliCommand>> = COMMANDS,
): Promise<number> {
  const [first, ...rest] = argv;
  const usageError = (message: string, helpCommand?: string): number => {
    const hint = helpCommand ? `es-roles ${helpCommand} --help` : 'es-roles --help';
    io.stderr(`es-roles: ${message}\nRun '${hint}' for usage.\n`);
    return 2;
  };

  if (first === undefined) {
    io.stderr(globalUsage(commands));
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(globalUsage(commands));
    return 0;
  }
  if (first === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout(globalUsage(commands));
      return 0;
    }
    if (!Object.hasOwn(commands, topic)) return usageError(`unknown command '${topic}'`);
    io.stdout(commands[topic].usage);
    return 0;
  }
  if (first.startsWith('-')) return usageError(`unknown option ${first}`);
  if (!Object.hasOwn(commands, first)) return usageError(`unknown command '${first}'`);

  const command = commands[first];
  if (wantsHelp(rest)) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    // Every command, also those with no cluster options: a secret typed as a flag gets the variable to use.
    refuseSecretFlags(rest);
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) return usageError(err.message, first);
    return internalError(err, io);
  }
}

function internalError(err: unknown, io: CliIo): number {
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`es-roles: internal error: ${message}\n`);
  if (io.env.ES_ROLES_DEBUG === '1' && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return 2;
}

function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}

async function main(): Promise<void> {
  const io = processIo();
  // `es-roles check | head`: a closed pipe is not an error worth a message.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    else process.exit(internalError(err, io));
  });
  const fatal = (err: unknown) => process.exit(internalError(err, io));
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  // exitCode rather than exit(): let buffered output to a pipe drain first.
  process.exitCode = await runCli(process.argv.slice(2), io);
}

// Run only as the program, not when a test imports runCli.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) void main();
