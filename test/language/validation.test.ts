import { LINT_ONLY_CODES } from '../../server/src/language/lint';
import { describe, expect, it } from 'vitest';
import { Codes } from '../../server/src/language';
import {
  APIKEY_URI, ERR, GRANT_URI, HAS_PRIVILEGES_URI, INFO, ROLES_URI, ROLE_URI, WARN, expectClean, expectDiagnostics,
  type CheckOptions, type Expected,
} from '../helpers/diagnostics';

/**
 * One positive and one negative case per diagnostic code: the positive fixture must produce exactly
 * the listed diagnostics (code, severity and `[[...]]` range), the negative one — the valid variant
 * of the same body — none at all. The area files (validation-*.test.ts) go into each rule in depth.
 */
interface CodeCase {
  readonly positive: string;
  readonly expected: readonly Expected[];
  readonly negative: string;
  readonly opts?: CheckOptions;
  readonly negativeOpts?: CheckOptions;
}

const CASES: Record<string, CodeCase> = {
  [Codes.syntaxError]: {
    positive: '{"cluster": ["monitor"] [["run_as"]]: ["bob"]}',
    expected: [[Codes.syntaxError, ERR]],
    negative: '{"cluster": ["monitor"], "run_as": ["bob"]}',
  },
  [Codes.unknownField]: {
    positive: '{[["clusterr"]]: ["monitor"]}',
    expected: [[Codes.unknownField, ERR]],
    negative: '{"cluster": ["monitor"]}',
  },
  [Codes.apiKeyOnlyField]: {
    positive: '{"cluster": ["monitor"], [["restriction"]]: {"workflows": ["search_application_query"]}}',
    expected: [[Codes.apiKeyOnlyField, ERR]],
    negative: '{"name": "search-key", "role_descriptors": {"search": {"restriction": {"workflows": ["search_application_query"]}}}}',
    negativeOpts: { uri: APIKEY_URI },
  },
  [Codes.roleOnlyField]: {
    positive: '{"name": "k", "role_descriptors": {"reader": {[["description"]]: "Reads logs", "cluster": ["monitor"]}}}',
    expected: [[Codes.roleOnlyField, ERR]],
    opts: { uri: APIKEY_URI },
    negative: '{"description": "Reads logs", "cluster": ["monitor"]}',
  },
  [Codes.fieldNotAllowed]: {
    positive: '{"indices": [{"names": ["logs-*"], "privileges": ["read"], [["clusters"]]: ["eu"]}]}',
    expected: [[Codes.fieldNotAllowed, ERR]],
    negative: '{"remote_indices": [{"names": ["logs-*"], "privileges": ["read"], "clusters": ["eu"]}]}',
  },
  [Codes.wrongType]: {
    positive: '{"description": [[42]]}',
    expected: [[Codes.wrongType, ERR]],
    negative: '{"description": "42"}',
  },
  [Codes.missingRequiredField]: {
    positive: '{"indices": [ [[{]]"names": ["logs-*"]}]}',
    expected: [[Codes.missingRequiredField, ERR]],
    negative: '{"indices": [ {"names": ["logs-*"], "privileges": ["read"]}]}',
  },
  [Codes.emptyArray]: {
    positive: '{"indices": [{"names": "logs-*", "privileges": []}]}',
    expected: [[Codes.emptyArray, ERR, { text: '[]' }]],
    negative: '{"indices": [{"names": "logs-*", "privileges": ["read"]}]}',
  },
  [Codes.emptyObject]: {
    positive: '{"indices": [{"names": "logs-*", "privileges": ["read"], "field_security": [[{}]]}]}',
    expected: [[Codes.emptyObject, ERR]],
    negative: '{"indices": [{"names": "logs-*", "privileges": ["read"], "field_security": {"grant": ["*"]}}]}',
  },
  [Codes.unknownClusterPrivilege]: {
    positive: '{"cluster": [ [["monitr"]] ]}',
    expected: [[Codes.unknownClusterPrivilege, ERR]],
    negative: '{"cluster": ["monitor"]}',
  },
  [Codes.unknownIndexPrivilege]: {
    positive: '{"indices": [{"names": ["logs-*"], "privileges": [ [["reed"]] ]}]}',
    expected: [[Codes.unknownIndexPrivilege, ERR]],
    negative: '{"indices": [{"names": ["logs-*"], "privileges": ["read"]}]}',
  },
  [Codes.unknownRemoteClusterPrivilege]: {
    positive: '{"remote_cluster": [{"privileges": [ [["monitor"]] ], "clusters": ["*"]}]}',
    expected: [[Codes.unknownRemoteClusterPrivilege, ERR]],
    negative: '{"remote_cluster": [{"privileges": ["monitor_enrich"], "clusters": ["*"]}]}',
  },
  [Codes.wrongPrivilegeKind]: {
    positive: '{"cluster": [ [["read"]] ]}',
    expected: [[Codes.wrongPrivilegeKind, ERR]],
    negative: '{"indices": [{"names": ["logs-*"], "privileges": ["read"]}]}',
  },
  [Codes.rawActionPrivilege]: {
    positive: '{"cluster": [ [["cluster:monitor/main"]] ]}',
    expected: [[Codes.rawActionPrivilege, INFO]],
    negative: '{"cluster": ["monitor"]}',
  },
  [Codes.deprecatedPrivilege]: {
    positive: '{"cluster": [ [["manage_data_frame_transforms"]] ]}',
    expected: [[Codes.deprecatedPrivilege, WARN]],
    negative: '{"cluster": ["manage_transform"]}',
  },
  [Codes.duplicateKey]: {
    positive: '{"cluster": ["monitor"], [["cluster"]]: ["all"]}',
    expected: [[Codes.duplicateKey, ERR]],
    negative: '{"cluster": ["monitor", "all"]}',
  },
  [Codes.duplicatePrivilege]: {
    positive: '{"cluster": ["monitor", [["monitor"]] ]}',
    expected: [[Codes.duplicatePrivilege, WARN]],
    negative: '{"cluster": ["monitor", "manage"]}',
  },
  [Codes.requiresNewerVersion]: {
    positive: '{"cluster": [ [["manage_inference"]] ]}',
    expected: [[Codes.requiresNewerVersion, WARN]],
    opts: { targetVersion: '8.12' },
    negative: '{"cluster": ["manage_inference"]}',
    negativeOpts: { targetVersion: '9.1' },
  },
  [Codes.fieldSecurityExcept]: {
    positive: '{"indices": [{"names": ["hr"], "privileges": ["read"], "field_security": {"grant": ["name", "email"], "except": [ [["salary"]] ]}}]}',
    expected: [[Codes.fieldSecurityExcept, ERR]],
    negative: '{"indices": [{"names": ["hr"], "privileges": ["read"], "field_security": {"grant": ["name", "email"], "except": ["email"]}}]}',
  },
  [Codes.fieldSecurityExceptWithoutGrant]: {
    positive: '{"indices": [{"names": ["hr"], "privileges": ["read"], "field_security": {[["except"]]: ["salary"]}}]}',
    expected: [[Codes.fieldSecurityExceptWithoutGrant, ERR]],
    negative: '{"indices": [{"names": ["hr"], "privileges": ["read"], "field_security": {"grant": ["*"], "except": ["salary"]}}]}',
  },
  [Codes.descriptionTooLong]: {
    positive: `{"description": [["${'d'.repeat(1001)}"]]}`,
    expected: [[Codes.descriptionTooLong, ERR]],
    negative: `{"description": "${'d'.repeat(1000)}"}`,
  },
  [Codes.unknownWorkflow]: {
    positive: '{"name": "k", "role_descriptors": {"search": {"restriction": {"workflows": [ [["search_everything"]] ]}}}}',
    expected: [[Codes.unknownWorkflow, ERR]],
    opts: { uri: APIKEY_URI },
    negative: '{"name": "k", "role_descriptors": {"search": {"restriction": {"workflows": ["search_application_analytics"]}}}}',
    negativeOpts: { uri: APIKEY_URI },
  },
  [Codes.reservedMetadataKey]: {
    positive: '{"cluster": ["monitor"], "metadata": {[["_owner"]]: "team-a"}}',
    expected: [[Codes.reservedMetadataKey, ERR]],
    negative: '{"cluster": ["monitor"], "metadata": {"owner": "team-a"}}',
  },
  [Codes.invalidRoleName]: {
    positive: '{[[" padded"]]: {"cluster": ["monitor"]}}',
    expected: [[Codes.invalidRoleName, ERR]],
    opts: { uri: ROLES_URI },
    negative: '{"padded": {"cluster": ["monitor"]}}',
    negativeOpts: { uri: ROLES_URI },
  },
  [Codes.reservedRoleName]: {
    positive: '{[["superuser"]]: {"cluster": ["all"]}}',
    expected: [[Codes.reservedRoleName, ERR]],
    opts: { uri: ROLES_URI },
    negative: '{"my_superuser": {"cluster": ["all"]}}',
    negativeOpts: { uri: ROLES_URI },
  },
  [Codes.unknownGlobalCategory]: {
    positive: '{"global": {[["applications"]]: {"manage": {"applications": ["app-*"]}}}}',
    expected: [[Codes.unknownGlobalCategory, ERR]],
    negative: '{"global": {"application": {"manage": {"applications": ["app-*"]}}}}',
  },
  [Codes.invalidApplicationName]: {
    positive: '{"applications": [{"application": [["ab"]], "privileges": ["read"], "resources": ["*"]}]}',
    expected: [[Codes.invalidApplicationName, ERR]],
    negative: '{"applications": [{"application": "abc", "privileges": ["read"], "resources": ["*"]}]}',
  },
  [Codes.invalidApplicationPrivilege]: {
    positive: '{"applications": [{"application": "myapp", "privileges": [ [["read all"]] ], "resources": ["*"]}]}',
    expected: [[Codes.invalidApplicationPrivilege, ERR]],
    negative: '{"applications": [{"application": "myapp", "privileges": ["read_all"], "resources": ["*"]}]}',
  },
  [Codes.invalidQuery]: {
    positive: '{"indices": [{"names": ["logs-*"], "privileges": ["read"], "query": [["{\\"match\\": "]]}]}',
    expected: [[Codes.invalidQuery, ERR]],
    negative: '{"indices": [{"names": ["logs-*"], "privileges": ["read"], "query": "{\\"match\\": {\\"team\\": \\"a\\"}}"}]}',
  },
  [Codes.prohibitedQuery]: {
    positive:
      '{"indices": [{"names": ["docs"], "privileges": ["read"], "query": {"terms": {[["owner"]]: {"index": "users", "id": "u1", "path": "groups"}}}}]}',
    expected: [[Codes.prohibitedQuery, ERR]],
    negative: '{"indices": [{"names": ["docs"], "privileges": ["read"], "query": {"terms": {"owner": ["u1", "u2"]}}}]}',
  },
  [Codes.emptyClusterAlias]: {
    positive: '{"remote_indices": [{"names": ["logs-*"], "privileges": ["read"], "clusters": [ [[""]] ]}]}',
    expected: [[Codes.emptyClusterAlias, ERR]],
    negative: '{"remote_indices": [{"names": ["logs-*"], "privileges": ["read"], "clusters": ["*"]}]}',
  },
  [Codes.failureStoreInRemoteIndices]: {
    positive: '{"remote_indices": [{"names": ["logs-*"], "privileges": ["read", [["read_failure_store"]] ], "clusters": ["*"]}]}',
    expected: [[Codes.failureStoreInRemoteIndices, ERR]],
    opts: { targetVersion: '9.1' },
    negative: '{"indices": [{"names": ["logs-*"], "privileges": ["read", "read_failure_store"]}]}',
    negativeOpts: { targetVersion: '9.1' },
  },
  [Codes.invalidApiKeyName]: {
    positive: '{"name": [["_internal"]], "expiration": "7d"}',
    expected: [[Codes.invalidApiKeyName, ERR]],
    opts: { uri: APIKEY_URI },
    negative: '{"name": "internal", "expiration": "7d"}',
    negativeOpts: { uri: APIKEY_URI },
  },
  [Codes.invalidExpiration]: {
    positive: '{"name": "k", "expiration": [["1 week"]]}',
    expected: [[Codes.invalidExpiration, WARN]],
    opts: { uri: APIKEY_URI },
    negative: '{"name": "k", "expiration": "7d"}',
    negativeOpts: { uri: APIKEY_URI },
  },
  [Codes.restrictionCombination]: {
    positive:
      '{"name": "k", "role_descriptors": {"plain": {"cluster": ["monitor"]}, [["search"]]: {"restriction": {"workflows": ["search_application_query"]}}}}',
    expected: [[Codes.restrictionCombination, ERR]],
    opts: { uri: APIKEY_URI },
    negative: '{"name": "k", "role_descriptors": {"search": {"cluster": ["monitor"], "restriction": {"workflows": ["search_application_query"]}}}}',
    negativeOpts: { uri: APIKEY_URI },
  },
  [Codes.unknownGrantType]: {
    positive: '{"grant_type": [["basic"]], "username": "u", "password": "p", "api_key": {"name": "k"}}',
    expected: [[Codes.unknownGrantType, ERR]],
    opts: { uri: GRANT_URI },
    negative: '{"grant_type": "password", "username": "u", "password": "p", "api_key": {"name": "k"}}',
    negativeOpts: { uri: GRANT_URI },
  },
  [Codes.missingGrantCredential]: {
    positive: '{"grant_type": [["password"]], "password": "p", "api_key": {"name": "k"}}',
    expected: [[Codes.missingGrantCredential, ERR]],
    opts: { uri: GRANT_URI },
    negative: '{"grant_type": "password", "username": "u", "password": "p", "api_key": {"name": "k"}}',
    negativeOpts: { uri: GRANT_URI },
  },
  [Codes.emptyHasPrivileges]: {
    positive: '[[{]]}',
    expected: [[Codes.emptyHasPrivileges, ERR]],
    opts: { uri: HAS_PRIVILEGES_URI },
    negative: '{"cluster": ["monitor"]}',
    negativeOpts: { uri: HAS_PRIVILEGES_URI },
  },
  [Codes.nestingTooDeep]: {
    positive: `{"metadata": ${'{"a": '.repeat(999)}[[{]]"a": 1${'}'.repeat(1001)}`,
    expected: [[Codes.nestingTooDeep, ERR]],
    negative: `{"cluster": ["monitor"], "metadata": ${'{"a": '.repeat(998)}1${'}'.repeat(998)}}`,
  },
  [Codes.tooManyProblems]: {
    positive: `{"cluster": [ ${Array.from({ length: 1001 }, (_, i) => `[["x${i}"]]`).join(', ')} ]}`,
    expected: [...Array.from({ length: 1000 }, () => [Codes.unknownClusterPrivilege, ERR] as const), [Codes.tooManyProblems, WARN, 1000]],
    negative: '{"cluster": ["monitor"]}',
  },
};

describe('every diagnostic code', () => {
  it('has a case here (document-too-large is tested in symbols.test.ts)', () => {
    const codes = Object.values(Codes).filter((c) => c !== Codes.documentTooLarge && !LINT_ONLY_CODES.has(c)).sort();
    expect(Object.keys(CASES).sort()).toEqual(codes);
  });

  describe.each(Object.entries(CASES))('%s', (code, c) => {
    it('is reported with its range and severity', () => {
      const diagnostics = expectDiagnostics(c.positive, c.expected, { uri: ROLE_URI, ...c.opts });
      expect(diagnostics.map((d) => d.code)).toContain(code);
      expect(diagnostics.every((d) => typeof d.message === 'string' && d.message.length > 0)).toBe(true);
    });

    it('is not reported on the valid variant', () => {
      expectClean(c.negative, { uri: ROLE_URI, ...c.negativeOpts });
    });
  });
});
