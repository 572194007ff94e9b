/** The cluster part of package.json `contributes`, and the split between the two client bundles. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandIds } from '../../client/src/commands/ids';
import { ClusterSettingIds } from '../../client/src/clusters/settings';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const props = pkg.contributes.configuration.properties;
const commands: { command: string; title: string; category: string }[] = pkg.contributes.commands;

describe('cluster settings', () => {
  it('are all declared', () => {
    for (const id of Object.values(ClusterSettingIds)) expect(props, id).toHaveProperty([id]);
  });

  it('keep profiles and the push confirmation out of workspace settings', () => {
    expect(props['elasticsearchRoles.clusters']).toMatchObject({ type: 'array', default: [], scope: 'application', tags: ['usesOnlineServices'] });
    expect(props['elasticsearchRoles.push.confirm']).toMatchObject({ type: 'boolean', default: true, scope: 'application' });
    expect(props['elasticsearchRoles.activeCluster']).toMatchObject({ type: 'string', default: '', scope: 'window' });
    expect(props['elasticsearchRoles.codeLens.enabled']).toMatchObject({ type: 'boolean', default: true });
    expect(props['elasticsearchRoles.push.backupDirectory']).toMatchObject({ type: 'string', default: '' });
  });

  it('have no secret field in a profile', () => {
    const fields = Object.keys(props['elasticsearchRoles.clusters'].items.properties);
    expect(fields.sort()).toEqual(['auth', 'caFile', 'caFingerprint', 'cloudId', 'insecure', 'name', 'timeoutMs', 'url', 'username']);
    expect(props['elasticsearchRoles.clusters'].items.additionalProperties).toBe(false);
    expect(props['elasticsearchRoles.clusters'].items.properties.auth.enum).toEqual(['basic', 'apiKey', 'bearer', 'none']);
  });
});

describe('cluster commands', () => {
  const title = (id: string) => commands.find((c) => c.command === id)?.title;

  it('have the stable titles the end-to-end tests use', () => {
    expect(title(CommandIds.addCluster)).toBe('Add Cluster');
    expect(title(CommandIds.selectCluster)).toBe('Select Cluster');
    expect(title(CommandIds.setCredentials)).toBe('Set Credentials');
    expect(title(CommandIds.removeCluster)).toBe('Remove Cluster');
    expect(title(CommandIds.checkPrivileges)).toBe('Check Privileges');
    expect(title(CommandIds.pushRoles)).toBe('Push Role(s)');
    expect(title(CommandIds.pullRoles)).toBe('Pull Roles');
    expect(title(CommandIds.restoreBackup)).toBe('Restore Backup');
    expect(title(CommandIds.createApiKey)).toBe('Create API Key');
    expect(title(CommandIds.grantApiKey)).toBe('Grant API Key');
    expect(title(CommandIds.invalidateApiKey)).toBe('Invalidate API Key');
    expect(title(CommandIds.refreshBuiltinPrivileges)).toBe('Refresh Built-in Privileges');
    expect(title(CommandIds.sendApiKeyRequest)).toBe('Send API Key Request');
  });

  it('hide internal commands from the palette', () => {
    const internal = Object.values(CommandIds).filter((id) => id.startsWith('elasticsearchRoles._'));
    expect(internal.length).toBeGreaterThan(0);
    for (const id of internal) {
      expect(pkg.contributes.menus.commandPalette).toContainEqual({ command: id, when: 'false' });
    }
  });

  it('offer Push and Check Privileges in the editor title, Push on folders in the Explorer', () => {
    const editorTitle = pkg.contributes.menus['editor/title'].map((m: { command: string }) => m.command);
    expect(editorTitle).toEqual(expect.arrayContaining([CommandIds.pushRoles, CommandIds.checkPrivileges]));
    expect(pkg.contributes.menus['explorer/context']).toContainEqual(expect.objectContaining({ command: CommandIds.pushRoles, when: expect.stringContaining('explorerResourceIsFolder') }));
  });
});

describe('bundles', () => {
  const sourcesOf = (file: string): string[] => JSON.parse(readFileSync(new URL(`dist/${file}.map`, root), 'utf8')).sources;

  it.skipIf(!existsSync(new URL('dist/client.js.map', root)))('the main client bundle holds no HTTP client and no cluster code', () => {
    const sources = sourcesOf('client.js');
    expect(sources.some((s) => /node_modules\/undici\//.test(s))).toBe(false);
    expect(sources.some((s) => /client\/src\/(cluster|ops)\//.test(s))).toBe(false);
  });

  it.skipIf(!existsSync(new URL('dist/cluster.js.map', root)))('the cluster bundle does not load a second language client', () => {
    const sources = sourcesOf('cluster.js');
    expect(sources.some((s) => /node_modules\/vscode-(languageclient|jsonrpc|languageserver-protocol)\//.test(s))).toBe(false);
    expect(sources.some((s) => s.includes('client/src/cluster/http.ts'))).toBe(true);
  });

  it('the packaged extension ships the cluster bundle', () => {
    expect(readFileSync(new URL('.vscodeignore', root), 'utf8')).toContain('!dist/cluster.js');
  });
});

describe('command table', () => {
  const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
  it('every lazily loaded command has an implementation in the cluster bundle, and only those', () => {
    const lazy = [...read('client/src/commands/index.ts').matchAll(/clusterCommand\(CommandIds\.(\w+)\)/g)].map((m) => m[1]).sort();
    const bundled = [...read('client/src/clusters/bundle.ts').matchAll(/\[CommandIds\.(\w+)\]:/g)].map((m) => m[1]).sort();
    expect(lazy.length).toBeGreaterThan(10);
    expect(bundled).toEqual(lazy);
  });
});
