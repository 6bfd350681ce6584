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
    const stopListening = onFirstAbort(signals, (reason) => {
      if (timer !== undefined) clearTimeout(timer);
      reject(reason);
    });
    if (durationMs !== null) {
      timer = setTimeout(() => {
        stopListening();
        resolve();
      }, durationMs);
    }
  });
}

/**
 * Calls `onAbort` once, with the reason of the first of `signals` to abort, after removing its
 * listeners from all of them. Returns the function that removes them otherwise: a wait that
 * ends another way calls it, so long-lived signals do not collect listeners.
 */
export function onFirstAbort(
  signals: readonly AbortSignal[],
  onAbort: (reason: unknown) => void,
): () => void {
  const listeners = signals.map((signal) => {
    const listener = (): void => {
      stopListening();
      onAbort(signal.reason);
    };
    signal.addEventListener('abort', listener, { once: true });
    return { signal, listener };
  });
  function stopListening(): void {
    for (const { signal, listener } of listeners) signal.removeEventListener('abort', listener);
  }
  return stopListening;
}
