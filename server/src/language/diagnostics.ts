import type { Node } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { DOCS } from './schema';

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
} as const;
export type Code = (typeof Codes)[keyof typeof Codes];

/** Which docs page explains each code. */
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
  'failure-store-in-remote-indices': DOCS.remote,
};

export const SOURCE = 'es-roles';

/** Data attached to a diagnostic for quick fixes. */
export interface DiagnosticData {
  /** Replacement candidates, best first, for the diagnostic's range (without quotes). */
  readonly suggestions?: readonly string[];
  /** Offset range to delete to remove the offending property or array element (with its comma). */
  readonly remove?: { readonly start: number; readonly end: number };
  /** A property to insert into the object (missing required field). */
  readonly insert?: { readonly offset: number; readonly text: string };
}

export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(private readonly doc: TextDocument) {}

  rangeOf(node: Node): Range {
    return { start: this.doc.positionAt(node.offset), end: this.doc.positionAt(node.offset + node.length) };
  }

  rangeAt(offset: number, length: number): Range {
    return { start: this.doc.positionAt(offset), end: this.doc.positionAt(offset + length) };
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
    const href = docsUrl ?? CODE_DOCS[code];
    const d: Diagnostic = { range, severity, code, source: SOURCE, message };
    if (href) d.codeDescription = { href };
    if (code === Codes.deprecatedPrivilege) d.tags = [DiagnosticTag.Deprecated];
    if (data) d.data = data;
    this.items.push(d);
  }
}

export { DiagnosticSeverity };
