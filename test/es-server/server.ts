// The project's TEST SERVER: speaks the Elasticsearch security REST API over real HTTP/HTTPS on
// 127.0.0.1, with fault injection and a request log. It is a test double, not Elasticsearch.

import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { KeyPair } from './certs';
import type { Reply } from './context';
import { EsHttpError, faultError } from './esErrors';
import { checkFaultSpec, FaultInjector, type ActiveFault, type FaultKind, type FaultSpec } from './faults';
import type { AppPrivilegeDefs } from './privileges';
import { Router } from './router';
import { ServerState, type TestUser } from './state';

export interface TestServerOptions {
  /** The version `GET /` reports and whose rules and catalog apply (default "9.1.0"). */
  readonly version?: string;
  readonly clusterName?: string;
  readonly nodeName?: string;
  /** Default: `elastic` / `elastic-test-password` with `superuser`. */
  readonly users?: readonly TestUser[];
  /** Native roles to preload, as request bodies. */
  readonly roles?: Readonly<Record<string, unknown>>;
  /** Bearer tokens: token -> username. */
  readonly tokens?: Readonly<Record<string, string>>;
  readonly applicationPrivileges?: AppPrivilegeDefs;
  /** Serve HTTPS with this key and chain. */
  readonly tls?: KeyPair;
  readonly host?: string;
  /** 0 (default) = a free port. */
  readonly port?: number;
  /** Status for endpoints newer than `version` (bulk roles below 8.15); default 405 as ES answers. */
  readonly legacyStatus?: 400 | 404 | 405;
}

export interface LoggedRequest {
  readonly seq: number;
  readonly time: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly pathname: string;
  /** Lower-case names; `authorization` reduced to its scheme. */
  readonly headers: Readonly<Record<string, string>>;
  /** Which TCP/TLS connection carried it (1, 2, ...): equal ids mean keep-alive reuse. */
  readonly connection: number;
  readonly bodyBytes: number;
  status?: number;
  fault?: FaultKind;
}

export const DEFAULT_USER: TestUser = {
  username: 'elastic',
  password: 'elastic-test-password',
  roles: ['superuser'],
  realm: { name: 'reserved', type: 'reserved' },
};

const HTML_PAGE = (status: number) =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const MAX_BODY = 20 * 1024 * 1024;

function redactHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const text = Array.isArray(v) ? v.join(', ') : v;
    out[k] = k === 'authorization' || k === 'proxy-authorization' ? `${text.split(/\s+/)[0]} [redacted]` : text;
  }
  return out;
}

/** resetAfterRoles: a bulk role body cut down to its first `count` roles (other requests: as sent). */
function firstRoles(method: string, pathname: string, rawBody: string, count: number | undefined): string {
  if (method !== 'POST' || pathname !== '/_security/role' || count === undefined) return rawBody;
  try {
    const body = JSON.parse(rawBody) as { roles?: Record<string, unknown> };
    if (!body || typeof body.roles !== 'object' || body.roles === null) return rawBody;
    return JSON.stringify({ ...body, roles: Object.fromEntries(Object.entries(body.roles).slice(0, count)) });
  } catch {
    return rawBody;
  }
}

export class TestEsServer {
  readonly state: ServerState;
  readonly faults = new FaultInjector();
  readonly https: boolean;
  private readonly server: http.Server;
  private readonly router: Router;
  private readonly log: LoggedRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connections = new WeakMap<Socket, number>();
  private connectionCount = 0;
  private seq = 0;
  private clockOffsetMs = 0;
  private address?: AddressInfo;

