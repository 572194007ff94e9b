/**
 * A minimal JSON-RPC client for timing the BUILT language server (`dist/server.js --stdio`), adapted
 * from test/lsp/harness.ts (which the tests own): Content-Length framing, answers to the server's
 * requests (workspace/configuration from fixed settings), waiting for publishDiagnostics of a given
 * document version, and the child's pid for reading its peak memory from /proc.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { SERVER_NODE_OPTIONS } from '../server/src/nodeOptions';

export interface Position {
  line: number;
  character: number;
}
export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  method: string;
}

interface DiagnosticsWaiter {
  uri: string;
  version: number;
  resolve: (p: PublishedDiagnostics) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface LspStart {
  client: LspClient;
  /** From spawn to the initialize response, in milliseconds. */
  startMs: number;
}

export class LspClient {
  private nextId = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly diagnosticWaiters = new Set<DiagnosticsWaiter>();
  private readonly latest = new Map<string, PublishedDiagnostics>();
  private stderr = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly settings: Record<string, unknown>) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exitPromise = new Promise((resolve) =>
      child.on('exit', () => {
        this.exited = true;
        const err = new Error(`the server exited\n${this.stderr}`);
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(err);
        }
        this.pending.clear();
        for (const w of this.diagnosticWaiters) {
          clearTimeout(w.timer);
          w.reject(err);
        }
        this.diagnosticWaiters.clear();
        resolve();
      }),
    );
  }

  /**
   * Spawns the server and completes initialize/initialized; `settings` is the elasticsearchRoles
   * section. `nodeOptions`: by default the ones the extension starts the server with.
   */
  static async start(serverPath: string, settings: Record<string, unknown>, nodeOptions: readonly string[] = SERVER_NODE_OPTIONS): Promise<LspStart> {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeOptions, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, settings);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: 'file:///bench',
      workspaceFolders: [{ uri: 'file:///bench', name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          completion: { completionItem: { snippetSupport: true } },
        },
      },
    });
    const startMs = performance.now() - t0;
    client.notify('initialized', {});
    return { client, startMs };
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Peak and current resident set size of the server process, in bytes (Linux /proc). */
  memory(): { peakRss: number; rss: number } | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
    } catch {
      return undefined;
    }
  }

  request<R = unknown>(method: string, params: unknown, timeoutMs = 60_000): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`timeout waiting for the answer to ${method}\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'elasticsearch-role', version, text } });
  }

  /** An incremental change: replaces `range` with `text`. */
  change(uri: string, version: number, range: { start: Position; end: Position }, text: string): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves when diagnostics for `uri` at `version` arrive (at once if they already did). */
  diagnosticsFor(uri: string, version: number, timeoutMs = 120_000): Promise<PublishedDiagnostics> {
    const seen = this.latest.get(uri);
    if (seen?.version === version) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: DiagnosticsWaiter = {
        uri,
        version,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.diagnosticWaiters.delete(waiter);
          reject(new Error(`timeout waiting for diagnostics of ${uri} version ${version}\n${this.stderr}`));
        }, timeoutMs),
      };
      this.diagnosticWaiters.add(waiter);
    });
  }

  async shutdown(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, 5_000);
      this.notify('exit', null);
    } catch {
      // killed below
    }
    await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 2_000))]);
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }

  private send(message: unknown): void {
    if (this.exited) throw new Error(`the server has exited\n${this.stderr}`);
    const body = JSON.stringify(message);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    let buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const match = /Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'));
      if (!match) throw new Error('bad header from the server');
      const start = headerEnd + 4;
      const end = start + Number(match[1]);
      if (buffer.length < end) break;
      const message = JSON.parse(buffer.subarray(start, end).toString('utf8'));
      buffer = buffer.subarray(end);
      this.onMessage(message);
    }
    this.chunks = buffer.length ? [buffer] : [];
    this.buffered = buffer.length;
  }

  private onMessage(msg: { id?: number | string; method?: string; params?: any; result?: unknown; error?: { message: string } }): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id as number);
      if (!p) return;
      this.pending.delete(msg.id as number);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server.
      const result =
        msg.method === 'workspace/configuration'
          ? (msg.params?.items ?? []).map((i: { section?: string }) => (i.section === 'elasticsearchRoles' ? this.settings : { elasticsearchRoles: this.settings }))
          : null;
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params as PublishedDiagnostics;
      this.latest.set(p.uri, p);
      for (const w of this.diagnosticWaiters) {
        if (w.uri === p.uri && w.version === p.version) {
          clearTimeout(w.timer);
          this.diagnosticWaiters.delete(w);
          w.resolve(p);
        }
      }
    }
  }
}
