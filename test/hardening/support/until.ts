import { setTimeout as pause } from 'node:timers/promises';

/** The real monotonic clock, kept before any test fakes `performance`. */
const monotonicNowMs = performance.now.bind(performance);

/** How long `until` waits before it fails the test: a bound on a failure, never a race. */
const UNTIL_LIMIT_MS = 15_000;

/**
 * Resolves once `condition` holds (checked every 5 ms); rejects after {@link UNTIL_LIMIT_MS}
 * naming `what` it waited for. For states nothing announces, such as a call count.
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = monotonicNowMs() + UNTIL_LIMIT_MS;
  while (!condition()) {
    if (monotonicNowMs() > deadline) {
      throw new Error(`timed out after ${UNTIL_LIMIT_MS} ms waiting for ${what}`);
    }
    await pause(5);
  }
}
