import { describe, expect, it } from 'vitest';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from '../../client/src/restartPolicy';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RestartPolicy', () => {
  it('restarts at most 4 times in 3 minutes, then gives up', () => {
    expect([MAX_RESTARTS, RESTART_WINDOW_MS]).toEqual([4, 180_000]);
    const c = clock();
    const policy = new RestartPolicy(undefined, undefined, c.now);
    const decisions = [];
    for (let i = 0; i < 6; i++) {
      decisions.push(policy.shouldRestart());
      c.advance(10_000);
    }
    expect(decisions).toEqual([true, true, true, true, false, false]);
  });

  it('forgets crashes older than the window', () => {
    const c = clock();
    const policy = new RestartPolicy(4, 180_000, c.now);
    for (let i = 0; i < 4; i++) expect(policy.shouldRestart()).toBe(true);
    expect(policy.recentRestarts).toBe(4);
    c.advance(179_999);
    expect(policy.shouldRestart()).toBe(false);
    c.advance(1); // the first crash is now 3 minutes old
    expect(policy.recentRestarts).toBe(0);
    expect(policy.shouldRestart()).toBe(true);
  });

  it('a sliding window: crashes spread out never exhaust it', () => {
    const c = clock();
    const policy = new RestartPolicy(4, 180_000, c.now);
    for (let i = 0; i < 50; i++) {
      expect(policy.shouldRestart()).toBe(true);
      c.advance(46_000); // 4 crashes span 138 s; the 5th comes after the first expired
    }
  });

  it('reset() (a manual restart) starts afresh', () => {
    const c = clock();
    const policy = new RestartPolicy(2, 60_000, c.now);
    expect(policy.shouldRestart()).toBe(true);
    expect(policy.shouldRestart()).toBe(true);
    expect(policy.shouldRestart()).toBe(false);
    policy.reset();
    expect(policy.shouldRestart()).toBe(true);
  });
});
