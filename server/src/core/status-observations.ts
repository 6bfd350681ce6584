import type { CardDriver, CardStatus } from '@nhicard/native';
import {
  catchError,
  defer,
  distinctUntilChanged,
  EMPTY,
  exhaustMap,
  map,
  merge,
  type Observable,
  of,
  timer,
} from 'rxjs';
import { abortable } from './abortable.js';
import { toBrokerError } from './broker-error.js';
import type { StatusObservation } from './card-state-machine.js';
import { startDeadline } from './deadline.js';

/** What `watchReaderStatus` needs. */
export interface StatusWatchOptions {
  driver: CardDriver;
  readerId: string;
  pollIntervalMs: number;
  /** The deadline of one poll (`DeadlineTable.statusMs`). */
  statusMs: number;
  /** The driver's pushed status changes for this reader (the broker's one `watch`). */
  pushed$: Observable<CardStatus>;
}

const fromStatus = (status: CardStatus): StatusObservation => ({
  presence: status.presence,
  insertionId: status.insertionId,
  nativeCode: status.nativeCode,
});

const sameObservation = (a: StatusObservation, b: StatusObservation): boolean =>
  a.presence === b.presence &&
  a.insertionId === b.insertionId &&
  a.nativeCode === b.nativeCode &&
  a.error?.code === b.error?.code;

/**
 * The distinct states of one reader's slot: a timer poll of `driver.status`, each poll a
 * request with its own deadline from the table, merged with the driver's pushed changes.
 * `exhaustMap` drops ticks while a poll is still running, so polls never pile up behind a slow
 * reader. A failing poll becomes a `reader-error` observation instead of ending the stream.
 */
export function watchReaderStatus(options: StatusWatchOptions): Observable<StatusObservation> {
  const { driver, readerId, statusMs } = options;
  const polled$ = timer(0, options.pollIntervalMs).pipe(
    exhaustMap(() =>
      defer(() => {
        const deadline = startDeadline(statusMs, `The status poll of ${readerId}`);
        // Raced as well, so a driver that ignores the signal cannot stall the poll.
        const polled = driver.status(readerId, { signal: deadline.signal });
        return abortable(polled, deadline.signal).finally(() => deadline.clear());
      }).pipe(
        map(fromStatus),
        catchError((error: unknown) => {
          const brokerError = toBrokerError(error);
          return of<StatusObservation>({
            presence: 'reader-error',
            insertionId: null,
            nativeCode: brokerError.native?.code ?? null,
            error: brokerError,
          });
        }),
      ),
    ),
  );
  const pushed$ = driver.capabilities.events ? options.pushed$.pipe(map(fromStatus)) : EMPTY;
  return merge(polled$, pushed$).pipe(distinctUntilChanged(sameObservation));
}
