/**
 * Running LSP handlers safely: an exception is logged and answered with an empty result, and a
 * cancelled request is answered with RequestCancelled. Model: json-language-features
 * `server/src/utils/runner.ts`.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export type Logger = (message: string) => void;

export function formatError(message: string, err: unknown): string {
  if (err instanceof Error) return `${message}: ${err.message}\n${err.stack ?? ''}`.trimEnd();
  if (typeof err === 'string') return `${message}: ${err}`;
  if (err) return `${message}: ${String(err)}`;
  return message;
}

function cancelled<T>(): ResponseError<T> {
  return new ResponseError<T>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/**
 * Runs `func` on the next turn (so a cancellation that is already queued is seen), returns its result,
 * `errorVal` if it throws, and a RequestCancelled error when `token` is cancelled before or after.
 */
export function runSafe<T>(
  log: Logger,
  func: () => T | Promise<T>,
  errorVal: T,
  what: string,
  token: CancellationToken | undefined,
): Promise<T | ResponseError<void>> {
  return new Promise((resolve) => {
    setImmediate(() => {
      if (token?.isCancellationRequested) {
        resolve(cancelled());
        return;
      }
      Promise.resolve()
        .then(func)
        .then(
          (result) => resolve(token?.isCancellationRequested ? cancelled() : result),
          (err: unknown) => {
            log(formatError(`Error while ${what}`, err));
            resolve(errorVal);
          },
        );
    });
  });
}

/** For notifications: log instead of throwing; never rejects. */
export async function runSafeNotification(log: Logger, func: () => void | Promise<void>, what: string): Promise<void> {
  try {
    await func();
  } catch (err) {
    log(formatError(`Error while ${what}`, err));
  }
}
