import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_GLOBS } from '../../server/src/files';
import { NEWEST_BUNDLED_VERSION } from '../../server/src/language';
import {
  DEFAULT_SETTINGS, handlesDocument, normalizeSettings, toDocumentSettings, uriPath, type ServerSettings,
} from '../../server/src/settings';

describe('normalizeSettings', () => {
  it('gives the defaults for nothing, null, non-objects and arrays', () => {
    for (const raw of [undefined, null, 42, 'x', true, [], [1, 2]]) expect(normalizeSettings(raw)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      targetVersion: NEWEST_BUNDLED_VERSION,
      files: DEFAULT_FILE_GLOBS,
      maxFileSizeMB: 20,
      validation: { delayMs: 200 },
      trace: { server: 'off' },
      lint: { profile: 'recommended', rules: {} },
    });
  });

  it('normalises lint settings: profile, per-rule levels, unknown codes and levels dropped', () => {
    const s = normalizeSettings({ lint: { profile: 'strict', rules: { 'redundant-privilege': 'off', 'no-such-rule': 'error', 'empty-grant': 'loud' } } });
    expect(s.lint).toEqual({ profile: 'strict', rules: { 'redundant-privilege': 'off' } });
    expect(normalizeSettings({ 'lint.profile': 'bogus' }).lint.profile).toBe('recommended');
  });

  it('fills every missing key of a partial object with its default', () => {
    expect(normalizeSettings({ targetVersion: '8.15' })).toEqual({ ...DEFAULT_SETTINGS, targetVersion: '8.15' });
    expect(normalizeSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values as VS Code sends them (nested objects for dotted keys)', () => {
    const raw = {
      targetVersion: '8.17.3',
      files: ['**/acl/*.json', 'security/*.json'],
      maxFileSizeMB: 64,
      validation: { delayMs: 750 },
      trace: { server: 'verbose' as const },
      lint: { profile: 'off' as const, rules: { 'wildcard-index-write': 'error' as const } },
    };
    expect(normalizeSettings(raw)).toEqual<ServerSettings>(raw);
  });

  it('accepts dotted keys too', () => {
    const s = normalizeSettings({ 'validation.delayMs': 10, 'trace.server': 'messages' });
    expect(s.validation.delayMs).toBe(10);
    expect(s.trace.server).toBe('messages');
  });

  it('validates targetVersion against major.minor[.patch], trimming blanks; "" means newest', () => {
    expect(normalizeSettings({ targetVersion: ' 9.0 ' }).targetVersion).toBe('9.0');
    expect(normalizeSettings({ targetVersion: '7.17.0' }).targetVersion).toBe('7.17.0');
    for (const bad of ['', '9', 'v9.1', '9.1.0-SNAPSHOT', 'latest', '9.1.2.3', 9.1, null, {}, ['9.1']]) {
      expect(normalizeSettings({ targetVersion: bad }).targetVersion, String(bad)).toBe(NEWEST_BUNDLED_VERSION);
    }
  });

  it('files: drops non-strings and blanks, keeps an explicit empty list, defaults for a non-array', () => {
    expect(normalizeSettings({ files: ['a/*.json', 3, null, '  ', ' b/**/*.json '] }).files).toEqual(['a/*.json', 'b/**/*.json']);
    expect(normalizeSettings({ files: [] }).files).toEqual([]);
    expect(normalizeSettings({ files: '**/*.json' }).files).toEqual(DEFAULT_FILE_GLOBS);
    expect(normalizeSettings({ files: { 0: 'x' } }).files).toEqual(DEFAULT_FILE_GLOBS);
  });

  it('clamps maxFileSizeMB to 1..512 and validation.delayMs to 0..5000', () => {
    expect(normalizeSettings({ maxFileSizeMB: 0 }).maxFileSizeMB).toBe(1);
    expect(normalizeSettings({ maxFileSizeMB: -3 }).maxFileSizeMB).toBe(1);
    expect(normalizeSettings({ maxFileSizeMB: 10_000 }).maxFileSizeMB).toBe(512);
    expect(normalizeSettings({ maxFileSizeMB: 0.5 }).maxFileSizeMB).toBe(1);
    expect(normalizeSettings({ maxFileSizeMB: 2.5 }).maxFileSizeMB).toBe(2.5);
    expect(normalizeSettings({ validation: { delayMs: -1 } }).validation.delayMs).toBe(0);
    expect(normalizeSettings({ validation: { delayMs: 1e9 } }).validation.delayMs).toBe(5000);
    expect(normalizeSettings({ validation: { delayMs: 12.6 } }).validation.delayMs).toBe(13);
  });

  it('falls back to defaults for garbage numbers and enums', () => {
    for (const bad of ['30', NaN, Infinity, -Infinity, null, {}, [], true]) {
      expect(normalizeSettings({ maxFileSizeMB: bad }).maxFileSizeMB).toBe(20);
      expect(normalizeSettings({ validation: { delayMs: bad } }).validation.delayMs).toBe(200);
    }
    expect(normalizeSettings({ validation: 5 }).validation.delayMs).toBe(200);
    expect(normalizeSettings({ trace: { server: 'loud' } }).trace.server).toBe('off');
    expect(normalizeSettings({ trace: 'verbose' }).trace.server).toBe('off');
  });

  it('never throws, even for hostile objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => false });
    expect(() => normalizeSettings(Object.create(null))).not.toThrow();
    expect(normalizeSettings(Object.create(null))).toEqual(DEFAULT_SETTINGS);
    // A getter that throws is the client's bug, but the server must survive it.
    expect(() => normalizeSettings(hostile)).not.toThrow();
  });
});

