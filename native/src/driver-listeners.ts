import type { DriverEvent } from './card-driver.js';

/**
 * The listeners of a driver's `watch`, for every driver that pushes events. Each event reaches
 * every listener in turn; one that throws does not keep it from the others.
 */
export class DriverListeners {
  private readonly listeners = new Set<(event: DriverEvent) => void>();

  /** Adds `listener`; the function returned removes it (what `watch` returns). */
  add(listener: (event: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: DriverEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the other listeners still hear the event.
      }
    }
  }

  /** Removes them all (the driver is closing). */
  clear(): void {
    this.listeners.clear();
  }
}
