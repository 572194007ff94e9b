import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { DOCS } from './schema';
import { positionsOf, type PositionAt } from './positions';

/** Every diagnostic code the language service emits. Stable: tests and quick fixes match on these. */
export const Codes = {
  syntaxError: 'syntax-error',
  unknownField: 'unknown-field',
  apiKeyOnlyField: 'api-key-only-field',
  roleOnlyField: 'role-only-field',
  fieldNotAllowed: 'field-not-allowed',
  wrongType: 'wrong-type',
  missingRequiredField: 'missing-required-field',
  emptyArray: 'empty-array',
  emptyObject: 'empty-object',
  unknownClusterPrivilege: 'unknown-cluster-privilege',
  unknownIndexPrivilege: 'unknown-index-privilege',
  unknownRemoteClusterPrivilege: 'unknown-remote-cluster-privilege',
  wrongPrivilegeKind: 'wrong-privilege-kind',
  rawActionPrivilege: 'raw-action-privilege',
  deprecatedPrivilege: 'deprecated-privilege',
  duplicateKey: 'duplicate-key',
  duplicatePrivilege: 'duplicate-privilege',
  requiresNewerVersion: 'requires-newer-version',
  fieldSecurityExcept: 'field-security-except-not-subset',
  fieldSecurityExceptWithoutGrant: 'field-security-except-without-grant',
  descriptionTooLong: 'description-too-long',
  unknownWorkflow: 'unknown-workflow',
  reservedMetadataKey: 'reserved-metadata-key',
  invalidRoleName: 'invalid-role-name',
  reservedRoleName: 'reserved-role-name',
  unknownGlobalCategory: 'unknown-global-category',
  invalidApplicationName: 'invalid-application-name',
  invalidApplicationPrivilege: 'invalid-application-privilege',
  invalidQuery: 'invalid-query',
  prohibitedQuery: 'prohibited-role-query',
  emptyClusterAlias: 'empty-cluster-alias',
  failureStoreInRemoteIndices: 'failure-store-in-remote-indices',
  invalidApiKeyName: 'invalid-api-key-name',
  invalidExpiration: 'invalid-expiration',
  restrictionCombination: 'restriction-combination',
  unknownGrantType: 'unknown-grant-type',
  missingGrantCredential: 'missing-grant-credential',
  emptyHasPrivileges: 'empty-has-privileges',
  documentTooLarge: 'document-too-large',
  // Security lint (server/src/language/lint): severities come from the lint settings.
  broadClusterPrivilege: 'broad-cluster-privilege',
  wildcardIndexWrite: 'wildcard-index-write',
  restrictedIndicesAccess: 'restricted-indices-access',
  runAsWildcard: 'run-as-wildcard',
  redundantPrivilege: 'redundant-privilege',
  emptyGrant: 'empty-grant',
  flsGrantAll: 'fls-grant-all',
  apiKeyUnrestricted: 'api-key-unrestricted',
  unusedSuppression: 'unused-suppression',
  suppressionWithoutReason: 'suppression-without-reason',
  nestingTooDeep: 'nesting-too-deep',
  tooManyProblems: 'too-many-problems',
} as const;
export type Code = (typeof Codes)[keyof typeof Codes];

