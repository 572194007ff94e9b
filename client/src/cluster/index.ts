// The cluster module: used by the VS Code extension and the CLI. No `vscode` import here.
export * from './config';
export * from './errors';
export * from './redact';
export * from './http';
export * from './api';
export * from './types';
export { checkPinnedChain, peerChain } from './tls';
