import { describe, expect, it } from 'vitest';
import { Codes, type DiagnosticData } from '../../server/src/language';
import {
  ERR, ROLES_URI, ROLE_URI, WARN, diagnose, expectClean, expectDiagnostics, expectNoCode,
} from '../helpers/diagnostics';

describe('unknown fields in a role', () => {
  it('at the top level, with a suggestion', () => {
    const [d] = expectDiagnostics('{[["clusterr"]]: ["monitor"], "run_as": []}', [[Codes.unknownField, ERR]]);
    expect((d.data as DiagnosticData).suggestions).toEqual(['cluster']);
  });

  it('in an indices entry', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], [["allow_restricted"]]: true, [["bogus"]]: 1}]}', [
      [Codes.unknownField, ERR],
      [Codes.unknownField, ERR],
    ]);
  });

  it('in field_security', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], "field_security": {"grant": ["*"], [["deny"]]: ["x"]}}]}', [
      [Codes.unknownField, ERR],
    ]);
  });

  it('in an application entry', () => {
    expectDiagnostics('{"applications": [{"application": "myapp", "privileges": ["read"], "resources": ["*"], [["not_supported"]]: 1}]}', [
      [Codes.unknownField, ERR],
    ]);
  });

  it('in remote_indices and remote_cluster entries', () => {
    expectDiagnostics(
      `{"remote_indices": [{"names": ["a"], "privileges": ["read"], "clusters": ["*"], [["cluster"]]: "eu"}],
        "remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["*"], [["names"]]: ["a"]}]}`,
      [
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
      ],
    );
  });

  it('in global (as an unknown category) and in every level below it', () => {
    expectDiagnostics(
      `{"global": {
        "application": {"manage": {"applications": ["app-*"], [["resources"]]: ["*"]}, [["read"]]: {}},
        "profile": {"write": {"applications": ["kibana-*"], [["x"]]: 1}},
        "role": {"manage": {"indices": [{"names": ["a"], "privileges": ["read"], [["query"]]: {}}], [["clusters"]]: []}},
        [["cluster"]]: {}
      }}`,
      [
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownGlobalCategory, ERR],
      ],
    );
  });

  it('in a roles map and a bulk body, per role', () => {
    expectDiagnostics('{"reader": {"cluster": ["monitor"], [["indexes"]]: []}}', [[Codes.unknownField, ERR]], { uri: ROLES_URI });
    expectDiagnostics('{"roles": {"reader": {[["privileges"]]: ["read"]}}}', [[Codes.unknownField, ERR]]);
  });

  it('accepts the aliases and the output-only fields ES tolerates', () => {
    expectClean(
      '{"index": [{"names": ["a"], "privileges": ["read"], "transient_metadata": {}}], "application": [], "transient_metadata": {"enabled": true}, "type": "role"}',
    );
  });
});

describe('fields known elsewhere', () => {
  it('refuses clusters in a local indices entry', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], [["clusters"]]: ["*"]}]}', [[Codes.fieldNotAllowed, ERR]]);
  });

  it('refuses the old `fields` format and points to field_security', () => {
    const [d] = expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], [["fields"]]: ["title"]}]}', [[Codes.fieldNotAllowed, ERR]]);
    expect((d.data as DiagnosticData).suggestions).toEqual(['field_security']);
  });
});

