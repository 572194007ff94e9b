/**
 * The security lint rules: each code with positive cases (exact ranges and severities, nothing
 * else reported) and negative ones, under the recommended profile; the redundant-privilege quick fix.
 */
import { describe, expect, it } from 'vitest';
import { Codes, getLanguageService } from '../../server/src/language';
import type { LintSettings } from '../../server/src/language/lint';
import {
  APIKEY_URI, GRANT_URI, INFO, ROLE_URI, ROLES_URI, WARN, diagnose, expectClean, expectDiagnostics, type Expected,
} from '../helpers/diagnostics';
import { applyEdits, markedDocument } from '../helpers/markers';

const LINT: LintSettings = { profile: 'recommended' };
const lint = (source: string, expected: readonly Expected[], uri = ROLE_URI) => expectDiagnostics(source, expected, { uri, lint: LINT });
const clean = (source: string, uri = ROLE_URI) => expectClean(source, { uri, lint: LINT });

describe('broad-cluster-privilege', () => {
  it('warns on all, manage and manage_security', () => {
    lint('{"cluster": [ [["all"]] ]}', [[Codes.broadClusterPrivilege, WARN]]);
    lint('{"cluster": [ [["manage"]] ]}', [[Codes.broadClusterPrivilege, WARN]]);
    lint('{"cluster": [ [["MANAGE_SECURITY"]] ]}', [[Codes.broadClusterPrivilege, WARN]]);
  });

  it('warns on raw action patterns that grant every security action', () => {
    lint('{"cluster": [ [["cluster:admin/xpack/security/*"]] ]}', [
      [Codes.broadClusterPrivilege, WARN, 0],
      [Codes.rawActionPrivilege, INFO, 0],
    ]);
  });

  it('reports manage_api_key and grant_api_key as information on roles that are not admin roles', () => {
    lint('{"cluster": [ [["manage_api_key"]] ]}', [[Codes.broadClusterPrivilege, INFO]]);
    lint('{"cluster": [ [["grant_api_key"]], "monitor" ]}', [[Codes.broadClusterPrivilege, INFO]]);
    clean('{"cluster": ["manage_api_key"]}', 'file:///roles/api-key-admin.role.json');
    lint('{"ci-admin": {"cluster": ["grant_api_key"]}, "ci": {"cluster": [ [["grant_api_key"]] ]}}', [[Codes.broadClusterPrivilege, INFO]], ROLES_URI);
  });

  it('reads a huge cluster list once, not once per element', () => {
    // 20,000 findings' worth of `manage` and `grant_api_key`: whether the list holds `all` (or makes an
    // admin role) is worked out once, not by a scan of the list per element (which was quadratic).
    const n = 20_000;
    const list = Array.from({ length: n }, (_, i) => (i % 2 ? '"manage"' : '"grant_api_key"')).join(', ');
    const includes = Array.prototype.includes;
    let scans = 0;
    Array.prototype.includes = function (this: unknown[], ...args: [unknown, number?]) {
      if (this.length >= n) scans++;
      return includes.apply(this, args);
    };
    try {
      const { diagnostics } = diagnose(`{"cluster": [${list}]}`, { uri: ROLE_URI, lint: LINT });
      expect(diagnostics.filter((d) => d.code === Codes.broadClusterPrivilege).length).toBeGreaterThan(0);
    } finally {
      Array.prototype.includes = includes;
    }
    expect(scans).toBeLessThanOrEqual(2);
  });

  it('does not repeat manage next to all (it is redundant there)', () => {
    lint('{"cluster": [ [["all"]], [["manage"]] ]}', [
      [Codes.broadClusterPrivilege, WARN, 0],
      [Codes.redundantPrivilege, INFO, 1],
    ]);
  });

  it('accepts narrow cluster privileges', () => {
    clean('{"cluster": ["monitor", "manage_ilm", "read_security", "manage_own_api_key", "manage_index_templates"]}');
  });
});

