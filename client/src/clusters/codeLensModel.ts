/**
 * Where the cluster CodeLenses go, from the server's documentInfo answer. No `vscode` import
 * (unit-tested); ui/codeLens.ts turns the placements into CodeLenses.
 */
import type { DocumentInfo } from '../../../server/src/protocol';

export type LensAction = 'push' | 'checkPrivileges' | 'createApiKey' | 'send';

export interface LensRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export interface LensPlacement {
  readonly range: LensRange;
  readonly title: string;
  readonly action: LensAction;
  /** The role the lens acts on; undefined for whole-file lenses. */
  readonly roleName?: string;
}

/** Stable titles (users and end-to-end tests see them). */
export const LENS_TITLES: Readonly<Record<LensAction, string>> = {
  push: 'Push',
  checkPrivileges: 'Check privileges',
  createApiKey: 'Create API key',
  send: 'Send',
};

const TOP: LensRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A lens sits on the first line of its range (the role key, or the body's first line). */
function lineOf(range: LensRange): LensRange {
  return { start: { line: range.start.line, character: 0 }, end: { line: range.start.line, character: 0 } };
}

/**
 * The lenses for a document: above each role "Push", "Check privileges", "Create API key"; for
 * API-key create/grant files one "Send" above the key; for has_privileges files one "Check
 * privileges" at the top. Nothing when no cluster is configured or the document is not a role file.
 */
export function codeLensPlacements(info: DocumentInfo | null | undefined, clusterConfigured: boolean): LensPlacement[] {
  if (!info || !clusterConfigured) return [];
  const out: LensPlacement[] = [];
  const lens = (range: LensRange, action: LensAction, roleName?: string) => out.push({ range: lineOf(range), title: LENS_TITLES[action], action, roleName });
  switch (info.shape) {
    case 'role':
    case 'roles':
    case 'bulk':
      for (const r of info.roles) {
        if (r.kind !== 'role') continue;
        lens(r.range, 'push', r.name);
        lens(r.range, 'checkPrivileges', r.name);
        lens(r.range, 'createApiKey', r.name);
      }
      break;
    case 'api_key_create':
    case 'api_key_grant': {
      const key = info.roles.find((r) => r.kind === 'api_key');
      lens(key?.range ?? TOP, 'send');
      break;
    }
    case 'has_privileges':
      lens(TOP, 'checkPrivileges');
      break;
    default:
      break;
  }
  return out;
}

/** The role whose range contains `line` (the last one starting at or before it), for "role under the cursor". */
export function roleAtLine(info: DocumentInfo | null | undefined, line: number): string | undefined {
  if (!info) return undefined;
  const roles = info.roles.filter((r) => r.kind === 'role' || r.kind === 'role_descriptor');
  const containing = roles.filter((r) => r.range.start.line <= line && line <= r.range.end.line);
  if (containing.length) return containing[containing.length - 1].name;
  const before = roles.filter((r) => r.range.start.line <= line);
  return before.length ? before[before.length - 1].name : undefined;
}
