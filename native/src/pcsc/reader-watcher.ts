import { abortableWait } from '../simulator/abortable-wait.js';
import { Backoff } from './backoff.js';
import type { PcscApi, ReaderStateQuery, ReaderStateResult, ScardHandle } from './pcsc-api.js';
import { PNP_NOTIFICATION_READER, SCARD_INFINITE, SCARD_STATE } from './pcsc-constants.js';
import { SCARD } from './scard-codes.js';

/** What the watcher reports. Called on the main thread, never concurrently. */
export interface WatcherListener {
  /** The full reader list, after the context was (re-)established or a reader came or went. */
  readersListed(readerNames: readonly string[]): void;
  /** A reader's state differs from the last one reported (or is reported for the first time). */
  readerStateChanged(state: ReaderStateResult): void;
  /** The service went away or cannot be reached: every reader is gone until the next listing. */
  serviceLost(code: number): void;
  /**
   * Called once: every reader's state is known (first round done), or the service could not
   * be reached at start.
   */
  initialised(): void;
}

/** Options of {@link ReaderWatcher}. */
export interface ReaderWatcherOptions {
  /** The PC/SC calls. */
  api: PcscApi;
  /** Whether to watch the PnP pseudo-reader for readers plugged in or out. */
  pnpNotification: boolean;
  /** How often to re-list readers where PnP notification is not available. */
  readerScanIntervalMs: number;
  /** First delay before reconnecting to a lost service; doubles up to `recoveryMaxDelayMs`. */
  recoveryInitialDelayMs: number;
  /** Longest delay between two reconnection attempts. */
  recoveryMaxDelayMs: number;
}

/** Results that mean the context is dead: the service stopped, restarted or cannot be reached. */
const SERVICE_LOST: ReadonlySet<number> = new Set([
  SCARD.E_NO_SERVICE,
  SCARD.E_SERVICE_STOPPED,
  SCARD.E_INVALID_HANDLE,
  SCARD.F_COMM_ERROR,
]);

/** How often `stop` repeats `SCardCancel` until the loop has ended. */
const CANCEL_REPEAT_MS = 50;

/** State bits that mean the reader itself went away: list again. */
const READER_GONE = SCARD_STATE.UNKNOWN | SCARD_STATE.IGNORE;

/**
 * Watches every reader with `SCardGetStatusChange` on a worker thread, in a loop on a context
 * of its own: the PnP pseudo-reader for readers plugged in or out, each reader's state fed
 * back whole (event counter included) so no change between two calls is lost. When the service
 * goes away the context is dropped and re-established with backoff; `stop` ends the wait with
 * `SCardCancel`.
 */
export class ReaderWatcher {
  private context: ScardHandle | null = null;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private pnpNotification: boolean;
  private isInitialised = false;

  constructor(
    private readonly options: ReaderWatcherOptions,
    private readonly listener: WatcherListener,
  ) {
    this.pnpNotification = options.pnpNotification;
  }

  /** Starts the loop (once). */
  start(): void {
    this.running ??= this.run().finally(() => this.markInitialised());
  }

  /** Ends the loop: cancels the wait in flight and releases the context. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('reader watcher stopped'));
    const cancel = (): void => {
      if (this.context !== null) this.options.api.cancel(this.context);
    };
    cancel();
    // pcsc-lite drops a cancel that arrives before the worker thread has entered the wait,
    // so it is repeated until the loop has really ended.
    const repeat = setInterval(cancel, CANCEL_REPEAT_MS);
    try {
      await this.running;
    } finally {
      clearInterval(repeat);
    }
  }

  private markInitialised(): void {
    if (this.isInitialised) return;
    this.isInitialised = true;
    this.listener.initialised();
  }

  /** Waits `delayMs`; false when stopped meanwhile. */
  private async pause(delayMs: number): Promise<boolean> {
    try {
      await abortableWait(delayMs, [this.stopping.signal]);
      return true;
    } catch {
      return false;
    }
  }

  private async dropContext(code: number): Promise<void> {
    const context = this.context;
    this.context = null;
    this.listener.serviceLost(code);
    if (context !== null) await this.options.api.releaseContext(context).catch(() => 0);
  }