describe('wrong JSON types', () => {
  it('at the top level', () => {
    // `[["all"]]` marks the string "all": the value of cluster is a string, not an array.
    expectDiagnostics(
      '{"cluster": [["all"]], "indices": [[{}]], "global": [ ], "run_as": [["bob"]], "metadata": [[1]], "description": [[true]], "remote_cluster": [[{}]]}',
      [
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR, { text: '[ ]' }],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
      ],
    );
  });

  it('in an indices entry', () => {
    expectDiagnostics(
      '{"indices": [{"names": [[5]], "privileges": [["read"]], "allow_restricted_indices": [["true"]], "query": [[5]], "field_security": {"grant": [["title"]], "except": [[null]]}}]}',
      [
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
        [Codes.wrongType, ERR],
      ],
    );
  });

  it('for array elements', () => {
    expectDiagnostics('{"indices": [ [["logs"]], {"names": ["a", [[5]] ], "privileges": ["read"]}], "run_as": [ [[7]] ]}', [
      [Codes.wrongType, ERR],
      [Codes.wrongType, ERR],
      [Codes.wrongType, ERR],
    ]);
  });

  it('for a query that is an array', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], "query": [ ]}]}', [[Codes.wrongType, ERR, { text: '[ ]' }]]);
  });

  it('for a document that is not an object', () => {
    expectDiagnostics('[["a role"]]', [[Codes.wrongType, ERR]], { uri: ROLE_URI });
  });

  it('accepts names as a single string, null query and null cluster', () => {
    expectClean('{"cluster": null, "indices": [{"names": "logs-*", "privileges": ["read"], "query": null}]}');
  });
});

describe('missing required fields', () => {
  it('names and privileges in an indices entry, at the entry', () => {
    expectDiagnostics('{"indices": [ [[{]]"privileges": ["read"]}, [[{]]"names": ["a"]} ]}', [
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR],
    ]);
  });

  it('clusters in a remote_indices entry', () => {
    expectDiagnostics('{"remote_indices": [ [[{]]"names": ["a"], "privileges": ["read"]} ]}', [[Codes.missingRequiredField, ERR]]);
  });

  it('application, privileges and resources in an application entry', () => {
    expectDiagnostics('{"applications": [ [[{]]"privileges": ["read"], "resources": ["*"]}, [[{]]"application": "myapp"} ]}', [
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR, 1],
      [Codes.missingRequiredField, ERR, 1],
    ]);
  });

  it('privileges and clusters in a remote_cluster entry', () => {
    expectDiagnostics('{"remote_cluster": [ [[{]]"clusters": ["*"]}, [[{]]"privileges": ["monitor_enrich"]} ]}', [
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR],
    ]);
  });

  it('the inner objects of global privileges, at the key holding the object', () => {
    expectDiagnostics('{"global": {"application": {[["manage"]]: {}}, "role": {[["manage"]]: {}}, "profile": {[["write"]]: {}}}}', [
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR],
    ]);
  });

  it('is reported once, as unknown, when the required field is misspelled', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], [["privilege"]]: ["read"]}]}', [[Codes.unknownField, ERR]]);
  });

  it('names the role in the message and offers an insertion', () => {
    const [d] = expectDiagnostics('{"indices": [ [[{]]"names": ["a"]} ]}', [[Codes.missingRequiredField, ERR]], { uri: ROLE_URI });
    expect(d.message).toContain('privileges');
    expect(d.message).toContain('logs-reader');
    expect((d.data as DiagnosticData).insert?.text).toContain('"privileges"');
  });
});

describe('empty arrays and objects', () => {
  it('refuses the empty lists ES refuses', () => {
    expectDiagnostics(
      `{"indices": [{"names": [], "privileges": []}],
        "remote_indices": [{"names": ["a"], "privileges": ["read"], "clusters": []}],
        "applications": [{"application": "myapp", "privileges": [], "resources": []}],
        "global": {"role": {"manage": {"indices": [{"names": [], "privileges": []}]}}}}`,
      [
        [Codes.emptyArray, ERR, { text: '[]', nth: 0 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 1 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 2 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 3 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 4 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 5 }],
        [Codes.emptyArray, ERR, { text: '[]', nth: 6 }],
      ],
    );
  });

  it('accepts the empty lists ES accepts', () => {
    expectClean(
      '{"cluster": [], "applications": [], "run_as": [], "remote_indices": [], "remote_cluster": [], "indices": [{"names": ["a"], "privileges": ["read"], "field_security": {"grant": []}}]}',
    );
    expectClean('{"indices": []}');
    expectClean('{"global": {"profile": {}}, "metadata": {}}');
  });

  it('refuses an empty field_security', () => {
    expectDiagnostics('{"indices": [{"names": ["a"], "privileges": ["read"], "field_security": [[{}]]}]}', [[Codes.emptyObject, ERR]]);
  });

  it('refuses an empty remote_cluster group (and says what it lacks)', () => {
    expectDiagnostics('{"remote_cluster": [ [[{}]] ]}', [
      [Codes.emptyObject, ERR],
      [Codes.missingRequiredField, ERR, { text: '{', nth: 1 }],
      [Codes.missingRequiredField, ERR, { text: '{', nth: 1 }],
    ]);
  });
});

