/** The text report of a model verification, shared by `es-roles verify-model` and the editor command. */
import type { Probe, VerifyModelResult } from './verifyModel';

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ').trimEnd() + '\n').join('');
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function resourceOf(p: Probe): string {
  if (p.kind === 'cluster') return 'cluster';
  if (p.kind === 'index') return `index ${p.resource}`;
  return `application ${p.application} ${p.resource}`;
}

/** A table of every probe (offline answer, cluster answer, agreement) and a summary. */
export function formatVerifyReport(result: VerifyModelResult, subject: string, clusterName: string): string {
  const rows = result.probes.map((p) => [
    resourceOf(p),
    p.privilege,
    yesNo(p.offline),
    yesNo(p.cluster),
    p.offline === p.cluster ? 'agree' : 'DISAGREE',
    p.grantedBy.join(', '),
  ]);
  const out = [
    `Offline model vs has_privileges on "${clusterName}" for ${subject}\n\n`,
    table([['RESOURCE', 'PRIVILEGE', 'OFFLINE', 'CLUSTER', '', 'GRANTED BY (offline)'], ...rows]),
    '\n',
  ];
  const n = result.disagreements.length;
  out.push(
    n === 0
      ? `All ${result.probes.length} answers agree.\n`
      : `${n} of ${result.probes.length} answers disagree:\n${result.disagreements
          .map((p) => `  ${resourceOf(p)} ${p.privilege}: offline ${p.offline ? 'granted' : 'not granted'}, cluster ${p.cluster ? 'granted' : 'not granted'}\n`)
          .join('')}`,
  );
  out.push(
    result.keyInvalidated
      ? `Temporary API key ${result.keyId} created for the check and invalidated.\n`
      : `Temporary API key ${result.keyId} could NOT be invalidated (${result.invalidationError ?? 'unknown reason'}); it expires within the hour.\n`,
  );
  if (result.notes.length) out.push(`\nNotes:\n${result.notes.map((n) => `  - ${n}\n`).join('')}`);
  return out.join('');
}
