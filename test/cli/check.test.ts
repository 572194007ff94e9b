/**
 * `es-roles check` end to end: runs the BUILT dist/cli.js with node over fixture files written to a
 * temporary folder (build first: `npm run build`). A few in-process tests call the command with a
 * fake io for what a child process cannot show (a terminal, internal errors).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, type CliCommand, type CliIo } from '../../server/src/cli/args';
import { checkCommand } from '../../server/src/cli/check';
import { runCli } from '../../server/src/cli/main';
import { BUNDLED_VERSIONS } from '../../server/src/language';
import pkg from '../../package.json';

const CLI = resolve(__dirname, '../../dist/cli.js');

// ---------------------------------------------------------------------------------------------
// Fixtures

const VALID_ROLE = `{
  "description": "Reads the logs.",
  "cluster": ["monitor"],
  "indices": [{ "names": ["logs-*"], "privileges": ["read", "view_index_metadata"] }]
}
`;
const ROLES_MAP = `{
  "ops": {
    "cluster": ["monitor",
      "manage_index_template"],
    "indices": [{ "names": ["app-*"], "privileges": ["manage"] }]
  },
  "metrics-viewer": { "indices": [{ "names": ["metrics-*"], "privileges": ["read"] }] }
}
`;
const BULK = `{
  "roles": {
    "writer": { "indices": [{ "names": ["events-*"], "privileges": ["create_doc"] }] }
  }
}
`;
const API_KEY = `{
  "name": "ci",
  "expiration": "7d",
  "role_descriptors": { "deployer": { "cluster": ["manage_ilm"] } }
}
`;
const HAS_PRIVILEGES = `{
  "cluster": ["monitor"],
  "index": [{ "names": ["logs-*"], "privileges": ["read"] }]
}
`;
const SYNTAX_ERROR = `{
  "cluster": ["monitor"
  "indices": []
}
`;
/** Would be full of errors if it were checked: it must not be, it is not in a roles folder. */
const UNRELATED = `{ "cluster": ["not_a_privilege"], "indices": "nope" }\n`;
const NOT_A_ROLE = `{ "include": ["src"], "compilerOptions": { "strict": true } }\n`;
const REMOTE_ROLE = `{
  "remote_cluster": [{ "clusters": ["eu-*"], "privileges": ["monitor_enrich"] }]
}
`;

let root: string;
/** Role files and friends: everything in it is checkable. */
let project: string;
/** Files that cannot be checked. */
let bad: string;

function write(base: string, rel: string, content: string | Buffer): string {
  const file = join(base, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  root = mkdtempSync(join(tmpdir(), 'es-roles-cli-'));
  chmodSync(root, 0o755); // readable by the unprivileged user of the permission test
  project = join(root, 'project');
  write(project, 'roles/logs-reader.role.json', VALID_ROLE);
  write(project, 'roles/team.roles.json', ROLES_MAP);
  write(project, 'roles/bulk.json', BULK);
  write(project, 'roles/broken.role.json', SYNTAX_ERROR);
  write(project, 'roles/bom.role.json', `\uFEFF${VALID_ROLE}`);
  write(project, 'keys/ci.apikey.json', API_KEY);
  write(project, 'checks/logs.has_privileges.json', HAS_PRIVILEGES);
  write(project, 'config/settings.json', UNRELATED);
  write(project, 'config/tsconfig.json', NOT_A_ROLE);
  write(project, 'node_modules/dep/roles/x.role.json', UNRELATED);
  write(project, 'remote/remote.role.json', REMOTE_ROLE);
  mkdirSync(join(project, 'empty'));
  symlinkSync('.', join(project, 'keys/loop')); // keys/loop -> keys: a symlink loop
  bad = join(root, 'bad');
  write(bad, 'blob.role.json', Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x7d]));
  write(bad, 'latin1.role.json', Buffer.from('{ "description": "caf\xe9" }', 'latin1'));
  chmodSync(write(bad, 'locked.role.json', VALID_ROLE), 0o000);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

