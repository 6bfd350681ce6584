import type { CardDriver, CardStatus } from '@nhicard/native';
import type { CardPresence } from '@nhicard/protocol';
import {
  catchError,
  distinctUntilChanged,
  EMPTY,
  exhaustMap,
  from,
  map,
  merge,
  Observable,
  of,
  timer,
} from 'rxjs';
import { type BrokerError, toBrokerError } from './broker-error.js';
import type { ReaderCommandQueue } from './reader-command-queue.js';

/** One distinct state of a reader's slot, as the poll (or the driver's events) saw it. */
export interface StatusObservation {
  presence: CardPresence;
  insertionId: number | null;
  nativeCode: number | null;
  /** Why the status could not be read, when `presence` is `reader-error` for that reason. */
  error?: BrokerError;
}

/** What `watchReaderStatus` needs. */
export interface StatusWatchOptions {
  driver: CardDriver;
  readerId: string;
  queue: ReaderCommandQueue;
  pollIntervalMs: number;
  statusTimeoutMs: number;
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
 * The distinct states of one reader's slot: a timer poll of `driver.status` through the
 * reader's command queue (so it never interleaves with reads), merged with the driver's own
 * status events where it has them. `exhaustMap` drops ticks while a poll is still running, so
 * polls never pile up behind a slow reader. A failing poll becomes a `reader-error`
 * observation instead of ending the stream.
 */
export function watchReaderStatus(options: StatusWatchOptions): Observable<StatusObservation> {
  const { driver, readerId, queue } = options;
  const polled$ = timer(0, options.pollIntervalMs).pipe(
    exhaustMap(() =>
      from(
        queue.enqueue({
          label: `status ${readerId}`,
          timeoutMs: options.statusTimeoutMs,
          run: () => driver.status(readerId),
        }),
      ).pipe(
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
  const pushed$: Observable<StatusObservation> =
    driver.capabilities.events && driver.watch
      ? new Observable<StatusObservation>((subscriber) =>
          driver.watch?.((event) => {
            if (event.type === 'status' && event.readerId === readerId) {
              subscriber.next(fromStatus(event.status));
            }
          }),
        )
      : EMPTY;
  return merge(polled$, pushed$).pipe(distinctUntilChanged(sameObservation));
}
