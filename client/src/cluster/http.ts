// The HTTP client for one cluster: undici Pool with keep-alive, TLS trust, auth, run-as, JSON,
// timeouts, retries for reads only, typed errors and redacted logging.

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Pool } from 'undici';
import { authorizationHeader, clusterBaseUrl, DEFAULT_TIMEOUT_MS, normalizeFingerprint, secretsOf, validateAuth, type ClusterAuth, type ClusterConfig } from './config';
import {
  ClusterError,
  ConfigError,
  ConnectionError,
  esApiError,
  TimeoutError,
  TlsError,
  UnexpectedResponseError,
  type RequestContext,
  type TlsErrorCode,
} from './errors';
import { redact, redactingLogger, type ClusterLogger } from './redact';
import { connectOption, FINGERPRINT_CHAIN_INVALID, FINGERPRINT_MISMATCH } from './tls';

export const RUN_AS_HEADER = 'es-security-runas-user';

export interface ClientOptions {
  /** Receives redacted lines only. */
  readonly logger?: ClusterLogger;
  /** Retries of idempotent reads (default 2). Writes are never retried. */
  readonly maxRetries?: number;
  /** First backoff delay; doubles per retry, plus jitter (default 100 ms). */
  readonly retryBaseDelayMs?: number;
  /** A longer Retry-After is not waited for: the 429/503 is thrown at once (default 10 s). */
  readonly maxRetryAfterMs?: number;
  /** Keep-alive connections per cluster (default 8). */
  readonly connections?: number;
  readonly userAgent?: string;
  /** More secrets to redact from logs and errors (a derived client's parent credentials). */
  readonly redact?: readonly string[];
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  readonly method: HttpMethod;
  /** Path below the cluster URL, starting with `/`, names already URL-encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sends `es-security-runas-user`. */
  readonly runAs?: string;
  /** Retry on 502/503/504/429/connection reset. Default: true for GET and HEAD only. */
  readonly retry?: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Extra secrets of this request (e.g. a grant's password) to redact from logs and errors. */
  readonly secrets?: readonly string[];
  /** Error statuses to return instead of throwing (e.g. 404 from get role). */
  readonly okStatuses?: readonly number[];
}

export interface EsResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: T;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const DEFAULT_USER_AGENT = 'elasticsearch-roles (node)';

const TLS_CODES: Record<string, TlsErrorCode> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  INVALID_CA: 'untrusted',
  [FINGERPRINT_CHAIN_INVALID]: 'untrusted',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  HOSTNAME_MISMATCH: 'hostname',
  [FINGERPRINT_MISMATCH]: 'fingerprint',
  ERR_SSL_WRONG_VERSION_NUMBER: 'protocol',
  EPROTO: 'protocol',
};

const CONNECTION_CODES: Record<string, ConnectionError['code']> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ETIMEDOUT: 'unreachable',
};

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** Maps a Node / undici transport error to a typed ClusterError (messages redacted). */
export function classifyTransportError(err: unknown, context: RequestContext, timeoutMs: number, secrets: readonly string[] = []): ClusterError {
  if (err instanceof ClusterError) return err;
  const code = errorCode(err);
  const message = redact((err as Error)?.message ?? String(err), secrets);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new TimeoutError(timeoutMs, 'connect', context);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new TimeoutError(timeoutMs, 'response', context);
  if (code && TLS_CODES[code]) return new TlsError(TLS_CODES[code], message, code, context, { cause: err });
  if (code && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) return new TlsError('other', message, code, context, { cause: err });
  if (code && CONNECTION_CODES[code]) return new ConnectionError(CONNECTION_CODES[code], message, code, context, { cause: err });
  if (code?.startsWith('HPE_')) {
    return new ConnectionError('other', `the server did not answer with valid HTTP (${message}); check http:// vs https://`, code, context, { cause: err });
  }
  return new ConnectionError('other', message, code, context, { cause: err });
}

