// Cluster operations shared by the CLI and the VS Code commands. No `vscode` import.
export * from './apiKeys';
export * from './backup';
export * from './connection';
export * from './privileges';
export * from './pull';
export * from './push';