/** A short title per code (SARIF rule descriptions, docs, the README table). */
export const CODE_TITLES: Readonly<Record<Code, string>> = {
  'syntax-error': 'The file is not valid JSON (comments are allowed)',
  'unknown-field': 'A field Elasticsearch does not accept at this place',
  'api-key-only-field': 'A field only API-key role descriptors accept (restriction)',
  'role-only-field': 'A field API-key role descriptors refuse (description)',
  'field-not-allowed': 'A known field used where Elasticsearch refuses it',
  'wrong-type': 'A value of the wrong JSON type',
  'missing-required-field': 'A required field is missing',
  'empty-array': 'An empty array where Elasticsearch requires at least one value',
  'empty-object': 'An empty object where Elasticsearch requires content',
  'unknown-cluster-privilege': 'Not a cluster privilege of the target Elasticsearch version',
  'unknown-index-privilege': 'Not an index privilege of the target Elasticsearch version',
  'unknown-remote-cluster-privilege': 'Not a privilege allowed in remote_cluster',
  'wrong-privilege-kind': 'An index privilege under cluster, or a cluster privilege under indices',
  'raw-action-privilege': 'A raw action pattern used as a privilege (no compatibility guarantee)',
  'deprecated-privilege': 'A deprecated privilege',
  'duplicate-key': 'A field given twice in one object',
  'duplicate-privilege': 'A privilege listed twice',
  'requires-newer-version': 'A field or privilege the target Elasticsearch version does not have yet',
  'field-security-except-not-subset': 'field_security.except lists fields that grant does not grant',
  'field-security-except-without-grant': 'field_security.except without grant',
  'description-too-long': 'A role description over 1000 characters',
  'unknown-workflow': 'An unknown restriction workflow',
  'reserved-metadata-key': 'A metadata key starting with _ (reserved)',
  'invalid-role-name': 'A role name Elasticsearch refuses',
  'reserved-role-name': 'The name of a built-in (reserved) role',
  'unknown-global-category': 'An unknown global privilege category',
  'invalid-application-name': 'An application name Elasticsearch refuses',
  'invalid-application-privilege': 'An application privilege name Elasticsearch refuses',
  'invalid-query': 'A DLS query string that is not valid JSON',
  'prohibited-role-query': 'A query type Elasticsearch refuses in a role (terms lookup)',
  'empty-cluster-alias': 'An empty remote cluster alias',
  'failure-store-in-remote-indices': 'A failure-store privilege in remote_indices',
  'invalid-api-key-name': 'An API-key name Elasticsearch refuses',
  'invalid-expiration': 'An expiration that is not a time value',
  'restriction-combination': 'API-key role descriptors that mix restrictions',
  'unknown-grant-type': 'An unknown grant_type',
  'missing-grant-credential': 'A grant body without the credential its grant_type needs',
  'empty-has-privileges': 'A has_privileges body that asks for nothing',
  'document-too-large': 'A file over the size limit, not analysed',
  'broad-cluster-privilege': 'A cluster privilege that grants far more than most roles need (all, manage, manage_security, API keys)',
  'wildcard-index-write': 'Write, delete or manage access on every index (names *, *:* or a regex matching everything)',
  'restricted-indices-access': 'allow_restricted_indices: true (patterns also reach system indices such as .security)',
  'run-as-wildcard': 'A run_as pattern: the role may impersonate many users',
  'redundant-privilege': 'A privilege already implied by another one in the same list',
  'empty-grant': 'A role or entry that grants nothing',
  'fls-grant-all': 'field_security that hides no field (grant ["*"] without except)',
  'api-key-unrestricted': 'An API key without role_descriptors: it gets all of its owner\'s privileges',
  'unused-suppression': 'An es-roles-ignore comment that suppresses nothing on the next line',
  'suppression-without-reason': 'An es-roles-ignore comment without a reason',
  'nesting-too-deep': 'Arrays and objects nested over 1000 levels deep, not analysed',
  'too-many-problems': 'Validation stopped after 1000 problems in one file',
};

/** The project's lint documentation (rules table, suppressions). */
const LINT_DOCS = 'https://github.com/es-roles/elasticsearch-roles/blob/main/docs/security-lint.md';

