import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../client/src/cluster';
import {
  authFromSecret,
  buildClusterConfig,
  MissingCredentialsError,
  normalizeProfiles,
  parseApiKeySecret,
  parseEndpoint,
  profileLocation,
  profileToSetting,
  removeProfileSetting,
  secretKey,
  upsertProfileSetting,
  validateFingerprintInput,
  validateProfileName,
  type ClusterProfile,
} from '../../client/src/clusters/profileModel';

const cloudId = (name: string, decoded: string) => `${name}:${Buffer.from(decoded).toString('base64')}`;

describe('validateProfileName', () => {
  it('accepts ordinary names', () => {
    expect(validateProfileName('prod')).toBeUndefined();
    expect(validateProfileName('Prod EU-1')).toBeUndefined();
  });
  it('refuses empty, long, control characters and duplicates ignoring case', () => {
    expect(validateProfileName('  ')).toMatch(/Enter a name/);
    expect(validateProfileName('x'.repeat(65))).toMatch(/64/);
    expect(validateProfileName('a\nb')).toMatch(/control/);
    expect(validateProfileName('PROD', ['prod'])).toMatch(/already exists/);
  });
});

describe('parseEndpoint', () => {
  it('takes a URL, without a trailing slash', () => {
    expect(parseEndpoint('https://es.example.com:9200/')).toEqual({ url: 'https://es.example.com:9200' });
    expect(parseEndpoint(' http://localhost:9200 ')).toEqual({ url: 'http://localhost:9200' });
    expect(parseEndpoint('https://proxy.example/es/')).toEqual({ url: 'https://proxy.example/es' });
  });
  it('refuses credentials in the URL and other schemes, with a message', () => {
    const withUser = parseEndpoint('https://elastic:secret@es.example.com');
    expect(withUser).toHaveProperty('error');
    expect(JSON.stringify(withUser)).not.toContain('secret@');
    expect(parseEndpoint('ftp://es.example.com')).toHaveProperty('error', expect.stringMatching(/http/));
    expect(parseEndpoint('')).toHaveProperty('error', expect.stringMatching(/URL/));
  });
  it('takes a valid Cloud ID and explains an invalid one', () => {
    const id = cloudId('my-deployment', 'us-east-1.aws.found.io$abc123$def456');
    expect(parseEndpoint(id)).toEqual({ cloudId: id });
    expect(parseEndpoint('my-deployment:not base64!')).toHaveProperty('error', expect.stringMatching(/Invalid Cloud ID/));
    expect(parseEndpoint(cloudId('x', 'no-dollar-here'))).toHaveProperty('error', expect.stringMatching(/\$/));
  });
});

describe('validateFingerprintInput', () => {
  it('accepts empty and 64 hex digits with or without colons', () => {
    const hex = 'ab'.repeat(32);
    expect(validateFingerprintInput('')).toBeUndefined();
    expect(validateFingerprintInput(hex)).toBeUndefined();
    expect(validateFingerprintInput(hex.match(/../g)!.join(':'))).toBeUndefined();
    expect(validateFingerprintInput('abc')).toMatch(/64-hex-digit/);
  });
});

describe('normalizeProfiles', () => {
  it('keeps valid profiles with known fields only', () => {
    const { profiles, problems } = normalizeProfiles([
      { name: ' prod ', url: 'https://es:9200', auth: 'basic', username: 'elastic', caFile: '/ca.crt', insecure: false, extra: 1 },
      { name: 'cloud', cloudId: 'x:eA==', auth: 'apiKey', username: 'ignored', timeoutMs: 5000 },
    ]);
    expect(problems).toEqual([]);
    expect(profiles).toEqual([
      { name: 'prod', url: 'https://es:9200', auth: 'basic', username: 'elastic', caFile: '/ca.crt' },
      { name: 'cloud', cloudId: 'x:eA==', auth: 'apiKey', timeoutMs: 5000 },
    ]);
  });

  it('drops unusable entries with one problem each', () => {
    const { profiles, problems } = normalizeProfiles([
      'nope',
      { url: 'https://x', auth: 'basic' },
      { name: 'a', url: 'https://x', auth: 'kerberos' },
      { name: 'b', auth: 'none' },
      { name: 'c', url: 'https://x', auth: 'none' },
      { name: 'C', url: 'https://y', auth: 'none' },
    ]);
    expect(profiles.map((p) => p.name)).toEqual(['c']);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/already exists/);
  });

  it('ignores secrets found in settings and never repeats their values', () => {
    const { profiles, problems } = normalizeProfiles([{ name: 'p', url: 'https://x', auth: 'basic', username: 'u', password: 'hunter2-canary', apiKey: 'key-canary' }]);
    expect(profiles[0]).not.toHaveProperty('password');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/credential store/);
    expect(problems[0]).not.toMatch(/canary/);
  });

  it('treats a non-array as no profiles', () => {
    expect(normalizeProfiles(undefined)).toEqual({ profiles: [], problems: [] });
    expect(normalizeProfiles({}).profiles).toEqual([]);
  });
});

