// Throwaway TLS material for tests, generated with the `openssl` CLI into a temp dir at test time.
// Nothing here is ever committed.

import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate chain: the leaf, then its CA. */
  readonly cert: string;
}

export interface TestCertificates {
  readonly dir: string;
  /** The test CA: PEM file path and text. */
  readonly caFile: string;
  readonly caPem: string;
  /** `AA:BB:...` (Node's fingerprint256 form). */
  readonly caFingerprint: string;
  /** Lower-case hex without colons, as Elasticsearch prints it at first start. */
  readonly caFingerprintHex: string;
  /** For 127.0.0.1 and localhost, signed by the test CA. */
  readonly server: KeyPair;
  /** Signed by the test CA, valid 2020-01-01..2020-01-02. */
  readonly expired: KeyPair;
  /** Signed by the test CA, but only for `example.invalid`. */
  readonly wrongHost: KeyPair;
  /** Signed by a different CA (whose PEM and fingerprint are given too). */
  readonly otherCa: KeyPair & { readonly caPem: string; readonly caFingerprint: string };
  /** Removes the temp dir. */
  cleanup(): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '3', '-subj', `/CN=es-roles test ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function makeLeaf(dir: string, ca: string, name: string, san: string, dates?: { start: string; end: string }): KeyPair {
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  if (dates) {
    // `openssl x509 -req` (3.0) cannot set a start date in the past; `openssl ca` can.
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n',
    );
    openssl(dir, [
      'ca', '-batch', '-config', 'ca.cnf', '-cert', `${ca}.crt`, '-keyfile', `${ca}.key`, '-in', `${name}.csr`, '-out', `${name}.crt`,
      '-startdate', dates.start, '-enddate', dates.end, '-extfile', `${name}.ext`, '-notext',
    ]);
  } else {
    openssl(dir, [
      'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-set_serial', String(Date.now()),
      '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`,
    ]);
  }
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { key: read(`${name}.key`), cert: read(`${name}.crt`) + read(`${ca}.crt`) };
}

/** Generates a CA, a server certificate and the negative-test variants (about 0.2 s). */
export function generateTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'es-roles-certs-'));
  try {
    makeCa(dir, 'ca');
    makeCa(dir, 'other-ca');
    const server = makeLeaf(dir, 'ca', 'server', 'DNS:localhost,IP:127.0.0.1');
    const wrongHost = makeLeaf(dir, 'ca', 'wrong-host', 'DNS:example.invalid');
    const expired = makeLeaf(dir, 'ca', 'expired', 'DNS:localhost,IP:127.0.0.1', { start: '20200101000000Z', end: '20200102000000Z' });
    const other = makeLeaf(dir, 'other-ca', 'other', 'DNS:localhost,IP:127.0.0.1');
    const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const otherCaPem = readFileSync(join(dir, 'other-ca.crt'), 'utf8');
    const caFingerprint = new X509Certificate(caPem).fingerprint256;
    return {
      dir,
      caFile: join(dir, 'ca.crt'),
      caPem,
      caFingerprint,
      caFingerprintHex: caFingerprint.replace(/:/g, '').toLowerCase(),
      server,
      expired,
      wrongHost,
      otherCa: { ...other, caPem: otherCaPem, caFingerprint: new X509Certificate(otherCaPem).fingerprint256 },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl failed while generating test certificates: ${(e as Error).message} ${stderr}`);
  }
}

/** A self-signed server certificate (its own issuer, no CA), as a quick manual setup makes. */
export interface SelfSignedCertificate extends KeyPair {
  readonly dir: string;
  /** The certificate alone, as a PEM file (what ES_CA_CERT / caFile would name). */
  readonly certFile: string;
  /** `AA:BB:...` of the certificate itself. */
  readonly fingerprint: string;
  /** Lower-case hex without colons. */
  readonly fingerprintHex: string;
  cleanup(): void;
}

/** Generates a self-signed certificate for 127.0.0.1 and localhost (about 0.05 s). */
export function generateSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'es-roles-self-signed-'));
  try {
    openssl(dir, [
      'req', '-x509', ...EC, '-keyout', 'self.key', '-out', 'self.crt', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-addext', 'extendedKeyUsage=serverAuth',
    ]);
    const cert = readFileSync(join(dir, 'self.crt'), 'utf8');
    const fingerprint = new X509Certificate(cert).fingerprint256;
    return {
      dir,
      key: readFileSync(join(dir, 'self.key'), 'utf8'),
      cert,
      certFile: join(dir, 'self.crt'),
      fingerprint,
      fingerprintHex: fingerprint.replace(/:/g, '').toLowerCase(),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl failed while generating a self-signed certificate: ${(e as Error).message} ${stderr}`);
  }
}
