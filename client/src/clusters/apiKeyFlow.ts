/**
 * Shared steps of the API-key commands: the one-time modal showing a new key (with "Copy"), and the
 * name / expiration / metadata prompts. The key's secret is shown once and never logged or saved.
 */
import * as vscode from 'vscode';
import type { CreateApiKeyResponse } from '../cluster';
import { newKeyDisplay, parseMetadata, validateApiKeyName, validateExpiration } from './apiKeyModel';
import type { ClusterServices } from './services';

/** Shows the new key once in a modal; "Copy" puts the encoded key on the clipboard. */
export async function showNewKey(services: ClusterServices, res: CreateApiKeyResponse, clusterName: string, verb: 'created' | 'granted'): Promise<void> {
  const display = newKeyDisplay(res, clusterName, verb);
  services.log.info(display.logLine);
  const choice = await vscode.window.showInformationMessage(display.message, { modal: true, detail: display.detail }, 'Copy');
  if (choice === 'Copy') {
    await vscode.env.clipboard.writeText(res.encoded);
    void vscode.window.showInformationMessage(`The encoded API key "${res.name}" is on the clipboard.`);
  }
}

export async function promptKeyName(title: string, value: string | undefined): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({ title, prompt: 'Name of the API key', value, ignoreFocusOut: true, validateInput: validateApiKeyName });
  return name?.trim();
}

/** '' = never expires (or the file's expiration when it has one); undefined = cancelled. */
export async function promptExpiration(title: string, fileValue: string | undefined): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title,
    prompt: fileValue ? `Expiration (the file says ${fileValue}; empty keeps it)` : 'Expiration, e.g. 30d, 12h (empty: never expires)',
    value: '',
    ignoreFocusOut: true,
    validateInput: validateExpiration,
  });
  return v?.trim();
}

/** null = cancelled; undefined = no metadata given. */
export async function promptMetadata(title: string): Promise<Record<string, unknown> | undefined | null> {
  const v = await vscode.window.showInputBox({
    title,
    prompt: 'Metadata as a JSON object (optional; empty keeps the file\'s, if any)',
    placeHolder: '{"team": "ops", "ticket": "SEC-123"}',
    ignoreFocusOut: true,
    validateInput: (input) => parseMetadata(input).error,
  });
  if (v === undefined) return null;
  return parseMetadata(v).value;
}
