/**
 * A small JSON-RPC client for the BUILT language server (`dist/server.js --stdio`): Content-Length
 * framing over the child's stdio, answers to the server's requests (workspace/configuration from
 * per-test settings, client/registerCapability, window/workDoneProgress/create), a record of every
 * notification, and helpers that wait on observable state (never on fixed sleeps).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_OPTIONS } from '../../server/src/nodeOptions';

export const SERVER_PATH = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
}
export interface PublishDiagnosticsParams { uri: string; version?: number; diagnostics: Diagnostic[] }
export interface Notification { method: string; params: unknown }

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  method: string;
}
interface Waiter {
  check: () => boolean;
}

export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

const running = new Set<LspHarness>();

/** Kills every harness still running (call from afterEach/afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((h) => h.kill()));
}

export interface StartOptions {
  /** The `elasticsearchRoles` section returned for every scope unless overridden per URI. */
  settings?: Record<string, unknown>;
  /** Whether the client advertises workspace/configuration (pull settings). Default true. */
  pullConfiguration?: boolean;
  /** textDocument.foldingRange.rangeLimit, when the client states one. */
  foldingRangeLimit?: number;
}

export class LspHarness {
  readonly notifications: Notification[] = [];
  /** Every publishDiagnostics, oldest first. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every request the server sent us, by method. */
  readonly serverRequests: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  exited = false;
  /** While true, workspace/configuration requests are held until releaseConfiguration(). */
  holdConfiguration = false;
  private held: Array<() => void> = [];

  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Set<Waiter>();
  private defaultSettings: Record<string, unknown>;
  private readonly uriSettings = new Map<string, Record<string, unknown>>();
  private readonly versions = new Map<string, number>();
  private readonly exitPromise: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, options: StartOptions) {
    this.defaultSettings = options.settings ?? {};
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exitPromise = new Promise((res) =>
      child.on('exit', () => {
        this.exited = true;
        running.delete(this);
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`server exited before answering ${p.method}\n${this.stderr}`));
        }
        this.pending.clear();
        this.notifyWaiters();
        res();
      }),
    );
  }

  /** Spawns the built server and completes initialize/initialized. */
  static async start(options: StartOptions = {}): Promise<{ harness: LspHarness; initializeResult: any }> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run npm run build first`);
    // Started as the extension starts it (see server/src/nodeOptions.ts).
    const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const harness = new LspHarness(child, options);
    running.add(harness);
    const initializeResult = await harness.request('initialize', {
      processId: process.pid,
      rootUri: 'file:///work',
      workspaceFolders: [{ uri: 'file:///work', name: 'work' }],
      capabilities: {
        workspace: { configuration: options.pullConfiguration ?? true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          ...(options.foldingRangeLimit !== undefined ? { foldingRange: { rangeLimit: options.foldingRangeLimit } } : {}),
        },
        window: { workDoneProgress: true },
      },
    });
    harness.notify('initialized', {});
    return { harness, initializeResult };
  }

  // --- settings ---------------------------------------------------------------------------------
  /** Replaces the settings (for one URI, or the default) and tells the server they changed. */
  setSettings(settings: Record<string, unknown>, uri?: string): void {
    if (uri) this.uriSettings.set(uri, settings);
    else this.defaultSettings = settings;
    this.notify('workspace/didChangeConfiguration', { settings: { elasticsearchRoles: settings } });
  }

  /** Replaces the settings without telling the server (for settings it has not read yet). */
  setSettingsQuietly(settings: Record<string, unknown>, uri?: string): void {
    if (uri) this.uriSettings.set(uri, settings);
    else this.defaultSettings = settings;
  }

  get heldConfigurationRequests(): number {
    return this.held.length;
  }

  /** Answers the held workspace/configuration requests and stops holding new ones. */
  releaseConfiguration(): void {
    this.holdConfiguration = false;
    const held = this.held;
    this.held = [];
    for (const answer of held) answer();
  }

  private settingsFor(scopeUri: string | undefined, section: string | undefined): unknown {
    const s = (scopeUri && this.uriSettings.get(scopeUri)) || this.defaultSettings;
    if (section === 'elasticsearchRoles') return s;
    if (!section) return { elasticsearchRoles: s };
    return null;
  }

  // --- messages ---------------------------------------------------------------------------------
  request<R = any>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((res, rej) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        rej(new Error(`timeout waiting for the answer to ${method}\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, timer, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** The id the next request() will use (to cancel it). */
  peekNextId(): number {
    return this.nextId;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Sends a raw, already-framed-or-not payload (for malformed-input tests). */
  sendRaw(body: string): void {
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  private send(message: unknown): void {
    if (this.exited) throw new Error('server has exited');
    this.sendRaw(JSON.stringify(message));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.onMessage(JSON.parse(body));
    }
  }

  private onMessage(msg: any): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new RpcError(msg.error.code, msg.error.message, msg.error.data));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      this.serverRequests.push({ method: msg.method, params: msg.params });
      this.answerServerRequest(msg.id, msg.method, msg.params);
      return;
    }
    this.notifications.push({ method: msg.method, params: msg.params });
    if (msg.method === 'textDocument/publishDiagnostics') this.published.push(msg.params);
    this.notifyWaiters();
  }

  private answerServerRequest(id: number | string, method: string, params: any): void {
    switch (method) {
      case 'workspace/configuration': {
        const answer = () => this.send({ jsonrpc: '2.0', id, result: (params.items ?? []).map((i: any) => this.settingsFor(i.scopeUri, i.section)) });
        if (this.holdConfiguration) {
          this.held.push(answer);
          this.notifyWaiters();
        } else answer();
        return;
      }
      case 'client/registerCapability':
      case 'client/unregisterCapability':
      case 'window/workDoneProgress/create':
        this.send({ jsonrpc: '2.0', id, result: null });
        return;
      default:
        this.send({ jsonrpc: '2.0', id, error: { code: -32601, message: `harness does not handle ${method}` } });
    }
  }

  // --- documents --------------------------------------------------------------------------------
  open(uri: string, text: string, languageId = 'elasticsearch-role', version = 1): void {
    this.versions.set(uri, version);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (a range-less change is allowed under incremental sync); returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  // --- waiting ----------------------------------------------------------------------------------
  private notifyWaiters(): void {
    for (const w of [...this.waiters]) w.check();
  }

  /** Resolves with the first value `probe` returns that is not undefined, re-probing on every message. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
    return new Promise<T>((res, rej) => {
      const waiter: Waiter = {
        check: () => {
          const value = probe();
          if (value !== undefined) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            res(value);
            return true;
          }
          if (this.exited) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            rej(new Error(`server exited while waiting for ${what}\n${this.stderr}`));
            return true;
          }
          return false;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        rej(new Error(`timeout waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** The latest diagnostics published for `uri`. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits until the latest diagnostics for `uri` satisfy `predicate` (already-published ones count). */
  waitForDiagnostics(
    uri: string,
    predicate: (diagnostics: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}`, () => {
      const latest = this.latestDiagnostics(uri);
      return latest && predicate(latest.diagnostics, latest) ? latest : undefined;
    }, timeoutMs);
  }

  /** Waits for a notification received after index `since` (default: any, including earlier ones). */
  waitForNotification<P = any>(method: string, predicate: (params: P) => boolean = () => true, since = 0, timeoutMs = 5_000): Promise<P> {
    return this.waitFor(`notification ${method}`, () => {
      for (let i = since; i < this.notifications.length; i++) {
        const n = this.notifications[i];
        if (n.method === method && predicate(n.params as P)) return n.params as P;
      }
      return undefined;
    }, timeoutMs);
  }

  // --- shutdown ---------------------------------------------------------------------------------
  /** The polite way: shutdown request, exit notification, wait for the process to end. */
  async shutdown(): Promise<void> {
    if (this.exited) return;
    await this.request('shutdown', null);
    this.notify('exit', null);
    await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 3_000))]);
    await this.kill();
  }

  async kill(): Promise<void> {
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }
}
