/**
 * The built server over stdio without any protocol help: raw bytes in, raw bytes out. For what the
 * JSON-RPC harness cannot send (bad framing, messages before initialize) and for checking that
 * stdout carries only well-formed frames (no stack trace, no stray console output).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SERVER_PATH } from '../lsp/harness';

export interface Frame {
  readonly headers: string;
  readonly body: any;
}

export class RawServer {
  stdout = Buffer.alloc(0);
  stderr = '';
  exitCode: number | null | undefined;
  private readonly exited: Promise<void>;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (d: Buffer) => {
      this.stdout = Buffer.concat([this.stdout, d]);
      for (const l of [...this.listeners]) l();
    });
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    child.stdin.on('error', () => undefined); // writing after the server closed stdin
    this.exited = new Promise((res) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        for (const l of [...this.listeners]) l();
        res();
      }),
    );
  }

  static start(): RawServer {
    return new RawServer(spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  write(bytes: string | Buffer): void {
    if (this.running) this.child.stdin.write(bytes);
  }

  /** A well-framed message. */
  send(message: unknown): void {
    const body = JSON.stringify(message);
    this.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  closeStdin(): void {
    this.child.stdin.end();
  }

  /**
   * Splits stdout into frames; throws when it holds anything else (a stray line, a stack trace, a
   * frame whose body is not JSON). A trailing incomplete frame is left out.
   */
  frames(): Frame[] {
    const out: Frame[] = [];
    let rest = this.stdout;
    while (rest.length > 0) {
      const end = rest.indexOf('\r\n\r\n');
      if (end < 0) break;
      const headers = rest.subarray(0, end).toString('ascii');
      const match = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]+)?$/i.exec(headers);
      if (!match) throw new Error(`stdout holds something other than a frame: ${JSON.stringify(rest.subarray(0, 200).toString('utf8'))}`);
      const length = Number(match[1]);
      if (rest.length < end + 4 + length) break;
      out.push({ headers, body: JSON.parse(rest.subarray(end + 4, end + 4 + length).toString('utf8')) });
      rest = rest.subarray(end + 4 + length);
    }
    return out;
  }

  /** Resolves with the first frame matching `predicate` (already received ones count). */
  waitForFrame(what: string, predicate: (body: any) => boolean, timeoutMs = 5_000): Promise<any> {
    return new Promise((res, rej) => {
      const check = () => {
        const hit = this.frames().find((f) => predicate(f.body));
        if (hit) {
          done();
          res(hit.body);
        } else if (!this.running) {
          done();
          rej(new Error(`server exited (${this.exitCode}) while waiting for ${what}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        rej(new Error(`timeout waiting for ${what}; stdout: ${this.stdout.toString('utf8').slice(-500)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Whether the process ends within `ms` (resolves false if it is still running). */
  async exitsWithin(ms: number): Promise<boolean> {
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, ms))]);
    return !this.running;
  }

  async kill(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
