/**
 * The fast parse path must build exactly jsonc-parser's tree whenever it answers, answer for every
 * valid JSON(C) text, and give up (undefined) on anything jsonc-parser reports an error for.
 */
import fc from 'fast-check';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { rolesMapText } from '../../bench/corpus';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/language';
import { siblingsAround } from '../../server/src/language/nodes';
import { ALL_STRINGS, Tree, TreeNode, treeFromNodes } from '../../server/src/language/tree';
import { fastParseTree } from '../../server/src/language/fastParse';

const OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true };

/** The tree as plain data; parent links are checked on the way (by type and offset: table nodes are made on read). */
function plain(node: Node | undefined, parent: Node | undefined): unknown {
  if (!node) return node;
  if (node.parent?.offset !== parent?.offset || node.parent?.type !== parent?.type) throw new Error(`wrong parent at offset ${node.offset}`);
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: Object.is(node.value, -0) ? '-0' : node.value,
    colonOffset: node.colonOffset,
    children: node.children?.map((c) => plain(c, node)),
  };
}

function duplicateKeyOffsets(root: Node | undefined): number[] {
  const out: number[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object') {
      const seen = new Set<string>();
      for (const p of n.children ?? []) {
        const k = p.children![0];
        if (seen.has(k.value)) out.push(k.offset);
        else seen.add(k.value);
      }
    }
    stack.push(...(n.children ?? []));
  }
  return out.sort((a, b) => a - b);
}

/** The property the fast path promises, for any text. */
function agrees(text: string): void {
  const errors: ParseError[] = [];
  const expected = parseTree(text, errors, OPTIONS);
  const fast = fastParseTree(text);
  if (!fast) {
    // Giving up is only allowed where jsonc-parser finds an error, or for an empty document.
    expect(errors.length > 0 || expected === undefined, `gave up on valid ${JSON.stringify(text)}`).toBe(true);
    return;
  }
  expect(errors, JSON.stringify(text)).toEqual([]);
  expect(plain(fast.root, undefined)).toEqual(plain(expected, undefined));
  expect(fast.duplicateKeys.map((k) => k.offset)).toEqual(duplicateKeyOffsets(expected));
}

const trivia = fc.constantFrom(' ', '\n', '\r\n', '\t', '  ', '// note\n', '/* c */', '/**/', '');

/** JSON text with random trivia between tokens. */
const jsonWithTrivia = fc.tuple(fc.json(), fc.array(trivia, { minLength: 1, maxLength: 40 })).map(([json, pads]) => {
  let i = 0;
  const pad = () => pads[i++ % pads.length];
  // Insert trivia after structural characters outside strings.
  let out = pad();
  let inString = false;
  for (let j = 0; j < json.length; j++) {
    const c = json[j];
    out += c;
    if (c === '"' && json[j - 1] !== '\\') inString = !inString;
    else if (!inString && '{}[],:'.includes(c)) out += pad();
  }
  return out + pad();
});

describe('treeFromNodes', () => {
  /** The table of jsonc-parser's tree for any text (also one with syntax errors) reads back as that tree. */
  const converts = (text: string) => {
    const nodes = parseTree(text, [], OPTIONS);
    if (!nodes) return;
    expect(plain(treeFromNodes(nodes, text).node(0), undefined), JSON.stringify(text)).toEqual(plain(nodes, undefined));
  };

  it('reads back as jsonc-parser\'s tree, after syntax errors too', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), converts), { numRuns: 1000 });
    fc.assert(fc.property(fc.stringMatching(/^[\s{}[\]:,"'0-9eE.+\-tfrunlsa/*\\]{0,40}$/), converts), { numRuns: 2000 });
    fc.assert(fc.property(jsonWithTrivia, converts), { numRuns: 300 });
    for (const text of ['{"a": 01}', '{"a": 1.}', '{"a": -}', '{"a" 1, "b": [1, , 2]}', '{"wri"}', '{"a": {"b": ', '[1e999, -0, "x']) converts(text);
  });
});

