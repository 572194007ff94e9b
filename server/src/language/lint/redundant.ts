/**
 * `redundant-privilege`: a privilege another one in the same list already grants (`monitor` next to
 * `manage`, `read` next to `all`, `none` next to anything). Pairs within one list only, so the cost
 * stays linear in the document for lists of bounded length.
 */
import { isRawAction, privilegeInfo, type PrivilegeKind } from '../catalog';
import type { Tree } from '../tree';
import { Codes, DiagnosticSeverity, type DiagnosticSink } from '../diagnostics';
import { coverage, impliedClosure } from '../model/privileges';
import { removalRange } from '../validation/context';

/** Lists longer than this are not checked pair by pair (a generated list; keeps the lint linear). */
const MAX_LIST = 200;

const memo = new Map<string, boolean>();

/** Does `held` grant everything `requested` grants? Named pairs by catalog `implies` only. */
export function grantsAllOf(kind: PrivilegeKind, held: string, requested: string): boolean {
  return covers(kind, { name: held, action: isRawAction(kind, held) }, { name: requested, action: isRawAction(kind, requested) });
}

interface Privilege {
  readonly name: string;
  /** A raw action pattern rather than a named privilege. */
  readonly action: boolean;
}

function covers(kind: PrivilegeKind, held: Privilege, requested: Privilege): boolean {
  if (held.name === requested.name) return true;
  if (requested.name === 'none') return true;
  if (held.name === 'none') return false;
  // Two names: only the catalog's implication data, which knows what automatons do not (the
  // failure store's selector, conditional privileges).
  if (!held.action && !requested.action) return impliedClosure(kind, held.name).has(requested.name);
  const key = `${kind}\u0000${held.name}\u0000${requested.name}`;
  let hit = memo.get(key);
  if (hit === undefined) {
    hit = coverage(kind, [held.name], requested.name).granted;
    if (memo.size > 5000) memo.clear();
    memo.set(key, hit);
  }
  return hit;
}

/** Redundant privileges in the privilege array `array` of the tree. */
export function checkRedundant(sink: DiagnosticSink, text: string, t: Tree, kind: PrivilegeKind, array: number): void {
  const els = t.stringNodes(array);
  if (els.length < 2 || els.length > MAX_LIST) return;
  const items: Array<Privilege & { el: number; raw: string; index: number }> = [];
  const seen = new Set<string>();
  for (const el of els) {
    const raw = t.str(el);
    const name = t.lower(el);
    if (seen.has(name)) continue; // a duplicate: duplicate-privilege reports it
    seen.add(name);
    const action = isRawAction(kind, name);
    if (action || privilegeInfo(kind, name) !== undefined) items.push({ el, raw, name, action, index: items.length });
  }
  for (const p of items) {
    const by = items.find((q) => q !== p && covers(kind, q, p) && (!covers(kind, p, q) || q.index < p.index));
    if (!by) continue;
    const message =
      p.name === 'none'
        ? '`none` grants nothing, and the other privileges in this list grant more: remove it.'
        : `\`${p.raw}\` is redundant: \`${by.raw}\` in the same list already grants it.`;
    const node = t.node(p.el);
    sink.add(Codes.redundantPrivilege, node, message, DiagnosticSeverity.Information, { remove: removalRange(t.node(array), node, text) });
  }
}
