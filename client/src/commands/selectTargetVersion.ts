import * as vscode from 'vscode';
import { getTargetVersion, setTargetVersion } from '../config';
import { targetVersionChoices } from '../ui/catalogStatusModel';
import type { CommandFactory } from './types';

/** elasticsearchRoles.selectTargetVersion: pick a bundled catalog version; writes the workspace setting. */
export const selectTargetVersion: CommandFactory = ({ status, log }) => async () => {
  const versions = status.model.versions;
  if (versions.length === 0) {
    void vscode.window.showInformationMessage('Elasticsearch Roles: the language server has not reported its catalogs yet. Try again in a moment.');
    return;
  }
  const current = getTargetVersion(vscode.window.activeTextEditor?.document.uri);
  const choices = targetVersionChoices(versions, current);
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ ...c, picked: c.picked })),
    { title: 'Elasticsearch version to validate against', placeHolder: 'Privilege names and fields are checked against this version' },
  );
  if (!picked) return;
  try {
    await setTargetVersion(picked.value);
  } catch (err) {
    log.error(`Could not write elasticsearchRoles.targetVersion: ${err instanceof Error ? err.message : String(err)}`);
    const choice = await vscode.window.showErrorMessage('Elasticsearch Roles: could not save the target version.', 'Show Log');
    if (choice === 'Show Log') log.show();
  }
};
