import { isErrorCode } from '@nhicard/protocol';
import { DriverError } from './driver-error.js';

/** Whether an abort reason says that time ran out (`AbortSignal.timeout` or a deadline's reason). */
export function isTimeoutReason(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  return reason.name === 'TimeoutError' || (reason as { code?: unknown }).code === 'TIMEOUT';
}

/**
 * The one mapping from an abort reason to the error a driver rejects with, used by every
 * driver. A reason that already carries a protocol code (a `DriverError`, or the caller's own
 * error such as the broker's `TIMEOUT` deadline or `CARD_REMOVED`) keeps it; a bare timeout
 * becomes `TIMEOUT`; anything else is `ABORTED`: the caller gave up for its own reasons.
 */
export function abortError(reason: unknown, label: string): DriverError {
  if (reason instanceof DriverError) return reason;
  const code = (reason as { code?: unknown } | null | undefined)?.code;
  if (reason instanceof Error && isErrorCode(code)) {
    return new DriverError(code, `${label}: ${reason.message}`, { cause: reason });
  }
  const timedOut = isTimeoutReason(reason);
  return new DriverError(
    timedOut ? 'TIMEOUT' : 'ABORTED',
    `${label} ${timedOut ? 'timed out' : 'was aborted'}`,
    { cause: reason },
  );
}

/**
 * Settles like `work`, unless one of `signals` aborts first: then it rejects at once with
 * {@link abortError} of that signal's reason. `work` goes on (a device call in flight cannot
 * always be interrupted); its late outcome is ignored.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signals: readonly (AbortSignal | undefined)[],
  label: string,
): Promise<T> {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 0) return work;
  work.catch(() => {});
  const fired = present.find((signal) => signal.aborted);
  if (fired !== undefined) return Promise.reject(abortError(fired.reason, label));
  return new Promise<T>((resolve, reject) => {
    const listeners = present.map((signal) => {
      const onAbort = (): void => {
        detach();
        reject(abortError(signal.reason, label));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      return { signal, onAbort };
    });
    function detach(): void {
      for (const { signal, onAbort } of listeners) signal.removeEventListener('abort', onAbort);
    }
    work.then(
      (value) => {
        detach();
        resolve(value);
      },
      (error: unknown) => {
        detach();
        reject(error);
      },
    );
  });
}
