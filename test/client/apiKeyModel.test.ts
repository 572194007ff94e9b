import { describe, expect, it } from 'vitest';
import type { ApiKeyInfo } from '../../client/src/cluster';
import {
  apiKeyPickRows,
  invalidateResultMessage,
  invalidateTargetFromInput,
  newKeyDisplay,
  parseMetadata,
  validateApiKeyName,
  validateExpiration,
} from '../../client/src/clusters/apiKeyModel';

describe('API-key inputs', () => {
  it('validates expirations in Elasticsearch time units (empty = never)', () => {
    for (const ok of ['', '30d', '12h', '90m', '3600s', '500ms']) expect(validateExpiration(ok), ok).toBeUndefined();
    for (const bad of ['30', '1 d', '1w', '-1d', 'tomorrow']) expect(validateExpiration(bad), bad).toMatch(/duration/);
  });

  it('parses optional metadata as a JSON object', () => {
    expect(parseMetadata('')).toEqual({});
    expect(parseMetadata('{"team":"ops"}')).toEqual({ value: { team: 'ops' } });
    expect(parseMetadata('[1]').error).toMatch(/object/);
    expect(parseMetadata('{').error).toMatch(/Not valid JSON/);
    expect(parseMetadata('{"_reserved":1}').error).toMatch(/reserved/);
  });

  it('validates key names', () => {
    expect(validateApiKeyName('ci-key')).toBeUndefined();
    expect(validateApiKeyName(' ')).toMatch(/Enter/);
  });
});

describe('newKeyDisplay', () => {
  const res = { id: 'VuaCfGcBCdbkQm-e5aOx', name: 'ci', api_key: 'ui2lp2axTNmsyakw9tvNnw', encoded: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==', expiration: Date.UTC(2030, 0, 1) };
  it('shows the secret only in the modal detail, never in the message or the log line', () => {
    const d = newKeyDisplay(res, 'prod');
    expect(d.message).toBe('API key "ci" created on prod. Copy the key now: it is shown only once.');
    expect(d.detail).toContain(res.encoded);
    expect(d.detail).toContain('expires 2030-01-01T00:00:00.000Z');
    for (const text of [d.message, d.logLine]) {
      expect(text).not.toContain(res.encoded);
      expect(text).not.toContain(res.api_key);
    }
    expect(d.logLine).toContain(res.id);
    expect(newKeyDisplay({ ...res, expiration: undefined }, 'prod', 'granted').detail).toContain('never expires');
  });
});

describe('invalidate', () => {
  const key = (id: string, over: Partial<ApiKeyInfo> = {}): ApiKeyInfo => ({ id, name: id, creation: 1, invalidated: false, username: 'elastic', realm: 'reserved', ...over });
  it('lists active keys, newest first', () => {
    const rows = apiKeyPickRows([key('old', { creation: 1 }), key('new', { creation: 5 }), key('gone', { invalidated: true }), key('expired', { expiration: 10 })], 100);
    expect(rows.map((r) => r.id)).toEqual(['new', 'old']);
    expect(rows[0].detail).toContain('owner elastic');
  });

  it('turns input into an id or a name target', () => {
    expect(invalidateTargetFromInput(' abc ', true)).toEqual({ ids: ['abc'], label: 'API key with id abc' });
    expect(invalidateTargetFromInput('ci', false)).toEqual({ name: 'ci', label: 'every API key named "ci"' });
    expect(invalidateTargetFromInput('  ', false)).toBeUndefined();
  });

  it('reports the result', () => {
    expect(invalidateResultMessage({ invalidated_api_keys: ['a'], previously_invalidated_api_keys: [], error_count: 0 }, 'prod')).toEqual({ severity: 'info', message: 'Invalidated 1 API key on prod.' });
    expect(invalidateResultMessage({ invalidated_api_keys: [], previously_invalidated_api_keys: [], error_count: 0 }, 'prod').severity).toBe('warning');
    expect(invalidateResultMessage({ invalidated_api_keys: [], previously_invalidated_api_keys: ['a'], error_count: 0 }, 'prod').message).toMatch(/already invalidated/);
    const failed = invalidateResultMessage({ invalidated_api_keys: [], previously_invalidated_api_keys: [], error_count: 1, error_details: [{ type: 'x', reason: 'denied' }] }, 'prod');
    expect(failed).toEqual({ severity: 'error', message: 'Invalidated 0 API keys on prod; 1 failed: denied.' });
  });
});
