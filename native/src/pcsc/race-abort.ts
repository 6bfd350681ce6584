/**
 * Settles like `work`, unless one of `signals` aborts first: then it rejects at once with that
 * signal's reason, while `work` goes on in the background (its outcome is then ignored). Used
 * where a PC/SC call in flight cannot be interrupted but its caller must not wait for it.
 */
export function raceAbort<T>(work: Promise<T>, signals: readonly AbortSignal[]): Promise<T> {
  // The background outcome is deliberately dropped once a signal has won.
  work.catch(() => {});
  const fired = signals.find((signal) => signal.aborted);
  if (fired !== undefined) return Promise.reject(fired.reason);
  return new Promise<T>((resolve, reject) => {
    const listeners = signals.map((signal) => {
      const onAbort = (): void => {
        detach();
        reject(signal.reason);
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
