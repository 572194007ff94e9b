/**
 * Pushing roles to the project's test server (test/es-server, in-process, 5 ms injected latency per
 * request): our push (bulkPutRoles: one POST _security/role over a keep-alive connection) against one
 * sequential PUT per role, and the fallback (an 8.12 server: bulkPutRoles falls back to concurrent
 * PUTs with bounded concurrency) against the same sequential baseline.
 *
 * Client and server share this process's event loop, so the server's work (parsing and validating
 * each role) is billed to every variant alike.
 */
import { bulkPutRoles, createClient, DEFAULT_PUT_CONCURRENCY, putRole, type EsClient, type RolesByName } from '../client/src/cluster';
import { DEFAULT_USER, TestEsServer } from '../test/es-server/server';
import { generateRoles } from './corpus';
import { median, progress, round } from './stats';

export const LATENCY_MS = 5;

export interface PushVariant {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  /** HTTP requests per push (from the server's request log). */
  readonly requests: number;
  /** Distinct TCP connections used per push (keep-alive reuse). */
  readonly connections: number;
  /** Roles the server refused (should be 0). */
  readonly errors: number;
}

export interface PushResult {
  readonly roles: number;
  readonly latencyMs: number;
  readonly sequential: PushVariant;
  readonly bulk: PushVariant;
  readonly fallback: PushVariant & { readonly concurrency: number };
  /** sequential / bulk (target >= 10). */
  readonly bulkSpeedup: number;
  /** sequential / fallback. */
  readonly fallbackSpeedup: number;
}

interface Target {
  server: TestEsServer;
  client: EsClient;
}

async function startTarget(version: string): Promise<Target> {
  const server = await TestEsServer.start({ version });
  server.injectFault({ kind: 'latency', ms: LATENCY_MS, count: 'always' });
  const client = createClient({ name: 'bench', url: server.url, auth: { kind: 'basic', username: DEFAULT_USER.username, password: DEFAULT_USER.password } });
  return { server, client };
}

async function measure(target: Target, runs: number, push: () => Promise<number>): Promise<PushVariant> {
  const samples: number[] = [];
  let requests = 0;
  let connections = 0;
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    target.server.clearRequests();
    const t0 = performance.now();
    errors = await push();
    samples.push(performance.now() - t0);
    const log = target.server.requests;
    requests = log.length;
    connections = new Set(log.map((r) => r.connection)).size;
  }
  return { runs, medianMs: round(median(samples), 1), minMs: round(Math.min(...samples), 1), requests, connections, errors };
}

export async function benchPush(count: number, opts: { sequentialRuns: number; bulkRuns: number; fallbackRuns: number }): Promise<PushResult> {
  const roles: RolesByName = generateRoles(count, { pushable: true }) as RolesByName;
  const names = Object.keys(roles);
  const current = await startTarget('9.1.0');
  const legacy = await startTarget('8.12.0');
  try {
    // Warm-up: creates the roles (later pushes update them) and warms the JIT and the connection pools.
    await bulkPutRoles(current.client, roles);
    await bulkPutRoles(legacy.client, roles);
    const bulk = await measure(current, opts.bulkRuns, async () => (await bulkPutRoles(current.client, roles)).errors.count);
    const fallback = await measure(legacy, opts.fallbackRuns, async () => {
      const result = await bulkPutRoles(legacy.client, roles);
      if (result.method !== 'put') throw new Error('the 8.12 test server was expected to make bulkPutRoles fall back to PUTs');
      return result.errors.count;
    });
    const sequential = await measure(current, opts.sequentialRuns, async () => {
      let errors = 0;
      for (const name of names) await putRole(current.client, name, roles[name]).catch(() => errors++);
      return errors;
    });
    const result: PushResult = {
      roles: count,
      latencyMs: LATENCY_MS,
      sequential,
      bulk,
      fallback: { ...fallback, concurrency: DEFAULT_PUT_CONCURRENCY },
      bulkSpeedup: round(sequential.medianMs / bulk.medianMs, 1),
      fallbackSpeedup: round(sequential.medianMs / fallback.medianMs, 1),
    };
    progress(
      `push ${count} roles @ ${LATENCY_MS} ms: sequential ${sequential.medianMs} ms, bulk ${bulk.medianMs} ms (${result.bulkSpeedup}x), ` +
        `8.12 fallback ${fallback.medianMs} ms (${result.fallbackSpeedup}x)`,
    );
    return result;
  } finally {
    await Promise.all([current.client.close(), legacy.client.close()]);
    await Promise.all([current.server.close(), legacy.server.close()]);
  }
}