describe('field_security', () => {
  const fls = (body: string) => `{"indices": [{"names": ["hr-*"], "privileges": ["read"], "field_security": ${body}}]}`;

  it('refuses an except that grants nothing back', () => {
    expectDiagnostics(fls('{"grant": ["name", "email"], "except": ["email", [["salary"]], [["ssn"]] ]}'), [
      [Codes.fieldSecurityExcept, ERR],
      [Codes.fieldSecurityExcept, ERR],
    ]);
  });

  it('accepts a literal subset', () => {
    expectClean(fls('{"grant": ["name", "email", "salary"], "except": ["salary", "email"]}'));
  });

  it('accepts exceptions covered by wildcard grants', () => {
    expectClean(fls('{"grant": ["*"], "except": ["salary", "customer.*"]}'));
    expectClean(fls('{"grant": ["customer.*", "id"], "except": ["customer.ssn", "customer.card.*"]}'));
  });

  it('refuses a wildcard exception wider than the grant', () => {
    expectDiagnostics(fls('{"grant": ["customer.*"], "except": [ [["cust*"]], [["*"]] ]}'), [
      [Codes.fieldSecurityExcept, ERR],
      [Codes.fieldSecurityExcept, ERR],
    ]);
  });

  it('refuses except without grant', () => {
    expectDiagnostics(fls('{[["except"]]: ["salary"]}'), [[Codes.fieldSecurityExceptWithoutGrant, ERR]]);
  });

  it('accepts grant alone, and an empty grant', () => {
    expectClean(fls('{"grant": ["name"]}'));
    expectClean(fls('{"grant": [], "except": []}'));
  });
});

describe('description', () => {
  it('refuses more than 1000 characters', () => {
    expectDiagnostics(`{"description": [["${'x'.repeat(1001)}"]], "cluster": ["monitor"]}`, [[Codes.descriptionTooLong, ERR]]);
  });

  it('accepts exactly 1000 characters and an empty description', () => {
    expectClean(`{"description": "${'x'.repeat(1000)}"}`);
    expectClean('{"description": ""}');
  });

  it('applies to every role in a bulk body', () => {
    expectDiagnostics(`{"roles": {"a": {"description": "short"}, "b": {"description": [["${'y'.repeat(1200)}"]]}}}`, [
      [Codes.descriptionTooLong, ERR],
    ]);
  });
});

describe('metadata', () => {
  it('refuses top-level keys starting with _', () => {
    expectDiagnostics('{"metadata": {[["_reserved"]]: true, "version": 1, [["_owner"]]: "x"}}', [
      [Codes.reservedMetadataKey, ERR],
      [Codes.reservedMetadataKey, ERR],
    ]);
  });

  it('does not check nested keys or transient_metadata', () => {
    expectClean('{"metadata": {"owner": {"_team": "a"}, "tags": [{"_x": 1}]}, "transient_metadata": {"_enabled": true}}');
  });

  it('requires an object', () => {
    expectDiagnostics('{"metadata": [["team-a"]]}', [[Codes.wrongType, ERR]]);
  });
});

