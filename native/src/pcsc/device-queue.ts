/**
 * Runs one reader's device operations one at a time, in call order. A PC/SC call in flight
 * cannot be interrupted, so the next operation starts only when the previous one has really
 * finished, even if its caller stopped waiting for it long before.
 */
export class DeviceQueue {
  private tail: Promise<void> = Promise.resolve();

  /**
   * Runs `task` after every operation queued before it. If `signal` aborts while the task
   * waits for its turn, the task never runs and the result rejects with the signal's reason.
   */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const result = this.tail.then(() => {
      signal.throwIfAborted();
      return task();
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
