import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { Codes, getLanguageService, type DocumentSettings } from '../../server/src/language';
import { applyEdits, markedDocument, type Marked } from '../helpers/markers';

const ROLE = 'file:///fixes/reader.role.json';
const KEY = 'file:///fixes/ingest.apikey.json';

interface Fixes {
  readonly marked: Marked;
  readonly diagnostic: Diagnostic;
  readonly actions: CodeAction[];
  /** The document text after applying the action with this title (or index). */
  apply(which?: number | string): string;
}

/** The quick fixes for the diagnostic with `code` whose range is the fixture's `[[...]]` marker. */
function fixesFor(source: string, code: string, uri = ROLE, settings: DocumentSettings = {}): Fixes {
  const ls = getLanguageService();
  const marked = markedDocument(source, uri, { cursor: false });
  expect(marked.ranges).toHaveLength(1);
  const diagnostics = ls.doValidation(marked.doc, settings);
  const diagnostic = diagnostics.find((d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(marked.ranges[0]));
  if (!diagnostic) throw new Error(`no ${code} at the marker; got ${diagnostics.map((d) => `${d.code}@${JSON.stringify(d.range)}`).join(', ')}`);
  const actions = ls.getCodeActions(marked.doc, diagnostic.range, { diagnostics: [diagnostic] });
  return {
    marked,
    diagnostic,
    actions,
    apply(which = 0) {
      const action = typeof which === 'number' ? actions[which] : actions.find((a) => a.title === which);
      if (!action) throw new Error(`no action ${which}; have ${actions.map((a) => a.title).join(', ')}`);
      expect(action.kind).toBe(CodeActionKind.QuickFix);
      expect(action.diagnostics).toEqual([diagnostic]);
      const edits = action.edit?.changes?.[uri];
      expect(edits).toBeDefined();
      return applyEdits(marked.doc, edits!);
    },
  };
}

/** The text parses as JSON with comments, without errors. */
function expectValidJson(text: string): void {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  expect(errors).toEqual([]);
}

/** Codes a text still has after a fix. */
function codesAfter(text: string, uri = ROLE): string[] {
  const doc = markedDocument(text, uri, { cursor: false }).doc;
  return getLanguageService().doValidation(doc).map((d) => String(d.code));
}

describe('replacing a misspelled privilege', () => {
  it('offers the closest built-in name first, as the preferred fix', () => {
    const f = fixesFor('{\n  // index templates\n  "cluster": ["monitor", [["manage_index_template"]]]\n}', Codes.unknownClusterPrivilege);
    expect(f.actions[0].title).toBe('Change to `manage_index_templates`');
    expect(f.actions[0].isPreferred).toBe(true);
    expect(f.apply(0)).toBe('{\n  // index templates\n  "cluster": ["monitor", "manage_index_templates"]\n}');
  });

  it('offers several fixes ranked by edit distance, only the first preferred', () => {
    const f = fixesFor('{"cluster": [ [["manage_ilm_"]] ]} // ILM', Codes.unknownClusterPrivilege);
    expect(f.actions.map((a) => a.title)).toEqual(['Change to `manage_ilm`', 'Change to `manage_slm`', 'Change to `manage_ml`']);
    expect(f.actions.map((a) => a.isPreferred)).toEqual([true, false, false]);
    expect(f.apply(0)).toBe('{"cluster": [ "manage_ilm" ]} // ILM');
    expect(f.apply(1)).toBe('{"cluster": [ "manage_slm" ]} // ILM');
    expect(f.apply(2)).toBe('{"cluster": [ "manage_ml" ]} // ILM');
  });

  it('fixes an index privilege and leaves a valid document', () => {
    const f = fixesFor('{"indices": [{"names": ["a"], "privileges": [ [["reed"]] ]}]}', Codes.unknownIndexPrivilege);
    const text = f.apply(0);
    expect(text).toBe('{"indices": [{"names": ["a"], "privileges": [ "read" ]}]}');
    expect(codesAfter(text)).toEqual([]);
  });

  it('fixes a remote_cluster privilege', () => {
    const f = fixesFor('{"remote_cluster": [{"privileges": [ [["monitor"]] ], "clusters": ["*"]}]}', Codes.unknownRemoteClusterPrivilege);
    expect(f.actions.map((a) => a.title)).toContain('Change to `monitor_enrich`');
    expect(f.apply('Change to `monitor_enrich`')).toBe('{"remote_cluster": [{"privileges": [ "monitor_enrich" ], "clusters": ["*"]}]}');
  });

  it('offers nothing for a privilege of the wrong kind', () => {
    expect(fixesFor('{"cluster": [ [["read"]] ]}', Codes.wrongPrivilegeKind).actions).toEqual([]);
  });
});

describe('replacing a misspelled field', () => {
  it('renames privilege to privileges, and offers removal second', () => {
    const f = fixesFor('{"indices": [{"names": ["a"], [["privilege"]]: ["read"]}]} /* reader */', Codes.unknownField);
    expect(f.actions.map((a) => a.title)).toEqual(['Change to `privileges`', 'Remove unknown field']);
    expect(f.actions[0].isPreferred).toBe(true);
    expect(f.actions[1].isPreferred).toBe(false);
    const text = f.apply(0);
    expect(text).toBe('{"indices": [{"names": ["a"], "privileges": ["read"]}]} /* reader */');
    expect(codesAfter(text)).toEqual([]);
  });

  it('removes an unknown field without a suggestion, as the preferred fix', () => {
    const f = fixesFor('{\n  "cluster": ["monitor"], // ops\n  [["bogus"]]: true\n}', Codes.unknownField);
    expect(f.actions.map((a) => [a.title, a.isPreferred])).toEqual([['Remove unknown field', true]]);
    expect(f.apply(0)).toBe('{\n  "cluster": ["monitor"] // ops\n}');
  });

  it('renames an unknown global category', () => {
    const f = fixesFor('{"global": {[["roles"]]: {"manage": {"indices": [{"names": ["a"], "privileges": ["read"]}]}}}}', Codes.unknownGlobalCategory);
    expect(f.apply(0)).toBe('{"global": {"role": {"manage": {"indices": [{"names": ["a"], "privileges": ["read"]}]}}}}');
  });

  it('renames `indices` to `index` in has_privileges', () => {
    const f = fixesFor('{[["indices"]]: [{"names": ["a"], "privileges": ["read"]}]}', Codes.fieldNotAllowed, 'file:///fixes/c.has_privileges.json');
    expect(f.apply('Change to `index`')).toBe('{"index": [{"names": ["a"], "privileges": ["read"]}]}');
  });
});

describe('replacing other values', () => {
  it('replaces a deprecated privilege', () => {
    const f = fixesFor('{"cluster": ["monitor", [["manage_data_frame_transforms"]]] /* legacy */}', Codes.deprecatedPrivilege);
    expect(f.actions.map((a) => a.title)).toEqual(['Replace with `manage_transform`']);
    const text = f.apply(0);
    expect(text).toBe('{"cluster": ["monitor", "manage_transform"] /* legacy */}');
    expect(codesAfter(text)).toEqual([]);
  });

  it('replaces an unknown workflow', () => {
    const f = fixesFor('{"name": "k", "role_descriptors": {"s": {"restriction": {"workflows": [ [["search_application_querry"]] ]}}}}', Codes.unknownWorkflow, KEY);
    expect(f.apply(0)).toBe('{"name": "k", "role_descriptors": {"s": {"restriction": {"workflows": [ "search_application_query" ]}}}}');
  });

  it('replaces an unknown grant type', () => {
    const f = fixesFor('{"grant_type": [["pasword"]], "username": "u", "password": "p", "api_key": {"name": "k"}}', Codes.unknownGrantType, KEY);
    expect(f.apply(0)).toBe('{"grant_type": "password", "username": "u", "password": "p", "api_key": {"name": "k"}}');
  });
});

describe('removing a duplicate privilege', () => {
  it('in the middle of a one-line list', () => {
    const f = fixesFor('{"cluster": ["monitor", [["MONITOR"]], "manage"]} // x', Codes.duplicatePrivilege);
    expect(f.actions.map((a) => [a.title, a.isPreferred])).toEqual([['Remove duplicate privilege', true]]);
    const text = f.apply(0);
    expect(text).toBe('{"cluster": ["monitor", "manage"]} // x');
    expectValidJson(text);
  });

  it('at the end of a one-line list', () => {
    const text = fixesFor('{"cluster": ["monitor", "manage", [["monitor"]]]}', Codes.duplicatePrivilege).apply(0);
    expect(text).toBe('{"cluster": ["monitor", "manage"]}');
    expectValidJson(text);
  });

  it('as the first element of its line in a multi-line list, keeping the comment below', () => {
    const source = [
      '{',
      '  "cluster": [',
      '    "monitor", // the one we need',
      '    [["monitor"]],',
      '    // keep manage for ILM',
      '    "manage"',
      '  ]',
      '}',
    ].join('\n');
    const text = fixesFor(source, Codes.duplicatePrivilege).apply(0);
    expect(text).toBe(['{', '  "cluster": [', '    "monitor", // the one we need', '    // keep manage for ILM', '    "manage"', '  ]', '}'].join('\n'));
    expectValidJson(text);
  });

  it('at the end of a multi-line list, keeping the comment after the previous element', () => {
    const source = ['{', '  "cluster": [', '    "monitor", // the one we need', '    [["monitor"]] // twice', '  ]', '}'].join('\n');
    const text = fixesFor(source, Codes.duplicatePrivilege).apply(0);
    expect(text).toBe(['{', '  "cluster": [', '    "monitor" // the one we need // twice', '  ]', '}'].join('\n'));
    expectValidJson(text);
  });

  it('keeps a block comment between the last two elements', () => {
    const text = fixesFor('{"cluster": ["monitor", /* again: */ [["monitor"]]]}', Codes.duplicatePrivilege).apply(0);
    expect(text).toBe('{"cluster": ["monitor" /* again: */]}');
    expectValidJson(text);
  });

  it('in application privileges', () => {
    const text = fixesFor('{"applications": [{"application": "app", "privileges": ["read", [["read"]], "write"], "resources": ["*"]}]}', Codes.duplicatePrivilege).apply(0);
    expect(text).toBe('{"applications": [{"application": "app", "privileges": ["read", "write"], "resources": ["*"]}]}');
  });
});

describe('removing a field', () => {
  it('removes a duplicate key in the middle', () => {
    const f = fixesFor('{"cluster": ["monitor"], [["cluster"]]: ["all"], "run_as": []} // end', Codes.duplicateKey);
    expect(f.actions.map((a) => a.title)).toEqual(['Remove duplicate field']);
    const text = f.apply(0);
    expect(text).toBe('{"cluster": ["monitor"], "run_as": []} // end');
    expect(codesAfter(text)).toEqual([]);
  });

  it('removes a duplicate key at the end of a multi-line object', () => {
    const source = ['{', '  // first', '  "cluster": ["monitor"],', '  [["cluster"]]: ["all"]', '}'].join('\n');
    const text = fixesFor(source, Codes.duplicateKey).apply(0);
    expect(text).toBe(['{', '  // first', '  "cluster": ["monitor"]', '}'].join('\n'));
    expectValidJson(text);
  });

  it('removes restriction from a role when it is the first field', () => {
    const source = ['{', '  [["restriction"]]: {"workflows": ["search_application_query"]},', '  /* read access */', '  "cluster": ["monitor"]', '}'].join('\n');
    const f = fixesFor(source, Codes.apiKeyOnlyField);
    expect(f.actions.map((a) => a.title)).toEqual(['Remove field not allowed in a role']);
    const text = f.apply(0);
    expect(text).toBe(['{', '  /* read access */', '  "cluster": ["monitor"]', '}'].join('\n'));
    expect(codesAfter(text)).toEqual([]);
  });

  it('removes restriction from a role when it is the only field', () => {
    const text = fixesFor('// empty soon\n{[["restriction"]]: {}}', Codes.apiKeyOnlyField).apply(0);
    expect(text).toBe('// empty soon\n{}');
  });

  it('removes description from an API-key role descriptor', () => {
    const text = fixesFor('{"name": "k", "role_descriptors": {"r": {"cluster": ["monitor"], [["description"]]: "x"}}} // key', Codes.roleOnlyField, KEY).apply(0);
    expect(text).toBe('{"name": "k", "role_descriptors": {"r": {"cluster": ["monitor"]}}} // key');
    expect(codesAfter(text, KEY)).toEqual([]);
  });

  it('removes clusters from a local indices entry', () => {
    const text = fixesFor('{"indices": [{"names": ["a"], [["clusters"]]: ["*"], "privileges": ["read"]}]}', Codes.fieldNotAllowed).apply(0);
    expect(text).toBe('{"indices": [{"names": ["a"], "privileges": ["read"]}]}');
  });
});

describe('adding a missing required field', () => {
  it('appends the field to the object, keeping a trailing comment', () => {
    const source = ['{', '  "indices": [', '    [[{]]"names": ["logs-*"] // logs only', '    }', '  ]', '}'].join('\n');
    const f = fixesFor(source, Codes.missingRequiredField);
    expect(f.actions.map((a) => [a.title, a.isPreferred])).toEqual([['Add required field `privileges`', true]]);
    const text = f.apply(0);
    expect(text).toBe(['{', '  "indices": [', '    {"names": ["logs-*"], "privileges": [] // logs only', '    }', '  ]', '}'].join('\n'));
    expectValidJson(text);
    // The new list is empty, which ES refuses: the next step is to fill it.
    expect(codesAfter(text)).toEqual([Codes.emptyArray]);
  });

  it('inserts into an empty object', () => {
    const f = fixesFor('{"global": {"application": {[["manage"]]: {}}}}', Codes.missingRequiredField);
    expect(f.apply(0)).toBe('{"global": {"application": {"manage": { "applications": [] }}}}');
  });

  it('inserts a string field as an empty string', () => {
    const f = fixesFor('/* key */ [[{]]"expiration": "1d"}', Codes.missingRequiredField, KEY);
    const text = f.apply(0);
    expect(text).toBe('/* key */ {"expiration": "1d", "name": ""}');
    expectValidJson(text);
  });

  it('offers one action per missing field', () => {
    const ls = getLanguageService();
    const marked = markedDocument('{"applications": [ [[{]]"application": "myapp"} ]}', ROLE, { cursor: false });
    const missing = ls.doValidation(marked.doc).filter((d) => d.code === Codes.missingRequiredField);
    expect(missing).toHaveLength(2);
    const titles = ls.getCodeActions(marked.doc, missing[0].range, { diagnostics: missing }).map((a) => a.title);
    expect(titles).toEqual(['Add required field `privileges`', 'Add required field `resources`']);
  });
});

describe('what gets no quick fix', () => {
  it('ignores diagnostics from other sources', () => {
    const marked = markedDocument('{"cluster": ["monitr"]}', ROLE, { cursor: false });
    const ls = getLanguageService();
    const [d] = ls.doValidation(marked.doc);
    expect(ls.getCodeActions(marked.doc, d.range, { diagnostics: [{ ...d, source: 'json' }] })).toEqual([]);
  });

  it('offers nothing for rules without a mechanical fix', () => {
    expect(fixesFor(`{"description": [["${'x'.repeat(1001)}"]]}`, Codes.descriptionTooLong).actions).toEqual([]);
    expect(fixesFor('{"cluster": [ [["cluster:monitor/main"]] ]}', Codes.rawActionPrivilege).actions).toEqual([]);
  });
});

describe('every fix keeps the comments elsewhere in the file', () => {
  const source = [
    '// header: reviewed by the security team',
    '{',
    '  /* c1 */ "clusterr": ["monitor"], // c2',
    '  "cluster": [',
    '    "monitor", // c3',
    '    "MONITOR", /* c4 */',
    '    // c5',
    '    "manage_data_frame_transforms",',
    '    "manage_ilm_"',
    '  ],',
    '  // c6',
    '  "indices": [',
    '    {"names": ["a"], "privilege": ["read"]}, // c7',
    '    {"names": ["b"]} /* c8 */',
    '  ],',
    '  "restriction": {}, // c9',
    '  "cluster": [] // c10',
    '}',
    '// footer',
  ].join('\n');
  const comments = source.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)!;

  it('has fixes for most of its diagnostics', () => {
    const ls = getLanguageService();
    const d = markedDocument(source, ROLE, { cursor: false }).doc;
    const codes = ls.doValidation(d).map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining([
      Codes.unknownField, Codes.duplicatePrivilege, Codes.deprecatedPrivilege, Codes.unknownClusterPrivilege,
      Codes.missingRequiredField, Codes.apiKeyOnlyField, Codes.duplicateKey,
    ]));
  });

  it('for each diagnostic and each of its actions', () => {
    const ls = getLanguageService();
    const d = markedDocument(source, ROLE, { cursor: false }).doc;
    let applied = 0;
    for (const diagnostic of ls.doValidation(d)) {
      for (const action of ls.getCodeActions(d, diagnostic.range, { diagnostics: [diagnostic] })) {
        const text = applyEdits(d, action.edit!.changes![ROLE]);
        for (const c of comments) expect(text, `${diagnostic.code}: ${action.title}`).toContain(c);
        expectValidJson(text);
        applied++;
      }
    }
    expect(applied).toBeGreaterThanOrEqual(10);
  });
});
