/**
 * Fuzzing the language service (short, seeded run for CI; the long run is `node scripts/fuzz.mjs`).
 * Every document is a valid role file of the project (examples/, inline fixtures of every shape)
 * changed by seeded mutations; every feature runs on it and must not throw, must keep its ranges and
 * edits inside the document, and must answer within a bound (see check.ts). The extreme inputs the
 * random mix draws only rarely (nesting 100,000 deep, 1,000,000-element arrays, 1 MB strings, edge
 * numbers) are also run once each, explicitly.
 */
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Codes, getLanguageService } from '../../server/src/language';
import { MAX_PROBLEMS } from '../../server/src/language/diagnostics';
import { MAX_NESTING_DEPTH, nestingTooDeepAt } from '../../server/src/language/nesting';
import { checkCase, createServices } from './check';
import { seeds } from './corpus';
import { HUGE_ARRAY_ELEMENTS, buildCase, fuzzCase, type FuzzCase, type LargeMutation, type SmallMutation } from './mutations';

/** Change it to explore; a failure prints the seed and the shrunk case to reproduce it. */
const SEED = 20_250_601;
const RUNS = 300;

const corpus = seeds();
const services = createServices();

function expectSurvives(c: FuzzCase): void {
  const built = buildCase(c, corpus);
  const result = checkCase(services, built, c);
  if (result.failures.length > 0) {
    throw new Error(`${built.label} (${built.text.length} characters):\n  ${result.failures.slice(0, 20).join('\n  ')}`);
  }
}

const plain = (seed: number, small: SmallMutation[] = [], large?: LargeMutation): FuzzCase => ({
  seed,
  uri: -1,
  small,
  large,
  settings: { live: false },
  positions: [0, 0.13, 0.5, 0.77, 0.999, 1, 1.5, 2.5],
  format: { tabSize: 2, insertSpaces: true, range: [0.2, 0.8] },
});

const ROLE_SEED = corpus.findIndex((s) => s.name === 'role with every role field');
const MISTAKES_SEED = corpus.findIndex((s) => s.name === 'role with the usual mistakes and comments');