describe('settings updates', () => {
  const p: ClusterProfile = { name: 'prod', url: 'https://es:9200', auth: 'basic', username: 'elastic' };
  it('adds, replaces (ignoring case) and removes a profile, keeping other entries', () => {
    const foreign = { something: 'else' };
    const added = upsertProfileSetting([foreign], p);
    expect(added).toEqual([foreign, profileToSetting(p)]);
    const replaced = upsertProfileSetting(added, { ...p, name: 'PROD', username: 'admin' });
    expect(replaced).toHaveLength(2);
    expect(replaced[1]).toMatchObject({ username: 'admin' });
    expect(removeProfileSetting(replaced, 'prod')).toEqual([foreign]);
  });
  it('never writes a secret or an undefined field', () => {
    const written = profileToSetting({ ...p, auth: 'apiKey', insecure: false } as ClusterProfile);
    expect(written).toEqual({ name: 'prod', url: 'https://es:9200', auth: 'apiKey' });
  });
});

describe('credentials', () => {
  it('keys secrets per profile', () => {
    expect(secretKey('prod')).toBe('elasticsearchRoles.cluster.prod');
  });

  it('builds the auth of every kind from the stored secret', () => {
    expect(authFromSecret({ name: 'p', auth: 'basic', username: 'u' }, 'pw')).toEqual({ kind: 'basic', username: 'u', password: 'pw' });
    expect(authFromSecret({ name: 'p', auth: 'apiKey' }, 'ZW5jb2RlZA==')).toEqual({ kind: 'apiKey', encoded: 'ZW5jb2RlZA==' });
    expect(authFromSecret({ name: 'p', auth: 'apiKey' }, 'id1:key1')).toEqual({ kind: 'apiKey', id: 'id1', key: 'key1' });
    expect(authFromSecret({ name: 'p', auth: 'bearer' }, ' tok ')).toEqual({ kind: 'bearer', token: 'tok' });
    expect(authFromSecret({ name: 'p', auth: 'none' }, undefined)).toEqual({ kind: 'none' });
  });

  it('throws MissingCredentialsError (a ConfigError) without a secret', () => {
    let err: unknown;
    try {
      authFromSecret({ name: 'prod', auth: 'basic', username: 'u' }, undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/Set Credentials/);
  });

  it('parses API-key secrets in both forms', () => {
    expect(parseApiKeySecret('abc:def:ghi')).toEqual({ kind: 'apiKey', id: 'abc', key: 'def:ghi' });
    expect(parseApiKeySecret(':x')).toEqual({ kind: 'apiKey', encoded: ':x' });
  });

  it('builds the cluster config from a profile and its secret', () => {
    const config = buildClusterConfig(
      { name: 'prod', url: 'https://es:9200', auth: 'basic', username: 'elastic', caFingerprint: 'AB', insecure: true, timeoutMs: 1000 },
      'pw',
    );
    expect(config).toEqual({
      name: 'prod',
      url: 'https://es:9200',
      auth: { kind: 'basic', username: 'elastic', password: 'pw' },
      caFingerprint: 'AB',
      insecure: true,
      timeoutMs: 1000,
    });
  });

  it('describes where a profile points', () => {
    expect(profileLocation({ name: 'p', url: 'https://es:9200', auth: 'none' })).toBe('https://es:9200');
    expect(profileLocation({ name: 'p', cloudId: cloudId('dep', 'host.io$uuid1$k'), auth: 'none' })).toBe('Elastic Cloud: dep (https://uuid1.host.io)');
  });
});
