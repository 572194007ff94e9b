import { describe, expect, it } from 'vitest';
import {
  UsageError,
  flagOption,
  parseArgs,
  stringOption,
  stringsOption,
  unknownOptionMessage,
  type OptionSpec,
} from '../../server/src/cli/args';

const SPECS: readonly OptionSpec[] = [
  { name: 'format', type: 'string', choices: ['text', 'json', 'sarif'] },
  { name: 'target-version', type: 'string' },
  { name: 'header', type: 'string', multiple: true },
  { name: 'no-color', type: 'boolean' },
  { name: 'help', type: 'boolean', short: 'h' },
  { name: 'output', type: 'string', short: 'o' },
];

const parse = (...argv: string[]) => parseArgs(argv, SPECS);

/** The UsageError message of a parse that must fail. */
function failure(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`);
}

describe('parseArgs', () => {
  it('returns no options and no positionals for an empty argv', () => {
    expect(parse()).toEqual({ options: {}, positionals: [] });
  });

  it('reads `--name value` and `--name=value`', () => {
    expect(parse('--format', 'json').options).toEqual({ format: 'json' });
    expect(parse('--format=sarif').options).toEqual({ format: 'sarif' });
    expect(parse('--target-version=8.12').options).toEqual({ 'target-version': '8.12' });
  });

  it('keeps everything after the first `=` as the value, including an empty one', () => {
    expect(stringOption(parse('--output=a=b'), 'output')).toBe('a=b');
    expect(stringOption(parse('--output='), 'output')).toBe('');
  });

  it('accepts a value that is a lone dash (stdin by convention)', () => {
    expect(stringOption(parse('--output', '-'), 'output')).toBe('-');
  });

  it('sets boolean flags to true and leaves absent flags false', () => {
    const args = parse('--no-color');
    expect(flagOption(args, 'no-color')).toBe(true);
    expect(flagOption(args, 'help')).toBe(false);
  });

  it('collects repeated `multiple` options in order', () => {
    const args = parse('--header', 'a: 1', '--header=b: 2', 'x');
    expect(stringsOption(args, 'header')).toEqual(['a: 1', 'b: 2']);
    expect(args.positionals).toEqual(['x']);
  });

  it('lets the last of a repeated single-valued option win', () => {
    expect(stringOption(parse('--format', 'json', '--format', 'text'), 'format')).toBe('text');
  });

  it('keeps positionals in order, interleaved with options', () => {
    const args = parse('a.json', '--format', 'json', 'roles/', '--no-color', 'b.json');
    expect(args.positionals).toEqual(['a.json', 'roles/', 'b.json']);
    expect(args.options).toEqual({ format: 'json', 'no-color': true });
  });

  it('treats a lone `-` as a positional', () => {
    expect(parse('-').positionals).toEqual(['-']);
  });

  it('ends options at `--`: everything after it is positional, even option-like words', () => {
    const args = parse('--no-color', '--', '--format', '-h', '--');
    expect(args.positionals).toEqual(['--format', '-h', '--']);
    expect(args.options).toEqual({ 'no-color': true });
  });

  it('reads short aliases for flags and valued options', () => {
    expect(flagOption(parse('-h'), 'help')).toBe(true);
    expect(stringOption(parse('-o', 'out.sarif'), 'output')).toBe('out.sarif');
  });

  it('rejects an unknown long option and names it', () => {
    expect(failure('--bogus')).toBe('unknown option --bogus');
    expect(failure('--bogus=1')).toBe('unknown option --bogus');
  });

  it('suggests the closest option for a typo', () => {
    expect(failure('--fromat', 'json')).toBe('unknown option --fromat (did you mean --format?)');
    expect(failure('--target-verison', '8.12')).toContain('did you mean --target-version?');
  });

  it('rejects unknown and clustered short options', () => {
    expect(failure('-x')).toBe('unknown option -x');
    expect(failure('-ho')).toBe('unknown option -ho');
  });

  it('rejects a missing value, naming the option', () => {
    expect(failure('--format')).toBe('option --format needs a value');
    expect(failure('--target-version', '--no-color')).toBe('option --target-version needs a value');
    expect(failure('-o')).toBe('option -o needs a value');
  });

  it('rejects a value on a flag', () => {
    expect(failure('--no-color=yes')).toBe('option --no-color does not take a value');
  });

  it('rejects a value outside the choices and lists them', () => {
    expect(failure('--format', 'xml')).toBe("option --format must be one of text, json, sarif (got 'xml')");
    expect(failure('--format=')).toContain('must be one of text, json, sarif');
  });

  it('does not treat a value as an option when given with `=`', () => {
    expect(stringOption(parse('--output=--weird'), 'output')).toBe('--weird');
  });
});

describe('typed accessors', () => {
  it('return undefined / empty for absent options', () => {
    const args = parse();
    expect(stringOption(args, 'format')).toBeUndefined();
    expect(stringsOption(args, 'header')).toEqual([]);
    expect(flagOption(args, 'no-color')).toBe(false);
  });

  it('wrap a single value for stringsOption', () => {
    expect(stringsOption(parse('--format', 'json'), 'format')).toEqual(['json']);
  });
});

describe('unknownOptionMessage', () => {
  it('does not suggest a far-away option', () => {
    expect(unknownOptionMessage('--zzzzzz', SPECS)).toBe('unknown option --zzzzzz');
  });
});
