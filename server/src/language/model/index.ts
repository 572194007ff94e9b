/** The offline privilege model: patterns, privilege implication, has_privileges evaluation, role diffs. */
export * from './diff';
export * from './evaluate';
export { compilePattern, isRestrictedIndex, matchesEverything, patternMatches, RESTRICTED_INDEX_PATTERNS } from './patterns';
export { actionCoverage, actionSet, coverage, impliedBy, impliedClosure, privilegeImplies, type Coverage } from './privileges';
export * from './roles';
export { isPattern, isRegexPattern, UnsupportedPattern } from './syntax';
