import type { Node } from 'jsonc-parser';
import type { Catalog } from '../catalog';
import type { EsVersion } from '../catalog/version';
import type { DiagnosticSink } from '../diagnostics';
import type { WalkContext } from '../context';

/** Everything a validation rule needs. */
export interface Validator {
  readonly sink: DiagnosticSink;
  /** The catalog in use: the target version's bundled list or the cluster's live one. */
  readonly catalog: Catalog;
  /** The newest bundled catalog, to tell "too new for the target" from "unknown". */
  readonly newest: Catalog;
  readonly target: EsVersion;
  readonly targetLabel: string;
}

export type ObjectRule = (v: Validator, node: Node, ctx: WalkContext) => void;

/** The text range that removes `child` (a property or array element) from `container`, commas included. */
export function removalRange(container: Node, child: Node): { start: number; end: number } {
  const siblings = container.children ?? [];
  const i = siblings.indexOf(child);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  if (next) return { start: child.offset, end: next.offset };
  if (prev) return { start: prev.offset + prev.length, end: child.offset + child.length };
  return { start: child.offset, end: child.offset + child.length };
}
