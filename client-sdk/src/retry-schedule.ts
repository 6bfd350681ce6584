import type { ResolvedClientOptions } from './client-options.js';
import { reconnectDelayMs } from './reconnect-backoff.js';
import { healthUrlOf, ReconnectProbe } from './reconnect-probe.js';

/**
 * When the next connection attempt runs after one was lost: after the backoff's delay, or at
 * once when the broker's `/healthz` answers meanwhile (the probe), or when the app calls
 * `connect()`. At most one retry is pending.
 */
export class RetrySchedule {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly probe: ReconnectProbe;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly retry: () => void,
  ) {
    this.probe = new ReconnectProbe(healthUrlOf(options.url), options.reconnect.probeIntervalMs);
  }

  /** The wait before the retry after `attempt` failed attempts in a row, in ms (jittered). */
  delayMs(attempt: number): number {
    return reconnectDelayMs(attempt, this.options.reconnect, Math.random());
  }

  /** Schedules the retry in `delayMs`, sooner when the probe finds the broker back. */
  start(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.retry();
    }, delayMs);
    this.probe.start(delayMs, () => {
      if (this.takePending()) this.retry();
    });
  }

  /** Cancels the pending retry, if any, so the caller can run it now; false when none was. */
  takePending(): boolean {
    if (this.timer === undefined) return false;
    clearTimeout(this.timer);
    this.timer = undefined;
    return true;
  }

  /** A connection opened: the next outage may be probed again. */
  connected(): void {
    this.probe.connected();
  }

  /** An attempt starts, or the client closed: no retry is pending, no probe runs. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.probe.stop();
  }
}
