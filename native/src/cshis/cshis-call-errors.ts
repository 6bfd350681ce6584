import { DriverError } from '../driver-error.js';
import { HostFailure } from './host-process.js';

/**
 * The `DriverError` for a failure of the host rather than of the DLL: a call that timed out
 * (`TIMEOUT`; the host has been killed and is being restarted), a host that went away
 * (`READER_ERROR`), or a host that refused the request (`INTERNAL`: the driver asked for
 * something the host cannot do). Anything else passes through.
 */
export function hostFailureToDriverError(error: unknown, label: string): unknown {
  if (!(error instanceof HostFailure)) return error;
  switch (error.kind) {
    case 'timeout':
      return new DriverError(
        'TIMEOUT',
        `${label}: csHIS.dll did not answer (${error.message}); the csHIS host is being restarted`,
        { cause: error },
      );
    case 'remote':
      return new DriverError('INTERNAL', `${label}: the csHIS host refused: ${error.message}`, {
        cause: error,
      });
    default:
      return new DriverError(
        'READER_ERROR',
        `${label}: the csHIS host stopped (${error.message}); it is being restarted`,
        { cause: error },
      );
  }
}

/** The error for a caller's abort: `TIMEOUT` when the reason is a timeout, else `ABORTED`. */
export function abortToDriverError(label: string, reason: unknown): DriverError {
  const timedOut =
    reason instanceof Error && (reason.name === 'TimeoutError' || reason.name.includes('Timeout'));
  return new DriverError(
    timedOut ? 'TIMEOUT' : 'ABORTED',
    `${label} ${timedOut ? 'timed out' : 'was aborted'}`,
    { cause: reason },
  );
}

/**
 * Settles with `work` unless `signal` aborts first; the work itself goes on (a DLL call cannot
 * be interrupted) and is left to its own timeout.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  label: string,
): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortToDriverError(label, signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortToDriverError(label, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
