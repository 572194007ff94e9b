// Which cluster the cluster-module tests talk to: the project's test server (default), or a real
// cluster when ES_URL is set with ES_USERNAME + ES_PASSWORD or ES_API_KEY (optional ES_CA_CERT,
// ES_CA_FINGERPRINT, ES_INSECURE=1). Tests that need fault injection or test-server-only control
// use `it.skipIf(REAL_CLUSTER)`.

import { randomBytes } from 'node:crypto';
import { it } from 'vitest';
import type { ClusterAuth, ClusterConfig, ClusterLogger, RolesByName } from '../../client/src/cluster';
import { generateTestCertificates, type TestCertificates } from '../es-server/certs';
import { TestEsServer, type TestServerOptions } from '../es-server/server';
import type { TestUser } from '../es-server/state';

export const REAL_CLUSTER = !!process.env.ES_URL;
export const TEST_SERVER_ONLY = 'needs the test server (fault injection or test-only setup); skipped against a real cluster (ES_URL)';

/**
 * A test that needs the test server: skipped against a real cluster, with the reason in its name.
 */
export function itServerOnly(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  it.skipIf(REAL_CLUSTER)(`${name} [test server only]`, fn, timeout);
}

/** Recognisable secrets: tests grep every log line and error for them. */
export const ADMIN_USER = 'elastic';
export const ADMIN_PASSWORD = 'Pa55-canary-admin-7f3a9c';

export const ADMIN: TestUser = { username: ADMIN_USER, password: ADMIN_PASSWORD, roles: ['superuser'], realm: { name: 'reserved', type: 'reserved' } };

export interface Target {
  readonly real: boolean;
  readonly url: string;
  /** Admin (superuser) settings for the target. */
  readonly config: ClusterConfig;
  /** Set in test-server mode. */
  readonly server?: TestEsServer;
  readonly certs?: TestCertificates;
  /** The admin settings with overrides (auth, TLS, timeout...). */
  with(overrides: Partial<ClusterConfig>): ClusterConfig;
  close(): Promise<void>;
}

export interface TargetOptions extends Omit<TestServerOptions, 'tls'> {
  readonly https?: boolean;
}

function realAuth(env: NodeJS.ProcessEnv): ClusterAuth {
  if (env.ES_API_KEY) return { kind: 'apiKey', encoded: env.ES_API_KEY };
  if (env.ES_USERNAME && env.ES_PASSWORD) return { kind: 'basic', username: env.ES_USERNAME, password: env.ES_PASSWORD };
  throw new Error('ES_URL is set: also set ES_USERNAME + ES_PASSWORD or ES_API_KEY');
}

/** Starts the test server (HTTP, or HTTPS with generated certificates), or describes the real cluster. */
export async function startTarget(opts: TargetOptions = {}): Promise<Target> {
  if (REAL_CLUSTER) {
    const env = process.env;
    const config: ClusterConfig = {
      name: 'real',
      url: env.ES_URL,
      auth: realAuth(env),
      caFile: env.ES_CA_CERT || undefined,
      caFingerprint: env.ES_CA_FINGERPRINT || undefined,
      insecure: env.ES_INSECURE === '1',
      timeoutMs: 20_000,
    };
    return { real: true, url: env.ES_URL!, config, with: (o) => ({ ...config, ...o }), close: async () => undefined };
  }
  const certs = opts.https ? generateTestCertificates() : undefined;
  const server = await TestEsServer.start({ ...opts, users: opts.users ?? [ADMIN], tls: certs?.server });
  const config: ClusterConfig = {
    name: 'test-server',
    url: server.url,
    auth: { kind: 'basic', username: ADMIN_USER, password: ADMIN_PASSWORD },
    caPem: certs?.caPem,
    timeoutMs: 5_000,
  };
  return {
    real: false,
    url: server.url,
    config,
    server,
    certs,
    with: (o) => ({ ...config, ...o }),
    close: async () => {
      await server.close();
      certs?.cleanup();
    },
  };
}

/**
 * Role descriptors for a key created with the admin credentials: as wanted, except that a key
 * created with an API key (a derived key) may only carry an explicitly empty descriptor.
 */
export function keyDescriptors(target: Target, wanted: RolesByName): RolesByName {
  return target.config.auth.kind === 'apiKey' ? { derived: {} } : wanted;
}

/** A name no other test run uses (real clusters are shared). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface CapturedLine {
  readonly level: keyof ClusterLogger;
  readonly message: string;
}

/** A logger that keeps every line, for assertions. */
export function captureLogger(): { logger: ClusterLogger; lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at = (level: keyof ClusterLogger) => (message: string) => void lines.push({ level, message });
  return {
    logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