function run(cwd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number } = {}): Run {
  const env = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  delete env.ES_ROLES_DEBUG;
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

const check = (cwd: string, ...args: string[]) => run(cwd, ['check', ...args]);

interface JsonDiagnostic {
  severity: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface JsonFile {
  file: string;
  shape: string;
  diagnostics: JsonDiagnostic[];
}

function checkJson(cwd: string, ...args: string[]): { run: Run; files: JsonFile[] } {
  const r = check(cwd, '--format', 'json', ...args);
  return { run: r, files: JSON.parse(r.stdout) as JsonFile[] };
}

/** 0-based line and character of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`fixture has no ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

// ---------------------------------------------------------------------------------------------

describe('es-roles check: exit codes and text output', () => {
  it('exits 0 for a valid role, with a summary line', () => {
    const r = check(project, 'roles/logs-reader.role.json');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(r.status).toBe(0);
  });

  it('keeps a byte-order mark for the language service, which accepts it', () => {
    const r = check(project, 'roles/bom.role.json');
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(r.status).toBe(0);
  });

  it('exits 1 and prints compiler-style lines with 1-based positions for errors', () => {
    const r = check(project, 'roles/team.roles.json');
    const at = positionOf(ROLES_MAP, '"manage_index_template"');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(`roles/team.roles.json:${at.line + 1}:${at.character + 1}: error unknown-cluster-privilege `)).toBe(true);
    expect(lines[0]).toContain('manage_index_template');
    expect(lines[1]).toBe('1 error, 0 warnings, 0 infos in 1 file');
    expect(r.status).toBe(1);
  });

  it('reports a syntax error as an error', () => {
    const r = check(project, 'roles/broken.role.json');
    expect(r.stdout).toMatch(/^roles\/broken\.role\.json:\d+:\d+: error syntax-error /m);
    expect(r.status).toBe(1);
  });

  it('prints the path as given', () => {
    const r = check(root, './project/roles/team.roles.json');
    expect(r.stdout).toMatch(/^\.\/project\/roles\/team\.roles\.json:4:7: error unknown-cluster-privilege /m);
  });

  it('walks the current directory by default: role files by name and *.json under roles/, nothing else', () => {
    const r = check(project);
    const files = new Set(r.stdout.split('\n').filter((l) => l.includes(':')).map((l) => l.split(':')[0]));
    expect([...files].sort()).toEqual(['roles/broken.role.json', 'roles/team.roles.json']);
    expect(r.stdout).not.toContain('settings.json');
    expect(r.stdout).not.toContain('node_modules');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 errors, 0 warnings, 0 infos in 8 files');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });

  it('never colours output that is not a terminal', () => {
    expect(check(project, 'roles').stdout).not.toContain('\u001b[');
  });

  it('checks an explicitly named file whatever its name', () => {
    const r = check(project, 'config/settings.json');
    expect(r.stdout).toMatch(/^config\/settings\.json:1:\d+: error unknown-cluster-privilege /m);
    expect(r.status).toBe(1);
  });

  it('finds *.json in the named directory when that directory is a roles folder', () => {
    const { files } = checkJson(join(project, 'roles'), '.');
    expect(files.map((f) => f.file)).toContain('bulk.json');
    const fromParent = checkJson(project, 'roles').files.map((f) => f.file);
    expect(fromParent).toContain('roles/bulk.json');
  });
});

describe('es-roles check: inputs that cannot be checked', () => {
  it('reports a missing path, an empty directory and a glob matching nothing, and keeps going', () => {
    const r = check(project, 'nope.json', 'empty', 'roles/logs-reader.role.json', 'roles/*.jsn');
    expect(r.stderr.split('\n')).toEqual([
      'es-roles: nope.json: no such file or directory',
      expect.stringMatching(/^es-roles: empty: no role files in this directory/),
      'es-roles: roles/*.jsn: no files match this glob',
      '',
    ]);
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(r.status).toBe(0);
  });

  it('exits 2 when nothing at all could be checked', () => {
    const r = check(project, 'nope.json', 'empty');
    expect(r.stderr).toContain('es-roles: nope.json: no such file or directory');
    expect(r.stderr).toContain('es-roles: nothing was checked');
    expect(r.status).toBe(2);
  });

  it('exits 2 for a glob that matches nothing', () => {
    const r = check(project, 'nothing/**/*.json');
    expect(r.stderr).toContain('es-roles: nothing/**/*.json: no files match this glob');
    expect(r.status).toBe(2);
  });

  it('skips binary and non-UTF-8 files as "not a text file"', () => {
    const r = check(bad, 'blob.role.json', 'latin1.role.json');
    expect(r.stderr).toContain('es-roles: blob.role.json: not a text file');
    expect(r.stderr).toContain('es-roles: latin1.role.json: not a text file');
    expect(r.status).toBe(2);
  });

  it('reports an unreadable file as permission denied (as root: checks it, and proves the message as nobody)', () => {
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) {
      const r = check(bad, 'locked.role.json');
      expect(r.stderr).toBe('es-roles: locked.role.json: permission denied\nes-roles: nothing was checked\n');
      expect(r.status).toBe(2);
      return;
    }
    // root reads a mode-000 file: it is simply checked.
    const asIs = check(bad, 'locked.role.json');
    expect(asIs.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(asIs.status).toBe(0);
    // The unprivileged user cannot read it.
    const nobody = run(bad, ['check', 'locked.role.json', join(project, 'roles/logs-reader.role.json')], { uid: 65534 });
    if (nobody.error) {
      // A sandbox that forbids dropping privileges: say so loudly rather than pass silently.
      console.warn(`permission test could not run as uid 65534: ${nobody.error.message}`);
      expect((nobody.error as NodeJS.ErrnoException).code).toBe('EPERM');
      return;
    }
    expect(nobody.stderr).toBe('es-roles: locked.role.json: permission denied\n');
    expect(nobody.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(nobody.status).toBe(0);
  });

  it('notes a named file that is not a role body, and lists it as shape unknown', () => {
    const { run: r, files } = checkJson(project, 'config/tsconfig.json');
    expect(files).toEqual([{ file: 'config/tsconfig.json', shape: 'unknown', diagnostics: [] }]);
    expect(r.stderr).toContain('es-roles: config/tsconfig.json: not a role');
    expect(r.status).toBe(0);
  });
});

