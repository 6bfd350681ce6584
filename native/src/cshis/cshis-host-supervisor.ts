import { DriverError } from '../driver-error.js';
import { ReaderQueue } from '../reader-queue.js';
import { hostFailureToDriverError, hostRestartingError } from './cshis-errors.js';
import type { CshisLog } from './cshis-options.js';
import type { CshisSession, CshisSessionInfo } from './cshis-session.js';
import { HostFailure } from './host-failure.js';

/** What the supervisor needs from the driver. */
export interface CshisSupervisorOptions {
  /** Starts a new session: host up, DLL loaded, port open. */
  startSession: () => Promise<CshisSession>;
  /** First wait before restarting; doubled after each failed attempt. */
  restartDelayMs: number;
  /** Longest wait between restart attempts. */
  maxRestartDelayMs: number;
  log: CshisLog;
  /** The session failed: the reader is gone until `onAttached`. */
  onDetached: () => void;
  /** A new session is serving. */
  onAttached: () => void;
}

/** The supervisor's view of the host. */
export interface CshisSupervisorState {
  state: 'running' | 'restarting' | 'closed';
  restarts: number;
  failuresInARow: number;
  lastFailure: string | null;
  session: CshisSessionInfo | null;
}

/**
 * Owns the one csHIS session at a time: runs calls on it one after another through the
 * reader's `ReaderQueue` (the DLL is not re-entrant), and when a call outlives its caller's
 * deadline or the host dies, drops it, reports the reader detached and starts a new one with a
 * growing delay until it serves again.
 */
export class CshisHostSupervisor {
  /** The reader's one serialisation point. */
  readonly queue = new ReaderQueue();
  private session: CshisSession | null;
  private inFlight = 0;
  private closed = false;
  private restarts = 0;
  // Host failures and failed starts since a call last came back from a host: a host that
  // starts but fails at its first call keeps this growing, one that serves resets it.
  private failuresInARow = 0;
  private lastFailure: string | null = null;
  private wakeRestart: (() => void) | null = null;

  constructor(
    first: CshisSession,
    private readonly options: CshisSupervisorOptions,
  ) {
    this.session = first;
    this.adopt(first);
  }

  /** Whether a session is serving now. */
  get running(): boolean {
    return this.session !== null && !this.closed;
  }

  /** The state, for `hostState()`. */
  state(): CshisSupervisorState {
    return {
      state: this.closed ? 'closed' : this.session === null ? 'restarting' : 'running',
      restarts: this.restarts,
      failuresInARow: this.failuresInARow,
      lastFailure: this.lastFailure,
      session: this.session?.info ?? null,
    };
  }

  /**
   * Runs `work` on the session after every earlier call, until `signal` (the caller's
   * deadline) aborts. Host failures become `DriverError`s (`TIMEOUT` for a call still running
   * at the deadline) and start a restart.
   * @throws DriverError `READER_ERROR` while restarting, `BUSY` once closed.
   */
  run<T>(
    label: string,
    signal: AbortSignal | undefined,
    work: (session: CshisSession) => Promise<T>,
  ): Promise<T> {
    return this.queue.run(label, signal, async () => {
      const session = this.session;
      if (this.closed) throw DriverError.closed('csHIS');
      if (session === null || !session.alive) throw hostRestartingError(label, this.lastFailure);
      this.inFlight += 1;
      try {
        const value = await work(session);
        this.failuresInARow = 0;
        return value;
      } catch (error) {
        if (error instanceof HostFailure) this.lose(session, error);
        // Any other error came back from the DLL: the host itself serves.
        else this.failuresInARow = 0;
        throw hostFailureToDriverError(error, label);
      } finally {
        this.inFlight -= 1;
      }
    });
  }

  /** Stops restarting and ends the session: cleanly when idle, at once when a call runs. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeRestart?.();
    const session = this.session;
    this.session = null;
    if (session === null) return;
    // A call still running may be a PIN dialog or a hang: do not wait for it.
    if (this.inFlight > 0) {
      session.kill();
      await session.exited;
    } else {
      await session.close();
    }
  }

  /** Watches a serving session for an unexpected exit. */
  private adopt(session: CshisSession): void {
    void session.exited.then((exit) => {
      const how = exit.signal ?? `code ${exit.code}`;
      this.lose(session, new HostFailure('gone', `the csHIS host exited unexpectedly (${how})`));
    });
  }

  private lose(session: CshisSession, failure: HostFailure): void {
    if (this.closed || this.session !== session) return;
    this.session = null;
    this.lastFailure = failure.message;
    this.failuresInARow += 1;
    session.kill();
    this.options.log.warn(`csHIS host failed: ${failure.message}; restarting it`);
    // After the failed call's own rejection has reached its caller: the caller learns
    // TIMEOUT for its call, then the reader goes away.
    setImmediate(() => {
      if (this.closed) return;
      this.options.onDetached();
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    let delayMs = this.options.restartDelayMs;
    while (!this.closed) {
      await this.sleep(delayMs);
      if (this.closed) return;
      try {
        const session = await this.options.startSession();
        if (this.closed) {
          await session.close();
          return;
        }
        this.session = session;
        this.restarts += 1;
        this.adopt(session);
        this.options.log.info(`csHIS host restarted (restart ${this.restarts})`);
        this.options.onAttached();
        return;
      } catch (error) {
        this.lastFailure = error instanceof Error ? error.message : String(error);
        this.failuresInARow += 1;
        this.options.log.warn(`csHIS host restart failed: ${this.lastFailure}`);
        delayMs = Math.min(delayMs * 2, this.options.maxRestartDelayMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakeRestart = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeRestart = wake;
    });
  }
}
