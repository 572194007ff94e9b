import { describe, expect, it } from 'vitest';
import { CatalogStatusModel, presentStatus, roleFilePatterns, targetVersionChoices } from '../../client/src/ui/catalogStatusModel';
import type { CatalogStatusParams } from '../../server/src/protocol';

const VERSIONS = ['7.17', '8.15', '9.1'];
const bundled = (version: string, uri?: string): CatalogStatusParams => ({
  ...(uri ? { uri } : {}),
  label: `ES ${version} (bundled)`,
  source: 'bundled',
  confidence: 'high',
  version,
  versions: VERSIONS,
  roleFileGlobs: ['**/*.role.json'],
});

describe('CatalogStatusModel', () => {
  it('uses a document status when there is one, the default otherwise', () => {
    const m = new CatalogStatusModel();
    expect(m.statusFor('file:///a.role.json')).toBeUndefined();
    expect(m.versions).toEqual([]);
    m.set(bundled('9.1'));
    m.set(bundled('8.12', 'file:///legacy/a.role.json'));
    expect(m.statusFor('file:///legacy/a.role.json')?.label).toBe('ES 8.12 (bundled)');
    expect(m.statusFor('file:///b.role.json')?.label).toBe('ES 9.1 (bundled)');
    expect(m.statusFor(undefined)?.label).toBe('ES 9.1 (bundled)');
    expect(m.versions).toEqual(VERSIONS);
    expect(m.roleFileGlobs).toEqual(['**/*.role.json']);
    m.forget('file:///legacy/a.role.json');
    expect(m.statusFor('file:///legacy/a.role.json')?.label).toBe('ES 9.1 (bundled)');
    m.clear();
    expect(m.statusFor(undefined)).toBeUndefined();
  });
});

describe('presentStatus', () => {
  it('shows the label, with the confidence of a bundled list or the cluster version', () => {
    expect(presentStatus(undefined)).toMatchObject({ busy: true });
    expect(presentStatus(bundled('9.1'))).toEqual({ text: 'ES 9.1 (bundled)', detail: 'Bundled privilege list for ES 9.1, confidence: high', busy: false });
    const live: CatalogStatusParams = { ...bundled('x'), label: 'ES 8.17.2 (prod)', source: 'cluster', confidence: 'live', version: '8.17.2' };
    expect(presentStatus(live)).toEqual({ text: 'ES 8.17.2 (prod)', detail: 'Privileges from the connected cluster (ES 8.17.2)', busy: false });
  });
});

describe('targetVersionChoices', () => {
  it('offers "newest" then every version newest first, marking the current one', () => {
    const choices = targetVersionChoices(VERSIONS, '8.15');
    expect(choices.map((c) => [c.label, c.value, c.picked])).toEqual([
      ['Newest bundled (9.1)', '', false],
      ['9.1', '9.1', false],
      ['8.15', '8.15', true],
      ['7.17', '7.17', false],
    ]);
    expect(choices[2].description).toBe('current');
    expect(targetVersionChoices(VERSIONS, '')[0]).toMatchObject({ picked: true, description: 'current' });
  });

  it('keeps a configured version that is not bundled', () => {
    const choices = targetVersionChoices(VERSIONS, '8.12');
    expect(choices[1]).toMatchObject({ label: '8.12', value: '8.12', picked: true });
    expect(choices.filter((c) => c.picked)).toHaveLength(1);
  });
});

describe('roleFilePatterns', () => {
  it('anchors relative globs below any folder and removes duplicates', () => {
    expect(roleFilePatterns(['**/*.role.json'], ['**/roles/**/*.json', 'acl/*.json', '**/*.role.json', ' ', '/abs/*.json'])).toEqual([
      '**/*.role.json',
      '**/roles/**/*.json',
      '**/acl/*.json',
      '/abs/*.json',
    ]);
  });
});
