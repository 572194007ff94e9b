import { describe, expect, it } from 'vitest';
import { Codes, type DiagnosticData } from '../../server/src/language';
import {
  APIKEY_URI, ERR, GRANT_URI, INFO, ROLES_URI, WARN, expectClean, expectDiagnostics, type CheckOptions,
} from '../helpers/diagnostics';

const key: CheckOptions = { uri: APIKEY_URI };
const grant: CheckOptions = { uri: GRANT_URI };
/** A create-API-key body whose role_descriptors are `descriptors` (a JSON fragment). */
const withDescriptors = (descriptors: string) => `{"name": "ingest-key", "role_descriptors": {${descriptors}}}`;

describe('fields that differ between roles and API keys', () => {
  it('refuses restriction in a role, a roles map and a bulk body', () => {
    expectDiagnostics('{"cluster": ["monitor"], [["restriction"]]: {"workflows": ["search_application_query"]}}', [[Codes.apiKeyOnlyField, ERR]]);
    expectDiagnostics('{"search": {[["restriction"]]: {"workflows": ["search_application_query"]}}}', [[Codes.apiKeyOnlyField, ERR]], {
      uri: ROLES_URI,
    });
    expectDiagnostics('{"roles": {"search": {[["restriction"]]: {}}}}', [[Codes.apiKeyOnlyField, ERR]]);
  });

  it('does not also validate the content of a refused restriction', () => {
    expectDiagnostics('{[["restriction"]]: {"workflows": ["no_such_workflow"], "x": 1}}', [[Codes.apiKeyOnlyField, ERR]]);
  });

  it('refuses description in API-key role descriptors, created or granted', () => {
    expectDiagnostics(withDescriptors('"r": {[["description"]]: "Ingest only", "cluster": ["monitor"]}'), [[Codes.roleOnlyField, ERR]], key);
    expectDiagnostics(
      '{"grant_type": "password", "username": "u", "password": "p", "api_key": {"name": "k", "role_descriptors": {"r": {[["description"]]: "x"}}}}',
      [[Codes.roleOnlyField, ERR]],
      grant,
    );
  });

  it('names the role descriptor in the message', () => {
    const [d] = expectDiagnostics(withDescriptors('"ingest": {[["description"]]: "x"}'), [[Codes.roleOnlyField, ERR]], key);
    expect(d.message).toContain('[ingest]');
  });

  it('validates API-key role descriptors like roles otherwise', () => {
    expectDiagnostics(
      withDescriptors('"r": {"cluster": [ [["monitr"]] ], "index": [{"names": ["a"], "privileges": [ [["reed"]] ]}], [["run-as"]]: []}'),
      [
        [Codes.unknownClusterPrivilege, ERR],
        [Codes.unknownIndexPrivilege, ERR],
        [Codes.unknownField, ERR],
      ],
      key,
    );
  });
});

describe('restriction', () => {
  it('accepts known workflows in any case, trimmed', () => {
    expectClean(withDescriptors('"search": {"restriction": {"workflows": ["search_application_query", " SEARCH_APPLICATION_ANALYTICS "]}}'), key);
  });

  it('accepts an empty restriction, which restricts nothing', () => {
    expectClean(withDescriptors('"a": {"restriction": {}}, "b": {"cluster": ["monitor"]}'), key);
  });

  it('refuses unknown workflows, with a suggestion', () => {
    const [d] = expectDiagnostics(withDescriptors('"s": {"restriction": {"workflows": [ [["search_application_querys"]], [["kibana"]] ]}}'), [
      [Codes.unknownWorkflow, ERR],
      [Codes.unknownWorkflow, ERR],
    ], key);
    expect((d.data as DiagnosticData).suggestions?.[0]).toBe('search_application_query');
  });

  it('refuses an empty and a null workflows list, once each', () => {
    expectDiagnostics(withDescriptors('"s": {"restriction": {"workflows": [ ]}}'), [[Codes.emptyArray, ERR, { text: '[ ]' }]], key);
    expectDiagnostics(withDescriptors('"s": {"restriction": {"workflows": [[null]]}}'), [[Codes.wrongType, ERR]], key);
  });

  it('refuses unknown fields in restriction', () => {
    const [d] = expectDiagnostics(withDescriptors('"s": {"restriction": {[["workflow"]]: ["search_application_query"]}}'), [[Codes.unknownField, ERR]], key);
    expect((d.data as DiagnosticData).suggestions).toEqual(['workflows']);
  });

  it('refuses more than one restricted descriptor, on each one after the first', () => {
    expectDiagnostics(
      withDescriptors(
        '"a": {"restriction": {"workflows": ["search_application_query"]}}, [["b"]]: {"restriction": {"workflows": ["search_application_query"]}}, [["c"]]: {"restriction": {"workflows": ["search_application_analytics"]}}',
      ),
      [
        [Codes.restrictionCombination, ERR],
        [Codes.restrictionCombination, ERR],
      ],
      key,
    );
  });

  it('refuses combining restricted and unrestricted descriptors, on the restricted one', () => {
    expectDiagnostics(withDescriptors('"plain": {"cluster": ["monitor"]}, [["search"]]: {"restriction": {"workflows": ["search_application_query"]}}'), [
      [Codes.restrictionCombination, ERR],
    ], key);
  });

  it('applies to granted keys too', () => {
    expectDiagnostics(
      '{"grant_type": "access_token", "access_token": "t", "api_key": {"name": "k", "role_descriptors": {"a": {}, [["b"]]: {"restriction": {"workflows": ["search_application_query"]}}}}}',
      [[Codes.restrictionCombination, ERR]],
      grant,
    );
  });

  it('warns that restriction needs 8.9', () => {
    expectDiagnostics(withDescriptors('"s": {[["restriction"]]: {"workflows": ["search_application_query"]}}'), [[Codes.requiresNewerVersion, WARN]], {
      ...key,
      targetVersion: '8.8',
    });
  });
});

