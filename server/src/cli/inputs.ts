import { readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { DEFAULT_FILE_GLOBS, IGNORED_DIRECTORIES, ROLE_FILE_NAME_GLOBS } from '../files';
import { globToRegExp, matchesAny } from '../glob';

/** Finding and reading the files `es-roles check` looks at. */

/** One file to check: how it is shown, where it is, and whether the user named it. */
export interface Input {
  readonly display: string;
  readonly abs: string;
  readonly explicit: boolean;
}

type Problem = (path: string, cause: string) => void;
const GLOB_CHARS = /[*?[{]/;

export function collectInputs(args: readonly string[], cwd: string, problem: Problem): Input[] {
  const byRealPath = new Map<string, Input>();
  const add = (input: Input) => {
    const key = realPathOr(input.abs);
    const prev = byRealPath.get(key);
    if (!prev || input.display < prev.display) byRealPath.set(key, { ...input, explicit: input.explicit || !!prev?.explicit });
    else if (input.explicit && !prev.explicit) byRealPath.set(key, { ...prev, explicit: true });
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    if (GLOB_CHARS.test(arg) && !exists(abs)) {
      expandGlob(arg, cwd, add, problem);
      continue;
    }
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      problem(arg, errorCause(err));
      continue;
    }
    if (stat.isDirectory()) walkRoleDirectory(arg, abs, add, problem);
    else if (stat.isFile()) add({ display: arg, abs, explicit: true });
    else problem(arg, 'not a regular file or directory');
  }
  return [...byRealPath.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

/** The role files below a directory: by name anywhere, or `*.json` in a `roles` folder. */
function walkRoleDirectory(display: string, abs: string, add: (i: Input) => void, problem: Problem): void {
  // The folder's own name counts, so `check roles/` finds roles/*.json like `check .` does.
  const name = basename(realPathOr(abs));
  let found = 0;
  let failed = false;
  walkTree(abs, {
    visit: (entry) => {
      if (entry.kind !== 'file') return true;
      if (matchesAny(entry.rel, ROLE_FILE_NAME_GLOBS) || matchesAny(`${name}/${entry.rel}`, DEFAULT_FILE_GLOBS)) {
        add({ display: join(display, entry.rel), abs: entry.abs, explicit: false });
        found++;
      }
      return true;
    },
    problem: (rel, err) => {
      failed = true;
      problem(rel ? join(display, rel) : display, errorCause(err));
    },
  });
  if (found === 0 && !failed) {
    problem(display, 'no role files in this directory (*.role.json, *.roles.json, *.apikey.json, roles/*.json, ...)');
  }
}

/** Expands a glob relative to cwd; a matching directory is searched like a directory argument. */
function expandGlob(pattern: string, cwd: string, add: (i: Input) => void, problem: Problem): void {
  const segments = (sep === '\\' ? pattern.replace(/\\/g, '/') : pattern).split('/');
  let literal = 0;
  while (literal < segments.length - 1 && !GLOB_CHARS.test(segments[literal])) literal++;
  const prefix = segments.slice(0, literal).join('/') || (pattern.startsWith('/') ? '/' : '');
  const rest = segments.slice(literal).join('/');
  const re = globToRegExp(rest);
  const display = (rel: string) => (prefix ? join(prefix, rel) : rel);
  let found = 0;
  walkTree(resolve(cwd, prefix || '.'), {
    maxDepth: rest.includes('**') ? Infinity : rest.split('/').length,
    visit: (entry) => {
      if (!re.test(entry.rel)) return true;
      found++;
      if (entry.kind === 'file') add({ display: display(entry.rel), abs: entry.abs, explicit: false });
      else walkRoleDirectory(display(entry.rel), entry.abs, add, problem);
      return false;
    },
    problem: (rel, err) => {
      // A base folder that does not exist just means nothing matches.
      if (rel || (err as NodeJS.ErrnoException).code !== 'ENOENT') problem(display(rel) || '.', errorCause(err));
    },
  });
  if (found === 0) problem(pattern, 'no files match this glob');
}

interface WalkEntry {
  /** Relative to the walk's root, `/`-separated. */
  readonly rel: string;
  readonly abs: string;
  readonly kind: 'file' | 'dir';
}

interface WalkOptions {
  /** Returns whether to descend into a directory (ignored for files). */
  readonly visit: (entry: WalkEntry) => boolean;
  readonly problem: (rel: string, err: unknown) => void;
  /** How many levels of entries to list: 1 = only the root's own entries. */
  readonly maxDepth?: number;
}

/** Depth-first, sorted, skipping IGNORED_DIRECTORIES, following symlinks but never a folder twice. */
function walkTree(root: string, options: WalkOptions): void {
  const seen = new Set<string>();
  const maxDepth = options.maxDepth ?? Infinity;
  const walkDir = (abs: string, rel: string, depth: number): void => {
    let entries: Dirent[];
    try {
      const real = realpathSync(abs);
      if (seen.has(real)) return; // a symlink loop, or a second link to a folder already walked
      seen.add(real);
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      options.problem(rel, err);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of entries) {
      const childAbs = join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      const kind = entryKind(d, childAbs);
      if (kind === 'dir') {
        if (IGNORED_DIRECTORIES.has(d.name)) continue;
        if (options.visit({ rel: childRel, abs: childAbs, kind }) && depth + 1 < maxDepth) walkDir(childAbs, childRel, depth + 1);
      } else if (kind === 'file') {
        options.visit({ rel: childRel, abs: childAbs, kind });
      }
    }
  };
  walkDir(root, '', 0);
}

function entryKind(d: Dirent, abs: string): 'file' | 'dir' | undefined {
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  if (!d.isSymbolicLink()) return undefined;
  try {
    const st = statSync(abs);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : undefined;
  } catch {
    return undefined; // a dangling link or a link loop: nothing to check
  }
}

function exists(abs: string): boolean {
  try {
    statSync(abs);
    return true;
  } catch {
    return false;
  }
}

function realPathOr(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** The text of a file, or undefined after reporting why it cannot be checked. */
export function readText(input: Input, problem: Problem): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(input.abs);
  } catch (err) {
    problem(input.display, errorCause(err));
    return undefined;
  }
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    // ignoreBOM keeps a byte-order mark in the text: the language service expects it there.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    problem(input.display, 'not a text file (binary, or not UTF-8)');
    return undefined;
  }
}

function errorCause(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ERR_FS_FILE_TOO_LARGE':
    case 'ERR_STRING_TOO_LONG':
      return 'file too large to read';
    default:
      return e instanceof Error ? e.message : String(err);
  }
}

// ---------------------------------------------------------------------------------------------
// Output

