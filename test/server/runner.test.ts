import { describe, expect, it, vi } from 'vitest';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { formatError, runSafe, runSafeNotification } from '../../server/src/runner';

describe('runSafe', () => {
  it('returns the result of a sync or async function', async () => {
    const log = vi.fn();
    expect(await runSafe(log, () => 42, 0, 'x', undefined)).toBe(42);
    expect(await runSafe(log, async () => [1], [], 'x', new CancellationTokenSource().token)).toEqual([1]);
    expect(log).not.toHaveBeenCalled();
  });

  it('logs an exception and returns the empty value', async () => {
    const log = vi.fn();
    const result = await runSafe(log, () => { throw new Error('kaput'); }, null, 'computing hover', undefined);
    expect(result).toBeNull();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^Error while computing hover: kaput\n/);
    expect(await runSafe(log, () => Promise.reject('no'), [], 'formatting', undefined)).toEqual([]);
    expect(log.mock.calls[1][0]).toBe('Error while formatting: no');
  });

  it('answers RequestCancelled when cancelled before it runs, without running it', async () => {
    const source = new CancellationTokenSource();
    source.cancel();
    const func = vi.fn(() => 1);
    const result = await runSafe(vi.fn(), func, 0, 'x', source.token);
    expect(result).toBeInstanceOf(ResponseError);
    expect((result as ResponseError<void>).code).toBe(LSPErrorCodes.RequestCancelled);
    expect(func).not.toHaveBeenCalled();
  });

  it('answers RequestCancelled when cancelled while running', async () => {
    const source = new CancellationTokenSource();
    const result = await runSafe(vi.fn(), async () => {
      source.cancel();
      return 1;
    }, 0, 'x', source.token);
    expect((result as ResponseError<void>).code).toBe(LSPErrorCodes.RequestCancelled);
  });
});

describe('runSafeNotification / formatError', () => {
  it('never rejects', async () => {
    const log = vi.fn();
    await expect(runSafeNotification(log, () => { throw new TypeError('bad'); }, 'x')).resolves.toBeUndefined();
    expect(log.mock.calls[0][0]).toMatch(/^Error while x: bad/);
  });

  it('formats errors, strings and nothing', () => {
    expect(formatError('m', 'text')).toBe('m: text');
    expect(formatError('m', undefined)).toBe('m');
    expect(formatError('m', 7)).toBe('m: 7');
  });
});
