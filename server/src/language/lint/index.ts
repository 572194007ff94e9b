/** The security lint: rules, configuration (profiles, per-code levels) and inline suppressions. */
export * from './config';
export { lintDocument } from './lint';
export { parseSuppressions, SUPPRESSION_MARKER, type Suppression } from './suppressions';
