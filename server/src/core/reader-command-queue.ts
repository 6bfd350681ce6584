/** Rejection reason of a queued command whose time ran out. */
export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  constructor(
    readonly label: string,
    readonly timeoutMs: number,
  ) {
    super(`${label} did not finish within ${timeoutMs} ms`);
  }
}

/** One command for the device. */
export interface QueuedCommand<T> {
  /** What the command is, for errors and logs, e.g. `status` or `read basic`. */
  label: string;
  /** Time the device gets once the command starts; it is then aborted and the queue moves on. */
  timeoutMs: number;
  /** The device call. It must honour `signal`; the queue does not wait for it after a timeout. */
  run: (signal: AbortSignal) => Promise<T>;
  /** Aborts the command while it waits or runs (e.g. the card was removed, the caller gave up). */
  signal?: AbortSignal;
}

/**
 * Serialises every call to one reader: polls and reads never interleave on the device, which
 * csHIS.dll requires and PC/SC transactions assume. A command that outlives its timeout is
 * aborted and the queue moves on, so one hung call cannot stall the reader forever (the driver
 * is responsible for recovering the device, e.g. by restarting its host process).
 */
export class ReaderCommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;

  /** Commands waiting or running. */
  get size(): number {
    return this.pending;
  }

  /** Queues a command; resolves or rejects with its outcome. */
  enqueue<T>(command: QueuedCommand<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`reader queue closed: ${command.label}`));
    this.pending += 1;
    const result = this.tail.then(() => this.execute(command));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled;
    void settled.then(() => {
      this.pending -= 1;
    });
    return result;
  }

  /** Rejects commands queued from now on; running ones finish or time out as usual. */
  close(): void {
    this.closed = true;
  }

  private execute<T>(command: QueuedCommand<T>): Promise<T> {
    const outer = command.signal;
    if (outer?.aborted) return Promise.reject(outer.reason);
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuterAbort);
        settle();
      };
      const onOuterAbort = (): void => {
        controller.abort(outer?.reason);
        finish(() => reject(outer?.reason));
      };
      const timer = setTimeout(() => {
        const error = new CommandTimeoutError(command.label, command.timeoutMs);
        controller.abort(error);
        finish(() => reject(error));
      }, command.timeoutMs);
      outer?.addEventListener('abort', onOuterAbort, { once: true });
      let started: Promise<T>;
      try {
        started = command.run(controller.signal);
      } catch (error) {
        finish(() => reject(error));
        return;
      }
      started.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }
}
