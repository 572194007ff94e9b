// Fault injection for the test server, per request path pattern and count.

import { globMatches } from './glob';

export type FaultKind =
  /** Delay before the request is handled (combines with one other fault). */
  | 'latency'
  /** An ES-like error body with `status` (and `Retry-After` when `retryAfter` is set). */
  | 'status'
  /** Destroy the connection before any response byte. */
  | 'reset'
  /** Send the headers and part of the real body, then destroy the connection. */
  | 'resetMidBody'
  /** A proxy's HTML error page (`status`, default 502). */
  | 'html'
  /** The real answer's JSON cut in half, with a matching Content-Length. */
  | 'truncatedJson'
  /** The real answer sent in `chunks` pieces, `ms` apart. */
  | 'slowBody'
  /**
   * A bulk role write (POST /_security/role) interrupted midway: the first `roles` roles of the
   * body are applied, then the connection is destroyed before any response byte (the node died
   * while writing). On any other request: the whole request is applied, then the connection reset.
   */
  | 'resetAfterRoles';

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Glob over the request path without the query (`*` matches `/` too). Default: every path. */
  readonly path?: string;
  /** Only this method (GET, POST, ...). Default: any. */
  readonly method?: string;
  /** How many matching requests it applies to (default 1); `"always"` never runs out. */
  readonly count?: number | 'always';
  /** latency: delay; slowBody: delay between chunks. */
  readonly ms?: number;
  readonly status?: number;
  /** Sent as `Retry-After` (seconds or an HTTP date). */
  readonly retryAfter?: number | string;
  /** Overrides the error reason of a `status` fault. */
  readonly reason?: string;
  /** slowBody: number of chunks (default 5). */
  readonly chunks?: number;
  /** resetAfterRoles: how many roles of the bulk body are applied before the connection drops. */
  readonly roles?: number;
}

export interface ActiveFault extends FaultSpec {
  readonly id: number;
  remaining: number;
  hits: number;
}

export const FAULT_KINDS: readonly FaultKind[] = ['latency', 'status', 'reset', 'resetMidBody', 'html', 'truncatedJson', 'slowBody', 'resetAfterRoles'];

/** Checks a spec from a test or from the admin endpoint; throws with a reason. */
export function checkFaultSpec(spec: unknown): FaultSpec {
  const s = spec as FaultSpec;
  if (!s || typeof s !== 'object' || !FAULT_KINDS.includes(s.kind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (s.kind === 'status' && !(Number.isInteger(s.status) && s.status! >= 400 && s.status! <= 599)) throw new Error('a status fault needs status 400..599');
  if (s.count !== undefined && s.count !== 'always' && !(Number.isInteger(s.count) && s.count > 0)) throw new Error('count must be a positive integer or "always"');
  if (s.ms !== undefined && !(typeof s.ms === 'number' && s.ms >= 0 && s.ms <= 60_000)) throw new Error('ms must be 0..60000');
  if (s.roles !== undefined && !(Number.isInteger(s.roles) && s.roles >= 0)) throw new Error('roles must be a non-negative integer');
  return s;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a fault; returns its id. */
  add(spec: FaultSpec): number {
    const checked = checkFaultSpec(spec);
    const id = this.nextId++;
    this.faults.push({ ...checked, id, remaining: checked.count === 'always' ? Infinity : (checked.count ?? 1), hits: 0 });
    return id;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.faults.map((f) => ({ ...f, remaining: f.remaining === Infinity ? -1 : f.remaining }));
  }

  /** Consumes the faults that apply to a request: total latency and at most one other fault. */
  take(method: string, path: string): { latencyMs: number; fault?: ActiveFault } {
    let latencyMs = 0;
    let fault: ActiveFault | undefined;
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
      if (f.path && !globMatches(f.path, path)) continue;
      if (f.kind === 'latency') latencyMs += f.ms ?? 0;
      else if (fault) continue;
      else fault = f;
      f.remaining--;
      f.hits++;
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { latencyMs, fault };
  }
}
