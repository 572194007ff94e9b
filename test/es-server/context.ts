// What a test-server handler receives and returns.

import type { IncomingHttpHeaders } from 'node:http';
import type { Authn } from './auth';
import { parseError } from './esErrors';
import type { ServerState } from './state';

export interface Ctx {
  readonly method: string;
  /** The request URI as sent (path and query), used in ES messages. */
  readonly uri: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  readonly state: ServerState;
  /** Set for every route except the root HEAD. */
  readonly authn: Authn;
  readonly now: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The JSON object body, or ES's 400 when the body is missing or not an object. */
export function objectBody(ctx: Ctx): Record<string, unknown> {
  if (ctx.body === undefined) throw parseError('request body is required');
  if (!isObject(ctx.body)) throw parseError('request body must be a JSON object');
  return ctx.body;
}

export function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v !== null && v !== 'false';
}
