import type { CardDriver, CardStatus } from '@nhicard/native';
import { EMPTY, Observable } from 'rxjs';
import { BrokerError, toBrokerError } from './broker-error.js';
import type { StatusObservation } from './card-state-machine.js';

/**
 * How often a card that is still settling (`not-ready`: the SAM authenticates it) is polled
 * again, so its readiness is seen within this much rather than within a whole poll interval.
 * Not a setting: it only matters for the few seconds a card settles, bounded by `settleMs`.
 */
export const SETTLING_POLL_INTERVAL_MS = 20;

/** What a `PollClock` needs. */
export interface PollClockOptions {
  driver: CardDriver;
  /** The regular poll of every reader. */
  pollIntervalMs: number;
  /** The deadline of one poll (`DeadlineTable.statusMs`). */
  statusMs: number;
  /** How long a settling card is polled fast at most (`DeadlineTable.settleMs`). */
  settleMs: number;
}

interface PolledReader {
  readonly readerId: string;
  readonly emit: (observation: StatusObservation) => void;
  last: StatusObservation | null;
  /** The batch whose poll of this reader is still running, or null. */
  inFlight: PollBatch | null;
  /** How many fast polls this settling card has left; 0 while no card settles. */
  fastPollsLeft: number;
  /** The driver insertion id of the settling card (a swap starts the fast polls anew). */
  settlingInsertionId: number | null;
}

/** One tick's polls: one deadline timer for all of them. */
interface PollBatch {
  readonly controller: AbortController;
  readonly pending: Set<PolledReader>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const sameObservation = (a: StatusObservation, b: StatusObservation): boolean =>
  a.presence === b.presence &&
  a.insertionId === b.insertionId &&
  a.nativeCode === b.nativeCode &&
  a.error?.code === b.error?.code;

const fromStatus = (status: CardStatus): StatusObservation => ({
  presence: status.presence,
  insertionId: status.insertionId,
  nativeCode: status.nativeCode,
});

/**
 * The one poll clock of a driver: a single interval polls `driver.status` of every watched
 * reader at `pollIntervalMs` (with one deadline timer per tick for all of them), and one fast
 * timer, armed only while a card settles, re-polls just the settling readers every
 * {@link SETTLING_POLL_INTERVAL_MS} until the card is ready or gone, for `settleMs` at most.
 * Timers only, no wall clock, so fake timers drive it. A reader whose poll is still running is skipped, so polls
 * never pile up behind a slow reader. Each reader's stream carries only distinct observations,
 * the driver's pushed changes (PC/SC) merged in; a failing poll becomes a `reader-error`.
 */
export class PollClock {
  private readonly readers = new Map<string, PolledReader>();
  private regularTimer: ReturnType<typeof setInterval> | undefined;
  private fastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PollClockOptions) {}

  /** The distinct observations of one reader, polled from the first subscription on. */
  watch(readerId: string, pushed$: Observable<CardStatus> = EMPTY): Observable<StatusObservation> {
    return new Observable<StatusObservation>((subscriber) => {
      const reader: PolledReader = {
        readerId,
        emit: (observation) => {
          if (reader.last !== null && sameObservation(reader.last, observation)) return;
          reader.last = observation;
          subscriber.next(observation);
        },
        last: null,
        inFlight: null,
        fastPollsLeft: 0,
        settlingInsertionId: null,
      };
      this.readers.set(readerId, reader);
      const pushes = this.options.driver.capabilities.events
        ? pushed$.subscribe((status) => reader.emit(fromStatus(status)))
        : undefined;
      // A new reader is polled at once, then with all the others on the regular tick.
      this.poll([reader]);
      this.regularTimer ??= setInterval(
        () => this.poll([...this.readers.values()]),
        this.options.pollIntervalMs,
      );
      return () => {
        pushes?.unsubscribe();
        if (this.readers.get(readerId) === reader) this.readers.delete(readerId);
        if (this.readers.size > 0) return;
        clearInterval(this.regularTimer);
        clearTimeout(this.fastTimer);
        this.regularTimer = undefined;
        this.fastTimer = undefined;
      };
    });
  }

  /** The fast tick: only the readers whose card is settling. */
  private pollSettling(): void {
    this.fastTimer = undefined;
    const due: PolledReader[] = [];
    for (const reader of this.readers.values()) {
      if (reader.fastPollsLeft > 0 && reader.inFlight === null) {
        reader.fastPollsLeft -= 1;
        due.push(reader);
      }
    }
    this.poll(due);
  }

  private poll(readers: readonly PolledReader[]): void {
    const idle = readers.filter((reader) => reader.inFlight === null);
    if (idle.length === 0) return;
    const { driver, statusMs } = this.options;
    const batch: PollBatch = {
      controller: new AbortController(),
      pending: new Set(),
      timer: undefined,
    };
    for (const reader of idle) {
      reader.inFlight = batch;
      batch.pending.add(reader);
      let polled: Promise<CardStatus>;
      try {
        polled = driver.status(reader.readerId, { signal: batch.controller.signal });
      } catch (error) {
        polled = Promise.reject(error);
      }
      polled.then(
        (status) => this.settle(batch, reader, fromStatus(status)),
        (error: unknown) => this.settle(batch, reader, failedPoll(toBrokerError(error))),
      );
    }
    // Raced as well, so a driver that ignores the signal cannot stall the reader.
    batch.timer = setTimeout(() => this.expire(batch), statusMs);
  }

  private expire(batch: PollBatch): void {
    const { statusMs } = this.options;
    batch.controller.abort(
      new BrokerError('TIMEOUT', `The status poll did not finish within ${statusMs} ms.`),
    );
    for (const reader of [...batch.pending]) {
      const error = new BrokerError(
        'TIMEOUT',
        `The status poll of ${reader.readerId} did not finish within ${statusMs} ms.`,
      );
      this.settle(batch, reader, failedPoll(error));
    }
  }

  private settle(batch: PollBatch, reader: PolledReader, observation: StatusObservation): void {
    if (reader.inFlight !== batch) return;
    reader.inFlight = null;
    batch.pending.delete(reader);
    if (batch.pending.size === 0) clearTimeout(batch.timer);
    if (this.readers.get(reader.readerId) !== reader) return;
    this.noteSettling(reader, observation);
    reader.emit(observation);
    if (reader.fastPollsLeft > 0) {
      this.fastTimer ??= setTimeout(() => this.pollSettling(), this.fastPollIntervalMs());
    }
  }

  /**
   * Starts or ends a reader's fast re-polling: a card newly seen settling gets `settleMs`
   * worth of fast polls, so a card that never settles goes back to the regular poll (and the
   * settle timer). The driver's events need none (PC/SC).
   */
  private noteSettling(reader: PolledReader, observation: StatusObservation): void {
    const settling =
      observation.presence === 'not-ready' && !this.options.driver.capabilities.events;
    if (!settling) {
      reader.fastPollsLeft = 0;
      reader.settlingInsertionId = null;
      return;
    }
    const newCard =
      reader.last?.presence !== 'not-ready' ||
      observation.insertionId !== reader.settlingInsertionId;
    if (!newCard) return;
    reader.settlingInsertionId = observation.insertionId;
    reader.fastPollsLeft = Math.ceil(this.options.settleMs / this.fastPollIntervalMs());
  }

  private fastPollIntervalMs(): number {
    return Math.min(SETTLING_POLL_INTERVAL_MS, this.options.pollIntervalMs);
  }
}

function failedPoll(error: BrokerError): StatusObservation {
  return {
    presence: 'reader-error',
    insertionId: null,
    nativeCode: error.native?.code ?? null,
    error,
  };
}