describe('role names in a roles map and a bulk body', () => {
  it.each([
    ['leading whitespace', '" reader"'],
    ['trailing whitespace', '"reader "'],
    ['a non-ASCII character', '"lecteur-données"'],
    ['a control character', '"tab\\there"'],
    ['no characters', '""'],
    ['508 characters', `"${'r'.repeat(508)}"`],
  ])('refuses %s', (_what, name) => {
    expectDiagnostics(`{[[${name}]]: {"cluster": ["monitor"]}}`, [[Codes.invalidRoleName, ERR]], { uri: ROLES_URI });
    expectDiagnostics(`{"roles": {[[${name}]]: {"cluster": ["monitor"]}}}`, [[Codes.invalidRoleName, ERR]]);
  });

  it('accepts spaces, punctuation and 507 characters', () => {
    expectClean(`{"team a: read-only (logs)": {"cluster": ["monitor"]}, "${'r'.repeat(507)}": {}}`, { uri: ROLES_URI });
  });

  it('refuses reserved role names', () => {
    expectDiagnostics('{[["superuser"]]: {}, [["kibana_system"]]: {}, "superusers": {}}', [
      [Codes.reservedRoleName, ERR],
      [Codes.reservedRoleName, ERR],
    ], { uri: ROLES_URI });
    expectDiagnostics('{"roles": {[["viewer"]]: {"cluster": ["monitor"]}}}', [[Codes.reservedRoleName, ERR]]);
  });

  it('compares reserved names case-sensitively', () => {
    expectClean('{"SuperUser": {"cluster": ["monitor"]}}', { uri: ROLES_URI });
  });

  it('does not check role-descriptor names inside an API key', () => {
    expectClean('{"name": "k", "role_descriptors": {"superuser": {"cluster": ["monitor"]}, " padded": {}}}', { uri: 'file:///test/k.apikey.json' });
  });
});

describe('global privileges', () => {
  it('accepts the three categories', () => {
    expectClean(
      `{"global": {
        "application": {"manage": {"applications": ["app1-*", "app2-*"]}},
        "profile": {"write": {"applications": ["kibana-*"]}},
        "role": {"manage": {"indices": [{"names": ["team-*"], "privileges": ["read", "view_index_metadata"]}]}}
      }}`,
    );
  });

  it('refuses unknown categories, with a suggestion', () => {
    const [d] = expectDiagnostics('{"global": {[["roles"]]: {"manage": {}}}}', [[Codes.unknownGlobalCategory, ERR]]);
    expect((d.data as DiagnosticData).suggestions).toEqual(['role']);
  });

  it('requires objects for the categories', () => {
    expectDiagnostics('{"global": {"application": [["manage"]]}}', [[Codes.wrongType, ERR]]);
  });
});

describe('DLS query', () => {
  const q = (query: string) => `{"indices": [{"names": ["docs"], "privileges": ["read"], "query": ${query}}]}`;

  it('refuses a string that is not JSON', () => {
    expectDiagnostics(q('[["{\\"term\\": {\\"team\\": \\"a\\"}"]]'), [[Codes.invalidQuery, ERR]]);
    expectDiagnostics(q('[["match_all"]]'), [[Codes.invalidQuery, ERR]]);
  });

  it('refuses a string holding JSON that is not an object', () => {
    expectDiagnostics(q('[["[1, 2]"]]'), [[Codes.invalidQuery, ERR]]);
  });

  it('accepts a string holding a JSON query and an empty string', () => {
    expectClean(q('"{\\"match\\": {\\"category\\": \\"click\\"}}"'));
    expectClean(q('""'));
  });

  it('accepts query objects, templated ones included', () => {
    expectClean(q('{"bool": {"filter": [{"term": {"visibility": "public"}}]}}'));
    expectClean(q('{"template": {"source": {"term": {"acl.username": "{{_user.username}}"}}}}'));
    expectClean(q('{"template": {"source": "{\\"terms\\": {\\"group\\": {{#toJson}}_user.metadata.groups{{/toJson}}}}"}}'));
    expectClean(q('{"template": {"id": "dls-by-department", "params": {"field": "dept"}}}'));
  });

  it('refuses a terms-lookup query, also nested and inside a string', () => {
    expectDiagnostics(q('{"bool": {"should": [{"terms": {[["owner"]]: {"index": "users", "id": "u1", "path": "groups"}}}]}}'), [
      [Codes.prohibitedQuery, ERR],
    ]);
    expectDiagnostics(q('[["{\\"terms\\": {\\"owner\\": {\\"index\\": \\"users\\", \\"id\\": \\"u1\\", \\"path\\": \\"groups\\"}}}"]]'), [
      [Codes.prohibitedQuery, ERR],
    ]);
  });

  it('accepts a plain terms query', () => {
    expectClean(q('{"terms": {"owner": ["u1", "u2"]}}'));
  });
});

