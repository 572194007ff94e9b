import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { ValidationQueue, type ValidationHost, type ValidationResult } from '../../server/src/validationQueue';

const diag = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });

/** A fake editor: open documents with versions, a per-document delay, validation that may be slow. */
function fakeHost(delayMs = 100) {
  const versions = new Map<string, number>();
  const handled = new Set<string>();
  const published: Array<{ uri: string; version: number | undefined; messages: string[] }> = [];
  let validateGate: Promise<void> | undefined;
  const host: ValidationHost = {
    versionOf: (uri) => versions.get(uri),
    delayOf: async () => delayMs,
    validate: async (uri): Promise<ValidationResult | undefined> => {
      const version = versions.get(uri);
      if (version === undefined) return undefined;
      if (validateGate) await validateGate;
      return { version, diagnostics: handled.has(uri) ? [diag(`${uri}@${version}`)] : null };
    },
    publish: (uri, version, diagnostics) => published.push({ uri, version, messages: diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)) }),
    log: vi.fn(),
  };
  return {
    host,
    versions,
    handled,
    published,
    gate() {
      let open!: () => void;
      validateGate = new Promise((r) => (open = r));
      return () => {
        validateGate = undefined;
        open();
      };
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ValidationQueue', () => {
  it('validates an opened document on the next turn and a changed one after the delay', async () => {
    const f = fakeHost(100);
    const q = new ValidationQueue(f.host);
    f.versions.set('a', 1);
    f.handled.add('a');
    q.trigger('a', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.published).toEqual([{ uri: 'a', version: 1, messages: ['a@1'] }]);
    f.versions.set('a', 2);
    q.trigger('a');
    await vi.advanceTimersByTimeAsync(99);
    expect(f.published).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.published.at(-1)).toEqual({ uri: 'a', version: 2, messages: ['a@2'] });
  });

  it('debounces: rapid triggers publish once, for the latest version', async () => {
    const f = fakeHost(100);
    const q = new ValidationQueue(f.host);
    f.handled.add('a');
    for (let v = 1; v <= 10; v++) {
      f.versions.set('a', v);
      q.trigger('a');
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(f.published).toEqual([{ uri: 'a', version: 10, messages: ['a@10'] }]);
    expect(q.isPending('a')).toBe(false);
  });

  it('drops a result computed for a version that changed while validating', async () => {
    const f = fakeHost(0);
    const q = new ValidationQueue(f.host);
    f.handled.add('a');
    f.versions.set('a', 1);
    const release = f.gate();
    q.trigger('a', true);
    await vi.advanceTimersByTimeAsync(0); // validation of version 1 is now in flight
    f.versions.set('a', 2); // an edit arrives, but its trigger has not run yet
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.published).toEqual([]);
    q.trigger('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(f.published).toEqual([{ uri: 'a', version: 2, messages: ['a@2'] }]);
  });

  it('drops an in-flight result superseded by a newer trigger, even for the same version', async () => {
    const f = fakeHost(0);
    const q = new ValidationQueue(f.host);
    f.handled.add('a');
    f.versions.set('a', 1);
    const release = f.gate();
    q.trigger('a', true);
    await vi.advanceTimersByTimeAsync(0);
    q.trigger('a', true); // e.g. settings changed: the newer run owns the publish
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(f.published).toEqual([{ uri: 'a', version: 1, messages: ['a@1'] }]);
  });

  it('does not publish for a document closed before its result is ready, and clears it on close', async () => {
    const f = fakeHost(100);
    const q = new ValidationQueue(f.host);
    f.handled.add('a');
    f.versions.set('a', 1);
    q.trigger('a', true);
    await vi.advanceTimersByTimeAsync(0);
    f.versions.set('a', 2);
    q.trigger('a');
    f.versions.delete('a');
    q.close('a');
    await vi.advanceTimersByTimeAsync(500);
    expect(f.published).toEqual([
      { uri: 'a', version: 1, messages: ['a@1'] },
      { uri: 'a', version: undefined, messages: [] },
    ]);
  });

  it('publishes nothing for documents that are not role documents, unless they had diagnostics', async () => {
    const f = fakeHost(0);
    const q = new ValidationQueue(f.host);
    f.versions.set('tsconfig', 1);
    q.trigger('tsconfig', true);
    await vi.advanceTimersByTimeAsync(0);
    q.close('tsconfig');
    expect(f.published).toEqual([]);

    // A role document that stops being one (settings changed) gets one empty list.
    f.versions.set('b', 1);
    f.handled.add('b');
    q.trigger('b', true);
    await vi.advanceTimersByTimeAsync(0);
    f.handled.delete('b');
    q.trigger('b', true);
    await vi.advanceTimersByTimeAsync(0);
    q.trigger('b', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.published).toEqual([
      { uri: 'b', version: 1, messages: ['b@1'] },
      { uri: 'b', version: 1, messages: [] },
    ]);
  });

  it('logs a failing validation and keeps working', async () => {
    const f = fakeHost(0);
    const q = new ValidationQueue({ ...f.host, validate: async () => Promise.reject(new Error('boom')) });
    f.versions.set('a', 1);
    q.trigger('a', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.host.log).toHaveBeenCalledWith('Validating a failed', expect.any(Error));
    expect(q.isPending('a')).toBe(false);
    expect(f.published).toEqual([]);
  });
});
