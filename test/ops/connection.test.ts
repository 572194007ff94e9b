// clusterConfigFromEnv: every variable, the missing ones, insecure only when asked.

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../client/src/cluster';
import { clusterConfigFromEnv } from '../../client/src/ops/connection';

const BASIC = { ES_USERNAME: 'elastic', ES_PASSWORD: 'pw-123' };
const URL = { ES_URL: 'https://es.example:9200' };
const CLOUD_ID = `prod:${Buffer.from('eu-west-1.aws.found.io$abc123$kib456').toString('base64')}`;

function error(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('clusterConfigFromEnv', () => {
  it('ES_URL with a username and password', () => {
    expect(clusterConfigFromEnv({ ...URL, ...BASIC })).toEqual({
      name: 'es.example:9200',
      url: 'https://es.example:9200',
      auth: { kind: 'basic', username: 'elastic', password: 'pw-123' },
    });
  });

  it('ES_CLOUD_ID names the deployment', () => {
    expect(clusterConfigFromEnv({ ES_CLOUD_ID: CLOUD_ID, ...BASIC })).toMatchObject({ name: 'prod', cloudId: CLOUD_ID });
  });

  it('ES_API_KEY (encoded) and ES_BEARER_TOKEN; the API key wins, then basic, then the token', () => {
    expect(clusterConfigFromEnv({ ...URL, ES_API_KEY: ' a2V5OnNlY3JldA== ' }).auth).toEqual({ kind: 'apiKey', encoded: 'a2V5OnNlY3JldA==' });
    expect(clusterConfigFromEnv({ ...URL, ES_BEARER_TOKEN: 'tok-1' }).auth).toEqual({ kind: 'bearer', token: 'tok-1' });
    expect(clusterConfigFromEnv({ ...URL, ...BASIC, ES_API_KEY: 'k', ES_BEARER_TOKEN: 't' }).auth.kind).toBe('apiKey');
    expect(clusterConfigFromEnv({ ...URL, ...BASIC, ES_BEARER_TOKEN: 't' }).auth.kind).toBe('basic');
  });

  it('TLS and timeout variables', () => {
    expect(
      clusterConfigFromEnv({ ...URL, ...BASIC, ES_CA_CERT: '/etc/ca.pem', ES_CA_FINGERPRINT: ' AB:CD ', ES_TIMEOUT_MS: '5000' }),
    ).toMatchObject({ caFile: '/etc/ca.pem', caFingerprint: 'AB:CD', timeoutMs: 5000 });
  });

  it('insecure only when ES_INSECURE says true', () => {
    expect(clusterConfigFromEnv({ ...URL, ...BASIC })).not.toHaveProperty('insecure');
    for (const v of ['', 'false', '0', 'no']) expect(clusterConfigFromEnv({ ...URL, ...BASIC, ES_INSECURE: v })).not.toHaveProperty('insecure');
    for (const v of ['true', 'TRUE', '1', 'yes']) expect(clusterConfigFromEnv({ ...URL, ...BASIC, ES_INSECURE: v }).insecure).toBe(true);
    expect(error(() => clusterConfigFromEnv({ ...URL, ...BASIC, ES_INSECURE: 'maybe' })).message).toMatch(/ES_INSECURE must be true or false/);
  });

  it('flags override the environment and carry --run-as', () => {
    expect(clusterConfigFromEnv({ ...URL, ...BASIC }, { url: 'http://127.0.0.1:9201', runAs: 'bob' })).toMatchObject({
      url: 'http://127.0.0.1:9201',
      name: '127.0.0.1:9201',
      runAs: 'bob',
    });
    expect(clusterConfigFromEnv({ ...URL, ...BASIC }, { cloudId: CLOUD_ID })).toMatchObject({ cloudId: CLOUD_ID });
    expect(clusterConfigFromEnv({ ...URL, ...BASIC }, { cloudId: CLOUD_ID })).not.toHaveProperty('url');
  });

  it('errors name the missing or wrong variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [BASIC, /set ES_URL .* or ES_CLOUD_ID/],
      [{ ...URL, ES_CLOUD_ID: CLOUD_ID, ...BASIC }, /both ES_URL and ES_CLOUD_ID/],
      [URL, /no credentials: set ES_API_KEY, or ES_USERNAME and ES_PASSWORD, or ES_BEARER_TOKEN/],
      [{ ...URL, ES_USERNAME: 'elastic' }, /ES_USERNAME is set but ES_PASSWORD is not/],
      [{ ...URL, ES_PASSWORD: 'x' }, /ES_PASSWORD is set but ES_USERNAME is not/],
      [{ ...URL, ...BASIC, ES_TIMEOUT_MS: '10s' }, /ES_TIMEOUT_MS must be a positive number/],
      [{ ...URL, ...BASIC, ES_TIMEOUT_MS: '0' }, /ES_TIMEOUT_MS/],
    ];
    for (const [env, message] of cases) {
      const err = error(() => clusterConfigFromEnv(env));
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(message);
    }
    expect(error(() => clusterConfigFromEnv({ ...BASIC }, { url: 'http://a', cloudId: CLOUD_ID })).message).toMatch(/--url or --cloud-id, not both/);
    expect(error(() => clusterConfigFromEnv({ ...URL, ...BASIC }, { runAs: ' ' })).message).toMatch(/--run-as needs a user name/);
  });

  it('a password error never shows the password', () => {
    const err = error(() => clusterConfigFromEnv({ ES_PASSWORD: 'Sup3r-Secret-Canary' }));
    expect(err.message).not.toContain('Sup3r-Secret-Canary');
  });
});
