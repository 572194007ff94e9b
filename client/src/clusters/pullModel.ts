/**
 * Which files a pull writes for a chosen shape. No `vscode` import (unit-tested).
 */
import { join } from 'node:path';
import type { RolesFileShape } from '../ops';
import type { RoleBody } from '../roles/extract';

export interface PullFile {
  readonly path: string;
  readonly roles: Record<string, RoleBody>;
  readonly shape: RolesFileShape;
}

export interface PullTargets {
  readonly files: PullFile[];
  /** Roles that cannot be written in the chosen shape, with why. */
  readonly problems: string[];
}

/** Characters that cannot (or should not) be in a file name on any platform. */
const UNSAFE = /[\\/:*?"<>|\x00-\x1f\x7f]/;

/** A file-name-safe base name for a roles / bulk file ("prod" -> "prod"). */
export function safeBaseName(name: string): string {
  const s = name.replace(/[\\/:*?"<>|\x00-\x1f\x7f]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return s || 'roles';
}

/** Error for the file-name input of a roles / bulk file. */
export function validateFileBaseName(input: string): string | undefined {
  const v = input.trim();
  if (!v) return 'Enter a file name.';
  if (UNSAFE.test(v)) return 'The name must not contain \\ / : * ? " < > | or control characters.';
  if (/^\.+$/.test(v)) return 'Not a usable file name.';
  return undefined;
}

/** `name` -> `name.roles.json` unless it already ends in .json. */
export function rolesFileName(base: string): string {
  const v = base.trim();
  return /\.jsonc?$/i.test(v) ? v : `${v}.roles.json`;
}

/**
 * The files of a pull: shape `role` writes `<name>.role.json` per role (the file name is the role
 * name, so a name that is not a safe file name, or that collides with another ignoring case, is
 * refused); `roles` and `bulk` write one file `fileName` holding every role.
 */
export function pullTargets(roles: Record<string, RoleBody>, shape: RolesFileShape, folder: string, fileName: string): PullTargets {
  const names = Object.keys(roles).sort();
  if (shape !== 'role') return { files: names.length ? [{ path: join(folder, rolesFileName(fileName)), roles, shape }] : [], problems: [] };
  const files: PullFile[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    if (UNSAFE.test(name) || /^\.|\.$|^\s|\s$/.test(name)) {
      problems.push(`"${name}": not usable as a file name; pull it into a roles file instead.`);
      continue;
    }
    const lower = name.toLowerCase();
    const other = seen.get(lower);
    if (other !== undefined) {
      problems.push(`"${name}": its file name differs from "${other}" only in case; pull them into a roles file instead.`);
      continue;
    }
    seen.set(lower, name);
    files.push({ path: join(folder, `${name}.role.json`), roles: { [name]: roles[name] }, shape: 'role' });
  }
  return { files, problems };
}
