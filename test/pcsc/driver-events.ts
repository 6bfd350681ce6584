import type { CardDriver, CardStatus, DriverEvent } from '@nhicard/native';
import { PendingWaits } from '../support/pending-waits.js';

/**
 * Records every event a driver pushes, from the moment it is created, and waits for the ones a
 * test expects: waiting on conditions, never on fixed sleeps.
 */
export class DriverEventLog {
  /** Every event so far, in order. */
  readonly events: DriverEvent[] = [];
  private readonly waits = new PendingWaits();
  private readonly unsubscribe: () => void;

  constructor(driver: CardDriver) {
    if (driver.watch === undefined) throw new Error(`the ${driver.kind} driver has no events`);
    this.unsubscribe = driver.watch((event) => {
      this.events.push(event);
      this.waits.recheck();
    });
  }

  /** The status events of one reader, in order. */
  statuses(readerId: string): CardStatus[] {
    return this.events.flatMap((event) =>
      event.type === 'status' && event.readerId === readerId ? [event.status] : [],
    );
  }

  /**
   * Resolves with the first event at or after index `from` that matches; rejects after
   * `timeoutMs` listing the events seen.
   */
  waitFor<E extends DriverEvent>(
    matches: (event: DriverEvent) => event is E,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<E>;
  waitFor(
    matches: (event: DriverEvent) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<DriverEvent>;
  waitFor(
    matches: (event: DriverEvent) => boolean,
    { from = 0, timeoutMs = 15_000 }: { from?: number; timeoutMs?: number } = {},
  ): Promise<DriverEvent> {
    return this.waits.until(
      () => this.events.slice(from).find(matches),
      timeoutMs,
      () =>
        `no matching event within ${timeoutMs} ms; seen: ${JSON.stringify(this.events.slice(from))}`,
    );
  }

  /** Waits for a status event of `readerId` with `presence` (from index `from`). */
  async waitForPresence(
    readerId: string,
    presence: CardStatus['presence'],
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<CardStatus> {
    const event = await this.waitFor(
      (candidate): candidate is Extract<DriverEvent, { type: 'status' }> =>
        candidate.type === 'status' &&
        candidate.readerId === readerId &&
        candidate.status.presence === presence,
      options,
    );
    return event.status;
  }

  /** Stops recording. */
  stop(): void {
    this.unsubscribe();
  }
}
