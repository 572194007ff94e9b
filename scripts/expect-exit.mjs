// Runs a command, shows its output, and succeeds only if it exits with the expected code.
// Usage: node scripts/expect-exit.mjs <code> <command> [args...]
import { spawnSync } from 'node:child_process';

const [expected, cmd, ...args] = process.argv.slice(2);
if (expected === undefined || cmd === undefined) {
  console.error('usage: node scripts/expect-exit.mjs <code> <command> [args...]');
  process.exit(2);
}
const r = spawnSync(cmd, args, { stdio: 'inherit' });
if (r.status !== Number(expected)) {
  console.error(`expected exit code ${expected} from "${[cmd, ...args].join(' ')}", got ${r.status ?? r.signal}`);
  process.exit(1);
}
console.log(`(exit code ${expected}, as expected)`);
