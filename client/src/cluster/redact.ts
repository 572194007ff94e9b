// Secret redaction for every error message and log line the cluster module produces.

export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not replaced literally (they would shred ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** JSON fields whose string values are always secret (grant / create API key bodies and answers). */
const SECRET_JSON_FIELDS = ['password', 'api_key', 'encoded', 'access_token', 'refresh_token', 'client_secret'];

const PATTERNS: readonly [RegExp, string][] = [
  // Authorization / Proxy-Authorization header lines and JSON/JS objects holding them.
  [/((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:basic|bearer|apikey)\s+)?[^\s"',}]+/gi, `$1${REDACTED}`],
  // Credentials after an auth scheme anywhere in the text.
  [/\b(Basic|Bearer|ApiKey)(\s+)[A-Za-z0-9+/=._~-]{6,}/g, `$1$2${REDACTED}`],
  // Secret JSON fields, e.g. "password":"x" or "api_key": "x".
  [new RegExp(`("(?:${SECRET_JSON_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // User info in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/gi, `$1${REDACTED}@`],
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secrets from a text: every literal secret given (and its JSON-escaped and
 * URL-encoded forms), Authorization header values, credentials after Basic/Bearer/ApiKey,
 * secret JSON fields (password, api_key, encoded, access_token, ...) and URL user info.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = String(text);
  const literal = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    literal.add(s);
    literal.add(JSON.stringify(s).slice(1, -1));
    literal.add(encodeURIComponent(s));
  }
  const sorted = [...literal].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (sorted.length > 0) out = out.replace(new RegExp(sorted.map(escapeRegExp).join('|'), 'g'), REDACTED);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Log sink. Every line the cluster module passes in has already been redacted. */
export interface ClusterLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ClusterLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Wraps a logger so that every line goes through `redact` with the given secrets. */
export function redactingLogger(logger: ClusterLogger | undefined, secrets: () => readonly (string | undefined)[]): ClusterLogger {
  const target = logger ?? silentLogger;
  const wrap =
    (level: keyof ClusterLogger) =>
    (message: string): void => {
      try {
        target[level](redact(message, secrets()));
      } catch {
        // A failing log sink must never break a request.
      }
    };
  return { trace: wrap('trace'), debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
