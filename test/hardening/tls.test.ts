/**
 * Issue 5, item 6: TLS against a generated self-signed certificate (its own issuer, no CA), from
 * the CLI (the BUILT dist/cli.js as a child process) and from the editor's connection code
 * (ClusterConnections, as the extension wires it, with the log captured).
 *
 * Verification is on by default; the self-signed certificate is refused with a message saying how
 * to configure the CA file or the fingerprint; both of those work; the insecure option works only
 * when explicitly set (ES_INSECURE=true/1/yes; a profile's `insecure: true`, the boolean) and warns
 * on every run / every connection, on stderr (never in --format json's stdout).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConfig, EsClient } from '../../client/src/cluster';
import { createClient } from '../../client/src/cluster';
import { ClusterConnections } from '../../client/src/clusters/connections';
import { normalizeProfiles, type ClusterProfile } from '../../client/src/clusters/profileModel';
import { generateSelfSignedCertificate, generateTestCertificates, type SelfSignedCertificate, type TestCertificates } from '../es-server/certs';
import type { TestEsServer } from '../es-server/server';
import { ADMIN_USER, CANARY, findCanaries, startCanaryServer } from './canaries';
import { bounded, runCliChild } from './harness';
import { captureLogger } from './opsCells';

const INSECURE_WARNING = /^es-roles: warning: Cluster "127\.0\.0\.1:\d+": TLS certificate verification is DISABLED \(insecure\)\. .*configure the CA file or fingerprint instead\.$/m;

let server: TestEsServer;
let cert: SelfSignedCertificate;
let other: TestCertificates;
let work: string;

beforeAll(async () => {
  cert = generateSelfSignedCertificate();
  other = generateTestCertificates();
  server = await startCanaryServer({ tls: { key: cert.key, cert: cert.cert } });
  work = mkdtempSync(join(tmpdir(), 'es-roles-tls-'));
  writeFileSync(join(work, 'r.role.json'), '{"cluster": ["monitor"]}\n');
}, 30_000);

afterAll(async () => {
  await server?.close();
  cert?.cleanup();
  other?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('CLI', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCliChild(args, { ES_URL: server.url, ES_USERNAME: ADMIN_USER, ES_PASSWORD: CANARY.password, ...env }, work);

  it('refuses the self-signed certificate by default: exit 3, one line naming ES_CA_CERT and ES_CA_FINGERPRINT', async () => {
    server.clearRequests();
    for (const args of [['builtin-privileges'], ['pull', '--out', 'p'], ['push', 'r.role.json', '--yes'], ['has-privileges', 'r.role.json']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^es-roles: Cluster "127\.0\.0\.1:\d+": the server's TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Configure the CA file \(ES_CA_CERT\) or the CA fingerprint \(ES_CA_FINGERPRINT\) for this cluster\.\n$/,
      );
    }
    // Refused during the handshake: no request (and so no credentials) ever reached the server.
    expect(server.requests).toEqual([]);
  });

  it('ES_INSECURE unset, empty, false, 0 or no: still refused; anything else is a usage error', async () => {
    for (const value of ['', 'false', '0', 'no', 'FALSE']) {
      const r = await cli(['builtin-privileges'], { ES_INSECURE: value });
      expect(r.code, `ES_INSECURE=${value}`).toBe(3);
      expect(r.stderr).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(r.stderr).not.toContain('warning');
    }
    const bad = await cli(['builtin-privileges'], { ES_INSECURE: 'maybe' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('es-roles: ES_INSECURE must be true or false (got "maybe").\n');
  });

  it('the certificate itself as ES_CA_CERT, or its fingerprint as ES_CA_FINGERPRINT, connects without a warning', async () => {
    const envs: Record<string, string>[] = [{ ES_CA_CERT: cert.certFile }, { ES_CA_FINGERPRINT: cert.fingerprintHex }, { ES_CA_FINGERPRINT: cert.fingerprint }];
    for (const env of envs) {
      const r = await cli(['builtin-privileges', '--format', 'json'], env);
      expect(r.code, JSON.stringify(env)).toBe(0);
      expect(JSON.parse(r.stdout).cluster).toContain('monitor');
      expect(r.stderr).toBe('');
    }
  });

  it('a CA file or fingerprint that does not match is refused with the fix', async () => {
    const file = await cli(['builtin-privileges'], { ES_CA_CERT: other.caFile });
    expect(file.code).toBe(3);
    expect(file.stderr).toMatch(/not trusted .*Configure the CA file \(ES_CA_CERT\) or the CA fingerprint \(ES_CA_FINGERPRINT\)/);
    const pin = await cli(['builtin-privileges'], { ES_CA_FINGERPRINT: other.caFingerprintHex });
    expect(pin.code).toBe(3);
    expect(pin.stderr).toMatch(/no certificate in the server's chain has the configured CA fingerprint \(ES_CA_FINGERPRINT\)\. Check the fingerprint Elasticsearch printed at first start, or configure the CA file instead\./);
  });

  it('ES_INSECURE=true (or 1, yes) works and warns on stderr on every run; JSON output stays clean', async () => {
    const values = ['true', 'true', '1', 'yes', 'TRUE'];
    const results = await bounded(2, values.map((v) => () => cli(['builtin-privileges', '--format', 'json'], { ES_INSECURE: v })));
    for (const r of results) {
      expect(r.code).toBe(0);
      // stdout is exactly the JSON answer; the warning is stderr's one line.
      expect(JSON.parse(r.stdout).cluster).toContain('monitor');
      expect(r.stdout).not.toMatch(/warning|insecure/i);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(INSECURE_WARNING);
    }
    // Every subcommand that connects warns, also when it fails later (here: a 403 on the has_privileges call).
    const push = await cli(['push', 'r.role.json', '--dry-run'], { ES_INSECURE: 'true' });
    expect(push.code).toBe(0);
    expect(push.stderr).toMatch(INSECURE_WARNING);
    server.injectFault({ kind: 'status', status: 403, path: '/_security/user/_has_privileges' });
    const failed = await cli(['has-privileges', 'r.role.json'], { ES_INSECURE: 'true' });
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n')[0]).toMatch(INSECURE_WARNING);
    expect(failed.stderr).toMatch(/permission denied \(403\)/);
    expect(findCanaries(results.map((r) => r.stdout + r.stderr).join('\n') + push.stderr + failed.stderr)).toEqual([]);
  });

  it('ES_INSECURE over http:// warns that nothing is encrypted at all', async () => {
    const plain = await startCanaryServer();
    try {
      const r = await runCliChild(['builtin-privileges', '--format', 'json'], { ES_URL: plain.url, ES_USERNAME: ADMIN_USER, ES_PASSWORD: CANARY.password, ES_INSECURE: 'true' }, work);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^es-roles: warning: Cluster "127\.0\.0\.1:\d+": "insecure" is set but the URL is http:\/\/, so nothing is encrypted at all\.$/m);
    } finally {
      await plain.close();
    }
  });
});

describe('editor connections (ClusterConnections as the extension wires it)', () => {
  const base = (): ClusterProfile => ({ name: 'self-signed', url: server.url, auth: 'basic', username: ADMIN_USER });

  function connections(profile: ClusterProfile, lines: string[], created: ClusterConfig[] = []) {
    return new ClusterConnections({
      profiles: () => [profile],
      activeName: () => profile.name,
      readSecret: async () => CANARY.password,
      publishCatalog: async () => undefined,
      logger: captureLogger(lines),
      createClient: (config, options): EsClient => {
        created.push(config);
        return createClient(config, options);
      },
    });
  }

  it('refuses the self-signed certificate by default: "TLS error", with the caFile / caFingerprint fix', async () => {
    const lines: string[] = [];
    const c = connections(base(), lines);
    try {
      const state = await c.connect();
      expect(state.status).toBe('error');
      expect(state.error?.label).toBe('TLS error');
      expect(state.error?.action).toBe('openSettings');
      expect(state.error?.summary).toBe(
        `Cluster "self-signed": the server's TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). Configure the CA file (caFile) or the CA fingerprint (caFingerprint) for this cluster.`,
      );
      expect(lines.filter((l) => l.startsWith('warn:'))).toEqual([]);
    } finally {
      await c.dispose();
    }
  });

  it('a caFile or caFingerprint naming the certificate connects', async () => {
    for (const extra of [{ caFile: cert.certFile }, { caFingerprint: cert.fingerprintHex }]) {
      const c = connections({ ...base(), ...extra }, []);
      try {
        expect((await c.connect()).status).toBe('connected');
      } finally {
        await c.dispose();
      }
    }
  });

  it('insecure only when the setting is the boolean true (a string, 1 or "yes" is ignored)', async () => {
    const raw = ['true', 1, 'yes', null, false].map((insecure, i) => ({ name: `p${i}`, url: server.url, auth: 'basic', username: ADMIN_USER, insecure }));
    const { profiles } = normalizeProfiles(raw);
    expect(profiles.map((p) => p.insecure)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const c = connections(profiles[0], []);
    try {
      expect((await c.connect()).error?.label).toBe('TLS error');
    } finally {
      await c.dispose();
    }
    expect(normalizeProfiles([{ ...raw[0], insecure: true }]).profiles[0].insecure).toBe(true);
  });

  it('insecure: true connects and warns on every connection, also when the client is reused', async () => {
    const lines: string[] = [];
    const created: ClusterConfig[] = [];
    const c = connections({ ...base(), insecure: true }, lines, created);
    try {
      const warnings = () => lines.filter((l) => l.startsWith('warn:') && /without TLS certificate verification|verification is DISABLED/i.test(l));
      expect((await c.connect()).status).toBe('connected');
      const first = warnings().length;
      expect(first).toBeGreaterThanOrEqual(1);
      expect((await c.connect()).status).toBe('connected');
      expect((await c.connect()).status).toBe('connected');
      // The client was created once and reused, and each connection still warned.
      expect(created).toHaveLength(1);
      expect(warnings().length).toBe(first + 2);
      expect(warnings().at(-1)).toBe('warn: Cluster "self-signed": connected WITHOUT TLS certificate verification (insecure). Configure a CA file or fingerprint.');
      expect(findCanaries(lines.join('\n'))).toEqual([]);
    } finally {
      await c.dispose();
    }
  });
});