describe('API-key name', () => {
  it.each([
    ['a leading underscore', '"_ingest"'],
    ['leading whitespace', '" ingest"'],
    ['trailing whitespace', '"ingest\\t"'],
    ['no characters', '""'],
    ['257 characters', `"${'k'.repeat(257)}"`],
  ])('refuses %s', (_what, name) => {
    expectDiagnostics(`{"name": [[${name}]]}`, [[Codes.invalidApiKeyName, ERR]], key);
  });

  it('accepts 256 characters, inner spaces and underscores', () => {
    expectClean(`{"name": "${'k'.repeat(256)}"}`, key);
    expectClean('{"name": "my ingest_key-2"}', key);
  });

  it('is required, in created and granted keys', () => {
    expectDiagnostics('[[{]]"expiration": "1d", "role_descriptors": {}}', [[Codes.missingRequiredField, ERR]], key);
    expectDiagnostics('{"grant_type": "password", "username": "u", "password": "p", [["api_key"]]: {"expiration": "1d"}}', [
      [Codes.missingRequiredField, ERR],
    ], grant);
  });

  it('must be a string', () => {
    expectDiagnostics('{"name": [[42]]}', [[Codes.wrongType, ERR]], key);
  });
});

describe('expiration', () => {
  it.each(['30d', '12h', '90m', '3600s', '500ms', '1000000micros', '5nanos', '7D', '1H', ' 2d ', '-1', '0'])('accepts %j', (value) => {
    expectClean(`{"name": "k", "expiration": "${value}"}`, key);
  });

  it.each([
    ['a word unit', '1 week'],
    ['no unit', '30'],
    ['a fraction', '1.5d'],
    ['months', '90M'],
    ['years', '1y'],
    ['a negative duration', '-2d'],
    ['an empty string', ''],
  ])('warns about %s', (_what, value) => {
    expectDiagnostics(`{"name": "k", "expiration": [["${value}"]]}`, [[Codes.invalidExpiration, WARN]], key);
  });

  it('must be a string', () => {
    expectDiagnostics('{"name": "k", "expiration": [[30]]}', [[Codes.wrongType, ERR]], key);
  });
});

