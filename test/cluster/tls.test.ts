// TLS trust over real HTTPS sockets: CA file, CA fingerprint pinning, refusals, insecure mode.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createClient, describeError, getRoot, TlsError, ConnectionError, type ClusterConfig } from '../../client/src/cluster';
import { TestEsServer } from '../es-server/server';
import { ADMIN, captureLogger, itServerOnly, REAL_CLUSTER, rejectionOf, startTarget, type Target } from './target';

async function rootVia(config: ClusterConfig, logger = captureLogger().logger) {
  const client = createClient(config, { logger, maxRetries: 0 });
  try {
    return await getRoot(client);
  } finally {
    await client.close();
  }
}

describe('TLS', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget({ https: true });
  });
  afterAll(() => target.close());

  it('connects with the configured trust (CA PEM in test-server mode, ES_CA_* in real mode)', async () => {
    const root = await rootVia(target.config);
    expect(root.version.number).toMatch(/^\d+\.\d+\.\d+/);
  });

  describe('against the HTTPS test server', () => {
    const noCa = (): ClusterConfig => ({ ...target.config, caPem: undefined });

    itServerOnly('accepts the CA from a file', async () => {
      expect((await rootVia({ ...noCa(), caFile: target.certs!.caFile })).cluster_name).toBe('es-roles-test');
    });

    itServerOnly('accepts the right CA fingerprint, in ES hex form and with colons, without any CA file', async () => {
      expect((await rootVia({ ...noCa(), caFingerprint: target.certs!.caFingerprintHex })).tagline).toBe('You Know, for Search');
      expect((await rootVia({ ...noCa(), caFingerprint: target.certs!.caFingerprint })).tagline).toBe('You Know, for Search');
      // Many requests over the pinned connection pool (no session reuse issues).
      const client = createClient({ ...noCa(), caFingerprint: target.certs!.caFingerprintHex });
      try {
        const results = await Promise.all(Array.from({ length: 12 }, () => authenticate(client)));
        expect(results.every((r) => r.username === ADMIN.username)).toBe(true);
      } finally {
        await client.close();
      }
    });

    itServerOnly('refuses a wrong fingerprint with a TlsError', async () => {
      const err = await rejectionOf(rootVia({ ...noCa(), caFingerprint: target.certs!.otherCa.caFingerprint }));
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).code).toBe('fingerprint');
      expect(describeError(err, 'secure')).toMatch(/^Cluster "secure": no certificate in the server's chain has the configured CA fingerprint \(caFingerprint\)/);
    });

    itServerOnly('refuses the self-signed chain without a CA, naming the CA setting', async () => {
      const err = await rejectionOf(rootVia(noCa()));
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).code).toBe('untrusted');
      expect((err as TlsError).kind).toBe('tls');
      expect(describeError(err, 'secure')).toMatch(/not trusted .*Configure the CA file \(caFile\) or the CA fingerprint \(caFingerprint\)/);
    });

    itServerOnly('works insecurely and warns every time such a client is created', async () => {
      const cap = captureLogger();
      await rootVia({ ...noCa(), insecure: true }, cap.logger);
      await rootVia({ ...noCa(), insecure: true }, cap.logger);
      const warnings = cap.lines.filter((l) => l.level === 'warn' && /verification is DISABLED/.test(l.message));
      expect(warnings).toHaveLength(2);
      expect(warnings[0].message).toContain('Cluster "test-server"');
    });

    itServerOnly('fails on http:// against the HTTPS port with a connection error hinting at the scheme', async () => {
      const err = await rejectionOf(rootVia({ ...target.config, url: target.url.replace('https:', 'http:') }));
      expect(err).toBeInstanceOf(ConnectionError);
      expect(describeError(err, 'c')).toMatch(/http:\/\/ vs https:\/\//);
    });
  });

  describe('bad server certificates', () => {
    const servers: Record<string, TestEsServer> = {};
    beforeAll(async () => {
      if (REAL_CLUSTER) return;
      const c = target.certs!;
      const [expired, wrongHost, otherCa] = await Promise.all([
        TestEsServer.start({ tls: c.expired, users: [ADMIN] }),
        TestEsServer.start({ tls: c.wrongHost, users: [ADMIN] }),
        TestEsServer.start({ tls: c.otherCa, users: [ADMIN] }),
      ]);
      Object.assign(servers, { expired, wrongHost, otherCa });
    });
    afterAll(async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    });
    const via = (name: string, extra: Partial<ClusterConfig> = {}) => rootVia({ ...target.config, url: servers[name].url, ...extra });

    itServerOnly('refuses an expired certificate (also when pinned)', async () => {
      const err = await rejectionOf(via('expired'));
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).code).toBe('expired');
      expect(describeError(err, 'c')).toMatch(/has expired/);
      const pinned = await rejectionOf(via('expired', { caPem: undefined, caFingerprint: target.certs!.caFingerprint }));
      expect((pinned as TlsError).code).toBe('expired');
    });

    itServerOnly('refuses a certificate for another host', async () => {
      const err = await rejectionOf(via('wrongHost'));
      expect((err as TlsError).code).toBe('hostname');
      expect(describeError(err, 'c')).toMatch(/does not match the host/);
    });

    itServerOnly('refuses a certificate from another CA', async () => {
      const err = await rejectionOf(via('otherCa'));
      expect((err as TlsError).code).toBe('untrusted');
      const pinnedWrong = await rejectionOf(via('otherCa', { caPem: undefined, caFingerprint: target.certs!.caFingerprint }));
      expect((pinnedWrong as TlsError).code).toBe('fingerprint');
    });
  });
});
