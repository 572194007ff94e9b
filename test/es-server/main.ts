// Standalone entry of the test server (run with `node` after bundling to dist/es-test-server.js).
// Prints one JSON line {"url", "caFile", "fingerprint", ...} on stdout, then serves until killed.
//
//   node dist/es-test-server.js [--port 0] [--host 127.0.0.1] [--https] [--version 9.1.0]
//        [--users users.json] [--roles roles.json] [--cluster-name name] [--legacy-status 404]
//
// Environment fallbacks: ES_TEST_PORT, ES_TEST_HTTPS=1, ES_TEST_VERSION, ES_TEST_USERS, ES_TEST_ROLES.
// users.json: [{"username", "password", "roles": [...]}, ...]; roles.json: {"name": {role body}, ...}.

import { readFileSync } from 'node:fs';
import { generateTestCertificates, type TestCertificates } from './certs';
import { DEFAULT_USER, TestEsServer, type TestServerOptions } from './server';
import type { TestUser } from './state';

export interface MainArgs {
  port: number;
  host: string;
  https: boolean;
  version: string;
  usersFile?: string;
  rolesFile?: string;
  clusterName?: string;
  legacyStatus?: 400 | 404 | 405;
}

/** Parses argv (without node and script) with environment fallbacks; throws on a bad option. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): MainArgs {
  const args: MainArgs = {
    port: Number(env.ES_TEST_PORT ?? 0),
    host: '127.0.0.1',
    https: env.ES_TEST_HTTPS === '1' || env.ES_TEST_HTTPS === 'true',
    version: env.ES_TEST_VERSION ?? '9.1.0',
    usersFile: env.ES_TEST_USERS || undefined,
    rolesFile: env.ES_TEST_ROLES || undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--port':
        args.port = Number(value());
        break;
      case '--host':
        args.host = value();
        break;
      case '--https':
        args.https = true;
        break;
      case '--version':
        args.version = value();
        break;
      case '--users':
        args.usersFile = value();
        break;
      case '--roles':
        args.rolesFile = value();
        break;
      case '--cluster-name':
        args.clusterName = value();
        break;
      case '--legacy-status': {
        const s = Number(value());
        if (s !== 400 && s !== 404 && s !== 405) throw new Error('--legacy-status must be 400, 404 or 405');
        args.legacyStatus = s;
        break;
      }
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535');
  return args;
}

export async function startFromArgs(args: MainArgs): Promise<{ server: TestEsServer; certs?: TestCertificates; line: Record<string, unknown> }> {
  const users: TestUser[] = args.usersFile ? JSON.parse(readFileSync(args.usersFile, 'utf8')) : [DEFAULT_USER];
  const roles = args.rolesFile ? JSON.parse(readFileSync(args.rolesFile, 'utf8')) : undefined;
  const certs = args.https ? generateTestCertificates() : undefined;
  const options: TestServerOptions = {
    port: args.port,
    host: args.host,
    version: args.version,
    users,
    roles,
    clusterName: args.clusterName,
    legacyStatus: args.legacyStatus,
    tls: certs?.server,
  };
  let server: TestEsServer;
  try {
    server = await TestEsServer.start(options);
  } catch (e) {
    certs?.cleanup();
    throw e;
  }
  const line = {
    url: server.url,
    version: server.version,
    caFile: certs?.caFile ?? null,
    fingerprint: certs?.caFingerprintHex ?? null,
    pid: process.pid,
  };
  return { server, certs, line };
}

async function main(): Promise<void> {
  let started: Awaited<ReturnType<typeof startFromArgs>>;
  try {
    started = await startFromArgs(parseArgs(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`es-test-server: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const { server, certs, line } = started;
  process.stdout.write(`${JSON.stringify(line)}\n`);
  const stop = async () => {
    await server.close().catch(() => undefined);
    certs?.cleanup();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) void main();
