/** What `serve` waits on to stop; the real one is {@link processSignals}. */
export interface StopSignals {
  /** Calls `listener` with the reason's name each time one arrives (`SIGINT`, `SIGTERM`, …). */
  onSignal(listener: (signal: StopReason) => void): void;
}

/**
 * Why `serve` stops: a signal, or {@link PARENT_EXIT} (the package runner that started it is
 * gone).
 */
type StopReason = 'SIGINT' | 'SIGTERM' | typeof PARENT_EXIT;

/** The stop reason when the `npm exec` / `npx` / `pnpm` process that started the broker ended. */
export const PARENT_EXIT = 'PARENT_EXIT';

// The parent as this module loads (before the broker starts): a runner killed while the broker
// was still starting has already changed it by the time `serve` waits for signals.
const PARENT_AT_START = process.ppid;

/** How often a broker started by a package runner checks that its parent is still there. */
const PARENT_CHECK_INTERVAL_MS = 1000;

/**
 * Whether a package runner started this process. `npx nhicard serve` and `pnpm start` run the
 * bin through `sh -c`, and on SIGTERM the runner passes the signal to that shell only: the
 * shell dies and the broker would be left running, holding the port, with no parent.
 */
function startedByPackageRunner(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
}

/**
 * Calls `onGone` once when this process's parent is no longer `parent` (it ended and the process
 * was re-parented). The check is a timer that does not keep the process alive.
 */
function watchParent(
  onGone: () => void,
  parent = PARENT_AT_START,
  intervalMs = PARENT_CHECK_INTERVAL_MS,
): () => void {
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * SIGINT (Ctrl+C) and SIGTERM of the process and, when a package runner started it (see
 * {@link startedByPackageRunner}), the end of that runner: so `kill <npx pid>`, `kill <pnpm pid>`
 * and the bin itself all stop the broker. A broker started directly (the bin, the Windows
 * task, a service manager) keeps running when its parent ends, as a started service should.
 */
export const processSignals: StopSignals = {
  onSignal(listener) {
    process.on('SIGINT', () => listener('SIGINT'));
    process.on('SIGTERM', () => listener('SIGTERM'));
    if (startedByPackageRunner(process.env)) watchParent(() => listener(PARENT_EXIT));
  },
};