describe('API-key bodies', () => {
  it('refuses unknown fields in a create body', () => {
    expectDiagnostics('{"name": "k", [["expires"]]: "1d", [["access"]]: {}}', [
      [Codes.unknownField, ERR],
      [Codes.unknownField, ERR],
    ], key);
  });

  it('suggests role_descriptors for role_descriptor', () => {
    const [d] = expectDiagnostics('{"name": "k", [["role_descriptor"]]: {}}', [[Codes.unknownField, ERR]], key);
    expect((d.data as DiagnosticData).suggestions).toEqual(['role_descriptors']);
  });

  it('requires role_descriptors to be an object keyed by name', () => {
    expectDiagnostics('{"name": "k", "role_descriptors": [ ]}', [[Codes.wrongType, ERR, { text: '[ ]' }]], key);
  });

  it('refuses API-key metadata keys starting with _, at the top level only', () => {
    const [d] = expectDiagnostics('{"name": "k", "metadata": {[["_app"]]: "x", "env": {"_level": 1}}}', [[Codes.reservedMetadataKey, ERR]], key);
    expect(d.message).toContain('API key metadata');
  });

  it('refuses role metadata keys starting with _ in role descriptors', () => {
    const [d] = expectDiagnostics(withDescriptors('"r": {"metadata": {[["_x"]]: 1}}'), [[Codes.reservedMetadataKey, ERR]], key);
    expect(d.message).toContain('role descriptor metadata');
  });

  it('accepts an empty role_descriptors map (the key inherits its owner\'s privileges)', () => {
    expectClean('{"name": "k", "role_descriptors": {}}', key);
  });
});

describe('grant API key', () => {
  it('accepts password and access_token grants', () => {
    expectClean('{"grant_type": "password", "username": "u", "password": "p", "run_as": "v", "api_key": {"name": "k", "expiration": "1d"}}', grant);
    expectClean('{"grant_type": "access_token", "access_token": "tok", "api_key": {"name": "k"}}', grant);
  });

  it('accepts client_authentication', () => {
    expectClean(
      '{"grant_type": "access_token", "access_token": "jwt", "client_authentication": {"scheme": "SharedSecret", "value": "s"}, "api_key": {"name": "k"}}',
      grant,
    );
  });

  it('refuses an unknown grant_type, suggesting the closest', () => {
    const [d] = expectDiagnostics('{"grant_type": [["passwd"]], "username": "u", "api_key": {"name": "k"}}', [[Codes.unknownGrantType, ERR]], grant);
    expect((d.data as DiagnosticData).suggestions?.[0]).toBe('password');
  });

  it('offers both grant types when nothing is close', () => {
    const [d] = expectDiagnostics('{"grant_type": [["kerberos"]], "api_key": {"name": "k"}}', [[Codes.unknownGrantType, ERR]], grant);
    expect((d.data as DiagnosticData).suggestions).toEqual(['password', 'access_token']);
  });

  it('requires grant_type and api_key', () => {
    expectDiagnostics('[[{]]"username": "u", "password": "p", "api_key": {"name": "k"}}', [[Codes.missingRequiredField, ERR]], grant);
    expectDiagnostics('[[{]]"grant_type": "password", "username": "u", "password": "p"}', [[Codes.missingRequiredField, ERR]], grant);
  });

  it('refuses a password grant without username (error), notes a missing password (information)', () => {
    expectDiagnostics('{"grant_type": [["password"]], "password": "p", "api_key": {"name": "k"}}', [[Codes.missingGrantCredential, ERR]], grant);
    expectDiagnostics('{"grant_type": [["password"]], "username": "u", "api_key": {"name": "k"}}', [[Codes.missingGrantCredential, INFO]], grant);
    expectDiagnostics('{"grant_type": [["password"]], "api_key": {"name": "k"}}', [[Codes.missingGrantCredential, ERR]], grant);
  });

  it('notes a missing access_token (information: asked for at run time)', () => {
    expectDiagnostics('{"grant_type": [["access_token"]], "api_key": {"name": "k"}}', [[Codes.missingGrantCredential, INFO]], grant);
  });

  it('refuses unknown fields in the grant body and its api_key', () => {
    expectDiagnostics('{"grant_type": "access_token", "access_token": "t", [["user"]]: "u", "api_key": {"name": "k", [["roles"]]: {}}}', [
      [Codes.unknownField, ERR],
      [Codes.unknownField, ERR],
    ], grant);
  });

  it('checks the types of the grant fields', () => {
    expectDiagnostics('{"grant_type": "password", "username": "u", "password": [[1234]], "run_as": ["v"], "api_key": [["k"]]}', [
      [Codes.wrongType, ERR],
      [Codes.wrongType, ERR, { text: '["v"]' }],
      [Codes.wrongType, ERR],
    ], grant);
  });

  it('applies API-key name and expiration rules to the granted key', () => {
    expectDiagnostics('{"grant_type": "access_token", "access_token": "t", "api_key": {"name": [["_k"]], "expiration": [["3 days"]]}}', [
      [Codes.invalidApiKeyName, ERR],
      [Codes.invalidExpiration, WARN],
    ], grant);
  });
});
