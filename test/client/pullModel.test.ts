import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pullTargets, rolesFileName, safeBaseName, validateFileBaseName } from '../../client/src/clusters/pullModel';

const roles = { reader: { cluster: ['monitor'] }, writer: { cluster: ['manage'] } };

describe('pullTargets', () => {
  it('writes one <name>.role.json per role for the role shape', () => {
    const t = pullTargets(roles, 'role', '/ws/roles', '');
    expect(t.problems).toEqual([]);
    expect(t.files.map((f) => [f.path, Object.keys(f.roles)])).toEqual([
      [join('/ws/roles', 'reader.role.json'), ['reader']],
      [join('/ws/roles', 'writer.role.json'), ['writer']],
    ]);
  });

  it('refuses role names that are not safe file names or collide ignoring case', () => {
    const t = pullTargets({ 'a/b': {}, 'x:y': {}, '.hidden': {}, Admin: {}, admin: {} }, 'role', '/ws', '');
    expect(t.files.map((f) => Object.keys(f.roles)[0])).toEqual(['Admin']);
    expect(t.problems).toHaveLength(4);
    expect(t.problems.join('\n')).toMatch(/only in case/);
  });

  it('writes one file for roles and bulk shapes', () => {
    expect(pullTargets(roles, 'roles', '/ws', 'prod')).toEqual({ files: [{ path: join('/ws', 'prod.roles.json'), roles, shape: 'roles' }], problems: [] });
    expect(pullTargets(roles, 'bulk', '/ws', 'all.json').files[0].path).toBe(join('/ws', 'all.json'));
    expect(pullTargets({}, 'roles', '/ws', 'x').files).toEqual([]);
  });

  it('names files safely', () => {
    expect(safeBaseName('prod/eu:1')).toBe('prod_eu_1');
    expect(safeBaseName('..')).toBe('roles');
    expect(rolesFileName('prod')).toBe('prod.roles.json');
    expect(rolesFileName('x.jsonc')).toBe('x.jsonc');
    expect(validateFileBaseName('a/b')).toMatch(/must not contain/);
    expect(validateFileBaseName('ok-name')).toBeUndefined();
  });
});