describe('wildcard-index-write', () => {
  it('warns when names match every index and the entry writes, deletes or manages', () => {
    for (const p of ['all', 'write', 'delete', 'delete_index', 'manage']) {
      lint(`{"indices": [{"names": [ [["*"]] ], "privileges": ["${p}"]}]}`, [[Codes.wildcardIndexWrite, WARN]]);
    }
    lint('{"indices": [{"names": [["*:*"]], "privileges": ["read", "write"]}]}', [[Codes.wildcardIndexWrite, WARN]]);
    lint('{"index": [{"names": ["logs", [["/.*/"]] ], "privileges": ["delete"]}]}', [[Codes.wildcardIndexWrite, WARN]]);
    lint('{"indices": [{"names": [ [["**"]] ], "privileges": ["manage"]}]}', [[Codes.wildcardIndexWrite, WARN]]);
  });

  it('warns on remote_indices too, and on raw write actions', () => {
    lint('{"remote_indices": [{"clusters": ["eu"], "names": [ [["*"]] ], "privileges": ["write"]}]}', [[Codes.wildcardIndexWrite, WARN]]);
    lint('{"indices": [{"names": [ [["*"]] ], "privileges": [ [["indices:data/write/*"]] ]}]}', [
      [Codes.wildcardIndexWrite, WARN, 0],
      [Codes.rawActionPrivilege, INFO, 1],
    ]);
  });

  it('accepts read-only access to everything and writes to named patterns', () => {
    clean('{"indices": [{"names": ["*"], "privileges": ["read", "monitor", "view_index_metadata"]}]}');
    clean('{"indices": [{"names": ["logs-*", "/logs-.*/", "*-logs"], "privileges": ["write", "delete_index"]}]}');
    clean('{"indices": [{"names": ["?*"], "privileges": ["write"]}]}');
  });
});

describe('restricted-indices-access', () => {
  it('warns on allow_restricted_indices: true', () => {
    lint('{"indices": [{"names": [".security*"], "privileges": ["read"], [["allow_restricted_indices"]]: true}]}', [
      [Codes.restrictedIndicesAccess, WARN],
    ]);
    lint('{"remote_indices": [{"clusters": ["*"], "names": ["a"], "privileges": ["read"], [["allow_restricted_indices"]]: true}]}', [
      [Codes.restrictedIndicesAccess, WARN],
    ]);
  });

  it('accepts false and an absent flag', () => {
    clean('{"indices": [{"names": ["a"], "privileges": ["read"], "allow_restricted_indices": false}]}');
    clean('{"indices": [{"names": ["a"], "privileges": ["read"]}]}');
  });
});

describe('run-as-wildcard', () => {
  it('warns on each pattern in run_as', () => {
    lint('{"run_as": [ [["*"]] ]}', [[Codes.runAsWildcard, WARN]]);
    lint('{"run_as": [ [["svc-*"]], "alice", [["user?"]], [["/adm.*/"]] ]}', [
      [Codes.runAsWildcard, WARN],
      [Codes.runAsWildcard, WARN],
      [Codes.runAsWildcard, WARN],
    ]);
  });

  it('accepts named users, and the single user of a grant body', () => {
    clean('{"run_as": ["alice", "bob"]}');
    clean('{"grant_type": "password", "username": "u", "password": "p", "run_as": "alice", "api_key": {"name": "k", "role_descriptors": {"r": {"cluster": ["monitor"]}}}}', GRANT_URI);
  });
});