describe('es-roles check --format json', () => {
  it('prints exactly one array with the documented fields, shapes and 0-based ranges', () => {
    const { run: r, files } = checkJson(project);
    expect(r.status).toBe(1);
    expect(files.map((f) => [f.file, f.shape])).toEqual([
      ['checks/logs.has_privileges.json', 'has_privileges'],
      ['keys/ci.apikey.json', 'api_key_create'],
      ['remote/remote.role.json', 'role'],
      ['roles/bom.role.json', 'role'],
      ['roles/broken.role.json', 'role'],
      ['roles/bulk.json', 'bulk'],
      ['roles/logs-reader.role.json', 'role'],
      ['roles/team.roles.json', 'roles'],
    ]);
    for (const f of files) {
      expect(Object.keys(f)).toEqual(['file', 'shape', 'diagnostics']);
      for (const d of f.diagnostics) {
        expect(Object.keys(d)).toEqual(['severity', 'code', 'message', 'range']);
        expect(['error', 'warning', 'information', 'hint']).toContain(d.severity);
      }
    }
    const team = files.find((f) => f.file === 'roles/team.roles.json')!;
    const start = positionOf(ROLES_MAP, '"manage_index_template"');
    expect(team.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'unknown-cluster-privilege',
        message: expect.any(String),
        range: { start, end: { line: start.line, character: start.character + '"manage_index_template"'.length } },
      },
    ]);
    expect(files.find((f) => f.file === 'roles/broken.role.json')!.diagnostics.map((d) => d.code)).toContain('syntax-error');
  });

  it('is deterministic: sorted paths whatever the argument order, identical across runs', () => {
    const a = check(project, '--format', 'json', 'roles', 'keys', 'checks');
    const b = check(project, '--format', 'json', 'checks', 'roles/team.roles.json', 'keys', 'roles');
    expect(b.stdout).toBe(a.stdout);
    expect(check(project, '--format', 'json', 'roles', 'keys', 'checks').stdout).toBe(a.stdout);
    const names = (JSON.parse(a.stdout) as JsonFile[]).map((f) => f.file);
    expect(names).toEqual([...names].sort());
  });

  it('expands globs from the current directory', () => {
    const { files } = checkJson(project, '**/*.apikey.json', 'roles/*.roles.json');
    expect(files.map((f) => f.file)).toEqual(['keys/ci.apikey.json', 'roles/team.roles.json']);
  });

  it('prints an empty array when nothing could be checked', () => {
    const { run: r, files } = checkJson(project, 'nope.json');
    expect(files).toEqual([]);
    expect(r.status).toBe(2);
  });
});