  private constructor(private readonly options: TestServerOptions) {
    this.state = new ServerState(options.version ?? '9.1.0', options.applicationPrivileges);
    for (const u of options.users ?? [DEFAULT_USER]) this.state.addUser(u);
    for (const [name, body] of Object.entries(options.roles ?? {})) this.state.addRole(name, body);
    for (const [token, user] of Object.entries(options.tokens ?? {})) this.state.tokens.set(token, user);
    this.router = new Router(this.state, {
      nodeName: options.nodeName ?? 'es-roles-test-node',
      clusterName: options.clusterName ?? 'es-roles-test',
      clusterUuid: randomUUID().replace(/-/g, '').slice(0, 22),
      legacyStatus: options.legacyStatus,
    });
    this.https = !!options.tls;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 5_000;
    // A TLS handshake failure (the client refused the certificate) is the test's business, not an error.
    this.server.on('tlsClientError', () => undefined);
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Starts a server on 127.0.0.1 (free port unless `port` is given). */
  static async start(options: TestServerOptions = {}): Promise<TestEsServer> {
    const s = new TestEsServer(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    s.address = s.server.address() as AddressInfo;
    return s;
  }

  get port(): number {
    return this.address!.port;
  }

  /** `http(s)://127.0.0.1:<port>` */
  get url(): string {
    return `${this.https ? 'https' : 'http'}://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  get version(): string {
    return this.state.versionText;
  }

  /** Every request received so far (admin `/_test/` calls excluded), oldest first. */
  get requests(): readonly LoggedRequest[] {
    return this.log.map((r) => ({ ...r }));
  }

  /** Requests whose path (no query) matches a glob, optionally with one method. */
  requestsTo(pathGlob: string, method?: string): LoggedRequest[] {
    const re = new RegExp(`^${pathGlob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return this.log.filter((r) => re.test(r.pathname) && (!method || r.method === method.toUpperCase()));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  injectFault(spec: FaultSpec): number {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  addUser(user: TestUser): void {
    this.state.addUser(user);
  }

  addRole(name: string, body: unknown): void {
    this.state.addRole(name, body);
  }

  addToken(token: string, username: string): void {
    this.state.tokens.set(token, username);
  }

  /** Moves the server's clock forward (API key expiry) without waiting. */
  advanceTime(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** The server's notion of now (epoch ms). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private connectionId(socket: Socket): number {
    let id = this.connections.get(socket);
    if (id === undefined) {
      id = ++this.connectionCount;
      this.connections.set(socket, id);
    }
    return id;
  }

  private async readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new EsHttpError(413, undefined, 'request body too large', {}, {}, true);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const uri = req.url ?? '/';
    const pathname = uri.split('?')[0];
    let rawBody = '';
    try {
      rawBody = await this.readBody(req);
    } catch (e) {
      return this.send(req, res, this.errorReply(e), undefined);
    }
    if (pathname === '/_test' || pathname.startsWith('/_test/')) return this.admin(req, res, pathname, rawBody);
    const entry: LoggedRequest = {
      seq: ++this.seq,
      time: Date.now(),
      method: req.method ?? 'GET',
      path: uri,
      pathname,
      headers: redactHeaders(req.headers),
      connection: this.connectionId(req.socket),
      bodyBytes: Buffer.byteLength(rawBody),
    };
    this.log.push(entry);
    const { latencyMs, fault } = this.faults.take(entry.method, pathname);
    if (fault) entry.fault = fault.kind;
    await this.wait(latencyMs);
    if (res.destroyed) return;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault?.kind === 'status') {
      const err = faultError(fault.status!, fault.reason);
      reply = { status: err.status, body: err.body(), headers: { ...err.headers } };
      if (fault.retryAfter !== undefined) reply.headers!['retry-after'] = String(fault.retryAfter);
    } else if (fault?.kind === 'html') {
      entry.status = fault.status ?? 502;
      const page = HTML_PAGE(entry.status);
      res.writeHead(entry.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return;
    } else {
      const body = fault?.kind === 'resetAfterRoles' ? firstRoles(entry.method, pathname, rawBody, fault.roles) : rawBody;
      try {
        reply = this.router.dispatch({ method: entry.method, uri, headers: req.headers, rawBody: body, now: this.now() });
      } catch (e) {
        reply = this.errorReply(e);
      }
      if (fault?.kind === 'resetAfterRoles') {
        // Applied (in part); the answer never leaves.
        req.socket.destroy();
        return;
      }
    }
    entry.status = reply.status;
    await this.send(req, res, reply, fault);
  }

  private errorReply(e: unknown): Reply {
    if (e instanceof EsHttpError) return { status: e.status, body: e.body(), headers: { ...e.headers } };
    const reason = (e as Error)?.message ?? String(e);
    return { status: 500, body: { error: { root_cause: [{ type: 'exception', reason }], type: 'exception', reason }, status: 500 } };
  }

  private async send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, fault: ActiveFault | undefined): Promise<void> {
    const pretty = /[?&]pretty(=|&|$)/.test(req.url ?? '');
    let text = reply.body === undefined ? '' : JSON.stringify(reply.body, null, pretty ? 2 : undefined);
    if (fault?.kind === 'truncatedJson') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    const bytes = Buffer.from(text, 'utf8');
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json; charset=UTF-8',
      'x-elastic-product': 'Elasticsearch',
      ...reply.headers,
    };
    if (fault?.kind === 'resetMidBody') {
      res.writeHead(reply.status, { ...headers, 'content-length': bytes.length + 64 });
      res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
      await this.wait(20);
      req.socket.destroy();
      return;
    }
    headers['content-length'] = bytes.length;
    if (req.method === 'HEAD') {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    if (fault?.kind === 'slowBody') {
      res.writeHead(reply.status, headers);
      const chunks = Math.max(1, fault.chunks ?? 5);
      const size = Math.ceil(bytes.length / chunks);
      for (let i = 0; i < chunks && !res.destroyed; i++) {
        await this.wait(fault.ms ?? 100);
        res.write(bytes.subarray(i * size, (i + 1) * size));
      }
      if (!res.destroyed) res.end();
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(bytes);
  }

  /** `/_test/faults` (GET list, POST add, DELETE clear, DELETE /_test/faults/{id}) and `/_test/requests` (GET, DELETE). */
  private admin(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawBody: string): void {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const method = req.method ?? 'GET';
    try {
      if (pathname === '/_test/faults') {
        if (method === 'GET') return reply(200, { faults: this.faults.list() });
        if (method === 'POST') return reply(200, { id: this.faults.add(checkFaultSpec(JSON.parse(rawBody || 'null'))) });
        if (method === 'DELETE') {
          this.faults.clear();
          return reply(200, { cleared: true });
        }
      }
      const one = /^\/_test\/faults\/(\d+)$/.exec(pathname);
      if (one && method === 'DELETE') return reply(200, { removed: this.faults.remove(Number(one[1])) });
      if (pathname === '/_test/requests') {
        if (method === 'GET') return reply(200, { requests: this.log });
        if (method === 'DELETE') {
          this.clearRequests();
          return reply(200, { cleared: true });
        }
      }
      return reply(404, { error: `no test-server admin endpoint ${method} ${pathname}` });
    } catch (e) {
      return reply(400, { error: (e as Error).message });
    }
  }
}
