// Typed errors of the cluster module and the one function that turns them into messages.

import { redact } from './redact';

export type ClusterErrorKind = 'api' | 'connection' | 'tls' | 'timeout' | 'unexpected-response' | 'config';

/** Where a failed request was going; every field is free of secrets. */
export interface RequestContext {
  readonly method?: string;
  readonly path?: string;
  /** `https://host:port` of the cluster. */
  readonly origin?: string;
}

export abstract class ClusterError extends Error {
  abstract readonly kind: ClusterErrorKind;
  readonly method?: string;
  readonly path?: string;
  readonly origin?: string;

  constructor(message: string, context: RequestContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.method = context.method;
    this.path = context.path;
    this.origin = context.origin;
  }
}

/** One element of ES's `root_cause` / `caused_by` chain. */
export interface EsErrorCause {
  readonly type?: string;
  readonly reason?: string;
  readonly [field: string]: unknown;
}

/** Elasticsearch answered with an error status (`{"error": {...}, "status": n}` or a string `error`). */
export class EsApiError extends ClusterError {
  readonly kind = 'api' as const;
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    readonly reason: string | undefined,
    readonly rootCause: readonly EsErrorCause[],
    /** The parsed body (already redacted); a string when the body was not JSON. */
    readonly body: unknown,
    context: RequestContext = {},
    /** Seconds from `Retry-After`, when the server sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status}${type ? ` ${type}` : ''}${reason ? `: ${reason}` : ''}`, context);
  }
}

export type ConnectionErrorCode = 'refused' | 'dns' | 'reset' | 'unreachable' | 'other';

/** The TCP connection failed: refused, unknown host, reset (also mid-response), unreachable. */
export class ConnectionError extends ClusterError {
  readonly kind = 'connection' as const;
  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    /** The system or undici error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, ...). */
    readonly systemCode: string | undefined,
    context: RequestContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

export type TlsErrorCode = 'untrusted' | 'expired' | 'not-yet-valid' | 'hostname' | 'fingerprint' | 'protocol' | 'other';

/** The TLS handshake or certificate check failed. */
export class TlsError extends ClusterError {
  readonly kind = 'tls' as const;
  constructor(
    readonly code: TlsErrorCode,
    message: string,
    /** The OpenSSL / Node code (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ...). */
    readonly systemCode: string | undefined,
    context: RequestContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

export class TimeoutError extends ClusterError {
  readonly kind = 'timeout' as const;
  constructor(
    readonly timeoutMs: number,
    readonly phase: 'connect' | 'response',
    context: RequestContext = {},
  ) {
    super(`no ${phase === 'connect' ? 'connection' : 'complete response'} within ${timeoutMs} ms`, context);
  }
}

export type UnexpectedResponseCode = 'html' | 'invalid-json' | 'truncated-json' | 'not-json';

/** The server answered, but not with Elasticsearch JSON (a proxy's HTML page, truncated JSON, ...). */
export class UnexpectedResponseError extends ClusterError {
  readonly kind = 'unexpected-response' as const;
  constructor(
    readonly code: UnexpectedResponseCode,
    readonly status: number,
    readonly contentType: string | undefined,
    /** The start of the body, redacted, single line. */
    readonly snippet: string,
    context: RequestContext = {},
  ) {
    super(`${code} response (HTTP ${status}${contentType ? `, ${contentType}` : ''}): ${snippet}`, context);
  }
}

/** The cluster settings are unusable (bad URL, Cloud ID, fingerprint, CA file). */
export class ConfigError extends ClusterError {
  readonly kind = 'config' as const;
}

export function isClusterError(err: unknown): err is ClusterError {
  return err instanceof ClusterError;
}

function asCause(value: unknown): EsErrorCause | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as EsErrorCause) : undefined;
}

/** Builds an EsApiError from a status and a parsed JSON body (or a raw text body). */
export function esApiError(
  status: number,
  body: unknown,
  context: RequestContext = {},
  retryAfterSeconds?: number,
  secrets: readonly string[] = [],
): EsApiError {
  let type: string | undefined;
  let reason: string | undefined;
  let rootCause: EsErrorCause[] = [];
  const clean = (s: unknown) => (typeof s === 'string' ? redact(s, secrets) : undefined);
  if (typeof body === 'string') {
    reason = clean(body.trim().slice(0, 2000)) || undefined;
  } else if (body && typeof body === 'object') {
    const error = (body as { error?: unknown }).error;
    if (typeof error === 'string') {
      reason = clean(error);
    } else if (asCause(error)) {
      const cause = asCause(error)!;
      type = clean(cause.type);
      reason = clean(cause.reason);
      if (Array.isArray(cause.root_cause)) {
        rootCause = cause.root_cause.map(asCause).filter((c): c is EsErrorCause => !!c).map((c) => ({ ...c, type: clean(c.type), reason: clean(c.reason) }));
      }
    }
  }
  const safeBody = typeof body === 'string' ? reason : redactDeep(body, secrets);
  return new EsApiError(status, type, reason, rootCause, safeBody, context, retryAfterSeconds);
}

function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  try {
    return JSON.parse(redact(JSON.stringify(value), secrets));
  } catch {
    return undefined;
  }
}

const MAX_REASON = 1200;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON)}…` : flat;
}

function where(err: ClusterError): string {
  return err.method && err.path ? ` (${err.method} ${err.path})` : '';
}

/** Where a message is shown: the editor names its commands and settings, the CLI its ES_* variables. */
export type ErrorSurface = 'editor' | 'cli';

/** How each surface names the fix for a kind of problem. */
interface FixNames {
  readonly credentials: string;
  readonly caFile: string;
  readonly caFingerprint: string;
  readonly timeout: string;
  readonly grantSecret: string;
}

const FIX_NAMES: Readonly<Record<ErrorSurface, FixNames>> = {
  editor: {
    credentials: 'Set Credentials',
    caFile: 'caFile',
    caFingerprint: 'caFingerprint',
    timeout: 'timeoutMs',
    grantSecret: 'enter them again',
  },
  cli: {
    credentials: 'ES_API_KEY, or ES_USERNAME and ES_PASSWORD, or ES_BEARER_TOKEN',
    caFile: 'ES_CA_CERT',
    caFingerprint: 'ES_CA_FINGERPRINT',
    timeout: 'ES_TIMEOUT_MS',
    grantSecret: 'ES_GRANT_PASSWORD or ES_GRANT_ACCESS_TOKEN',
  },
};

/** `POST /_security/api_key/grant`: a 401 there is about the granted user's credentials, not the caller's. */
export function isGrantRequest(err: ClusterError): boolean {
  return err.method === 'POST' && /^\/_security\/api_key\/grant\/?(?:\?|$)/.test(err.path ?? '');
}

function describeApiError(err: EsApiError, fix: FixNames): string {
  const reason = err.reason ? oneLine(err.reason) : undefined;
  const typed = `${err.status}${err.type ? ` ${err.type}` : ''}`;
  switch (true) {
    case err.status === 401 && isGrantRequest(err):
      return `the grant was refused (${typed}${reason ? `: ${reason}` : ''}): the username/password (or access token) of the user the key is for is wrong, or that user may not be granted keys. Check them (${fix.grantSecret}); your own credentials were accepted.`;
    case err.status === 401:
      return `authentication failed (${typed}${reason ? `: ${reason}` : ''}). Check the credentials (${fix.credentials}).`;
    case err.status === 403:
      return `permission denied (403): ${reason ?? 'the user lacks the privilege for this request'}. Use a user or API key that has the privilege named above, or ask an administrator to grant it.`;
    case err.status === 404:
      return `not found (404)${where(err)}${reason ? `: ${reason}` : ''}. Check the name, and that the cluster version supports this API.`;
    case err.status === 405:
      return `the cluster does not support this request (${typed}${reason ? `: ${reason}` : ''}); it may be too old for this API.`;
    case err.status === 409:
      return `conflict (409)${reason ? `: ${reason}` : ''}. Someone else changed it at the same time; reload and retry.`;
    case err.status === 429: {
      const after = err.retryAfterSeconds !== undefined ? `retry after ${err.retryAfterSeconds} s (Retry-After)` : 'retry later';
      return `too many requests (429)${reason ? `: ${reason}` : ''}. The cluster is rate limiting; ${after}.`;
    }
    case err.status >= 500: {
      const after = err.retryAfterSeconds !== undefined ? ` (Retry-After: ${err.retryAfterSeconds} s)` : '';
      return `server error (${typed}${reason ? `: ${reason}` : ''})${where(err)}. The cluster may be overloaded or restarting; retry later${after}.`;
    }
    case err.status === 400:
      return `the request was rejected (${typed})${reason ? `: ${reason}` : ''}.`;
    default:
      return `request failed (${typed})${where(err)}${reason ? `: ${reason}` : ''}.`;
  }
}

function describeConnection(err: ConnectionError): string {
  const at = err.origin ? ` ${err.origin}` : '';
  switch (err.code) {
    case 'refused':
      return `connection refused by${at || ' the server'}. Check the URL and port, and that the cluster is running.`;
    case 'dns':
      return `cannot resolve the host of${at || ' the cluster URL'} (${err.systemCode ?? 'DNS failure'}). Check the URL or Cloud ID, and your network or VPN.`;
    case 'reset':
      return `the connection to${at || ' the cluster'} was closed or reset before the response was complete. Check http:// vs https:// and any proxy; retry.`;
    case 'unreachable':
      return `${at.trim() || 'the cluster'} is unreachable (${err.systemCode}). Check your network, VPN or proxy.`;
    default:
      return `cannot connect to${at || ' the cluster'}: ${oneLine(err.message)}.`;
  }
}

