/**
 * The secret of each cluster profile (password, API key or token) in VS Code's SecretStorage, keyed
 * `elasticsearchRoles.cluster.<name>`. Never in settings, logs, LSP messages or error texts.
 */
import type * as vscode from 'vscode';
import { SECRET_KEY_PREFIX, secretKey } from './profileModel';

export class ClusterSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(profileName: string): Promise<string | undefined> {
    return this.storage.get(secretKey(profileName));
  }

  async store(profileName: string, secret: string): Promise<void> {
    await this.storage.store(secretKey(profileName), secret);
  }

  async delete(profileName: string): Promise<void> {
    await this.storage.delete(secretKey(profileName));
  }

  /** Calls `listener` with the profile name when its secret changes (also from another window). */
  onDidChange(listener: (profileName: string) => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith(SECRET_KEY_PREFIX)) listener(e.key.slice(SECRET_KEY_PREFIX.length));
    });
  }
}
