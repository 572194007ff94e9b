// TLS trust for cluster connections: system CAs, a custom CA, CA-fingerprint pinning, or (on
// explicit request) no verification. Produces undici's `connect` option.

import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';

export interface TlsTrust {
  /** PEM text of extra CA certificates to trust; replaces the system store, like Node's `ca`. */
  readonly caPem?: string;
  /** Normalised `AA:BB:...` SHA-256 fingerprint of a certificate in the server's chain. */
  readonly fingerprint?: string;
  /** Skip verification. */
  readonly insecure?: boolean;
}

/** Error codes set by the pinning check, mapped to TlsError codes by the client. */
export const FINGERPRINT_MISMATCH = 'ES_ROLES_FINGERPRINT_MISMATCH';
export const FINGERPRINT_CHAIN_INVALID = 'ES_ROLES_FINGERPRINT_CHAIN_INVALID';

function tlsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The server's chain as sent, leaf first (bounded; stops at a self-signed certificate). */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let cert = socket.getPeerCertificate(true);
  for (let i = 0; i < 10 && cert && cert.raw; i++) {
    chain.push(new X509Certificate(cert.raw));
    const next = cert.issuerCertificate;
    if (!next || next === cert || next.fingerprint256 === cert.fingerprint256) break;
    cert = next;
  }
  return chain;
}

/**
 * Accepts the chain when one of its certificates has the pinned fingerprint and every certificate
 * from the leaf up to it is signed by the next one and currently valid. Like the official
 * Elasticsearch clients' `caFingerprint`, the host name is not checked: the pinned CA identifies
 * the cluster. Returns an Error (with a `code`) or undefined.
 */
export function checkPinnedChain(chain: readonly X509Certificate[], fingerprint: string, now = Date.now()): Error | undefined {
  const index = chain.findIndex((c) => c.fingerprint256.toUpperCase() === fingerprint);
  if (index < 0) {
    return tlsError(FINGERPRINT_MISMATCH, 'no certificate in the server chain matches the configured CA fingerprint');
  }
  for (let i = 0; i <= index; i++) {
    const cert = chain[i];
    if (now > Date.parse(cert.validTo)) return tlsError('CERT_HAS_EXPIRED', `certificate has expired (${cert.subject.replace(/\n/g, ', ')})`);
    if (now < Date.parse(cert.validFrom)) return tlsError('CERT_NOT_YET_VALID', 'certificate is not yet valid');
    if (i < index) {
      const issuer = chain[i + 1];
      if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) {
        return tlsError(FINGERPRINT_CHAIN_INVALID, 'the server chain is not signed by the pinned CA certificate');
      }
    }
  }
  return undefined;
}

/** undici `connect` option for a trust setting and a connect timeout. */
export function connectOption(trust: TlsTrust, connectTimeoutMs: number): buildConnector.connector {
  const base: buildConnector.BuildOptions = {
    timeout: connectTimeoutMs,
    keepAlive: true,
    ...(trust.caPem ? { ca: trust.caPem } : {}),
  };
  if (trust.insecure) {
    return buildConnector({ ...base, rejectUnauthorized: false });
  }
  if (!trust.fingerprint) {
    return buildConnector({ ...base, rejectUnauthorized: true });
  }
  // Pinning: verify ourselves (plus the normal check when a CA file is also configured). No TLS
  // session reuse, so every handshake presents the full chain to check.
  const fingerprint = trust.fingerprint;
  const connector = buildConnector({ ...base, rejectUnauthorized: !!trust.caPem, maxCachedSessions: 0 });
  return (options, callback) => {
    connector(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connection failed'), null);
      if (options.protocol !== 'https:' || !('getPeerCertificate' in socket)) return callback(null, socket);
      let problem: Error | undefined;
      try {
        problem = checkPinnedChain(peerChain(socket as TLSSocket), fingerprint);
      } catch (e) {
        problem = tlsError(FINGERPRINT_CHAIN_INVALID, `cannot read the server certificate chain: ${(e as Error).message}`);
      }
      if (problem) {
        socket.destroy();
        return callback(problem, null);
      }
      return callback(null, socket);
    });
  };
}
