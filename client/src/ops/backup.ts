// Durable file writes for backups and pulled role files, and reading a push backup back.
// No `vscode` import: used by the CLI and the extension.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import type { RoleBody } from '../roles/extract';

export interface WriteFileOptions {
  /** Fail with an `EEXIST` error instead of replacing an existing file (atomically: no check-then-write race). */
  readonly exclusive?: boolean;
  /** File mode of a new file (default 0o644, less the umask). */
  readonly mode?: number;
}

/** A write that did not happen because the file exists (`exclusive`). */
export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  readonly code = 'EEXIST';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/**
 * Writes `text` to `path` so that a crash leaves either the old file or the whole new one: a temp
 * file in the same folder is written and fsynced, then renamed (or hard-linked, with `exclusive`)
 * over `path`, then the folder is fsynced so the new name itself is durable. Creates the folder.
 */
export async function writeFileAtomic(path: string, text: string, options: WriteFileOptions = {}): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      try {
        // link() fails when the target exists, so two writers can never clobber each other.
        await fs.link(temp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
        throw err;
      }
      await fs.unlink(temp);
    } else {
      await fs.rename(temp, path);
    }
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** fsync of a folder, so a rename or link in it survives a crash. Not possible on Windows: skipped there. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(code ?? '')) throw err;
  } finally {
    await handle?.close();
  }
}

/** What a push backup records besides the roles. */
export interface BackupInfo {
  /** The cluster the roles were read from. */
  readonly cluster: string;
  /** ISO time of the backup (just before the first write). */
  readonly time: string;
  /** Roles the push created: they did not exist before, so restoring the backup leaves them in place. */
  readonly created: readonly string[];
}

export interface Backup extends Partial<BackupInfo> {
  readonly path: string;
  /** The roles as GET _security/role returned them before the push. */
  readonly roles: Record<string, RoleBody>;
}

/** The first line of every backup; the JSON after it is the BackupInfo. */
export const BACKUP_HEADER = '// es-roles backup ';

/**
 * The text of a backup: a bulk-roles body `{"roles": {...}}`, so that `es-roles push <backup>`
 * (or `POST _security/role` with it) restores the roles, after one comment line with the cluster,
 * time and created roles. Elasticsearch and the language service both accept JSON comments.
 */
export function formatBackup(roles: Record<string, RoleBody>, info: BackupInfo): string {
  return `${BACKUP_HEADER}${JSON.stringify(info)}\n${JSON.stringify({ roles }, null, 2)}\n`;
}

/** Reads a backup written by `executePush`. Throws when the file is not one. */
export async function readBackup(path: string): Promise<Backup> {
  const text = await fs.readFile(path, 'utf8');
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: false, allowTrailingComma: false }) as unknown;
  const roles = isObject(value) && isObject(value.roles) ? value.roles : undefined;
  if (errors.length > 0 || !roles || Object.values(roles).some((r) => !isObject(r))) {
    throw new Error(`${path} is not an es-roles backup (expected {"roles": {...}})`);
  }
  return { path, roles: roles as Record<string, RoleBody>, ...backupHeader(text) };
}

/** The BackupInfo of a backup's first line; undefined when the text does not start with one. */
export function backupHeader(text: string): Partial<BackupInfo> | undefined {
  const first = text.split('\n', 1)[0];
  if (!first.startsWith(BACKUP_HEADER)) return undefined;
  try {
    const parsed: unknown = JSON.parse(first.slice(BACKUP_HEADER.length));
    if (!isObject(parsed)) return {};
    return {
      ...(typeof parsed.cluster === 'string' ? { cluster: parsed.cluster } : {}),
      ...(typeof parsed.time === 'string' ? { time: parsed.time } : {}),
      ...(Array.isArray(parsed.created) ? { created: parsed.created.filter((n): n is string => typeof n === 'string') } : {}),
    };
  } catch {
    // A damaged header does not make the roles unusable.
    return {};
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
