import { describe, expect, it } from 'vitest';
import { Codes, type DiagnosticData } from '../../server/src/language';
import { ERR, HAS_PRIVILEGES_URI, INFO, expectClean, expectDiagnostics, type CheckOptions } from '../helpers/diagnostics';

const check: CheckOptions = { uri: HAS_PRIVILEGES_URI };

describe('has_privileges bodies', () => {
  it('accepts cluster, index and application checks', () => {
    expectClean(
      `{
        "cluster": ["monitor", "manage"],
        "index": [
          {"names": ["suppliers", "products"], "privileges": ["read"]},
          {"names": "inventory", "privileges": ["read", "write"], "allow_restricted_indices": false}
        ],
        "application": [
          {"application": "inventory_manager", "privileges": ["read", "data:write/inventory"], "resources": ["product/1852563"]}
        ]
      }`,
      check,
    );
  });

  it('accepts `applications` for `application`', () => {
    expectClean('{"applications": [{"application": "kibana-.kibana", "privileges": ["feature_discover.read"], "resources": ["space:default"]}]}', check);
  });

  it('is recognised from its content without the file-name hint', () => {
    expectDiagnostics('{"index": [{"names": ["a"], "privileges": [ [["reed"]] ]}]}', [[Codes.unknownIndexPrivilege, ERR]], {
      uri: 'file:///test/check.json',
    });
  });

  it('refuses an empty body', () => {
    expectDiagnostics('[[{]]}', [[Codes.emptyHasPrivileges, ERR]], check);
    expectDiagnostics('[[{]]\n  // nothing to check yet\n}', [[Codes.emptyHasPrivileges, ERR]], check);
  });

  it('refuses `indices` and offers `index` instead', () => {
    const diagnostics = expectDiagnostics('[[{]][["indices"]]: [{"names": ["a"], "privileges": ["read"]}]}', [
      [Codes.emptyHasPrivileges, ERR],
      [Codes.fieldNotAllowed, ERR],
    ], check);
    const notAllowed = diagnostics.find((d) => d.code === Codes.fieldNotAllowed)!;
    expect((notAllowed.data as DiagnosticData).suggestions).toEqual(['index']);
  });

  it('refuses field_security and query in index checks', () => {
    expectDiagnostics(
      '{"index": [{"names": ["a"], "privileges": ["read"], [["field_security"]]: {"grant": ["*"]}, [["query"]]: {"match_all": {}}}]}',
      [
        [Codes.fieldNotAllowed, ERR],
        [Codes.fieldNotAllowed, ERR],
      ],
      check,
    );
  });

  it('refuses unknown fields at every level, role fields included', () => {
    expectDiagnostics(
      `{"cluster": ["monitor"], [["run_as"]]: ["bob"], [["description"]]: "x",
        "index": [{"names": ["a"], "privileges": ["read"], [["clusters"]]: ["*"]}],
        "application": [{"application": "myapp", "privileges": ["read"], "resources": ["*"], [["resource"]]: "x"}]}`,
      [
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
        [Codes.unknownField, ERR],
      ],
      check,
    );
  });

  it('requires names, privileges, application and resources', () => {
    expectDiagnostics('{"index": [ [[{]]"privileges": ["read"]} ], "application": [ [[{]]"privileges": ["read"]} ]}', [
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR],
      [Codes.missingRequiredField, ERR, 1],
    ], check);
  });

  it('checks privilege names and kinds like a role does', () => {
    expectDiagnostics(
      '{"cluster": [ [["monitr"]], [["read"]], [["cluster:monitor/health"]] ], "index": [{"names": ["a"], "privileges": [ [["manage_security"]], [["indices:data/read/search"]] ]}]}',
      [
        [Codes.unknownClusterPrivilege, ERR],
        [Codes.wrongPrivilegeKind, ERR],
        [Codes.rawActionPrivilege, INFO],
        [Codes.wrongPrivilegeKind, ERR],
        [Codes.rawActionPrivilege, INFO],
      ],
      check,
    );
  });

  it('refuses wildcards in application names, which roles accept', () => {
    expectDiagnostics('{"application": [{"application": [["app-*"]], "privileges": ["read"], "resources": ["*"]}]}', [
      [Codes.invalidApplicationName, ERR],
    ], check);
    expectClean('{"applications": [{"application": "app-*", "privileges": ["read"], "resources": ["*"]}]}');
  });

  it('checks application privilege characters', () => {
    expectDiagnostics('{"application": [{"application": "myapp", "privileges": [ [["read docs"]] ], "resources": ["*"]}]}', [
      [Codes.invalidApplicationPrivilege, ERR],
    ], check);
  });

  it('checks the JSON types', () => {
    expectDiagnostics('{"cluster": [["monitor"]], "index": [[{}]], "application": [ [[7]] ]}', [
      [Codes.wrongType, ERR],
      [Codes.wrongType, ERR],
      [Codes.wrongType, ERR],
    ], check);
  });
});