describe('language service fuzzing (seeded)', () => {
  it(`survives ${RUNS} mutated role files`, { timeout: 120_000 }, () => {
    fc.assert(fc.property(fuzzCase({ largeRate: 0.01 }), expectSurvives), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  });

  it('mutates every seed shape (the corpus has examples and inline fixtures)', () => {
    expect(corpus.filter((s) => s.name.startsWith('examples/')).length).toBeGreaterThanOrEqual(8);
    const shapes = new Set(corpus.map((s) => getLanguageService().shapeOf(TextDocument.create(s.uri, 'json', 1, s.text))));
    expect([...shapes].sort()).toEqual(['api_key_create', 'api_key_grant', 'bulk', 'has_privileges', 'role', 'roles', 'unknown']);
  });
});

describe('extreme inputs, once each', () => {
  type Deep = Extract<LargeMutation, { kind: 'deepNesting' }>;
  const deep: Deep[] = (['[', '{"a":', '{"a":['] as const).flatMap((open) =>
    [true, false].map((closed) => ({ kind: 'deepNesting' as const, nth: 7, depth: 100_000, open, closed })),
  );
  it.each(deep.map((m) => [`${m.open.repeat(3)}... x${m.depth}${m.closed ? ' closed' : ''}`, m] as const))('nesting %s', (_, m) => {
    expectSurvives(plain(ROLE_SEED, [], m));
    expectSurvives({ ...plain(ROLE_SEED, [], { ...m, nth: 0 }), uri: 0 }); // the whole document, as a role file
  });

  // A million elements takes seconds per document: one kind here (asked at fewer places), the others
  // at 100,000 or 20,000, and every kind at a million in the long run (scripts/fuzz.mjs).
  const COUNT: Record<string, number> = { '{}': 1_000_000, '{"names":["a"],"privileges":["read"]}': 20_000 };
  it.each(HUGE_ARRAY_ELEMENTS.map((e) => [COUNT[e] ?? 100_000, e] as const))('a %i-element array of %s', { timeout: 60_000 }, (count, element) => {
    // nth 3 of the role seed is `cluster`'s array.
    const c = plain(ROLE_SEED, [], { kind: 'hugeArray', nth: 3, count, element, separator: ',' });
    expectSurvives(count > 100_000 ? { ...c, positions: [0.5, 0.999, 1.5] } : c);
  });

  it('a 100,000-element array on one line per element', { timeout: 60_000 }, () => {
    expectSurvives(plain(MISTAKES_SEED, [], { kind: 'hugeArray', nth: 11, count: 100_000, element: '"monitr"', separator: ',\n' }));
  });

  it.each(['x', '\u{1F680}', '\\"', '\ud800', 'read,'])('a 1 MB string of %j as value and as key', (unit) => {
    expectSurvives(plain(ROLE_SEED, [], { kind: 'hugeString', nth: 5, size: 1 << 20, unit, asKey: false }));
    expectSurvives(plain(MISTAKES_SEED, [], { kind: 'hugeString', nth: 2, size: 1 << 20, unit, asKey: true }));
  });

  it.each(['1e999', '-0', '1e-999', '-1e999', '12345678901234567890123'])('the number %s in every value position', (value) => {
    for (let nth = 0; nth < 40; nth += 3) expectSurvives(plain(ROLE_SEED, [{ kind: 'replaceValue', nth, value }]));
  });

  it.each([
    ['a byte-order mark', [{ kind: 'bom' }]],
    ['two byte-order marks', [{ kind: 'bom' }, { kind: 'bom' }]],
    ['NUL characters', [{ kind: 'edit', at: 0.3, remove: 0, insert: '\u0000' }, { kind: 'edit', at: 0.6, remove: 1, insert: '\u0000\u0000' }]],
    ['lone surrogates', [{ kind: 'edit', at: 0.4, remove: 0, insert: '\ud800' }, { kind: 'edit', at: 0.7, remove: 0, insert: '\udc00' }]],
    ['a split surrogate pair', [{ kind: 'replaceString', nth: 4, value: '\u{1F680}' }, { kind: 'truncate', at: 0.5 }]],
    ['CR line endings', [{ kind: 'lineEndings', eol: '\r' }]],
    ['U+2028 line separators', [{ kind: 'lineEndings', eol: '\u2028' }]],
    ['a backslash before a line break in a string', [{ kind: 'replaceString', nth: 3, value: 'ab' }, { kind: 'edit', at: 0.5, remove: 0, insert: '"x\\\ny"' }]],
  ] as Array<[string, SmallMutation[]]>)('%s', (_, small) => {
    for (let seed = 0; seed < corpus.length; seed++) expectSurvives(plain(seed, small));
  });
});

describe('limits', () => {
  const service = getLanguageService();
  const role = (text: string) => TextDocument.create('file:///work/roles/limits.role.json', 'json', 1, text);

  it(`analyses ${MAX_NESTING_DEPTH} levels of nesting, and reports one nesting-too-deep beyond`, () => {
    const nested = (levels: number) => `{"cluster":["monitr"],"metadata":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`;
    const atLimit = service.doValidation(role(nested(MAX_NESTING_DEPTH)));
    expect(atLimit.map((d) => d.code)).toEqual([Codes.unknownClusterPrivilege]);
    const text = nested(MAX_NESTING_DEPTH + 1);
    const over = service.doValidation(role(text));
    expect(over.map((d) => d.code)).toEqual([Codes.nestingTooDeep]);
    // At the bracket that opens level 1001.
    const offset = text.indexOf('"metadata":') + '"metadata":'.length + (MAX_NESTING_DEPTH - 1) * '{"a":'.length;
    expect(over[0].range.start).toEqual({ line: 0, character: offset });
    expect(service.findDocumentSymbols(role(text))).toEqual([]);
    expect(service.format(role(text), undefined, { tabSize: 2, insertSpaces: true })).toEqual([]);
  });

  it('counts only brackets that the parser sees (not in strings or comments), and mismatched closers do not close', () => {
    const inStrings = `{"cluster":["${'['.repeat(5000)}"], "metadata": {"a": "${'{'.repeat(5000)}"}} // ${'['.repeat(5000)}`;
    expect(service.doValidation(role(inStrings)).map((d) => d.code)).toEqual([Codes.unknownClusterPrivilege]);
    const mismatched = '[},'.repeat(MAX_NESTING_DEPTH + 1);
    expect(service.doValidation(role(mismatched)).map((d) => d.code)).toEqual([Codes.nestingTooDeep]);
  });

  it('never counts fewer levels than jsonc-parser descends (random bracket soup)', () => {
    const soup = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', ':', ',', '\\', '/', '*', '\n', '\r', 'a', '1', ' '), maxLength: 60 });
    fc.assert(
      fc.property(soup, (text) => {
        let depth = 0;
        let parserMax = 0;
        const down = () => void (parserMax = Math.max(parserMax, ++depth));
        const up = () => void depth--;
        visit(text, { onObjectBegin: down, onArrayBegin: down, onObjectEnd: up, onArrayEnd: up }, { disallowComments: false });
        // The smallest limit the scanner accepts the text at is its count of levels.
        let counted = 0;
        while (nestingTooDeepAt(text, counted) >= 0) counted++;
        expect(counted).toBeGreaterThanOrEqual(parserMax);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('reports a DLS query string nested too deep on that string, without parsing it', () => {
    const query = JSON.stringify('['.repeat(100_000));
    const ds = service.doValidation(role(`{"indices":[{"names":["a"],"privileges":["read"],"query":${query}}]}`));
    expect(ds.map((d) => d.code)).toEqual([Codes.nestingTooDeep]);
  });

  it(`stops after ${MAX_PROBLEMS} problems with one too-many-problems warning where it stopped`, () => {
    const ds = service.doValidation(role(`{"cluster":[${Array.from({ length: 5000 }, (_, i) => `"bad${i}"`).join(',')}]}`));
    expect(ds).toHaveLength(MAX_PROBLEMS + 1);
    expect(ds.filter((d) => d.code === Codes.tooManyProblems)).toHaveLength(1);
    const last = ds[ds.length - 1];
    expect(last).toMatchObject({ code: Codes.tooManyProblems, severity: 2 });
    expect(last.range.start.character).toBeGreaterThan(ds[MAX_PROBLEMS - 1].range.start.character);
  });
});

describe('field_security subset check (glob matching without regular expressions)', () => {
  const service = getLanguageService();
  /** The previous implementation: globs as regular expressions. */
  const regexCovered = (e: string, grant: string[]) =>
    grant.some((g) => {
      if (g === e || g === '*') return true;
      if (!/[*?]/.test(e)) return new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(e);
      return g.endsWith('*') && !/[*?]/.test(g.slice(0, -1)) && e.startsWith(g.slice(0, -1));
    });
  const field = fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '?', '\\', '['), maxLength: 6 });

  it('agrees with the regular-expression version', () => {
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 4 }), fc.array(field, { minLength: 1, maxLength: 4 }), (grant, except) => {
        const text = JSON.stringify({ indices: [{ names: ['i'], privileges: ['read'], field_security: { grant, except } }] });
        const reported = service
          .doValidation(TextDocument.create('file:///work/roles/fls.role.json', 'json', 1, text))
          .filter((d) => d.code === Codes.fieldSecurityExcept).length;
        expect(reported).toBe(except.filter((e) => !regexCovered(e, grant)).length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('does not backtrack catastrophically', () => {
    const text = JSON.stringify({ indices: [{ names: ['i'], privileges: ['read'], field_security: { grant: [`${'*a'.repeat(40)}*b`], except: ['a'.repeat(100_000)] } }] });
    const start = performance.now();
    const ds = service.doValidation(TextDocument.create('file:///work/roles/fls.role.json', 'json', 1, text));
    expect(ds.map((d) => d.code)).toEqual([Codes.fieldSecurityExcept]);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
