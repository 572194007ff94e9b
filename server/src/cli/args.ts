/**
 * Command-line plumbing shared by every es-roles command: the contract a command implements
 * (`CliCommand`, run against a `CliIo` so tests can call it in-process), the error that means
 * "the user typed something wrong" (`UsageError`, exit 2, no stack), and a small argv parser.
 * No dependencies: the parser covers exactly what the commands need.
 */

/** Where a command reads its surroundings and writes its output. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours, progress). */
  readonly isTTY: boolean;
}

/** One `es-roles <name>` subcommand. */
export interface CliCommand {
  /** One line for `es-roles --help`. */
  readonly summary: string;
  /** The full `es-roles <name> --help` text. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A mistake in the command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  /** Long name without dashes: `format` for `--format`. */
  readonly name: string;
  /** `boolean` options are flags and take no value; `string` options take one. */
  readonly type: 'string' | 'boolean';
  /** One-letter alias without the dash: `h` for `-h`. */
  readonly short?: string;
  /** A `string` option that may be given more than once; its values are collected in order. */
  readonly multiple?: boolean;
  /** The values a `string` option accepts. */
  readonly choices?: readonly string[];
}

export interface ParsedArgs {
  /** Flags given are `true`; string options hold their (last) value, or every value when `multiple`. */
  readonly options: Readonly<Record<string, string | boolean | readonly string[]>>;
  /** Arguments that are not options, in order (everything after `--` included). */
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` (without the node and script names): `--name value`, `--name=value`, flags,
 * `-x` short aliases, repeated options, and `--` to end options. A lone `-` is a positional.
 * Throws `UsageError` naming the offending option.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(unknownOptionMessage(`--${name}`, specs));
      if (spec.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`option --${name} does not take a value`);
        options[spec.name] = true;
        continue;
      }
      let value: string;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('-') && next !== '-')) {
          throw new UsageError(`option --${name} needs a value`);
        }
        value = next;
        i++;
      }
      store(options, spec, value, `--${name}`);
    } else if (arg.startsWith('-') && arg !== '-') {
      const spec = arg.length === 2 ? byShort.get(arg[1]) : undefined;
      if (!spec) throw new UsageError(unknownOptionMessage(arg, specs));
      if (spec.type === 'boolean') {
        options[spec.name] = true;
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new UsageError(`option ${arg} needs a value`);
      }
      store(options, spec, next, arg);
      i++;
    } else {
      positionals.push(arg);
    }
  }
  return { options, positionals };
}

function store(options: Record<string, string | boolean | string[]>, spec: OptionSpec, value: string, shown: string): void {
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`option ${shown} must be one of ${spec.choices.join(', ')} (got '${value}')`);
  }
  if (spec.multiple) {
    const list = options[spec.name];
    options[spec.name] = Array.isArray(list) ? [...list, value] : [value];
  } else {
    // Last one wins, so a script's defaults can be overridden by appending options.
    options[spec.name] = value;
  }
}

/** `unknown option --fromat (did you mean --format?)`. */
export function unknownOptionMessage(option: string, specs: readonly OptionSpec[]): string {
  const typed = option.replace(/^-+/, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const spec of specs) {
    const d = editDistance(typed, spec.name);
    if (d < bestDistance) {
      bestDistance = d;
      best = spec.name;
    }
  }
  const close = best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3));
  return close ? `unknown option ${option} (did you mean --${best}?)` : `unknown option ${option}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Typed accessors, so commands do not cast. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function stringsOption(args: ParsedArgs, name: string): readonly string[] {
  const v = args.options[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}