describe('duplicate keys', () => {
  it('reports each repeated key, at the repetition', () => {
    expectDiagnostics('{"cluster": ["monitor"], "indices": [{"names": "a", [["names"]]: "b", "privileges": ["read"]}], [["cluster"]]: ["all"]}', [
      [Codes.duplicateKey, ERR],
      [Codes.duplicateKey, ERR],
    ]);
  });

  it('in a roles map and in metadata', () => {
    expectDiagnostics('{"reader": {"cluster": ["monitor"]}, [["reader"]]: {"cluster": ["all"]}}', [[Codes.duplicateKey, ERR]], { uri: ROLES_URI });
    expectDiagnostics('{"metadata": {"v": 1, [["v"]]: 2}}', [[Codes.duplicateKey, ERR]]);
  });

  it('does not confuse the same key in different objects', () => {
    expectClean('{"indices": [{"names": "a", "privileges": ["read"]}, {"names": "b", "privileges": ["read"]}]}');
  });
});

describe('syntax errors', () => {
  it('reports a truncated document once, without a cascade', () => {
    const { diagnostics } = diagnose('{\n  "cluster": ["monitor"],\n  "indices": [\n    {"names": ["logs-*"], "privileges": ["read"');
    expect(diagnostics.map((d) => d.code)).toEqual([Codes.syntaxError]);
  });

  it('marks where a truncated document ends', () => {
    expectDiagnostics('{"cluster": ["monitor"][[]]', [[Codes.syntaxError, ERR]]);
  });

  it('keeps the findings before the error', () => {
    expectDiagnostics('{\n  "cluster": [ [["monitr"]] ],\n  "indices": [{"names": [], "privileges": ["read"]}],\n  "run_as": ["bob"[[]]', [
      [Codes.unknownClusterPrivilege, ERR],
      [Codes.emptyArray, ERR, { text: '[]' }],
      [Codes.syntaxError, ERR],
    ]);
  });

  it('drops findings about containers the error leaves open', () => {
    // The unfinished entry is not "missing privileges", the unfinished descriptor map is not "combined".
    expectDiagnostics('{"indices": [{"names": ["a"][[]]', [[Codes.syntaxError, ERR]]);
    expectDiagnostics(
      '{"name": "k", "role_descriptors": {"a": {"restriction": {"workflows": ["search_application_query"]}}, "b": {[[]]',
      [[Codes.syntaxError, ERR]],
      { uri: 'file:///test/k.apikey.json' },
    );
    expectDiagnostics('{"grant_type": "password", "username": "u", [[]]', [[Codes.syntaxError, ERR]], { uri: 'file:///test/g.apikey.json' });
  });

  it('drops findings after the error', () => {
    expectDiagnostics('{"cluster": ["monitor" [["all"]]], "run_as": [5], "bogus": 1}', [[Codes.syntaxError, ERR]]);
  });

  it('reports a trailing comma once', () => {
    expectDiagnostics('{"cluster": ["monitor", ], "run_as": ["bob",]}', [[Codes.syntaxError, ERR, { text: ']' }]]);
  });

  it('accepts comments', () => {
    expectClean('// reader role\n{\n  /* cluster */ "cluster": ["monitor"] // monitor only\n}');
  });
});

describe('what the rules leave alone', () => {
  it('does not report privilege problems as field problems', () => {
    expectNoCode('{"cluster": ["monitr"], "indices": [{"names": ["a"], "privileges": ["reed"]}]}', [Codes.unknownField, Codes.wrongType]);
  });

  it('a warning-only document has no errors', () => {
    const { diagnostics } = diagnose('{"cluster": ["monitor", "monitor"]}');
    expect(diagnostics.map((d) => d.severity)).toEqual([WARN]);
  });
});
