/**
 * Texts and choices of the push flow: the plan as quick-pick rows, the modal confirmation, the
 * report summary and log lines. No `vscode` import (unit-tested).
 */
import type { PushPlan, PushPlanItem, PushReport } from '../ops';

export interface PlanCounts {
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
}

export function planCounts(items: readonly PushPlanItem[]): PlanCounts {
  return {
    create: items.filter((i) => i.status === 'create').length,
    update: items.filter((i) => i.status === 'update').length,
    unchanged: items.filter((i) => i.status === 'unchanged').length,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The changes of a plan in words: "1 to create, 2 to update, 3 unchanged". */
export function planSummary(items: readonly PushPlanItem[]): string {
  const c = planCounts(items);
  return [c.create ? `${c.create} to create` : '', c.update ? `${c.update} to update` : '', c.unchanged ? `${c.unchanged} unchanged` : '']
    .filter(Boolean)
    .join(', ');
}

export interface PushConfirmation {
  /** The modal's message: "Push 3 roles to prod?". */
  readonly message: string;
  /** The modal's detail: what will be created / updated, and the backup. */
  readonly detail: string;
  /** The confirm button. */
  readonly button: string;
}

/** The modal confirmation of a push; undefined when there is nothing to write. */
export function pushConfirmation(items: readonly PushPlanItem[], clusterName: string, backupDir: string): PushConfirmation | undefined {
  const changed = items.filter((i) => i.status !== 'unchanged');
  if (changed.length === 0) return undefined;
  const list = (status: PushPlanItem['status'], label: string) => {
    const names = changed.filter((i) => i.status === status).map((i) => i.name);
    if (names.length === 0) return '';
    const shown = names.slice(0, 15).join(', ') + (names.length > 15 ? `, … (${names.length - 15} more)` : '');
    return `${label} (${names.length}): ${shown}`;
  };
  const updates = changed.some((i) => i.status === 'update');
  const detail = [
    list('create', 'Create'),
    list('update', 'Update'),
    planCounts(items).unchanged ? `Unchanged, not written: ${planCounts(items).unchanged}` : '',
    updates ? `The current version of every updated role is backed up first to ${backupDir}.` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { message: `Push ${plural(changed.length, 'role')} to ${clusterName}?`, detail, button: 'Push' };
}

/** "Nothing to push: the 3 roles are unchanged on prod." */
export function nothingToPushMessage(items: readonly PushPlanItem[], clusterName: string): string {
  return items.length === 1
    ? `Nothing to push: role "${items[0].name}" is unchanged on ${clusterName}.`
    : `Nothing to push: the ${items.length} roles are unchanged on ${clusterName}.`;
}

export interface PlanPickRow {
  readonly label: string;
  readonly description: string;
  readonly name: string;
  readonly status: PushPlanItem['status'];
}

/** Quick-pick rows of a plan: changed roles first (create, update), then unchanged. */
export function planPickRows(plan: PushPlan): PlanPickRow[] {
  const order = { create: 0, update: 1, unchanged: 2 } as const;
  const description = { create: 'create — not on the cluster yet', update: 'update — differs from the cluster', unchanged: 'unchanged' } as const;
  return [...plan.items]
    .sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name))
    .map((i) => ({ label: i.name, description: description[i.status], name: i.name, status: i.status }));
}

export interface PushSummary {
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** One line per role for the log. */
  readonly logLines: string[];
}

/** The one message after a push, and the per-role log lines. */
export function pushSummary(report: PushReport, clusterName: string): PushSummary {
  const count = (o: string) => report.results.filter((r) => r.outcome === o).length;
  const created = count('created');
  const updated = count('updated');
  const unchanged = count('unchanged');
  const failed = count('failed');
  const skipped = count('not_attempted');
  const parts = [
    created ? `${created} created` : '',
    updated ? `${updated} updated` : '',
    unchanged ? `${unchanged} unchanged` : '',
    failed ? `${failed} failed` : '',
    skipped ? `${skipped} not attempted` : '',
  ].filter(Boolean);
  const logLines = report.results.map((r) => `  ${r.name}: ${r.outcome}${r.reason ? ` — ${r.reason}` : ''}`);
  if (report.method) logLines.push(`  (written with ${report.method === 'bulk' ? 'the bulk role API' : 'one PUT per role'})`);
  if (report.backupFile) logLines.push(`  backup of the previous versions: ${report.backupFile}`);
  const severity = failed > 0 ? 'error' : skipped > 0 ? 'warning' : 'info';
  const head = failed > 0 ? `Push to ${clusterName} finished with errors` : skipped > 0 ? `Push to ${clusterName} was interrupted` : `Pushed to ${clusterName}`;
  const failedNames = report.results.filter((r) => r.outcome === 'failed').map((r) => r.name);
  const tail = failedNames.length ? ` Failed: ${failedNames.slice(0, 5).join(', ')}${failedNames.length > 5 ? ', …' : ''} (see the log).` : '';
  return { severity, message: `${head}: ${parts.join(', ') || 'nothing written'}.${tail}`, logLines };
}
