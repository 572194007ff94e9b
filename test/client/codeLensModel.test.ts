import { describe, expect, it } from 'vitest';
import { codeLensPlacements, roleAtLine } from '../../client/src/clusters/codeLensModel';
import type { DocumentInfo, DocumentRoleInfo } from '../../server/src/protocol';

const r = (name: string, line: number, kind: DocumentRoleInfo['kind'] = 'role', endLine = line): DocumentRoleInfo => ({
  name,
  kind,
  range: { start: { line, character: 2 }, end: { line: endLine, character: 10 } },
});

describe('codeLensPlacements', () => {
  it('puts Push, Check privileges and Create API key above each role, at column 0', () => {
    const info: DocumentInfo = { shape: 'roles', roles: [r('reader', 1), r('writer', 9)], hasErrors: false };
    const lenses = codeLensPlacements(info, true);
    expect(lenses.map((l) => `${l.range.start.line}:${l.title}:${l.roleName}`)).toEqual([
      '1:Push:reader',
      '1:Check privileges:reader',
      '1:Create API key:reader',
      '9:Push:writer',
      '9:Check privileges:writer',
      '9:Create API key:writer',
    ]);
    expect(lenses.every((l) => l.range.start.character === 0 && l.range.end.line === l.range.start.line)).toBe(true);
  });

  it('puts one Send above an API-key create or grant body, none on its role descriptors', () => {
    const create: DocumentInfo = { shape: 'api_key_create', roles: [r('my-key', 1, 'api_key'), r('desc', 4, 'role_descriptor')], hasErrors: false };
    expect(codeLensPlacements(create, true)).toEqual([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, title: 'Send', action: 'send', roleName: undefined }]);
    const grant: DocumentInfo = { shape: 'api_key_grant', roles: [], hasErrors: false };
    expect(codeLensPlacements(grant, true).map((l) => [l.title, l.range.start.line])).toEqual([['Send', 0]]);
  });

  it('puts Check privileges at the top of a has_privileges file', () => {
    expect(codeLensPlacements({ shape: 'has_privileges', roles: [], hasErrors: false }, true).map((l) => l.title)).toEqual(['Check privileges']);
  });

  it('shows nothing without a cluster, for non-role documents, or unknown shapes', () => {
    const info: DocumentInfo = { shape: 'role', roles: [r('a', 0)], hasErrors: false };
    expect(codeLensPlacements(info, false)).toEqual([]);
    expect(codeLensPlacements(null, true)).toEqual([]);
    expect(codeLensPlacements({ shape: 'unknown', roles: [], hasErrors: false }, true)).toEqual([]);
  });
});

describe('roleAtLine', () => {
  it('finds the role whose key precedes the cursor in a roles map, or the containing body', () => {
    const info: DocumentInfo = { shape: 'roles', roles: [r('reader', 1), r('writer', 9)], hasErrors: false };
    expect(roleAtLine(info, 0)).toBeUndefined();
    expect(roleAtLine(info, 1)).toBe('reader');
    expect(roleAtLine(info, 8)).toBe('reader');
    expect(roleAtLine(info, 12)).toBe('writer');
    const single: DocumentInfo = { shape: 'role', roles: [r('solo', 0, 'role', 20)], hasErrors: false };
    expect(roleAtLine(single, 5)).toBe('solo');
    expect(roleAtLine(null, 5)).toBeUndefined();
  });
});
