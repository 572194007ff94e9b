/**
 * What the language server gets of the settings: the `elasticsearchRoles` section WITHOUT the
 * cluster profiles. The server never uses them, and a secret a user typed into a profile by mistake
 * (`"password": ...`, ignored with a warning by the cluster code) must not cross LSP, where a
 * verbose trace logs every message's parameters. No runtime `vscode` import (unit-tested).
 */
import type { Middleware } from 'vscode-languageclient/node';

const SECTION = 'elasticsearchRoles';
/** Settings under SECTION that stay in the extension host. */
const CLIENT_ONLY_KEYS = ['clusters'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withoutKeys(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !CLIENT_ONLY_KEYS.includes(k)));
}

/** One workspace/configuration answer for `section` (undefined: everything), with the client-only settings removed. */
export function settingsForServer(section: string | undefined, value: unknown): unknown {
  if (section === undefined || section === '') {
    return isRecord(value) && SECTION in value ? { ...value, [SECTION]: withoutKeys(value[SECTION]) } : value;
  }
  if (section === SECTION) return withoutKeys(value);
  if (CLIENT_ONLY_KEYS.some((k) => section === `${SECTION}.${k}` || section.startsWith(`${SECTION}.${k}.`))) return null;
  return value;
}

/**
 * The language client's workspace middleware: workspace/configuration answers go through
 * settingsForServer, and workspace/didChangeConfiguration carries no settings (`null`: the server
 * pulls them again with workspace/configuration, which VS Code always supports).
 */
export const serverSettingsMiddleware: NonNullable<Middleware['workspace']> = {
  configuration: async (params, token, next) => {
    const result = await next(params, token);
    if (!Array.isArray(result)) return result;
    return result.map((value, i) => settingsForServer(params.items[i]?.section, value));
  },
  didChangeConfiguration: (_sections, next) => next(undefined),
};
