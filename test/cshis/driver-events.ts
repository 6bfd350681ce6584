import type { DriverEvent } from '@nhicard/native';

/**
 * Resolves once `events` (filled by a driver's `watch` listener) holds an event of `type`;
 * rejects after `timeoutMs`, naming what it waited for.
 */
export function waitForEvent(
  events: readonly DriverEvent[],
  type: DriverEvent['type'],
  timeoutMs = 15_000,
): Promise<DriverEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      const found = events.find((event) => event.type === type);
      if (found !== undefined) resolve(found);
      else if (Date.now() - started > timeoutMs) {
        reject(new Error(`no ${type} driver event within ${timeoutMs} ms`));
      } else setTimeout(check, 20);
    };
    check();
  });
}