describe('es-roles check --format sarif', () => {
  it('prints SARIF 2.1.0 with rules, levels and 1-based regions', () => {
    const r = check(project, '--format', 'sarif', 'roles', 'remote', '--target-version', '8.12');
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const [runObj] = sarif.runs;
    const driver = runObj.tool.driver;
    expect(driver.name).toBe('es-roles');
    expect(driver.version).toBe(pkg.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);

    const ruleIds = driver.rules.map((rule: { id: string }) => rule.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const result of runObj.results) {
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(typeof result.message.text).toBe('string');
    }
    expect(new Set(runObj.results.map((x: { ruleId: string }) => x.ruleId))).toEqual(new Set(ruleIds));

    const unknown = driver.rules.find((rule: { id: string }) => rule.id === 'unknown-cluster-privilege');
    expect(unknown.shortDescription.text).toBeTruthy();
    expect(unknown.helpUri).toMatch(/^https:\/\/www\.elastic\.co\//);

    const result = runObj.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-cluster-privilege');
    const at = positionOf(ROLES_MAP, '"manage_index_template"');
    expect(result.level).toBe('error');
    expect(result.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'roles/team.roles.json', uriBaseId: '%SRCROOT%' },
          region: {
            startLine: at.line + 1,
            startColumn: at.character + 1,
            endLine: at.line + 1,
            endColumn: at.character + 1 + '"manage_index_template"'.length,
          },
        },
      },
    ]);
    const newer = runObj.results.find((x: { ruleId: string }) => x.ruleId === 'requires-newer-version');
    expect(newer.level).toBe('warning');
  });

  it('uses forward-slash URIs relative to the current directory', () => {
    const sarif = JSON.parse(check(root, '--format', 'sarif', 'project/roles/team.roles.json').stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'project/roles/team.roles.json',
      uriBaseId: '%SRCROOT%',
    });
  });
});

describe('es-roles check --target-version', () => {
  const newerVersionCodes = (version: string) => {
    const { run: r, files } = checkJson(project, 'remote/remote.role.json', '--target-version', version);
    expect(r.status).toBe(0);
    return files[0].diagnostics.filter((d) => d.code === 'requires-newer-version');
  };

  it('warns that remote_cluster needs a newer version for 8.12, not for 9.1', () => {
    const old = newerVersionCodes('8.12');
    const at = positionOf(REMOTE_ROLE, '"remote_cluster"');
    expect(old.map((d) => [d.severity, d.range.start])).toContainEqual(['warning', at]);
    expect(newerVersionCodes('9.1')).toEqual([]);
    expect(newerVersionCodes('9.1.3')).toEqual([]);
  });

  it('rejects a malformed version with exit 2 and lists the bundled versions', () => {
    const r = check(project, '--target-version', 'banana', 'roles');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("--target-version 'banana'");
    expect(r.stderr).toContain(BUNDLED_VERSIONS.join(', '));
  });
});

