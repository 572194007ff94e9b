/**
 * The fault matrix: every CLI cluster subcommand and every ops function the VS Code commands call,
 * against every fault the test server injects plus broken TLS, DNS and a closed port. Each cell is
 * computed by running the command; the table (command × fault -> exit code, writes sent, message
 * excerpt) is printed and compared with faultMatrix.expected.md (ES_ROLES_UPDATE_MATRIX=1 rewrites
 * it). Independently of the table, every cell asserts: one line naming the cluster and the cause,
 * no stack trace, the documented exit code, and writes sent exactly once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpsCell, OPS } from './opsCells';
import {
  bounded,
  CLI,
  COMMANDS,
  expectedExit,
  FAULTS,
  injectOn,
  writeCounts,
  REASON_403,
  runCliChild,
  SECRETS,
  startFaultTargets,
  timeoutFor,
  writeFiles,
  ADMIN,
  type CliRun,
  type CommandCase,
  type FaultId,
  type FaultTarget,
  type FaultTargets,
} from './harness';

const EXPECTED = join(__dirname, 'faultMatrix.expected.md');

interface Cell {
  readonly surface: 'cli' | 'ops';
  readonly command: string;
  readonly fault: FaultId;
  readonly exit: string;
  /** How often the command's write reached the server ("-" when it has none or no server answers). */
  readonly writes: string;
  readonly excerpt: string;
  readonly problems: string[];
}

let targets: FaultTargets;
let work: string;
const cells: Cell[] = [];

/** The CLI rows run ~300 child processes (~55 s idle, more beside other test files): the limit only catches a hang. */
const HANG_GUARD_MS = 600_000;

/** The cause part of a message: without the `es-roles: Cluster "x": ` prefix, ports normalised. */
export function excerpt(line: string): string {
  const text = line.replace(/^es-roles: /, '').replace(/^Cluster "[^"]*": /, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
  return text.length > 64 ? `${text.slice(0, 63)}…` : text;
}

function stackTrace(text: string): boolean {
  return /\n\s+at .+\(.*:\d+:\d+\)|\n\s+at node:|Error: .*\n\s+at /.test(text);
}


