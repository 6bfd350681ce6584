import { BrokerError } from './broker-error.js';

/** One request's deadline: a signal that aborts with `TIMEOUT` when the time is up. */
export interface Deadline {
  /** Aborts with a `BrokerError` of code `TIMEOUT` at the deadline. */
  readonly signal: AbortSignal;
  /** Stops the clock once the request is over (its signal then never aborts). */
  clear(): void;
}

/**
 * Starts the deadline of a request that enters the broker (a status poll, the automatic read
 * of an insertion, a `card.read` without a caller's signal), from the deadline table. Built on
 * `setTimeout`, not `AbortSignal.timeout`, so that tests with fake timers drive it, and with a
 * `BrokerError` reason, so every layer below reports the same `TIMEOUT`.
 */
export function startDeadline(timeoutMs: number, what: string): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new BrokerError('TIMEOUT', `${what} did not finish within ${timeoutMs} ms.`));
  }, timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * Runs `work` under the caller's `signal`, or, without one, under a deadline of its own of
 * `timeoutMs` started here (a request that did not come through a transport).
 */
export async function underDeadline<T>(
  signal: AbortSignal | undefined,
  timeoutMs: () => number,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (signal !== undefined) return work(signal);
  const own = startDeadline(timeoutMs(), what);
  try {
    return await work(own.signal);
  } finally {
    own.clear();
  }
}
