import type { HeartbeatOptions } from './client-options.js';
import { NhiCardError } from './nhicard-error.js';

/** What the heartbeat needs from the client. */
export interface HeartbeatHooks {
  /** Sends the `ping` op with this timeout; resolves with the broker's clock. */
  ping(timeoutMs: number): Promise<{ time: string }>;
  /** The broker did not answer in time: the connection is dead. */
  onDead(): void;
  /** The broker's clock, from a ping answer. */
  onServerTime(iso: string): void;
}

/**
 * Sends one `ping` every `intervalMs` while a connection is open (never two at once) and
 * calls `onDead` when one goes unanswered for `timeoutMs`. Any other failure of a ping (the
 * broker busy or rate-limiting) still proves the connection alive.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  // Bumped by stop(), so the outcome of a ping sent on an earlier connection is ignored.
  private generation = 0;

  constructor(
    private readonly options: Required<HeartbeatOptions>,
    private readonly hooks: HeartbeatHooks,
  ) {}

  /** Starts beating for a connection that just opened. */
  start(): void {
    this.stop();
    if (this.options.enabled) this.schedule(this.generation);
  }

  /** Stops beating (the connection closed). */
  stop(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(generation: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.hooks.ping(this.options.timeoutMs).then(
        (result) => {
          if (generation !== this.generation) return;
          this.hooks.onServerTime(result.time);
          this.schedule(generation);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          if (error instanceof NhiCardError && error.code === 'TIMEOUT') this.hooks.onDead();
          else if (!(error instanceof NhiCardError && error.code === 'DISCONNECTED')) {
            this.schedule(generation);
          }
        },
      );
    }, this.options.intervalMs);
  }
}
