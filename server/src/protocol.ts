/**
 * Every custom LSP message between the extension (client) and the language server, declared once.
 * This is the one server file the client imports, so it has NO runtime imports.
 *
 * Why no `NotificationType`/`RequestType` instances here: the server and the client run different
 * JSON-RPC libraries (vscode-languageserver 10.1 pins vscode-languageserver-protocol 3.18.4 /
 * vscode-jsonrpc 9.0.3; vscode-languageclient 11 uses 3.18.5 / 10.0.0). Their message-type classes
 * have private members, so an instance from either copy fails to type-check on the other side, and
 * importing either would also bundle a second JSON-RPC library into one of the bundles. So each
 * message is a method name with phantom parameter/result types; `startServer.ts` and the client's
 * `languageClient.ts` register and send them through small typed helpers over the string-method
 * overloads (same wire format: a single object parameter is sent by name, `null` as `[null]`).
 *
 * Credentials never cross LSP (a verbose trace logs every message): only non-secret cluster data.
 */
import type { Range } from 'vscode-languageserver-types';

/** A notification: method name plus its parameter type (phantom, for the compiler only). */
export interface NotificationSpec<P> {
  readonly method: string;
  /** Phantom: never set at run time. */
  readonly __params?: P;
}

/** A request: method name plus its parameter and result types (phantom, for the compiler only). */
export interface RequestSpec<P, R> {
  readonly method: string;
  /** Phantom: never set at run time. */
  readonly __params?: P;
  /** Phantom: never set at run time. */
  readonly __result?: R;
}

// ---------------------------------------------------------------------------------------------------
// elasticsearchRoles/setLiveCatalog — client -> server notification.
// Sent by the extension after it connects to a cluster and reads GET _security/privilege/_builtin
// (and the cluster's version from GET /); `null` when it disconnects. The server then validates every
// open document against this list instead of the bundled catalogs, and answers with catalogStatus.
// ---------------------------------------------------------------------------------------------------
export interface LiveCatalogParams {
  /** Shown in the status item: "ES 8.17.2 (prod)". Not a URL, never credentials. */
  readonly clusterName: string;
  /** The cluster's version, e.g. "8.17.2". */
  readonly version: string;
  /** The body of GET _security/privilege/_builtin (names only). */
  readonly builtin: {
    readonly cluster: readonly string[];
    readonly index: readonly string[];
    readonly remote_cluster?: readonly string[];
  };
}
export type SetLiveCatalogParams = LiveCatalogParams | null;
export const SetLiveCatalogNotification: NotificationSpec<SetLiveCatalogParams> = {
  method: 'elasticsearchRoles/setLiveCatalog',
};

// ---------------------------------------------------------------------------------------------------
// elasticsearchRoles/catalogStatus — server -> client notification.
// Sent by the server after `initialized`, after every settings change and after every setLiveCatalog.
// Without `uri` it is the status for the workspace-wide settings; with `uri` it is the status for that
// open role document (`elasticsearchRoles.targetVersion` is resource-scoped, so folders may differ).
// The client shows it in the language status item.
// ---------------------------------------------------------------------------------------------------
export interface CatalogStatusParams {
  /** The document this status is for; absent for the workspace-wide default. */
  readonly uri?: string;
  /** "ES 9.1 (bundled)", "ES 8.17.2 (prod)". */
  readonly label: string;
  readonly source: 'bundled' | 'cluster';
  /** How sure the bundled list is (high, medium-high, medium, medium-low), or "live" for a cluster. */
  readonly confidence: string;
  /** The version validation targets: "9.1" (bundled) or "8.17.2" (cluster). */
  readonly version: string;
  /** The bundled catalog versions, oldest first (the client has no catalog of its own). */
  readonly versions: readonly string[];
  /** Globs that make a json/jsonc file a role file by its name alone (for the client's selectors). */
  readonly roleFileGlobs: readonly string[];
}
export const CatalogStatusNotification: NotificationSpec<CatalogStatusParams> = {
  method: 'elasticsearchRoles/catalogStatus',
};

// ---------------------------------------------------------------------------------------------------
// elasticsearchRoles/documentInfo — client -> server request.
// Sent by the extension's cluster commands (CodeLens, push) to learn what an open document holds.
// Answers null when the document is not open or is not a role file.
// ---------------------------------------------------------------------------------------------------
export interface DocumentInfoParams {
  readonly uri: string;
}
export type DocumentRoleKind = 'role' | 'api_key' | 'role_descriptor';
export interface DocumentRoleInfo {
  /** The role name (map key, or the file name for a single-role file) or the API key's `name`. */
  readonly name: string;
  /** The key (roles map / role descriptors), the `name` value (API key) or the whole body (single role). */
  readonly range: Range;
  readonly kind: DocumentRoleKind;
}
export interface DocumentInfo {
  /** role | roles | bulk | api_key_create | api_key_grant | has_privileges | unknown */
  readonly shape: string;
  readonly roles: readonly DocumentRoleInfo[];
  /** Whether validation reports any error (warnings do not count). */
  readonly hasErrors: boolean;
}
export const DocumentInfoRequest: RequestSpec<DocumentInfoParams, DocumentInfo | null> = {
  method: 'elasticsearchRoles/documentInfo',
};
