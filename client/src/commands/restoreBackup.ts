import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activeClusterClient } from '../clusters/commandSupport';
import { backupDirectory } from '../clusters/profiles';
import { runPushFlow } from '../clusters/pushFlow';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { readBackup } from '../ops';
import type { CommandFactory } from './types';

const WHAT = 'Restore Backup';

/**
 * elasticsearchRoles.restoreBackup: pick a backup written by a push (newest first) and push its roles
 * back to the active cluster, with the same diff, confirmation and backup as Push Roles. Roles the
 * push created are not deleted (the log names them). Argument: a backup file URI.
 */
export const restoreBackup: CommandFactory = (ctx) => async (uriArg?: unknown) => {
  const services = clusterServices(ctx);
  let clusterName: string | undefined;
  try {
    const path = uriArg instanceof vscode.Uri ? uriArg.fsPath : await pickBackup(backupDirectory(services.extension));
    if (!path) return;
    const backup = await readBackup(path);
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    if (backup.cluster && backup.cluster !== clusterName) {
      const ok = await vscode.window.showWarningMessage(
        `This backup was taken from "${backup.cluster}", but the selected cluster is "${clusterName}". Restore it to "${clusterName}"?`,
        { modal: true },
        'Continue',
      );
      if (ok !== 'Continue') return;
    }
    if (backup.created?.length) {
      services.log.info(`${WHAT}: the push that made this backup also created ${backup.created.join(', ')}; restoring does not delete them.`);
    }
    await runPushFlow(services, { ...target, roles: backup.roles, source: `backup ${path}`, what: WHAT });
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName);
  }
};

async function pickBackup(dir: string): Promise<string | undefined> {
  let names: string[] = [];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.backup.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const entries = await Promise.all(
    names.map(async (name) => {
      const stat = await fs.stat(join(dir, name)).catch(() => undefined);
      return { name, mtime: stat?.mtimeMs ?? 0 };
    }),
  );
  const browse = { label: '$(folder-opened) Browse…', description: 'pick a backup file elsewhere', path: '' };
  const items = [
    ...entries.sort((a, b) => b.mtime - a.mtime).map((e) => ({ label: e.name, description: new Date(e.mtime).toLocaleString(), path: join(dir, e.name) })),
    browse,
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Elasticsearch Roles: ${WHAT}`,
    placeHolder: entries.length ? `Backups in ${dir}, newest first` : `No backups in ${dir} yet`,
  });
  if (!picked) return undefined;
  if (picked !== browse) return picked.path;
  const files = await vscode.window.showOpenDialog({
    title: `Elasticsearch Roles: ${WHAT}`,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(dir),
    filters: { 'Role backups': ['json'] },
  });
  return files?.[0]?.fsPath;
}
