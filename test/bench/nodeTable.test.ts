/** The node-table floor must record the nodes jsonc-parser finds, or its timing means nothing. */
import { parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { rolesMapText } from '../../bench/corpus';
import { nodeTable, NodeKind } from '../../bench/nodeTable';

/** jsonc-parser's nodes without properties, in document order, as [kind, offset, length, parent index, value]. */
function expected(text: string): unknown[] {
  const out: unknown[] = [];
  const visit = (n: Node, parentIndex: number) => {
    if (n.type === 'property') {
      for (const c of n.children ?? []) visit(c, parentIndex);
      return;
    }
    const index = out.length;
    const kind = n.type === 'object' ? NodeKind.Object : n.type === 'array' ? NodeKind.Array : n.type === 'string' ? NodeKind.String : NodeKind.Literal;
    out.push([kind, n.offset, n.length, parentIndex, n.type === 'string' ? n.value : undefined]);
    for (const c of n.children ?? []) visit(c, index);
  };
  visit(parseTree(text)!, -1);
  return out;
}

function actual(text: string): unknown[] {
  const t = nodeTable(text);
  return Array.from({ length: t.count }, (_, i) => [t.kind[i], t.offset[i], t.length[i], t.parent[i], t.values[i]]);
}

describe('nodeTable (benchmark floor)', () => {
  it('records the same nodes as jsonc-parser for the benchmark corpus', () => {
    const text = rolesMapText(200);
    expect(actual(text)).toEqual(expected(text));
  });

  it('handles comments, escapes, literals and nesting', () => {
    const text = '// head\n{"a\\"b": [1, -2.5e3, true, null], /* c */ "x": {"y": [[], {}]}, "s": "\\u00e9"}\n';
    expect(actual(text)).toEqual(expected(text));
  });
});