describe('redundant-privilege', () => {
  it('reports a privilege implied by another in the same list', () => {
    lint('{"cluster": ["manage_ilm", "manage_slm", [["read_ilm"]] ]}', [[Codes.redundantPrivilege, INFO]]);
    lint('{"indices": [{"names": ["a"], "privileges": ["all", [["read"]] ]}]}', [[Codes.redundantPrivilege, INFO]]);
    lint('{"indices": [{"names": ["a"], "privileges": [ [["create_doc"]], "write" ]}]}', [[Codes.redundantPrivilege, INFO]]);
    lint('{"cluster": ["monitor", [["none"]] ]}', [[Codes.redundantPrivilege, INFO]]);
  });

  it('reports only the second of two names for the same privilege', () => {
    lint('{"cluster": ["manage_pipeline", [["manage_ingest_pipelines"]] ]}', [[Codes.redundantPrivilege, INFO]]);
    lint('{"cluster": ["manage_ingest_pipelines", [["manage_pipeline"]] ]}', [[Codes.redundantPrivilege, INFO]]);
  });

  it('compares raw actions and names by their actions', () => {
    lint('{"indices": [{"names": ["a"], "privileges": ["read", [["indices:data/read/search"]] ]}]}', [
      [Codes.redundantPrivilege, INFO, 0],
      [Codes.rawActionPrivilege, INFO, 0],
    ]);
    lint('{"cluster": [ [["read_security"]], [["cluster:admin/xpack/security/*"]] ]}', [
      [Codes.redundantPrivilege, INFO, 0],
      [Codes.broadClusterPrivilege, WARN, 1],
      [Codes.rawActionPrivilege, INFO, 1],
    ]);
  });

  it('accepts lists without implication, and the failure store next to read', () => {
    clean('{"cluster": ["monitor", "manage_ilm"], "indices": [{"names": ["a"], "privileges": ["read", "view_index_metadata"]}]}');
    clean('{"indices": [{"names": ["a"], "privileges": ["read", "read_failure_store"]}]}');
    clean('{"remote_cluster": [{"clusters": ["*"], "privileges": ["monitor_enrich", "monitor_stats"]}]}');
  });

  it('leaves duplicates to duplicate-privilege', () => {
    lint('{"cluster": ["monitor", [["monitor"]] ]}', [[Codes.duplicatePrivilege, WARN]]);
  });

  it('has a quick fix that removes the privilege', () => {
    const ls = getLanguageService();
    const m = markedDocument('{"cluster": ["manage", [["monitor"]], "manage_ilm"]}', ROLE_URI, { cursor: false });
    const d = ls.doValidation(m.doc, { lint: LINT }).find((x) => x.code === Codes.redundantPrivilege)!;
    expect(d.range).toEqual(m.ranges[0]);
    const actions = ls.getCodeActions(m.doc, d.range, { diagnostics: [d] });
    expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([['Remove redundant privilege', true]]);
    expect(applyEdits(m.doc, actions[0].edit!.changes![ROLE_URI])).toBe('{"cluster": ["manage", "manage_ilm"]}');
  });
});

describe('empty-grant', () => {
  it('reports a role that grants nothing, at its start or its name', () => {
    lint('[[{]]"description": "placeholder"}', [[Codes.emptyGrant, INFO]]);
    lint('[[{]]"cluster": ["none"], "indices": [], "run_as": []}', [[Codes.emptyGrant, INFO]]);
    lint('{"ok": {"cluster": ["monitor"]}, [["empty"]]: {}}', [[Codes.emptyGrant, INFO]], ROLES_URI);
    lint('{"name": "k", "role_descriptors": { [["nothing"]]: {} }}', [[Codes.emptyGrant, INFO]], APIKEY_URI);
  });

  it('reports an entry or a cluster list that only holds none, when the role grants something else', () => {
    lint('{"cluster": ["monitor"], "indices": [{"names": ["a"], "privileges": ["none"]}]}', [
      [Codes.emptyGrant, INFO, { text: '["none"]' }],
    ]);
    lint('{"cluster": ["none"], "indices": [{"names": ["a"], "privileges": ["read"]}]}', [[Codes.emptyGrant, INFO, { text: '["none"]' }]]);
  });

  it('accepts roles that grant anything at all, and leaves refused empty lists to validation', () => {
    clean('{"run_as": ["alice"]}');
    clean('{"applications": [{"application": "kibana-.kibana", "privileges": ["all"], "resources": ["*"]}]}');
    clean('{"global": {"application": {"manage": {"applications": ["app"]}}}}');
    const { diagnostics } = diagnose('{"indices": [{"names": ["a"], "privileges": []}]}', { lint: LINT });
    expect(diagnostics.map((d) => d.code)).toEqual([Codes.emptyArray]);
  });
});

