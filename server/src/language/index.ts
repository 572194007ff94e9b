export * from './languageService';
export * from './catalog';
export { Codes, CODE_TITLES, docsFor, SOURCE, type Code, type DiagnosticData } from './diagnostics';
export type { RoleDocument } from './document';
export type { Shape } from './shapes';
