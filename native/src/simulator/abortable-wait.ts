/**
 * Waits `durationMs` (or, with `null`, until a signal fires), rejecting with the first fired
 * signal's `reason`. Built on `setTimeout` only, so tests can drive it with fake timers, and
 * it removes its listeners when it settles so long-lived signals do not collect them.
 *
 * Signals that are already aborted reject at once (in a microtask); a zero duration resolves
 * without a timer, so zero-latency reads also complete under fake timers without advancing them.
 */
export function abortableWait(
  durationMs: number | null,
  signals: readonly AbortSignal[],
): Promise<void> {
  const fired = signals.find((signal) => signal.aborted);
  if (fired !== undefined) return Promise.reject(fired.reason);
  if (durationMs === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listeners = signals.map((signal) => {
      const onAbort = (): void => {
        settle();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      return { signal, onAbort };
    });
    function settle(): void {
      if (timer !== undefined) clearTimeout(timer);
      for (const { signal, onAbort } of listeners) signal.removeEventListener('abort', onAbort);
    }
    if (durationMs !== null) {
      timer = setTimeout(() => {
        settle();
        resolve();
      }, durationMs);
    }
  });
}