/** Which docs page explains each code (the rest link to the role API reference). */
const CODE_DOCS: Partial<Record<Code, string>> = {
  'unknown-cluster-privilege': DOCS.clusterPrivileges,
  'unknown-index-privilege': DOCS.indexPrivileges,
  'unknown-remote-cluster-privilege': DOCS.remote,
  'wrong-privilege-kind': DOCS.privileges,
  'raw-action-privilege': DOCS.privileges,
  'deprecated-privilege': DOCS.privileges,
  'duplicate-privilege': DOCS.privileges,
  'field-security-except-not-subset': DOCS.fls,
  'field-security-except-without-grant': DOCS.fls,
  'invalid-query': DOCS.fls,
  'prohibited-role-query': DOCS.fls,
  'api-key-only-field': DOCS.createApiKey,
  'role-only-field': DOCS.createApiKey,
  'unknown-workflow': DOCS.createApiKey,
  'invalid-api-key-name': DOCS.createApiKey,
  'invalid-expiration': DOCS.createApiKey,
  'restriction-combination': DOCS.createApiKey,
  'unknown-grant-type': DOCS.grantApiKey,
  'missing-grant-credential': DOCS.grantApiKey,
  'empty-has-privileges': DOCS.hasPrivileges,
  'invalid-application-name': DOCS.applications,
  'invalid-application-privilege': DOCS.applications,
  'empty-cluster-alias': DOCS.remote,
  'broad-cluster-privilege': DOCS.clusterPrivileges,
  'wildcard-index-write': DOCS.indexPrivileges,
  'restricted-indices-access': `${DOCS.roles}#roles-indices-priv`,
  'run-as-wildcard': 'https://www.elastic.co/guide/en/elasticsearch/reference/current/run-as-privilege.html',
  'redundant-privilege': DOCS.privileges,
  'empty-grant': DOCS.roles,
  'fls-grant-all': DOCS.fls,
  'api-key-unrestricted': DOCS.createApiKey,
  'unused-suppression': LINT_DOCS,
  'suppression-without-reason': LINT_DOCS,
  'failure-store-in-remote-indices': DOCS.remote,
};

export const SOURCE = 'es-roles';

/**
 * Validation reports at most this many problems per document, then one `too-many-problems`: a file
 * with a million bad array elements would otherwise take seconds and send hundreds of megabytes of
 * diagnostics. VS Code itself shows at most 1000 per file.
 */
export const MAX_PROBLEMS = 1000;

/** The docs page for a code. */
export function docsFor(code: Code): string {
  return CODE_DOCS[code] ?? DOCS.putRole;
}

/** Data attached to a diagnostic for quick fixes. */
export interface DiagnosticData {
  /** Replacement candidates, best first, for the diagnostic's range (without quotes). */
  readonly suggestions?: readonly string[];
  /**
   * Offset range to delete to remove the offending property or array element (with its comma);
   * `text`, when present, replaces the range instead (the comments the range had to span).
   */
  readonly remove?: { readonly start: number; readonly end: number; readonly text?: string };
  /** A property to insert into the object (missing required field). */
  readonly insert?: { readonly offset: number; readonly text: string };
}

export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  /** The range of the first finding dropped because `limit` findings were reported already. */
  firstDropped: Range | undefined;

  /** `limit`: findings past it are dropped (validation stops early: see MAX_PROBLEMS). */
  private readonly positionAt: PositionAt;

  constructor(
    doc: TextDocument,
    private readonly limit = Infinity,
  ) {
    this.positionAt = positionsOf(doc);
  }

  /** Whether a finding was dropped already: walks stop early instead of computing more. */
  get full(): boolean {
    return this.firstDropped !== undefined;
  }

  rangeOf(node: Node): Range {
    return { start: this.positionAt(node.offset), end: this.positionAt(node.offset + node.length) };
  }

  rangeAt(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }

  add(
    code: Code,
    target: Node | Range,
    message: string,
    severity: DiagnosticSeverity = DiagnosticSeverity.Error,
    data?: DiagnosticData,
    docsUrl?: string,
  ): void {
    const range = 'offset' in target ? this.rangeOf(target) : target;
    if (this.items.length >= this.limit) {
      this.firstDropped ??= range;
      return;
    }
    const href = docsUrl ?? docsFor(code);
    const d: Diagnostic = { range, severity, code, source: SOURCE, message };
    d.codeDescription = { href };
    if (code === Codes.deprecatedPrivilege) d.tags = [DiagnosticTag.Deprecated];
    if (data) d.data = data;
    this.items.push(d);
  }
}

export { DiagnosticSeverity };