describe('fls-grant-all', () => {
  it('reports grant ["*"] without except', () => {
    lint('{"indices": [{"names": ["a"], "privileges": ["read"], [["field_security"]]: {"grant": ["*"]}}]}', [[Codes.flsGrantAll, INFO]]);
    lint('{"indices": [{"names": ["a"], "privileges": ["read"], [["field_security"]]: {"grant": ["*", "a"], "except": []}}]}', [
      [Codes.flsGrantAll, INFO],
    ]);
  });

  it('accepts field security that hides something', () => {
    clean('{"indices": [{"names": ["a"], "privileges": ["read"], "field_security": {"grant": ["*"], "except": ["secret"]}}]}');
    clean('{"indices": [{"names": ["a"], "privileges": ["read"], "field_security": {"grant": ["public.*"]}}]}');
  });
});

describe('api-key-unrestricted', () => {
  it('warns on a create body without role descriptors, or with none in them', () => {
    lint('{ [["name"]]: "ci", "expiration": "1d" }', [[Codes.apiKeyUnrestricted, WARN]], APIKEY_URI);
    lint('{ "name": "ci", [["role_descriptors"]]: {} }', [[Codes.apiKeyUnrestricted, WARN]], APIKEY_URI);
  });

  it('warns on a grant body whose api_key has no role descriptors', () => {
    lint('{"grant_type": "password", "username": "u", "password": "p", [["api_key"]]: {"name": "k"}}', [[Codes.apiKeyUnrestricted, WARN]], GRANT_URI);
  });

  it('accepts keys limited by role descriptors', () => {
    clean('{"name": "ci", "role_descriptors": {"deploy": {"cluster": ["manage_ilm"]}}}', APIKEY_URI);
  });
});

describe('the lint pass', () => {
  it('does not run without lint settings (validation only)', () => {
    const { diagnostics } = diagnose('{"cluster": ["all"]}', {});
    expect(diagnostics).toEqual([]);
  });

  it('does not run after a syntax error', () => {
    const { diagnostics } = diagnose('{"cluster": ["all"], "run_as": ["*"] ', { lint: LINT });
    expect(diagnostics.map((d) => d.code)).toEqual([Codes.syntaxError]);
  });

  it('does not lint has_privileges bodies', () => {
    clean('{"cluster": ["all"], "index": [{"names": ["*"], "privileges": ["write"]}]}', 'file:///test/check.has_privileges.json');
  });

  it('lints every role of a roles map and a bulk body', () => {
    lint('{"a": {"cluster": [ [["all"]] ]}, "b": {"run_as": [ [["*"]] ]}}', [
      [Codes.broadClusterPrivilege, WARN],
      [Codes.runAsWildcard, WARN],
    ], ROLES_URI);
    lint('{"roles": {"a": {"cluster": [ [["manage"]] ]}}}', [[Codes.broadClusterPrivilege, WARN]], 'file:///test/bulk.json');
  });

  it('stops after 1000 findings, like validation, and says where', () => {
    const roles = Array.from({ length: 1100 }, (_, i) => `"r${i}": {"run_as": ["*"]}`).join(',\n');
    const { diagnostics } = diagnose(`{\n${roles}\n}`, { uri: ROLES_URI, lint: LINT });
    expect(diagnostics.filter((d) => d.code === Codes.runAsWildcard)).toHaveLength(1000);
    const last = diagnostics[diagnostics.length - 1];
    expect([last.code, last.severity, last.range.start.line]).toEqual([Codes.tooManyProblems, INFO, 1001]);
  });

  it('gives every finding a docs link and the es-roles source', () => {
    const { diagnostics } = diagnose('{"cluster": ["all", "monitor"], "run_as": ["*"]}', { lint: LINT });
    expect(diagnostics.length).toBe(3);
    for (const d of diagnostics) expect(d.codeDescription?.href).toMatch(/^https:\/\//);
  });
});