describe('es-roles: help, version and usage errors', () => {
  it('prints global help with --help and -h, listing check', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(project, [flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: es-roles <command>/);
      expect(r.stdout).toMatch(/^ {2}check {2}/m);
    }
  });

  it('prints the command help with check --help, check -h and help check', () => {
    for (const args of [['check', '--help'], ['check', 'roles', '-h'], ['help', 'check']]) {
      const r = run(project, args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: es-roles check \[options\] \[paths or globs\.\.\.\]/);
      expect(r.stdout).toContain('--format <text|json|sarif>');
    }
  });

  it('prints the package version', () => {
    const r = run(project, ['--version']);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.status).toBe(0);
  });

  it('exits 2 with a one-line message for an unknown option, command, or no command', () => {
    const option = check(project, '--frobnicate');
    expect(option.status).toBe(2);
    expect(option.stderr).toBe("es-roles: unknown option --frobnicate\nRun 'es-roles check --help' for usage.\n");
    expect(option.stdout).toBe('');

    const command = run(project, ['frobnicate']);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("es-roles: unknown command 'frobnicate'");

    const none = run(project, []);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^Usage: es-roles/);
  });

  it('validates --max-file-size-mb and reports larger files instead of analysing them', () => {
    expect(check(project, '--max-file-size-mb', '0').status).toBe(2);
    expect(check(project, '--max-file-size-mb', 'lots').stderr).toContain('--max-file-size-mb must be a positive number');
    const { files } = checkJson(project, 'roles/team.roles.json', '--max-file-size-mb', '0.0001');
    expect(files[0].diagnostics.map((d) => [d.code, d.severity])).toEqual([['document-too-large', 'warning']]);
  });
});

// ---------------------------------------------------------------------------------------------
// In-process: what a child process cannot show

function fakeIo(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd: project,
    env: {},
    isTTY: false,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

describe('in process', () => {
  it('colours text output on a terminal, unless NO_COLOR or --no-color', async () => {
    const tty = fakeIo({ isTTY: true });
    expect(await checkCommand.run(['roles/team.roles.json'], tty)).toBe(1);
    expect(tty.out()).toContain('\u001b[31merror\u001b[0m');

    const noColorEnv = fakeIo({ isTTY: true, env: { NO_COLOR: '1' } });
    await checkCommand.run(['roles/team.roles.json'], noColorEnv);
    expect(noColorEnv.out()).not.toContain('\u001b[');

    const noColorFlag = fakeIo({ isTTY: true });
    await checkCommand.run(['roles/team.roles.json', '--no-color'], noColorFlag);
    expect(noColorFlag.out()).not.toContain('\u001b[');
  });

  it('turns an unexpected exception into one line and exit 2; the stack only with ES_ROLES_DEBUG=1', async () => {
    const boom: CliCommand = {
      summary: 'fails',
      usage: 'Usage: es-roles boom\n',
      run: async () => {
        throw new Error('boom');
      },
    };
    const quiet = fakeIo();
    expect(await runCli(['boom'], quiet, { boom })).toBe(2);
    expect(quiet.err()).toBe('es-roles: internal error: boom\n');

    const debug = fakeIo({ env: { ES_ROLES_DEBUG: '1' } });
    expect(await runCli(['boom'], debug, { boom })).toBe(2);
    expect(debug.err()).toMatch(/^es-roles: internal error: boom\nError: boom\n\s+at /);
  });

  it('prints a command\'s UsageError without a stack, pointing at its help', async () => {
    const picky: CliCommand = {
      summary: 'picky',
      usage: 'Usage: es-roles picky\n',
      run: async () => {
        throw new UsageError('missing <name>');
      },
    };
    const io = fakeIo({ env: { ES_ROLES_DEBUG: '1' } });
    expect(await runCli(['picky'], io, { picky })).toBe(2);
    expect(io.err()).toBe("es-roles: missing <name>\nRun 'es-roles picky --help' for usage.\n");
  });

  it('lists every command of the table in the global help', async () => {
    const noop: CliCommand = { summary: 'does nothing', usage: '', run: async () => 0 };
    const io = fakeIo();
    expect(await runCli(['--help'], io, { check: checkCommand, 'builtin-privileges': noop })).toBe(0);
    expect(io.out()).toMatch(/^ {2}check {15}Check/m);
    expect(io.out()).toMatch(/^ {2}builtin-privileges {2}does nothing$/m);
  });
});
