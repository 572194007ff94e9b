// Error bodies in Elasticsearch's envelope: {"error": {"root_cause": [...], "type", "reason", ...}, "status"}.

export const WWW_AUTHENTICATE = ['Basic realm="security" charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'];

/** Thrown by handlers; the server turns it into ES's error body and status. */
export class EsHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    readonly reason: string,
    /** Extra fields of the error object (e.g. `header`, `additional_unsuccessful_credentials`). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string | string[]> = {},
    /** A plain string `error` (ES's "no handler found" / "Incorrect HTTP method" bodies). */
    readonly plain = false,
  ) {
    super(reason);
  }

  body(): unknown {
    if (this.plain) return { error: this.reason, status: this.status };
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

export const badRequest = (type: string, reason: string) => new EsHttpError(400, type, reason);
export const parseError = (reason: string) => new EsHttpError(400, 'parse_exception', reason);
export const illegalArgument = (reason: string) => new EsHttpError(400, 'illegal_argument_exception', reason);
export const securityException = (status: number, reason: string) => new EsHttpError(status, 'security_exception', reason);

/** `Validation Failed: 1: a;2: b;` (ActionRequestValidationException's format). */
export function validationMessage(errors: readonly string[]): string {
  return `Validation Failed: ${errors.map((e, i) => `${i + 1}: ${e};`).join('')}`;
}

export function validationError(errors: readonly string[]): EsHttpError {
  return new EsHttpError(400, 'action_request_validation_exception', validationMessage(errors));
}

export function unauthorized(reason: string, additional?: string): EsHttpError {
  const extra: Record<string, unknown> = {};
  if (additional) extra.additional_unsuccessful_credentials = additional;
  extra.header = { 'WWW-Authenticate': WWW_AUTHENTICATE };
  return new EsHttpError(401, 'security_exception', reason, extra, { 'www-authenticate': WWW_AUTHENTICATE });
}

/** ES's 400 for a path it has no handler for. */
export function noHandler(method: string, uri: string): EsHttpError {
  return new EsHttpError(400, undefined, `no handler found for uri [${uri}] and method [${method}]`, {}, {}, true);
}

/** ES's 405 for a known path with a method it does not serve. */
export function wrongMethod(method: string, uri: string, allowed: readonly string[]): EsHttpError {
  return new EsHttpError(
    405,
    undefined,
    `Incorrect HTTP method for uri [${uri}] and method [${method}], allowed: [${allowed.join(', ')}]`,
    {},
    { allow: allowed.join(',') },
    true,
  );
}

/** Default ES-like bodies for statuses injected by faults. */
export function faultError(status: number, reason?: string): EsHttpError {
  switch (status) {
    case 401:
      return unauthorized(reason ?? 'unable to authenticate user [fault] for REST request [/]');
    case 403:
      return securityException(403, reason ?? 'action [cluster:admin/xpack/security/role/put] is unauthorized for user [fault]');
    case 404:
      return new EsHttpError(404, 'resource_not_found_exception', reason ?? 'injected: not found');
    case 409:
      return new EsHttpError(409, 'version_conflict_engine_exception', reason ?? '[role-x]: version conflict, document already exists');
    case 429:
      return new EsHttpError(429, 'es_rejected_execution_exception', reason ?? 'rejected execution of coordinating operation');
    case 500:
      return new EsHttpError(500, 'exception', reason ?? 'injected internal server error');
    case 502:
    case 503:
    case 504:
      return new EsHttpError(status, 'cluster_block_exception', reason ?? 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];');
    default:
      return new EsHttpError(status, 'exception', reason ?? `injected status ${status}`);
  }
}
