// Atomic, fsynced writes and push backups.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileExistsError, formatBackup, readBackup, writeFileAtomic } from '../../client/src/ops/backup';
import { extractRoles } from '../../client/src/roles/extract';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-roles-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes, creating folders, and leaves no temp file', async () => {
    const path = join(dir, 'a', 'b', 'x.json');
    await writeFileAtomic(path, '{"a": 1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a": 1}\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['x.json']);
  });

  it('replaces a file unless exclusive, which refuses and keeps the old content', async () => {
    const path = join(dir, 'x.json');
    writeFileSync(path, 'old');
    await expect(writeFileAtomic(path, 'new', { exclusive: true })).rejects.toBeInstanceOf(FileExistsError);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['x.json']);
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('concurrent exclusive writers: exactly one wins', async () => {
    const path = join(dir, 'x.json');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => writeFileAtomic(path, `writer ${i}`, { exclusive: true })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['x.json']);
  });
});

describe('backups', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-roles-backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ROLES = { r: { cluster: ['monitor'], transient_metadata: { enabled: true } } };
  const INFO = { cluster: 'prod', time: '2025-01-01T00:00:00.000Z', created: ['n'] };

  it('is a bulk body after one header comment, and reads back', async () => {
    const text = formatBackup(ROLES, INFO);
    expect(text.split('\n')[0]).toBe('// es-roles backup {"cluster":"prod","time":"2025-01-01T00:00:00.000Z","created":["n"]}');
    expect(extractRoles(text, 'file:///b/prod.backup.json')).toMatchObject({ shape: 'bulk', roles: ROLES });
    const path = join(dir, 'prod.backup.json');
    writeFileSync(path, text);
    expect(await readBackup(path)).toEqual({ path, roles: ROLES, ...INFO });
  });

  it('readBackup refuses other files and tolerates a damaged header', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"cluster": ["monitor"]}');
    await expect(readBackup(bad)).rejects.toThrow(/not an es-roles backup/);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(damaged, `// es-roles backup {oops\n${JSON.stringify({ roles: ROLES })}`);
    expect(await readBackup(damaged)).toEqual({ path: damaged, roles: ROLES });
  });
});
