// The editor's Explain Access and Compare Roles over the offline model (the commands are thin).
import { describe, expect, it } from 'vitest';
import { compareRoles, explainAccess, explainRequest, ExplainError, loadRoles, splitNames } from '../../client/src/ops/explainAccess';

const TEAM = JSON.stringify({
  reader: { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }] },
  writer: { cluster: ['monitor', 'manage_ilm'], indices: [{ names: ['logs-*'], privileges: ['read', 'write'] }] },
});
const load = (roles: string[] = []) => loadRoles(TEAM, 'file:///w/team.roles.json', 'team.roles.json', roles);

describe('Explain Access', () => {
  it('answers an index question with the granting entry, as es-roles explain prints it', () => {
    const r = explainAccess(load(['writer']), 'team.roles.json', { kind: 'index', names: ['logs-2024'], privileges: ['write', 'manage'] });
    expect(r.answer.index).toEqual({ 'logs-2024': { write: true, manage: false } });
    expect(r.summary).toBe('write on logs-2024: granted by writer indices[0]; manage on logs-2024: not granted');
    expect(r.report).toContain('team.roles.json: role writer');
    expect(r.report).toMatch(/logs-2024 +write +yes +writer: indices\[0\]/);
    expect(r.report).toMatch(/logs-2024 +manage +NO/);
  });

  it('unions every role of the file when none is picked', () => {
    const r = explainAccess(load(), 'team.roles.json', { kind: 'cluster', privileges: ['manage_ilm', 'manage'] });
    expect(r.answer.cluster).toEqual({ manage_ilm: true, manage: false });
    expect(r.summary).toContain('manage_ilm: granted by writer cluster');
  });

  it('checks a concrete action, on indices when it is an index action', () => {
    expect(explainAccess(load(['reader']), 'f', { kind: 'action', action: 'indices:data/read/search', names: ['logs-1'] }).answer.index).toEqual({
      'logs-1': { 'indices:data/read/search': true },
    });
    expect(explainAccess(load(['reader']), 'f', { kind: 'action', action: 'cluster:monitor/health' }).answer.cluster).toEqual({ 'cluster:monitor/health': true });
  });

  it('refuses incomplete questions and unusable files with a message that says what is wrong', () => {
    expect(() => explainRequest({ kind: 'index', names: [], privileges: ['read'] })).toThrow(ExplainError);
    expect(() => explainRequest({ kind: 'action', action: 'indices:data/read/search' })).toThrow('name at least one index');
    expect(() => explainRequest({ kind: 'action', action: 'read' })).toThrow('not an action name');
    expect(() => loadRoles('{"cluster": [', 'file:///x.role.json', 'x.role.json')).toThrow(/^x\.role\.json: .*line 1/);
    expect(() => loadRoles('{"cluster": ["monitor"]}', 'file:///q.has_privileges.json', 'q.has_privileges.json')).toThrow('a has_privileges request, not roles');
    expect(() => loadRoles('{"name": "k"}', 'file:///k.apikey.json', 'k.apikey.json')).toThrow("gets its owner's privileges");
    expect(() => load(['nobody'])).toThrow("no role 'nobody'");
  });

  it('splits index names on commas and spaces', () => {
    expect(splitNames(' logs-2024, metrics-* logs-2024 ,,')).toEqual(['logs-2024', 'metrics-*']);
  });
});

describe('Compare Roles', () => {
  it('says what B grants that A does not, and the other way', () => {
    const r = compareRoles({ set: load(['reader']), file: 'team.roles.json' }, { set: load(['writer']), file: 'team.roles.json' });
    expect(r.added).toBe(2);
    expect(r.removed).toBe(0);
    expect(r.report).toContain('+ cluster privilege manage_ilm');
    expect(r.report).toContain('+ write on logs-*');
    expect(r.report).toContain('b grants more than a.');
    const back = compareRoles({ set: load(['writer']), file: 'a' }, { set: load(['reader']), file: 'b' });
    expect([back.added, back.removed]).toEqual([0, 2]);
    expect(back.report).toContain('b grants nothing that a does not.');
  });
});
