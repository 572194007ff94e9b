import { describe, expect, it } from 'vitest';
import { nothingToPushMessage, planPickRows, planSummary, pushConfirmation, pushSummary } from '../../client/src/clusters/pushModel';
import type { PushPlan, PushPlanItem, PushReport } from '../../client/src/ops';

const item = (name: string, status: PushPlanItem['status']): PushPlanItem => ({ name, status, local: { cluster: ['monitor'] }, diff: status === 'unchanged' ? '' : '--- a\n+++ b' });

describe('push texts', () => {
  const items = [item('b-new', 'create'), item('a-upd', 'update'), item('c-same', 'unchanged'), item('d-new', 'create')];

  it('summarises a plan', () => {
    expect(planSummary(items)).toBe('2 to create, 1 to update, 1 unchanged');
  });

  it('asks "Push N roles to <cluster>?" with the roles and the backup in the detail', () => {
    const c = pushConfirmation(items, 'prod', '/backups')!;
    expect(c.message).toBe('Push 3 roles to prod?');
    expect(c.button).toBe('Push');
    expect(c.detail).toContain('Create (2): b-new, d-new');
    expect(c.detail).toContain('Update (1): a-upd');
    expect(c.detail).toContain('Unchanged, not written: 1');
    expect(c.detail).toContain('/backups');
    expect(pushConfirmation([item('x', 'create')], 'prod', '/b')!.message).toBe('Push 1 role to prod?');
    expect(pushConfirmation([item('x', 'create')], 'prod', '/b')!.detail).not.toContain('backed up');
  });

  it('has nothing to confirm when nothing changes', () => {
    expect(pushConfirmation([item('x', 'unchanged')], 'prod', '/b')).toBeUndefined();
    expect(nothingToPushMessage([item('x', 'unchanged')], 'prod')).toBe('Nothing to push: role "x" is unchanged on prod.');
    expect(nothingToPushMessage([item('x', 'unchanged'), item('y', 'unchanged')], 'prod')).toBe('Nothing to push: the 2 roles are unchanged on prod.');
  });

  it('lists a plan for the quick pick: create, update, unchanged', () => {
    const plan: PushPlan = { items, remote: {} };
    expect(planPickRows(plan).map((r) => `${r.status}:${r.name}`)).toEqual(['create:b-new', 'create:d-new', 'update:a-upd', 'unchanged:c-same']);
  });

  it('reports a push in one message and one log line per role', () => {
    const report: PushReport = {
      backupFile: '/b/prod-x.backup.json',
      method: 'bulk',
      results: [
        { name: 'a', outcome: 'created' },
        { name: 'b', outcome: 'updated' },
        { name: 'c', outcome: 'unchanged' },
      ],
    };
    const s = pushSummary(report, 'prod');
    expect(s).toMatchObject({ severity: 'info', message: 'Pushed to prod: 1 created, 1 updated, 1 unchanged.' });
    expect(s.logLines).toEqual(['  a: created', '  b: updated', '  c: unchanged', '  (written with the bulk role API)', '  backup of the previous versions: /b/prod-x.backup.json']);
    const failed = pushSummary({ results: [{ name: 'a', outcome: 'failed', reason: 'bad privilege' }, { name: 'b', outcome: 'not_attempted' }] }, 'prod');
    expect(failed.severity).toBe('error');
    expect(failed.message).toBe('Push to prod finished with errors: 1 failed, 1 not attempted. Failed: a (see the log).');
    expect(failed.logLines[0]).toBe('  a: failed — bad privilege');
    expect(pushSummary({ results: [{ name: 'a', outcome: 'not_attempted' }] }, 'prod').severity).toBe('warning');
  });
});