function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function header(headers: RawResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function looksLikeHtml(text: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? '') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

function snippetOf(text: string, secrets: readonly string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return redact(flat.length > 160 ? `${flat.slice(0, 160)}…` : flat, secrets);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const e = new Error('the request was cancelled');
  e.name = 'AbortError';
  return e;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/** A client for one cluster. Create it with `createClient`; `close()` it when done. */
export class EsClient {
  readonly name: string;
  readonly baseUrl: URL;
  readonly origin: string;
  readonly timeoutMs: number;
  private readonly pool: Pool;
  private readonly log: ClusterLogger;
  private readonly secrets: readonly string[];
  private readonly authHeader?: string;
  private readonly options: ClientOptions;
  private readonly config: ClusterConfig;
  private closed = false;

  constructor(config: ClusterConfig, options: ClientOptions = {}) {
    this.name = config.name;
    this.options = options;
    this.config = config;
    this.secrets = [...secretsOf(config.auth), ...(options.redact ?? [])].filter(Boolean);
    this.log = redactingLogger(options.logger, () => this.secrets);
    validateAuth(config.name, config.auth);
    this.baseUrl = clusterBaseUrl(config);
    this.origin = this.baseUrl.origin;
    this.timeoutMs = config.timeoutMs && config.timeoutMs > 0 ? config.timeoutMs : DEFAULT_TIMEOUT_MS;
    this.authHeader = authorizationHeader(config.auth);
    const https = this.baseUrl.protocol === 'https:';
    let caPem = config.caPem;
    if (!caPem && config.caFile) {
      try {
        caPem = readFileSync(config.caFile, 'utf8');
      } catch (e) {
        throw new ConfigError(`Cluster "${config.name}": cannot read the CA file ${config.caFile} (${errorCode(e) ?? (e as Error).message}).`);
      }
      if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new ConfigError(`Cluster "${config.name}": the CA file ${config.caFile} holds no PEM certificate.`);
      }
    }
    const fingerprint = config.caFingerprint ? normalizeFingerprint(config.caFingerprint) : undefined;
    if (config.insecure) {
      this.log.warn(
        https
          ? `Cluster "${config.name}": TLS certificate verification is DISABLED (insecure). ` +
              `Anyone on the network path can read the credentials; configure the CA file or fingerprint instead.`
          : `Cluster "${config.name}": "insecure" is set but the URL is http://, so nothing is encrypted at all.`,
      );
    }
    if (!https && config.auth.kind !== 'none' && !isLoopback(this.baseUrl.hostname)) {
      this.log.warn(`Cluster "${config.name}": credentials are sent unencrypted over http:// to ${this.origin}.`);
    }
    const connectTimeout = Math.min(this.timeoutMs, 10_000);
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: this.timeoutMs + 5_000,
      bodyTimeout: this.timeoutMs + 5_000,
      connect: https ? connectOption({ caPem, fingerprint, insecure: config.insecure }, connectTimeout) : { timeout: connectTimeout, keepAlive: true },
    });
  }

  /** Sends one request (with retries for reads) and returns the parsed JSON answer. */
  async request<T = unknown>(opts: RequestOptions): Promise<EsResponse<T>> {
    if (this.closed) throw new ConfigError(`Cluster "${this.name}": the client is closed.`);
    const secrets = [...this.secrets, ...(opts.secrets ?? []).filter(Boolean)];
    const log = opts.secrets?.length ? redactingLogger(this.options.logger, () => secrets) : this.log;
    const path = this.fullPath(opts);
    const context: RequestContext = { method: opts.method, path: redact(opts.path, secrets), origin: this.origin };
    if (opts.runAs !== undefined && (!opts.runAs || /[\x00-\x1f\x7f]/.test(opts.runAs))) {
      throw new ConfigError(`Cluster "${this.name}": the run-as user name is empty or has control characters.`);
    }
    const canRetry = opts.retry ?? (opts.method === 'GET' || opts.method === 'HEAD');
    const maxRetries = canRetry ? Math.max(0, this.options.maxRetries ?? 2) : 0;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      let raw: RawResponse;
      try {
        raw = await this.attempt(opts, path, timeoutMs, context, secrets, log);
      } catch (err) {
        if (err instanceof ConnectionError && err.code === 'reset' && attempt < maxRetries) {
          const delay = this.backoff(attempt);
          log.warn(`${opts.method} ${context.path}: connection reset; retry ${attempt + 1}/${maxRetries} in ${delay} ms`);
          await sleep(delay, opts.signal);
          continue;
        }
        if (err instanceof ClusterError) log.debug(`${opts.method} ${context.path} failed after ${Date.now() - started} ms: ${err.kind}: ${err.message}`);
        throw err;
      }
      log.debug(`${opts.method} ${context.path} -> ${raw.status} (${Date.now() - started} ms)`);
      if (RETRY_STATUSES.has(raw.status) && attempt < maxRetries) {
        const delay = this.retryDelay(raw, attempt);
        if (delay !== undefined) {
          log.warn(`${opts.method} ${context.path}: HTTP ${raw.status}; retry ${attempt + 1}/${maxRetries} in ${delay} ms`);
          await sleep(delay, opts.signal);
          continue;
        }
      }
      return this.finish<T>(raw, opts, context, secrets, log);
    }
  }

  /** Closes the keep-alive connections. */
  /**
   * A client for the same cluster (URL, TLS, timeouts, logger) with other credentials, such as a
   * temporary API key. It also redacts this client's secrets: an error that echoes the parent's
   * credentials must not leak through the child. Close it when done.
   */
  withAuth(auth: ClusterAuth): EsClient {
    return new EsClient({ ...this.config, auth }, { ...this.options, redact: [...this.secrets] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close().catch(() => this.pool.destroy());
  }

  private fullPath(opts: RequestOptions): string {
    const prefix = this.baseUrl.pathname === '/' ? '' : this.baseUrl.pathname;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) params.append(k, String(v));
    const qs = params.toString();
    return `${prefix}${opts.path.startsWith('/') ? '' : '/'}${opts.path}${qs ? `?${qs}` : ''}`;
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseDelayMs ?? 100;
    return Math.round(base * 2 ** attempt + Math.random() * (base / 2));
  }

  /** Delay before retrying a 429/5xx, or undefined when the server asks to wait too long. */
  private retryDelay(raw: RawResponse, attempt: number): number | undefined {
    const after = parseRetryAfter(raw.headers['retry-after']);
    if (after === undefined) return this.backoff(attempt);
    const ms = after * 1000;
    return ms <= (this.options.maxRetryAfterMs ?? 10_000) ? Math.max(ms, 10) : undefined;
  }

  private async attempt(
    opts: RequestOptions,
    path: string,
    timeoutMs: number,
    context: RequestContext,
    secrets: readonly string[],
    log: ClusterLogger,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT };
    if (this.authHeader) headers.authorization = this.authHeader;
    if (opts.runAs !== undefined) headers[RUN_AS_HEADER] = opts.runAs;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
      log.trace(`${opts.method} ${context.path} body: ${body.length > 4000 ? `${body.slice(0, 4000)}…` : body}`);
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      if (opts.signal?.aborted) throw abortError();
      const res = await this.pool.request({ path, method: opts.method, headers, body, signal: controller.signal });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      if (timedOut) throw new TimeoutError(timeoutMs, 'response', context);
      if (opts.signal?.aborted) throw abortError();
      throw classifyTransportError(err, context, timeoutMs, secrets);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private finish<T>(raw: RawResponse, opts: RequestOptions, context: RequestContext, secrets: readonly string[], log: ClusterLogger): EsResponse<T> {
    const contentType = header(raw.headers, 'content-type');
    const text = raw.text;
    const ok = raw.status >= 200 && raw.status < 300;
    if (text.trim()) log.trace(`${opts.method} ${context.path} <- ${raw.status}: ${text.length > 4000 ? `${text.slice(0, 4000)}…` : text}`);
    if (ok || opts.okStatuses?.includes(raw.status)) {
      if (opts.method === 'HEAD' || !text.trim()) return { status: raw.status, headers: raw.headers, body: undefined as T };
      if (looksLikeHtml(text, contentType)) {
        throw new UnexpectedResponseError('html', raw.status, contentType, snippetOf(text, secrets), context);
      }
      try {
        return { status: raw.status, headers: raw.headers, body: JSON.parse(text) as T };
      } catch (e) {
        const truncated = /end of (json )?input|unterminated/i.test((e as Error).message);
        const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{"]/.test(text);
        const code = looksJson ? (truncated ? 'truncated-json' : 'invalid-json') : 'not-json';
        throw new UnexpectedResponseError(code, raw.status, contentType, snippetOf(text, secrets), context);
      }
    }
    const retryAfter = parseRetryAfter(raw.headers['retry-after']);
    if (!text.trim()) throw esApiError(raw.status, undefined, context, retryAfter, secrets);
    if (looksLikeHtml(text, contentType)) {
      throw new UnexpectedResponseError('html', raw.status, contentType, snippetOf(text, secrets), context);
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // A plain-text error body; esApiError keeps it as the reason.
    }
    throw esApiError(raw.status, parsed, context, retryAfter, secrets);
  }
}

/** Creates a client for a cluster. Throws ConfigError for unusable settings. */
export function createClient(config: ClusterConfig, options: ClientOptions = {}): EsClient {
  return new EsClient(config, options);
}