function describeTls(err: TlsError, fix: FixNames): string {
  switch (err.code) {
    case 'untrusted':
      return `the server's TLS certificate is not trusted (${err.systemCode ?? 'self-signed or unknown CA'}). Configure the CA file (${fix.caFile}) or the CA fingerprint (${fix.caFingerprint}) for this cluster.`;
    case 'expired':
      return `the server's TLS certificate has expired (${err.systemCode ?? 'CERT_HAS_EXPIRED'}). Renew the cluster's HTTP certificate.`;
    case 'not-yet-valid':
      return `the server's TLS certificate is not valid yet (check the clocks). Renew the certificate or fix the system time.`;
    case 'hostname':
      return `the server's TLS certificate does not match the host: ${oneLine(err.message)}. Connect with a host name the certificate lists, or reissue the certificate.`;
    case 'fingerprint':
      return `no certificate in the server's chain has the configured CA fingerprint (${fix.caFingerprint}). Check the fingerprint Elasticsearch printed at first start, or configure the CA file instead.`;
    case 'protocol':
      return `TLS handshake failed (${err.systemCode ?? 'protocol error'}); the server may not speak HTTPS at this address. Check http:// vs https:// in the URL.`;
    default:
      return `TLS error: ${oneLine(err.message)}. Configure the CA file (${fix.caFile}) or fingerprint (${fix.caFingerprint}) for this cluster.`;
  }
}