/** Checks one CLI cell; returns what is wrong (empty when nothing). */
function cliProblems(t: FaultTarget, c: CommandCase, run: CliRun, clusterName: string): string[] {
  const problems: string[] = [];
  const want = expectedExit(c.id, t.fault.id);
  if (run.code !== want) problems.push(`exit ${run.code}, expected ${want}`);
  if (stackTrace(run.stderr) || stackTrace(run.stdout)) problems.push('stack trace in the output');
  const all = `${run.stdout}\n${run.stderr}`;
  for (const s of Object.values(SECRETS)) if (all.includes(s)) problems.push('a secret in the output');
  if (t.fault.id === 'none') {
    if (run.stderr.trim()) problems.push(`stderr on success: ${run.stderr.trim()}`);
    return problems;
  }
  // Security warnings (credentials over http://, TLS verification off) may precede the one message.
  const lines = run.stderr.split('\n').filter((l) => l && !l.startsWith('es-roles: warning: '));
  // push's per-role failures (the PUT fallback) are the report on stdout, under its "Cluster:" header.
  if (lines.length === 0 && roleFailure(run)) return problems;
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines: ${JSON.stringify(lines)}`);
  const line = lines.find((l) => l.includes(`Cluster "${clusterName}"`));
  if (!line) problems.push('no line names the cluster');
  if (t.fault.id === '403' && !line?.includes(REASON_403)) problems.push("403 without ES's reason");
  if (t.fault.id === '429' && !/retry after 120 s/.test(line ?? '')) problems.push('429 without the Retry-After wait');
  // A fix is suggested: every message has a sentence after the cause.
  if (line && !/\. [A-Z].*[.)]$|; retry|retry later/.test(line)) problems.push('no suggested fix');
  const writes = writeCounts(t, c.write);
  if (!writes.ok) problems.push(`writes sent: ${writes.text}`);
  return problems;
}

/** push's report line for a role that was not written, when its header names the cluster. */
function roleFailure(run: CliRun): string | undefined {
  if (!/^Cluster: /m.test(run.stdout)) return undefined;
  return /^failed {2}.+$/m.exec(run.stdout)?.[0];
}

async function runCliRow(t: FaultTarget): Promise<Cell[]> {
  const out: Cell[] = [];
  const clusterName = new URL(t.url).host;
  for (const c of COMMANDS) {
    const dir = mkdtempSync(join(work, `${t.fault.id}-`));
    writeFiles(dir, c.files);
    injectOn(t, c.target);
    const env: Record<string, string> = {
      ES_URL: t.url,
      ES_USERNAME: ADMIN.username,
      ES_PASSWORD: SECRETS.password,
      ES_TIMEOUT_MS: String(timeoutFor(t.fault.id)),
      ...(t.caFile ? { ES_CA_CERT: t.caFile } : {}),
      ...c.env,
    };
    const run = await runCliChild(c.args(dir), env, dir);
    const lines = run.stderr.split('\n').filter((l) => l && !l.startsWith('es-roles: warning: '));
    const message = lines.find((l) => l.includes('Cluster "')) ?? lines[0] ?? (roleFailure(run) ? `(stdout report) ${roleFailure(run)}` : undefined);
    out.push({
      surface: 'cli',
      command: c.id,
      fault: t.fault.id,
      exit: String(run.code),
      writes: writeCounts(t, c.write).text,
      excerpt: run.code === 0 ? '(ok)' : excerpt(message ?? '(no message)'),
      problems: cliProblems(t, c, run, clusterName),
    });
  }
  return out;
}

function table(rows: readonly Cell[]): string {
  const head = ['surface', 'command', 'fault', 'exit', 'writes', 'message excerpt'];
  const body = rows.map((r) => [r.surface, r.command, r.fault, r.exit, r.writes, r.excerpt.replace(/\|/g, '\\|')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    '# Fault matrix (generated by test/hardening/faultMatrix.test.ts; ES_ROLES_UPDATE_MATRIX=1 rewrites it)',
    '',
    'exit: the CLI exit code; for ops, the suggested action of the error. writes: how often the',
    'write request reached the server ("-": no write, or no server answers).',
    '',
    fmt(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(fmt),
    '',
  ].join('\n');
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build it first: npx esbuild server/src/cli/main.ts --bundle --platform=node --format=cjs --target=node20 --main-fields=module,main --outfile=dist/cli.js`);
  work = mkdtempSync(join(tmpdir(), 'es-roles-matrix-'));
  targets = await startFaultTargets();
}, 60_000);

afterAll(async () => {
  await targets?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('fault matrix', () => {
  it('every CLI cluster subcommand × every fault: one line, documented exit code, writes sent once', async () => {
    const rows = await bounded(3, FAULTS.map((f) => () => runCliRow(targets.targets.get(f.id)!)));
    const flat = rows.flat();
    cells.push(...flat);
    const bad = flat.filter((c) => c.problems.length).map((c) => `${c.command} × ${c.fault}: ${c.problems.join('; ')}`);
    if (bad.length) console.log(bad.join('\n'));
    expect(bad).toEqual([]);
  }, HANG_GUARD_MS);

  it('every ops function the editor calls × every fault: one line naming the cluster, writes sent once', async () => {
    const rows = await bounded(
      4,
      FAULTS.map((f) => async () => {
        const t = targets.targets.get(f.id)!;
        const out: Cell[] = [];
        for (const op of OPS) {
          const r = await runOpsCell(op, t, join(work, `ops-${f.id}-${op.id.replace(/\W+/g, '-')}`));
          out.push({ surface: 'ops', command: op.id, fault: f.id, exit: r.action, writes: r.writes, excerpt: r.message ? (r.message.startsWith('(') ? r.message : excerpt(r.message)) : '(ok)', problems: r.problems });
        }
        return out;
      }),
    );
    const flat = rows.flat();
    cells.push(...flat);
    const bad = flat.filter((c) => c.problems.length).map((c) => `${c.command} × ${c.fault}: ${c.problems.join('; ')}`);
    expect(bad).toEqual([]);
  }, HANG_GUARD_MS);

  it('the table matches faultMatrix.expected.md', () => {
    const order = (c: Cell) => `${c.surface === 'cli' ? 0 : 1}`;
    const sorted = [...cells].sort((a, b) => order(a).localeCompare(order(b)));
    const text = table(sorted);
    console.log(text);
    if (process.env.ES_ROLES_UPDATE_MATRIX === '1' || !existsSync(EXPECTED)) writeFileSync(EXPECTED, text);
    expect(text).toBe(readFileSync(EXPECTED, 'utf8'));
  });
});