describe('toDocumentSettings', () => {
  it('passes the target version and the size limit in bytes', () => {
    expect(toDocumentSettings(normalizeSettings({ targetVersion: '8.12', maxFileSizeMB: 2 }))).toEqual({
      targetVersion: '8.12',
      maxDocumentBytes: 2 * 1024 * 1024,
      lint: { profile: 'recommended', rules: {} },
    });
  });
});

describe('handlesDocument', () => {
  const defaults = DEFAULT_SETTINGS;

  it('always handles the elasticsearch-role language, whatever the path or scheme', () => {
    expect(handlesDocument('elasticsearch-role', 'untitled:Untitled-1', defaults)).toBe(true);
    expect(handlesDocument('elasticsearch-role', 'file:///x/anything.txt', defaults)).toBe(true);
  });

  it('handles json/jsonc named like role files or matching the files globs, nothing else', () => {
    expect(handlesDocument('json', 'file:///p/tsconfig.json', defaults)).toBe(false);
    expect(handlesDocument('jsonc', 'file:///p/.vscode/settings.json', defaults)).toBe(false);
    expect(handlesDocument('json', 'file:///p/package.json', defaults)).toBe(false);
    expect(handlesDocument('json', 'file:///p/a.role.json', defaults)).toBe(true);
    expect(handlesDocument('jsonc', 'file:///p/a.roles.jsonc', defaults)).toBe(true);
    expect(handlesDocument('json', 'file:///p/check.has_privileges.json', defaults)).toBe(true);
    expect(handlesDocument('json', 'file:///p/roles/admin.json', defaults)).toBe(true);
    expect(handlesDocument('json', 'file:///p/security/roles/team/admin.json', defaults)).toBe(true);
    expect(handlesDocument('json', 'file:///p/myroles/admin.json', defaults)).toBe(false);
  });

  it('uses the files setting of the document', () => {
    const custom = normalizeSettings({ files: ['acl/*.json'] });
    expect(handlesDocument('json', 'file:///p/acl/ops.json', custom)).toBe(true);
    expect(handlesDocument('json', 'file:///p/roles/ops.json', custom)).toBe(false);
    expect(handlesDocument('json', 'file:///p/ops.role.json', normalizeSettings({ files: [] }))).toBe(true);
  });

  it('never handles other languages', () => {
    expect(handlesDocument('yaml', 'file:///p/roles/admin.json', defaults)).toBe(false);
    expect(handlesDocument('plaintext', 'file:///p/a.role.json', defaults)).toBe(false);
  });

  it('decodes URIs (Windows drive letters, spaces)', () => {
    expect(uriPath('file:///c%3A/My%20Roles/roles/a.json')).toBe('/c:/My Roles/roles/a.json');
    expect(handlesDocument('json', 'file:///c%3A/My%20Roles/roles/a.json', defaults)).toBe(true);
    expect(uriPath('not a uri')).toBe('not a uri');
  });
});
