export * from './languageService';
export * from './catalog';
export { Codes, SOURCE, type Code, type DiagnosticData } from './diagnostics';
export type { RoleDocument } from './document';
export type { Shape } from './shapes';
