// A raw HTTP(S) client for the test server's conformance tests (no keep-alive, no retries).

import * as http from 'node:http';
import * as https from 'node:https';

export type RawAuth =
  | { readonly username: string; readonly password: string }
  | { readonly apiKey: string }
  | { readonly bearer: string }
  | { readonly header: string };

export interface RawCallOptions {
  readonly auth?: RawAuth;
  readonly body?: unknown;
  /** Sent as is (for invalid JSON tests). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** PEM CA for HTTPS. */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** Parsed JSON (undefined when the body is empty or not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function authHeader(auth: RawAuth): string {
  if ('header' in auth) return auth.header;
  if ('apiKey' in auth) return `ApiKey ${auth.apiKey}`;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return basic(auth.username, auth.password);
}

/** One request; resolves with the status, headers and parsed body, rejects on socket errors. */
export function rawCall(baseUrl: string, method: string, path: string, opts: RawCallOptions = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.auth) headers.authorization = authHeader(opts.auth);
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers, agent: false, ca: opts.ca, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('test client timeout')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A client bound to one server URL and default credentials. */
export function clientFor(baseUrl: string, defaults: RawCallOptions = {}) {
  return (method: string, path: string, opts: RawCallOptions = {}) => rawCall(baseUrl, method, path, { ...defaults, ...opts });
}
