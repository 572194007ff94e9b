/**
 * `es-roles check`: runs the editor's validation over files, folders and globs and reports like a
 * compiler (text), as a JSON array, or as SARIF 2.1.0 for code scanning.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  BUNDLED_VERSIONS,
  Codes,
  DEFAULT_MAX_DOCUMENT_BYTES,
  NEWEST_BUNDLED_VERSION,
  compareVersions,
  getLanguageService,
  parseVersion,
  type DocumentSettings,
  type Shape,
} from '../language';
import { pathToFileURL } from 'node:url';
import { collectInputs, readText } from './inputs';
import { severityOf, toJson, toSarif, toText, useColor } from './checkOutput';
import { LINT_PROFILES, parseRuleOption, type LintLevel, type LintProfile, type LintSettings } from '../language/lint';
import {
  UsageError, flagOption, parseArgs, stringOption, stringsOption, type CliCommand, type CliIo, type OptionSpec, type ParsedArgs,
} from './args';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', type: 'string', choices: FORMATS },
  { name: 'target-version', type: 'string' },
  { name: 'max-file-size-mb', type: 'string' },
  { name: 'no-color', type: 'boolean' },
  { name: 'lint-profile', type: 'string', choices: LINT_PROFILES },
  { name: 'rule', type: 'string', multiple: true },
  { name: 'help', type: 'boolean', short: 'h' },
];

const USAGE = `Usage: es-roles check [options] [paths or globs...]

Checks Elasticsearch role, roles-map, bulk-role, API-key and has_privileges JSON files with the
same rules as the editor, and reports the problems like a compiler.

Arguments:
  A file is checked whatever its name. A directory is searched recursively for *.role.json,
  *.roles.json, *.apikey.json and *.has_privileges.json files (also .jsonc), and for *.json files
  in a folder named roles (the directory you name counts); node_modules, .git, dist and out are
  skipped. A quoted glob such as 'teams/**/*.json' is expanded from the current directory.
  Without arguments the current directory is checked.

Options:
  --format <text|json|sarif>   Output: compiler-style lines (default), a JSON array, or SARIF 2.1.0
  --target-version <version>   Elasticsearch version to check against, e.g. 8.12 or 9.1.3
                               (default: ${NEWEST_BUNDLED_VERSION}; bundled: ${BUNDLED_VERSIONS.join(', ')})
  --max-file-size-mb <n>       Larger files are reported, not analysed (default: ${DEFAULT_MAX_DOCUMENT_BYTES / 1024 / 1024})
  --no-color                   Plain text output (colours are also off when NO_COLOR is set or
                               stdout is not a terminal)
  --lint-profile <profile>     Security lint: recommended (default), strict (warnings become
                               errors, informations warnings) or off
  --rule <code=level>          Set one lint rule to off, information, warning or error
                               (repeatable; wins over the profile), e.g.
                               --rule broad-cluster-privilege=error --rule redundant-privilege=off
  -h, --help                   Show this help

Exit status: 0 no errors (warnings and infos do not fail), 1 at least one error,
2 usage error or nothing could be checked.
`;

export const checkCommand: CliCommand = {
  summary: 'Check role, API-key and has_privileges JSON files (text, JSON or SARIF output)',
  usage: USAGE,
  run: runCheck,
};


export interface CheckedFile {
  readonly file: string;
  readonly abs: string;
  readonly shape: Shape;
  readonly diagnostics: readonly Diagnostic[];
}

async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const format = (stringOption(args, 'format') ?? 'text') as Format;
  const settings: DocumentSettings = {
    targetVersion: targetVersionOption(stringOption(args, 'target-version'), io),
    maxDocumentBytes: maxBytesOption(stringOption(args, 'max-file-size-mb')),
    lint: lintOption(args),
  };
  const problem = (path: string, cause: string) => io.stderr(`es-roles: ${path}: ${cause}\n`);
  const inputs = collectInputs(args.positionals.length > 0 ? args.positionals : ['.'], io.cwd, problem);

  const service = getLanguageService();
  const checked: CheckedFile[] = [];
  for (const input of inputs) {
    const text = readText(input, problem);
    if (text === undefined) continue;
    const uri = pathToFileURL(input.abs).href;
    const document = TextDocument.create(uri, input.abs.endsWith('.jsonc') ? 'jsonc' : 'json', 1, text);
    const diagnostics = [...service.doValidation(document, settings)].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    // A file over the size limit is not parsed, not even to tell its shape.
    const tooLarge = diagnostics.some((d) => d.code === Codes.documentTooLarge);
    const shape = tooLarge ? 'unknown' : service.shapeOf(document);
    if (shape === 'unknown' && input.explicit && !tooLarge) {
      problem(input.display, 'not a role, roles map, bulk, API-key or has_privileges body; nothing to report');
    }
    checked.push({ file: input.display, abs: input.abs, shape, diagnostics });
    service.forget(uri);
  }

  if (format === 'json') io.stdout(`${JSON.stringify(toJson(checked), null, 2)}\n`);
  else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(checked, io.cwd), null, 2)}\n`);
  else io.stdout(toText(checked, useColor(io, flagOption(args, 'no-color'))));

  if (checked.length === 0) {
    io.stderr('es-roles: nothing was checked\n');
    return 2;
  }
  return checked.some((f) => f.diagnostics.some((d) => severityOf(d) === 'error')) ? 1 : 0;
}

function targetVersionOption(text: string | undefined, io: CliIo): string | undefined {
  if (text === undefined) return undefined;
  const parsed = /^\d{1,3}\.\d{1,3}(\.\d{1,4})?$/.test(text) ? parseVersion(text) : undefined;
  if (!parsed) {
    throw new UsageError(
      `--target-version '${text}' is not a version like 8.12 or 9.1.3 (bundled catalogs: ${BUNDLED_VERSIONS.join(', ')})`,
    );
  }
  const oldest = BUNDLED_VERSIONS[0];
  if (compareVersions(parsed, parseVersion(oldest)!) < 0) {
    io.stderr(`es-roles: note: no catalog older than ${oldest} is bundled; checking ${text} against the ${oldest} privileges\n`);
  } else if (compareVersions(parsed, parseVersion(NEWEST_BUNDLED_VERSION)!) > 0) {
    io.stderr(
      `es-roles: note: the newest bundled catalog is ${NEWEST_BUNDLED_VERSION}; privileges added after it are reported as unknown\n`,
    );
  }
  return text;
}

function lintOption(args: ParsedArgs): LintSettings {
  const rules: Record<string, LintLevel> = {};
  for (const text of stringsOption(args, 'rule')) {
    const parsed = parseRuleOption(text);
    if ('error' in parsed) throw new UsageError(parsed.error);
    rules[parsed.code] = parsed.level;
  }
  return { profile: (stringOption(args, 'lint-profile') as LintProfile | undefined) ?? 'recommended', rules };
}

function maxBytesOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const mb = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(mb > 0)) throw new UsageError(`--max-file-size-mb must be a positive number of megabytes (got '${text}')`);
  return Math.floor(mb * 1024 * 1024);
}

// ---------------------------------------------------------------------------------------------
// Inputs: files, directories and globs -> a sorted, de-duplicated list of files

