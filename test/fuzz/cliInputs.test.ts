/**
 * `es-roles check` (the BUILT dist/cli.js) on inputs that cannot be checked, beyond the cases of
 * test/cli/check.test.ts: an unreadable directory inside a walked folder, a folder holding only
 * other files, a directory named like a role file, a FIFO (reading one would block forever), a
 * dangling symbolic link. Each is reported on one line of stderr, without a stack trace, and the
 * other files are still checked.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const VALID = '{ "cluster": ["monitor"] }\n';
let root: string;

function write(rel: string, content: string): void {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function check(args: string[], uid?: number) {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.ES_ROLES_DEBUG;
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 20_000, // a FIFO read would block: fail instead of hanging
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  root = mkdtempSync(join(tmpdir(), 'es-roles-cli-inputs-'));
  chmodSync(root, 0o755);
  write('roles/ok.role.json', VALID);
  write('roles/locked/hidden.role.json', VALID);
  chmodSync(join(root, 'roles/locked'), 0o000);
  write('docs/README.md', '# not a role\n');
  write('docs/package.json', '{ "name": "x" }\n');
  mkdirSync(join(root, 'folder.role.json'));
  symlinkSync(join(root, 'nowhere.json'), join(root, 'roles/dangling.role.json'));
  if (hasMkfifo) spawnSync('mkfifo', [join(root, 'roles/pipe.role.json')]);
  // Everything but the locked folder is readable by the unprivileged user.
  spawnSync('chmod', ['-R', 'o+rX', join(root, 'roles/ok.role.json'), join(root, 'docs'), join(root, 'folder.role.json')]);
  chmodSync(join(root, 'roles'), 0o755);
});

afterAll(() => {
  if (!root) return;
  chmodSync(join(root, 'roles/locked'), 0o755);
  rmSync(root, { recursive: true, force: true });
});

describe('es-roles check keeps going past what it cannot read', () => {
  it('a folder with only other files, a directory named like a role file, a dangling link, a FIFO', () => {
    const args = ['roles', 'docs', 'folder.role.json', 'roles/dangling.role.json', ...(hasMkfifo ? ['roles/pipe.role.json'] : [])];
    const r = check(args);
    expect(r.error).toBeUndefined();
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain('es-roles: roles/dangling.role.json: no such file or directory');
    expect(lines.some((l) => /^es-roles: docs: no role files in this directory/.test(l))).toBe(true);
    expect(lines.some((l) => /^es-roles: folder\.role\.json: no role files in this directory/.test(l))).toBe(true);
    if (hasMkfifo) expect(lines).toContain('es-roles: roles/pipe.role.json: not a regular file or directory');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // roles/ok.role.json (and, for root, the locked folder's file) were checked; the FIFO inside the
    // walked folder was skipped without blocking.
    expect(r.stdout).toMatch(/^0 errors, 0 warnings, 0 infos in [12] files?\n$/);
    expect(r.status).toBe(0);
  });

  it('an unreadable directory inside a walked folder: permission denied, the rest is checked', () => {
    const asRoot = process.getuid?.() === 0;
    const r = check(['roles'], asRoot ? 65534 : undefined);
    if (r.error) {
      // A sandbox that forbids dropping privileges: say so rather than pass silently.
      console.warn(`permission test could not run as uid 65534: ${r.error.message}`);
      expect((r.error as NodeJS.ErrnoException).code).toBe('EPERM');
      return;
    }
    expect(r.stderr).toBe('es-roles: roles/locked: permission denied\n');
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    expect(r.status).toBe(0);
  });
});
