import { describe, expect, it } from 'vitest';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { Codes, type DiagnosticData } from '../../server/src/language';
import {
  ERR, HAS_PRIVILEGES_URI, INFO, WARN, diagnose, expectClean, expectDiagnostics, expectNoCode,
} from '../helpers/diagnostics';

/** A role whose only index entry grants `privileges` (a JSON fragment) on `logs-*`. */
const indexRole = (privileges: string) => `{"indices": [{"names": ["logs-*"], "privileges": [ ${privileges} ]}]}`;

describe('cluster privileges', () => {
  it('accepts built-in names in any case, as ES lower-cases them', () => {
    expectClean('{"cluster": ["MONITOR", "Manage_ML", "manage_index_templates", "read_security", "all", "none"]}');
  });

  it('reports an unknown name with close suggestions, best first', () => {
    const [d] = expectDiagnostics('{"cluster": [ [["manage_index_template"]] ]}', [[Codes.unknownClusterPrivilege, ERR]]);
    expect((d.data as DiagnosticData).suggestions?.[0]).toBe('manage_index_templates');
    expect(d.codeDescription?.href).toMatch(/^https:\/\/www\.elastic\.co\//);
  });

  it('has no wildcard over privilege names', () => {
    expectDiagnostics('{"cluster": [ [["manage_*"]] ]}', [[Codes.unknownClusterPrivilege, ERR]]);
  });

  it('accepts raw cluster action patterns with an information hint', () => {
    expectDiagnostics(
      '{"cluster": [ [["cluster:*"]], [["cluster:admin/xpack/security/api_key/*"]], [["indices:admin/template/*"]], [["indices:admin/index_template/*"]], [["CLUSTER:monitor/health"]] ]}',
      [
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
      ],
    );
  });

  it('refuses an index action under cluster as the wrong kind', () => {
    const [d] = expectDiagnostics('{"cluster": ["monitor", [["indices:data/read/search"]] ]}', [[Codes.wrongPrivilegeKind, ERR]]);
    // A similar cluster name is rarely what was meant: no replacement is offered.
    expect((d.data as DiagnosticData | undefined)?.suggestions).toBeUndefined();
  });

  it('refuses index privileges under cluster as the wrong kind', () => {
    expectDiagnostics('{"cluster": [ [["read"]], [["write"]], [["view_index_metadata"]] ]}', [
      [Codes.wrongPrivilegeKind, ERR],
      [Codes.wrongPrivilegeKind, ERR],
      [Codes.wrongPrivilegeKind, ERR],
    ]);
  });

  it('accepts the names that exist in both kinds (all, none, manage, monitor) in both places', () => {
    expectClean('{"cluster": ["all", "none", "manage", "monitor"], "indices": [{"names": "*", "privileges": ["all", "none", "manage", "monitor"]}]}');
  });

  it('checks each element of a cluster list, and only strings', () => {
    expectDiagnostics('{"cluster": ["monitor", [[5]], [["monitr"]], [[null]] ]}', [
      [Codes.wrongType, ERR],
      [Codes.unknownClusterPrivilege, ERR],
      [Codes.wrongType, ERR],
    ]);
  });

  it('accepts an explicit null and an empty list', () => {
    expectClean('{"cluster": null}');
    expectClean('{"cluster": []}');
  });
});

describe('index privileges', () => {
  it('accepts built-in names in any case', () => {
    expectClean(indexRole('"READ", "View_Index_Metadata", "create_doc", "auto_configure"'));
  });

  it('reports an unknown name with a suggestion', () => {
    const [d] = expectDiagnostics(indexRole('[["reed"]]'), [[Codes.unknownIndexPrivilege, ERR]]);
    expect((d.data as DiagnosticData).suggestions).toContain('read');
  });

  it('accepts raw index action patterns with an information hint', () => {
    expectDiagnostics(
      indexRole('"read", [["indices:data/read/*"]], [["indices:admin/get"]], [["internal:transport/proxy/indices:data/read/search"]]'),
      [
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
        [Codes.rawActionPrivilege, INFO],
      ],
    );
  });

  it('refuses cluster privileges and cluster actions as the wrong kind', () => {
    expectDiagnostics(indexRole('[["manage_security"]], [["cluster:monitor/main"]], [["manage_index_templates"]]'), [
      [Codes.wrongPrivilegeKind, ERR],
      [Codes.wrongPrivilegeKind, ERR],
      [Codes.wrongPrivilegeKind, ERR],
    ]);
  });

  it('says in its message where a privilege of the other kind belongs', () => {
    const [d] = expectDiagnostics(indexRole('[["manage_security"]]'), [[Codes.wrongPrivilegeKind, ERR]]);
    expect(d.message).toContain('is a cluster privilege, not an index privilege');
    expect(d.message).toContain('`cluster`');
  });

  it('checks privileges in remote_indices and in global role.manage', () => {
    expectDiagnostics(
      `{"remote_indices": [{"names": ["logs-*"], "privileges": ["read", [["reed"]] ], "clusters": ["*"]}],
        "global": {"role": {"manage": {"indices": [{"names": ["team-*"], "privileges": ["read", [["manage_security"]] ]}]}}}}`,
      [
        [Codes.unknownIndexPrivilege, ERR],
        [Codes.wrongPrivilegeKind, ERR],
      ],
    );
  });
});

describe('remote_cluster privileges', () => {
  it('accepts monitor_enrich and monitor_stats, in any case', () => {
    expectClean('{"remote_cluster": [{"privileges": ["Monitor_Enrich", "MONITOR_STATS"], "clusters": ["prod-*", "dr"]}]}', { targetVersion: '9.1' });
  });

  it('refuses every other name: cluster, index and raw action names included', () => {
    const diagnostics = expectDiagnostics(
      '{"remote_cluster": [{"privileges": ["monitor_enrich", [["monitor"]], [["read_pipeline"]], [["read"]], [["cluster:monitor/*"]] ], "clusters": ["*"]}]}',
      [
        [Codes.unknownRemoteClusterPrivilege, ERR],
        [Codes.unknownRemoteClusterPrivilege, ERR],
        [Codes.unknownRemoteClusterPrivilege, ERR],
        [Codes.unknownRemoteClusterPrivilege, ERR],
      ],
    );
    // `monitor` is close to the allowed names: they are offered as replacements.
    expect((diagnostics[0].data as DiagnosticData).suggestions).toEqual(expect.arrayContaining(['monitor_enrich', 'monitor_stats']));
  });
});

describe('deprecated privileges', () => {
  it('warns with the replacement, tagged deprecated', () => {
    const [d] = expectDiagnostics('{"cluster": [ [["monitor_data_frame_transforms"]] ]}', [[Codes.deprecatedPrivilege, WARN]]);
    expect((d.data as DiagnosticData).suggestions).toEqual(['monitor_transform']);
    expect(d.tags).toEqual([DiagnosticTag.Deprecated]);
  });

  it('warns without a replacement when there is none', () => {
    const [d] = expectDiagnostics('{"cluster": [ [["manage_data_stream_global_retention"]] ]}', [[Codes.deprecatedPrivilege, WARN]], {
      targetVersion: '9.1',
    });
    expect((d.data as DiagnosticData | undefined)?.suggestions).toBeUndefined();
  });

  it('does not warn for a target version before the deprecation', () => {
    expectClean('{"cluster": ["manage_data_stream_global_retention"]}', { targetVersion: '8.15' });
  });

  it('warns whatever the spelling', () => {
    expectDiagnostics('{"cluster": [ [["MANAGE_DATA_FRAME_TRANSFORMS"]] ]}', [[Codes.deprecatedPrivilege, WARN]]);
  });
});

describe('duplicate privileges', () => {
  it('warns on each repetition, not on the first occurrence', () => {
    expectDiagnostics('{"cluster": ["monitor", [["monitor"]], "manage", [["monitor"]] ]}', [
      [Codes.duplicatePrivilege, WARN],
      [Codes.duplicatePrivilege, WARN],
    ]);
  });

  it('compares cluster and index names case-insensitively, as ES does', () => {
    expectDiagnostics(
      '{"cluster": ["monitor", [["MONITOR"]] ], "indices": [{"names": ["a"], "privileges": ["read", [["Read"]] ]}]}',
      [
        [Codes.duplicatePrivilege, WARN],
        [Codes.duplicatePrivilege, WARN],
      ],
    );
  });

  it('compares application privileges case-sensitively', () => {
    expectClean('{"applications": [{"application": "myapp", "privileges": ["read", "READ"], "resources": ["*"]}]}');
    expectDiagnostics('{"applications": [{"application": "myapp", "privileges": ["read", [["read"]] ], "resources": ["*"]}]}', [
      [Codes.duplicatePrivilege, WARN],
    ]);
  });

  it('does not report the same name in different entries', () => {
    expectClean('{"indices": [{"names": ["a"], "privileges": ["read"]}, {"names": ["b"], "privileges": ["read"]}]}');
  });
});

describe('version gating', () => {
  const remote = '{[["remote_cluster"]]: [{"privileges": [ [["monitor_enrich"]] ], "clusters": ["*"]}]}';

  it('warns that remote_cluster needs 8.15 when the target is 8.12', () => {
    expectDiagnostics(remote, [
      [Codes.requiresNewerVersion, WARN],
      [Codes.requiresNewerVersion, WARN],
    ], { targetVersion: '8.12' });
  });

  it('accepts remote_cluster with target 9.1', () => {
    expectClean(remote.replace(/\[\[|\]\]/g, ''), { targetVersion: '9.1' });
  });

  it('warns that manage_inference needs a newer version than 8.12', () => {
    expectDiagnostics('{"cluster": ["monitor", [["manage_inference"]] ]}', [[Codes.requiresNewerVersion, WARN]], { targetVersion: '8.12' });
    expectClean('{"cluster": ["monitor", "manage_inference"]}', { targetVersion: '8.15' });
  });

  it('warns that monitor_stats in remote_cluster needs 8.17', () => {
    expectDiagnostics('{"remote_cluster": [{"privileges": [ [["monitor_stats"]] ], "clusters": ["*"]}]}', [[Codes.requiresNewerVersion, WARN]], {
      targetVersion: '8.15',
    });
    expectClean('{"remote_cluster": [{"privileges": ["monitor_stats"], "clusters": ["*"]}]}', { targetVersion: '8.17' });
  });

  it('gates fields by version: remote_indices (8.10), description (8.15), global role (8.16)', () => {
    expectDiagnostics(
      '{[["description"]]: "d", [["remote_indices"]]: [{"names": ["a"], "privileges": ["read"], "clusters": ["*"]}], "global": {[["role"]]: {"manage": {"indices": [{"names": ["a"], "privileges": ["read"]}]}}}}',
      [
        [Codes.requiresNewerVersion, WARN],
        [Codes.requiresNewerVersion, WARN],
        [Codes.requiresNewerVersion, WARN],
      ],
      { targetVersion: '8.9' },
    );
  });

  it('warns that the failure-store privileges need 8.19', () => {
    expectDiagnostics(indexRole('"read", [["read_failure_store"]]'), [[Codes.requiresNewerVersion, WARN]], { targetVersion: '8.17' });
    expectClean(indexRole('"read", "read_failure_store", "manage_failure_store"'), { targetVersion: '9.1' });
  });

  it('uses the newest catalog when no target version is given', () => {
    expectClean('{"cluster": ["manage_inference", "monitor_stats"], "remote_cluster": [{"privileges": ["monitor_stats"], "clusters": ["*"]}]}');
  });
});

describe('failure-store privileges in remote_indices', () => {
  it('refuses read_failure_store and manage_failure_store there', () => {
    expectDiagnostics(
      '{"remote_indices": [{"names": ["logs-*"], "privileges": ["read", [["read_failure_store"]], [["Manage_Failure_Store"]] ], "clusters": ["*"]}]}',
      [
        [Codes.failureStoreInRemoteIndices, ERR],
        [Codes.failureStoreInRemoteIndices, ERR],
      ],
      { targetVersion: '9.1' },
    );
  });

  it('accepts privileges that only include the failure store (manage, all) there', () => {
    expectClean('{"remote_indices": [{"names": ["logs-*"], "privileges": ["manage", "all"], "clusters": ["*"]}]}', { targetVersion: '9.1' });
  });
});

describe('application names', () => {
  const app = (name: string) => `{"applications": [{"application": ${name}, "privileges": ["read"], "resources": ["*"]}]}`;

  it.each(['"kibana-.kibana"', '"myapp"', '"myapp-*"', '"*"', '"ab*"', '"app_name.v2"', '"inventoryManager"'])('accepts %s in a role', (name) => {
    expectClean(app(name));
  });

  it.each([
    ['a short prefix', '[["ab"]]'],
    ['a short prefix before a separator', '[["ab_c"]]'],
    ['a prefix starting with a capital', '[["Kibana"]]'],
    ['a prefix starting with a digit', '[["1app"]]'],
    ['a wildcard that is not trailing', '[["my*app"]]'],
    ['whitespace', '[["my app"]]'],
    ['a forbidden suffix character', '[["myapp-a/b"]]'],
    ['a blank name', '[[""]]'],
  ])('refuses %s', (_what, name) => {
    expectDiagnostics(app(name), [[Codes.invalidApplicationName, ERR]]);
  });

  it('refuses any wildcard in has_privileges', () => {
    expectDiagnostics(
      '{"application": [{"application": [["*"]], "privileges": ["read"], "resources": ["*"]}, {"application": [["kibana-*"]], "privileges": ["read"], "resources": ["*"]}]}',
      [
        [Codes.invalidApplicationName, ERR],
        [Codes.invalidApplicationName, ERR],
      ],
      { uri: HAS_PRIVILEGES_URI },
    );
  });
});

describe('application privileges', () => {
  it('accepts names and action patterns of any printable characters', () => {
    expectClean(
      '{"applications": [{"application": "kibana-.kibana", "privileges": ["feature_discover.read", "all", "data:read/*", "action:login", "READ"], "resources": ["space:default", "*"]}]}',
    );
  });

  it('refuses names with whitespace', () => {
    expectDiagnostics(
      '{"applications": [{"application": "myapp", "privileges": [ [["read all"]], [["tab\\tbed"]], "ok" ], "resources": ["*"]}]}',
      [
        [Codes.invalidApplicationPrivilege, ERR],
        [Codes.invalidApplicationPrivilege, ERR],
      ],
    );
  });

  it('does not check application privileges against the cluster or index catalogs', () => {
    expectNoCode('{"applications": [{"application": "myapp", "privileges": ["monitr", "read"], "resources": ["*"]}]}', [
      Codes.unknownClusterPrivilege,
      Codes.unknownIndexPrivilege,
      Codes.wrongPrivilegeKind,
    ]);
    expect(diagnose('{"applications": [{"application": "myapp", "privileges": ["monitr"], "resources": ["*"]}]}').diagnostics).toEqual([]);
  });
});