function describeUnexpected(err: UnexpectedResponseError): string {
  switch (err.code) {
    case 'html':
      return `got an HTML page (HTTP ${err.status}) instead of an Elasticsearch response, probably from a proxy or load balancer${where(err)}. Check the URL and the proxy; the page starts: "${err.snippet}".`;
    case 'truncated-json':
      return `the response was cut off (truncated JSON, HTTP ${err.status})${where(err)}. Retry; a proxy may be dropping the connection.`;
    case 'invalid-json':
      return `the response is not valid JSON (HTTP ${err.status})${where(err)}: "${err.snippet}". Check that the URL points at Elasticsearch.`;
    default:
      return `unexpected response (HTTP ${err.status}, ${err.contentType ?? 'no content type'})${where(err)}: "${err.snippet}". Check that the URL points at Elasticsearch.`;
  }
}

/**
 * One line for the user: names the cluster, says what went wrong and suggests the fix.
 * Secrets never appear: every part comes from already-redacted errors and goes through `redact`.
 */
export function describeError(err: unknown, clusterName: string, surface: ErrorSurface = 'editor'): string {
  const prefix = `Cluster "${clusterName}": `;
  const fix = FIX_NAMES[surface];
  let text: string;
  if (err instanceof EsApiError) text = describeApiError(err, fix);
  else if (err instanceof ConnectionError) text = describeConnection(err);
  else if (err instanceof TlsError) text = describeTls(err, fix);
  else if (err instanceof TimeoutError)
    text = `no ${err.phase === 'connect' ? 'connection' : 'response'} within ${formatMs(err.timeoutMs)}${where(err)}. Check the network, or increase the timeout (${fix.timeout}).`;
  else if (err instanceof UnexpectedResponseError) text = describeUnexpected(err);
  else if (err instanceof ConfigError) text = `${oneLine(err.message)}`;
  else if (err instanceof Error) text = `unexpected error: ${oneLine(err.message)}`;
  else text = `unexpected error: ${oneLine(String(err))}`;
  return redact(prefix + text);
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Which fix-it a UI should offer for an error. */
export function suggestedAction(err: unknown): 'setCredentials' | 'openSettings' | 'retry' | 'showLog' {
  if (err instanceof EsApiError) {
    if (err.status === 401 && !isGrantRequest(err)) return 'setCredentials';
    if (err.status === 429 || err.status >= 500) return 'retry';
    return 'showLog';
  }
  if (err instanceof TlsError || err instanceof ConfigError) return 'openSettings';
  if (err instanceof ConnectionError) return err.code === 'reset' ? 'retry' : 'openSettings';
  if (err instanceof TimeoutError || err instanceof UnexpectedResponseError) return 'retry';
  return 'showLog';
}
