/**
 * Turning any failure of a cluster command into one message, one fix-it action and a redacted log
 * detail. No `vscode` import (unit-tested); `reportError.ts` shows it.
 */
import { describeError, EsApiError, isClusterError, redact, suggestedAction } from '../cluster';
import { PushBackupError, PushConflictError } from '../ops';
import { MissingCredentialsError, NoClusterError } from './profileModel';

export type FixAction = 'setCredentials' | 'openSettings' | 'retry' | 'showLog' | 'addCluster' | 'selectCluster';

/** Button labels, stable for users and end-to-end tests. */
export const FIX_ACTION_LABELS: Readonly<Record<FixAction, string>> = {
  setCredentials: 'Set Credentials',
  openSettings: 'Open Settings',
  retry: 'Retry',
  showLog: 'Show Log',
  addCluster: 'Add Cluster',
  selectCluster: 'Select Cluster',
};

/** Which fix-it to offer for an error. */
export function fixActionFor(err: unknown): FixAction {
  if (err instanceof MissingCredentialsError) return 'setCredentials';
  if (err instanceof NoClusterError) return err.hasProfiles ? 'selectCluster' : 'addCluster';
  if (err instanceof PushConflictError) return 'retry';
  if (err instanceof PushBackupError) return 'openSettings';
  if (!isClusterError(err)) return 'showLog';
  return suggestedAction(err);
}

/** The settings search for "Open Settings": the backup folder for backup errors, else the cluster profiles. */
export function settingsQueryFor(err: unknown): string {
  return err instanceof PushBackupError ? 'elasticsearchRoles.push.backupDirectory' : 'elasticsearchRoles.clusters';
}

/** Whether the error is a cancellation (the user pressed Cancel): reported to the log only. */
export function isCancellation(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'CancellationError' || err.name === 'Canceled');
}

/** Errors whose message says it all: no stack trace in the log. */
const EXPECTED_ERRORS = new Set(['PrivilegesRequestError', 'ApiKeyRequestError', 'PushConflictError', 'PushBackupError', 'FileExistsError']);

export interface ErrorReport {
  /** One line for showErrorMessage. */
  readonly message: string;
  readonly action: FixAction;
  /** Lines for the log (redacted). */
  readonly details: string[];
}

/**
 * The report of a failed operation. `what` names it ("Push roles"); `clusterName` the cluster (or
 * undefined when no cluster was involved yet). `secrets` are extra values to redact (a grant's password).
 */
export function errorReport(err: unknown, what: string, clusterName: string | undefined, secrets: readonly string[] = []): ErrorReport {
  const action = fixActionFor(err);
  let message: string;
  if (clusterName && isClusterError(err) && !(err instanceof NoClusterError)) message = redact(describeError(err, clusterName), secrets);
  else message = redact(capitalize(err instanceof Error ? err.message : String(err)), secrets);
  const details = [`${what} failed: ${message}`];
  if (isClusterError(err)) {
    if (err.method && err.path) details.push(`  request: ${err.method} ${err.origin ?? ''}${err.path}`);
    if (err instanceof EsApiError) {
      details.push(`  status: ${err.status}${err.type ? `, type: ${err.type}` : ''}`);
      for (const c of err.rootCause) details.push(`  root cause: ${c.type ?? ''}: ${c.reason ?? ''}`);
      if (err.body !== undefined) details.push(`  response: ${safeJson(err.body)}`);
    }
  } else if (err instanceof Error && err.stack && !EXPECTED_ERRORS.has(err.name)) {
    details.push(`  ${err.stack.split('\n').slice(0, 6).join('\n  ')}`);
  }
  return { message: `${what} failed. ${message}`, action, details: details.map((d) => redact(d, secrets)) };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function safeJson(v: unknown): string {
  try {
    const text = JSON.stringify(v);
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(v);
  }
}
