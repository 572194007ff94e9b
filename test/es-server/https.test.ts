// HTTPS serving with generated certificates, and the standalone entry (bundled and spawned).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestCertificates, type TestCertificates } from './certs';
import { parseArgs } from './main';
import { DEFAULT_USER, TestEsServer } from './server';
import { rawCall } from './testClient';

const ADMIN = { username: DEFAULT_USER.username, password: DEFAULT_USER.password };

describe('HTTPS test server', () => {
  let certs: TestCertificates;
  let server: TestEsServer;
  beforeAll(async () => {
    certs = generateTestCertificates();
    server = await TestEsServer.start({ tls: certs.server });
  });
  afterAll(async () => {
    await server.close();
    certs.cleanup();
  });

  it('serves https with a chain that verifies against the generated CA', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await rawCall(server.url, 'GET', '/', { auth: ADMIN, ca: certs.caPem });
    expect(res.status).toBe(200);
    expect(certs.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certs.caFingerprintHex).toBe(certs.caFingerprint.replace(/:/g, '').toLowerCase());
    expect(readFileSync(certs.caFile, 'utf8')).toBe(certs.caPem);
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(rawCall(server.url, 'GET', '/', { auth: ADMIN })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    await expect(rawCall(server.url, 'GET', '/', { auth: ADMIN, ca: certs.otherCa.caPem })).rejects.toThrow(/certificate|verify/i);
  });
});

describe('standalone entry (main.ts)', () => {
  it('parses options and environment fallbacks', () => {
    expect(parseArgs(['--https', '--version', '8.12.0', '--port', '0', '--legacy-status', '404'], {})).toMatchObject({ https: true, version: '8.12.0', port: 0, legacyStatus: 404 });
    expect(parseArgs([], { ES_TEST_VERSION: '8.15.1', ES_TEST_HTTPS: '1', ES_TEST_PORT: '0' })).toMatchObject({ version: '8.15.1', https: true });
    expect(() => parseArgs(['--bogus'], {})).toThrow(/unknown option --bogus/);
    expect(() => parseArgs(['--port'], {})).toThrow(/needs a value/);
  });

  it('runs after bundling: prints one JSON line, serves HTTPS with the users file, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-test-server-main-'));
    try {
      const esbuild = await import('esbuild');
      const outfile = join(dir, 'es-test-server.js');
      await esbuild.build({
        entryPoints: [join(__dirname, 'main.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        mainFields: ['module', 'main'],
        logLevel: 'silent',
      });
      const usersFile = join(dir, 'users.json');
      writeFileSync(usersFile, JSON.stringify([{ username: 'alice', password: 'alice-pw', roles: ['superuser'] }]));
      const child = spawn(process.execPath, [outfile, '--https', '--version', '8.15.2', '--users', usersFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no output within 15 s')), 15_000);
          createInterface({ input: child.stdout! }).once('line', (line) => {
            clearTimeout(timer);
            resolve(line);
          });
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const info = JSON.parse(firstLine);
        expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        expect(info.version).toBe('8.15.2');
        expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        const ca = readFileSync(info.caFile, 'utf8');
        const res = await rawCall(info.url, 'GET', '/_security/_authenticate', { auth: { username: 'alice', password: 'alice-pw' }, ca });
        expect(res.body.username).toBe('alice');
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(existsSync(info.caFile)).toBe(false);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