  private async run(): Promise<void> {
    const { api } = this.options;
    const backoff = new Backoff(
      this.options.recoveryInitialDelayMs,
      this.options.recoveryMaxDelayMs,
    );
    const knownStates = new Map<string, number>();
    let readers: string[] = [];
    // The list last reported; null after the service was lost (every reader was dropped then).
    let reportedList: string | null = null;
    let mustList = true;
    let pnpState = 0;
    let unknownReaderStreak = 0;
    const stopped = (): boolean => this.stopping.signal.aborted;

    while (!stopped()) {
      if (this.context === null) {
        const established = await api.establishContext();
        if (established.code !== SCARD.SUCCESS) {
          reportedList = null;
          this.listener.serviceLost(established.code);
          this.markInitialised();
          if (!(await this.pause(backoff.next()))) break;
          continue;
        }
        this.context = established.context;
        if (stopped()) break;
        mustList = true;
        knownStates.clear();
      }
      const context = this.context;
      if (mustList) {
        const listed = await api.listReaders(context);
        if (SERVICE_LOST.has(listed.code)) {
          reportedList = null;
          await this.dropContext(listed.code);
          if (!(await this.pause(backoff.next()))) break;
          continue;
        }
        // Any other failure (no readers, a reader vanishing mid-listing) lists none for now;
        // the PnP wait or the scan timer lists again.
        readers = listed.readers;
        for (const name of knownStates.keys())
          if (!readers.includes(name)) knownStates.delete(name);
        mustList = false;
        const list = JSON.stringify(readers);
        if (list !== reportedList) this.listener.readersListed(readers);
        reportedList = list;
        if (readers.length === 0) this.markInitialised();
      }
      const queries: ReaderStateQuery[] = readers.map((reader) => ({
        reader,
        currentState: knownStates.get(reader) ?? SCARD_STATE.UNAWARE,
      }));
      if (this.pnpNotification) {
        queries.unshift({ reader: PNP_NOTIFICATION_READER, currentState: pnpState });
      }
      const timeoutMs = this.pnpNotification ? SCARD_INFINITE : this.options.readerScanIntervalMs;
      if (stopped()) break;
      const { code, states } = await api.getStatusChange(context, timeoutMs, queries);
      if (stopped()) break;
      if (code === SCARD.SUCCESS) {
        backoff.reset();
        unknownReaderStreak = 0;
        for (const state of states) {
          if (state.reader === PNP_NOTIFICATION_READER) {
            if ((state.eventState & SCARD_STATE.CHANGED) !== 0) mustList = true;
            pnpState = state.eventState;
            continue;
          }
          const previous = knownStates.get(state.reader);
          knownStates.set(state.reader, state.eventState);
          if ((state.eventState & READER_GONE) !== 0) mustList = true;
          const changed = (previous ?? -1) & ~SCARD_STATE.CHANGED;
          if (changed !== (state.eventState & ~SCARD_STATE.CHANGED)) {
            this.listener.readerStateChanged(state);
          }
        }
        this.markInitialised();
      } else if (code === SCARD.E_TIMEOUT) {
        if (!this.pnpNotification) mustList = true;
      } else if (code === SCARD.E_CANCELLED) {
        // Only stop() cancels; the loop condition ends the loop.
      } else if (code === SCARD.E_UNKNOWN_READER) {
        // A reader went away between the listing and the wait. Twice in a row with the same
        // list means the PnP pseudo-reader itself is not understood: watch without it.
        unknownReaderStreak += 1;
        if (unknownReaderStreak >= 2 && this.pnpNotification) this.pnpNotification = false;
        mustList = true;
      } else if (SERVICE_LOST.has(code)) {
        reportedList = null;
        await this.dropContext(code);
        if (!(await this.pause(backoff.next()))) break;
      } else {
        mustList = true;
        if (!(await this.pause(backoff.next()))) break;
      }
    }
    const context = this.context;
    this.context = null;
    if (context !== null) await api.releaseContext(context).catch(() => 0);
  }
}