describe('duplicate keys after a syntax error', () => {
  it('are reported in document order, as the fast parser gives them', () => {
    const valid = '{"r1": {"indices": [{"x": 1, "x": 2}], "a": 1, "a": 2}, "r1": {}, "r2": {}}';
    const broken = valid.replace(', "r2"', ' "r2"'); // a missing comma: jsonc-parser parses it
    const offsets = (text: string) =>
      getLanguageService().parse(TextDocument.create('file:///d.roles.json', 'elasticsearch-role', 1, text)).duplicateKeys.map((k) => k.offset);
    expect(offsets(valid)).toEqual([29, 47, 56]);
    expect(offsets(broken)).toEqual([29, 47, 56]);
  });
});

describe('fastParseTree', () => {
  it('builds the same tree as jsonc-parser for any JSON value, with any whitespace and comments', () => {
    fc.assert(fc.property(jsonWithTrivia, agrees), { numRuns: 500 });
  });

  it('gives up, or agrees, on mutated and truncated JSON', () => {
    const mutated = fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 })).map(([json, at, insert, drop]) => {
      const i = json.length ? at % json.length : 0;
      return json.slice(0, i) + insert + json.slice(i + drop);
    });
    fc.assert(fc.property(mutated, agrees), { numRuns: 1000 });
  });

  it('gives up, or agrees, on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), agrees), { numRuns: 1000 });
    fc.assert(fc.property(fc.stringMatching(/^[\s{}[\]:,"'0-9eE.+\-tfrunlsa/*\\]{0,30}$/), agrees), { numRuns: 2000 });
  });

  it('handles the edge cases of numbers, keywords, strings and comments like jsonc-parser', () => {
    const cases = [
      '0', '-0', '1.5e+3', '1E-2', '01', '1.', '-', '1e', '.5', '1x', 'true', 'truex', 'nul', 'null/**/', '[1,]', '{"a":1,}',
      '{"a" 1}', '{"a":1 "b":2}', '"\\u00e9\\n\\"\\/"', '"\\x"', '"a\u0001"', '"a\nb"', '"unterminated', '// only a comment',
      '/* open', '{"a":1}//end', '{"a":1}/x', '', '   ', '\ufeff{}', '[1 2]', '{"a":{"b":[true,false,null]}}', '{"a":1,"a":2,"b":{"a":3,"a":4}}',
      '123', '-12.5', '"x"', '[]', '{}', '{"":""}', ' \u00a0{}', '\u2028{}',
    ];
    for (const text of cases) agrees(text);
  });

  it('finds duplicate keys in large objects too', () => {
    const props = Array.from({ length: 40 }, (_, i) => `"k${i % 25}": ${i}`).join(', ');
    agrees(`{${props}}`);
    expect(fastParseTree(`{${props}}`)!.duplicateKeys).toHaveLength(15);
  });

  it('gives up past the nesting limit, without overflowing the stack', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(fastParseTree(nested(1000), 1000)).toBeDefined();
    expect(fastParseTree(nested(1001), 1000)).toBeUndefined();
    expect(fastParseTree('{"a":'.repeat(1001) + '1' + '}'.repeat(1001), 1000)).toBeUndefined();
    expect(fastParseTree(nested(200_000))).toBeUndefined();
  });

  it('tells whether the text has a comment (the lint looks for suppressions only then)', () => {
    expect(fastParseTree('{"a": {"cluster": ["all"]}}')!.comments).toBe(false);
    expect(fastParseTree('{"a": "// not a comment, /* nor this */"}')!.comments).toBe(false);
    expect(fastParseTree('{"a": 1} // x')!.comments).toBe(true);
    expect(fastParseTree('/* x */ {"a": 1}')!.comments).toBe(true);
    const doc = (text: string) => getLanguageService().parse(TextDocument.create('file:///c.role.json', 'elasticsearch-role', 1, text));
    expect(doc('{"cluster": ["all"]}').withoutComments).toBe(true);
    expect(doc('{"cluster": ["all"]} // es-roles-ignore broad-cluster-privilege: x').withoutComments).toBeFalsy();
    // Text the fast parser gives up on (a syntax error) is never said to be without comments.
    expect(doc('{"cluster": ["all"],}').withoutComments).toBeFalsy();
  });

  it('builds the same tree for the benchmark corpus', () => {
    agrees(rolesMapText(300));
  });

  describe('table nodes', () => {
    const text = '{"cluster": ["monitor", "manage"], "indices": [{"names": ["a", "b"], "privileges": ["read"]}], "run_as": ["x", 1, "y"]}';
    const tree = () => fastParseTree(text)!.root;
    const prop = (obj: Node, name: string) => obj.children!.find((p) => p.children![0].value === name)!;
    const same = (a: Node | undefined, b: Node | undefined) => a?.type === b?.type && a?.offset === b?.offset && a?.length === b?.length;

    it('makes nodes on read: new ones each time, equal by offset and value', () => {
      const cluster = prop(tree(), 'cluster').children![1];
      const first = cluster.children!;
      const second = cluster.children!;
      expect(first).not.toBe(second);
      expect(first[0]).not.toBe(second[0]);
      expect(first.map((n) => [n.type, n.offset, n.length, n.value])).toEqual(second.map((n) => [n.type, n.offset, n.length, n.value]));
      expect(first.map((n) => text.slice(n.offset, n.offset + n.length))).toEqual(['"monitor"', '"manage"']);
      expect(first.every((n) => same(n.parent, cluster))).toBe(true);
    });

    it('reads arrays of mixed elements, and tells arrays of strings apart without reading them', () => {
      const runAs = prop(tree(), 'run_as').children![1];
      expect(runAs.children!.map((n) => n.value)).toEqual(['x', 1, 'y']);
      expect(runAs.children!.every((n) => same(n.parent, runAs))).toBe(true);
      const allStrings = (n: Node) => ((n as TreeNode).tree.flags[(n as TreeNode).index] & ALL_STRINGS) !== 0;
      expect(allStrings(runAs)).toBe(false);
      expect(allStrings(prop(tree(), 'cluster').children![1])).toBe(true);
      expect(allStrings(fastParseTree('[]')!.root)).toBe(true);
      expect(allStrings(prop(tree(), 'indices').children![1])).toBe(false); // objects
    });

    it('gives a property its key and value, with the property as their parent', () => {
      const cluster = prop(tree(), 'cluster');
      const [key, value] = cluster.children!;
      expect([key.type, key.offset, key.length, key.value]).toEqual(['string', 1, 9, 'cluster']);
      expect(same(key.parent, cluster)).toBe(true);
      expect(same(value.parent, cluster)).toBe(true);
      expect([value.type, value.offset]).toEqual(['array', 12]);
      expect(cluster.colonOffset).toBe(10);
      expect(key.colonOffset).toBeUndefined();
    });

    it('shares one string per distinct value, also when one is written with escapes', () => {
      const parsed = fastParseTree('{"read": ["read", "re\\u0061d", "x", "read"]}')!;
      expect(parsed.tree.strings).toEqual(['read', 'x']);
      expect(parsed.root.children![0].children![1].children!.map((n) => n.value)).toEqual(['read', 'read', 'x', 'read']);
      // A key repeated with escapes is still a duplicate.
      expect(fastParseTree('{"a": 1, "\\u0061": 2}')!.duplicateKeys.map((k) => k.offset)).toEqual([9]);
      // Strings longer than 32 characters are shared too (through a Map), with or without escapes.
      const long = 'x'.repeat(40);
      const escaped = '\\u0078'.repeat(40);
      const text = `{"${long}": ["${long}", "${escaped}"], "${escaped}": 1, "${long}y": 2}`;
      const both = fastParseTree(text)!;
      expect(both.tree.strings).toEqual([long, `${long}y`]);
      expect(both.duplicateKeys.map((k) => k.offset)).toEqual([text.indexOf(`"${escaped}": 1`)]);
      expect(both.root.children!.map((p) => p.children![0].value)).toEqual([long, long, `${long}y`]);
    });

    it('finds the siblings around an element by offset, in string arrays and ordinary ones', () => {
      const root = tree();
      const cluster = prop(root, 'cluster').children![1];
      const [monitor, manage] = cluster.children!;
      const around = (container: Node, child: Node) => {
        const { prev, next } = siblingsAround(container, child);
        return [prev?.value ?? null, next?.value ?? null];
      };
      expect(around(cluster, monitor)).toEqual([null, 'manage']);
      expect(around(cluster, manage)).toEqual(['monitor', null]);
      const runAs = prop(root, 'run_as').children![1];
      const kids = runAs.children!;
      expect(around(runAs, kids[1])).toEqual(['x', 'y']);
      // A node that is not a child (no element starts there): no siblings.
      expect(around(cluster, { type: 'string', offset: monitor.offset + 1, length: 1 })).toEqual([null, null]);
      const long = fastParseTree(`[${Array.from({ length: 1001 }, (_, i) => `"e${i}"`).join(',')}]`)!.root;
      const elements = long.children!;
      for (const i of [0, 1, 500, 999, 1000]) {
        expect(around(long, elements[i])).toEqual([i > 0 ? `e${i - 1}` : null, i < 1000 ? `e${i + 1}` : null]);
      }
      // Siblings with subtrees of their own: the previous one is found from the node just before.
      const objects = fastParseTree('[{"a": [1, {"b": 2}]}, {"c": 3}, 4]')!.root;
      const [o1, o2, four] = objects.children!;
      expect(siblingsAround(objects, o2).prev?.offset).toBe(o1.offset);
      expect(siblingsAround(objects, four).prev?.offset).toBe(o2.offset);
      expect(siblingsAround(objects, o1).next?.offset).toBe(o2.offset);
    });

    it('does not read a huge string array again for each finding in it', () => {
      // 3,000 duplicates (1,000 reported, the problem cap), each with a removal quick fix: nodes are made
      // for the findings (the element, its array and its two neighbours), never the whole array per finding (quadratic).
      const n = 3000;
      const text = `{"cluster": [${Array.from({ length: n }, () => '"monitor"').join(', ')}]}`;
      const proto = TreeNode.prototype as unknown as Record<string, unknown>;
      const getter = Object.getOwnPropertyDescriptor(proto, 'children')!;
      const node = Tree.prototype.node;
      let reads = 0;
      let made = 0;
      Object.defineProperty(proto, 'children', { ...getter, get(this: Node) { if (this.type === 'array') reads++; return getter.get!.call(this); } });
      Tree.prototype.node = function (this: Tree, i: number) {
        made++;
        return node.call(this, i);
      };
      try {
        const doc = TextDocument.create('file:///big.role.json', 'elasticsearch-role', 1, text);
        const diagnostics = getLanguageService().doValidation(doc);
        expect(diagnostics.filter((d) => d.code === 'duplicate-privilege')).toHaveLength(1000);
        expect(reads).toBeLessThan(10);
        expect(made).toBeGreaterThanOrEqual(1000);
        expect(made).toBeLessThanOrEqual(4 * 1001 + 50);
      } finally {
        Object.defineProperty(proto, 'children', getter);
        Tree.prototype.node = node;
      }
    });

    it('reads the string elements of mixed arrays by index, without making nodes', () => {
      const text = '{"a": ["x", 1, "y", null, "z"], "b": "w", "c": 2}';
      const { tree } = fastParseTree(text)!;
      const a = tree.get(0, 'a');
      expect(tree.stringNodes(a).map((c) => tree.str(c))).toEqual(['x', 'y', 'z']);
      expect(tree.stringNodes(a).map((c) => tree.offsets[c])).toEqual([7, 15, 26]);
      expect(tree.stringNodes(tree.get(0, 'b')).map((c) => tree.str(c))).toEqual(['w']);
      expect(tree.stringNodes(tree.get(0, 'c'))).toEqual([]);
      expect(tree.stringNodes(tree.get(0, 'missing'))).toEqual([]);
    });

    it('keeps string arrays of several documents apart', () => {
      const a = fastParseTree('["a", "b"]')!.root;
      const b = fastParseTree('["c"]')!.root;
      expect(a.children!.map((n) => n.value)).toEqual(['a', 'b']);
      expect(b.children!.map((n) => n.value)).toEqual(['c']);
    });
  });
});
