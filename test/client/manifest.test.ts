/** package.json `contributes` agrees with the code, and the client bundle stays free of server code. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandIds } from '../../client/src/commands/ids';
import { DEFAULT_FILE_GLOBS, ROLE_FILE_NAME_GLOBS } from '../../server/src/files';
import { BUNDLED_VERSIONS } from '../../server/src/language';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { matchesAny } from '../../server/src/glob';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const props = pkg.contributes.configuration.properties;

describe('package.json contributes', () => {
  it('declares every setting with type, default, markdownDescription and scope', () => {
    expect(Object.keys(props).sort()).toEqual([
      'elasticsearchRoles.activeCluster',
      'elasticsearchRoles.clusters',
      'elasticsearchRoles.codeLens.enabled',
      'elasticsearchRoles.files',
      'elasticsearchRoles.lint.profile',
      'elasticsearchRoles.lint.rules',
      'elasticsearchRoles.maxFileSizeMB',
      'elasticsearchRoles.push.backupDirectory',
      'elasticsearchRoles.push.confirm',
      'elasticsearchRoles.targetVersion',
      'elasticsearchRoles.trace.server',
      'elasticsearchRoles.validation.delayMs',
    ]);
    for (const [id, p] of Object.entries<any>(props)) {
      for (const key of ['type', 'default', 'markdownDescription', 'scope']) expect(p, `${id}.${key}`).toHaveProperty(key);
    }
    expect(props['elasticsearchRoles.trace.server'].scope).toBe('window');
  });

  it('has the same defaults as the server', () => {
    expect(props['elasticsearchRoles.targetVersion'].default).toBe('');
    expect(props['elasticsearchRoles.files'].default).toEqual(DEFAULT_FILE_GLOBS);
    expect(props['elasticsearchRoles.maxFileSizeMB'].default).toBe(DEFAULT_SETTINGS.maxFileSizeMB);
    expect(props['elasticsearchRoles.validation.delayMs'].default).toBe(DEFAULT_SETTINGS.validation.delayMs);
    expect(props['elasticsearchRoles.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
  });

  it('accepts every bundled version in the targetVersion pattern and names them all', () => {
    const re = new RegExp(props['elasticsearchRoles.targetVersion'].pattern);
    for (const v of ['', ...BUNDLED_VERSIONS, '8.17.2']) expect(re.test(v), v).toBe(true);
    expect(re.test('latest')).toBe(false);
    for (const v of BUNDLED_VERSIONS) expect(props['elasticsearchRoles.targetVersion'].markdownDescription).toContain(v);
  });

  it('contributes exactly the registered commands, in the "Elasticsearch Roles" category', () => {
    const contributed = pkg.contributes.commands.map((c: any) => c.command).sort();
    expect(contributed).toEqual(expect.arrayContaining(Object.values(CommandIds).sort()));
    for (const c of pkg.contributes.commands) expect(c.category).toBe('Elasticsearch Roles');
  });

  it('the language claims only role-file names, and the server handles every one of them', () => {
    const lang = pkg.contributes.languages.find((l: any) => l.id === 'elasticsearch-role');
    expect(lang.extensions).toBeUndefined();
    for (const pattern of lang.filenamePatterns) {
      expect(matchesAny(`/w/x${pattern.slice(1)}`, ROLE_FILE_NAME_GLOBS), pattern).toBe(true);
    }
    expect(pkg.contributes.grammars[0]).toMatchObject({ language: 'elasticsearch-role', scopeName: 'source.json.elasticsearch-role' });
  });

  it('activates on the role language, json/jsonc, and workspaces with role files', () => {
    expect(pkg.activationEvents).toEqual(
      expect.arrayContaining(['onLanguage:elasticsearch-role', 'onLanguage:json', 'onLanguage:jsonc', 'workspaceContains:**/*.role.json']),
    );
  });
});

describe('bundles', () => {
  const map = new URL('dist/client.js.map', root);
  it.skipIf(!existsSync(map))('the client bundle contains no server code but protocol.ts and nodeOptions.ts (no catalog)', () => {
    const sources: string[] = JSON.parse(readFileSync(map, 'utf8')).sources;
    const serverFiles = sources.filter((s) => s.includes('server/src/'));
    // The two contracts between client and server: the custom messages and how to start the server.
    const shared = ['server/src/protocol.ts', 'server/src/nodeOptions.ts'];
    expect(serverFiles.filter((s) => !shared.some((f) => s.endsWith(f)))).toEqual([]);
    expect(serverFiles.some((s) => s.endsWith('server/src/nodeOptions.ts'))).toBe(true);
    expect(sources.some((s) => s.includes('server/src/language') || s.endsWith('.json'))).toBe(false);
    expect(sources.some((s) => /node_modules\/vscode-languageserver\//.test(s))).toBe(false);
  });
});
