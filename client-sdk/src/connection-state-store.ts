import type { ConnectionState } from './connection-state.js';
import { reportHandlerError } from './report-handler-error.js';

/**
 * The connection state and its listeners. A change that alters nothing is not announced, and
 * nothing is announced once the store is frozen (after the final `closed`).
 */
export class ConnectionStateStore {
  private current: ConnectionState = {
    status: 'idle',
    lastClose: null,
    attempt: 0,
    retryInMs: null,
  };
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private frozen = false;

  /** The state now. */
  get state(): ConnectionState {
    return this.current;
  }

  /** Calls `listener` at every change; returns the function that stops it. */
  listen(listener: (state: ConnectionState) => void): () => void {
    if (this.frozen) return () => {};
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Applies `change` and tells the listeners (a listener that throws is reported). */
  update(change: Partial<ConnectionState>): void {
    if (this.frozen) return;
    const previous = this.current;
    const next = { ...previous, ...change };
    if (
      next.status === previous.status &&
      next.lastClose === previous.lastClose &&
      next.attempt === previous.attempt &&
      next.retryInMs === previous.retryInMs
    ) {
      return;
    }
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }

  /** Keeps the state as it is for good and drops the listeners. */
  freeze(): void {
    this.frozen = true;
    this.listeners.clear();
  }
}
