/**
 * Reports an error thrown by an app's handler the way the platform reports an uncaught one
 * (`reportError` in browsers: the console and `window.onerror`), without unwinding the
 * client's own code. Where `reportError` is missing (Node 20), it is rethrown from a microtask,
 * which is what an uncaught error in an event listener does there too.
 */
export function reportHandlerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') {
    report(error);
    return;
  }
  queueMicrotask(() => {
    throw error;
  });
}
