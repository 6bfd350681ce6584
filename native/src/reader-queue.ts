import { abortError, untilAborted } from './abort-error.js';

/**
 * The one serialisation point of a reader: every device call a driver makes for one reader
 * (csHIS.dll, a PC/SC handle, a virtual reader) runs through its queue, one at a time, in call
 * order. Drivers own it because they know their device; callers of a `CardDriver` never queue.
 *
 * A call has no time limit of its own: it gets its caller's `signal` (the request's deadline)
 * and must honour it. A caller whose signal aborts gets its answer at once; if its call was
 * still waiting, it never runs; if it was running, the queue moves on only once the device
 * call has really ended (the driver ends it: the csHIS host is killed, a PC/SC call returns).
 */
export class ReaderQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** Whether a call is running or waiting. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Runs `task` after every call queued before it; rejects with `abortError` on abort. */
  run<T>(label: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(() => {
      if (signal?.aborted) throw abortError(signal.reason, label);
      return task();
    });
    this.tail = result.then(
      () => this.done(),
      () => this.done(),
    );
    return untilAborted(result, [signal], label);
  }

  private done(): void {
    this.pending -= 1;
  }
}
