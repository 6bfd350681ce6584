import { randomBytes } from 'node:crypto';
import type { CardDriver, DriverEvent } from '@nhicard/native';
import {
  type CardSectionsData,
  type DeadlineTable,
  type Op,
  type OpParams,
  type ReaderInfo,
  type ReaderStatus,
  requestDeadlineMs,
  type SectionId,
  type Topic,
  type TopicData,
} from '@nhicard/protocol';
import {
  catchError,
  EMPTY,
  exhaustMap,
  filter,
  from,
  merge,
  Observable,
  Subject,
  type Subscription,
  share,
  timer,
} from 'rxjs';
import { BrokerError } from './broker-error.js';
import {
  type BrokerOptions,
  type ResolvedBrokerOptions,
  resolveBrokerOptions,
} from './broker-options.js';
import { underDeadline } from './deadline.js';
import { onlyVirtualCardSlot, submitQrCode } from './qr-submission.js';
import { ReaderSlots } from './reader-slots.js';
import { type CardReadResult, cachedSections, readSections } from './section-reads.js';

export type { CardReadResult } from './section-reads.js';

/** An event as the broker publishes it, before any per-connection filtering. */
export interface BrokerEvent<T extends Topic = Topic> {
  /** What happened. */
  topic: T;
  /** +1 per event for the whole server run, starting at 1. */
  seq: number;
  /** When, as ISO 8601. */
  time: string;
  /** The reader the event is about; null for server-wide events. */
  reader: string | null;
  /** The full, unfiltered data: connections strip what their scope may not see. */
  data: TopicData[T];
}

/** A reader's status together with the sections cached for its current card. */
export interface ReaderSnapshot extends ReaderStatus {
  /** Decoded sections read during the current insertion. */
  sections: CardSectionsData;
}

/**
 * The card-event broker's core: the attached readers (`ReaderSlots`: one `ReaderSlot` each,
 * with its RxJS pipeline from observation to event, card session and automatic read, all
 * polled by one clock), reader discovery, and one event stream with a run-wide `seq`. It
 * knows nothing of WebSocket or scopes: connections filter its events.
 */
export class Broker {
  private readonly options: ResolvedBrokerOptions;
  private readonly driver: CardDriver;
  private readonly slots: ReaderSlots;
  private readonly subject = new Subject<BrokerEvent>();
  /** The driver's pushed events: one `watch` for the broker and all its slots. */
  private readonly driverEvents$: Observable<DriverEvent>;
  private lastSeq = 0;
  private scan: Subscription | null = null;
  private closed = false;

  /** Every event, as published. Subscribers joining late miss earlier events (use `snapshot`). */
  readonly events$: Observable<BrokerEvent> = this.subject.asObservable();

  constructor(options: BrokerOptions) {
    this.options = resolveBrokerOptions(options);
    this.driver = options.driver;
    const { driver } = this;
    this.driverEvents$ =
      driver.capabilities.events && driver.watch
        ? new Observable<DriverEvent>((subscriber) =>
            driver.watch?.((event) => subscriber.next(event)),
          ).pipe(share())
        : EMPTY;
    this.slots = new ReaderSlots({
      driver,
      options: this.options,
      driverEvents$: this.driverEvents$,
      publish: (topic, reader, data) => this.publish(topic, reader, data),
      runTag: randomBytes(4).toString('hex'),
    });
  }

  /** The deadline table in force (announced to clients in `hello`). */
  get deadlines(): Readonly<DeadlineTable> {
    return this.options.deadlines;
  }

  /**
   * The deadline of a request from a client, in ms from its arrival: the one question the
   * transport asks; the answer comes from the deadline table.
   */
  requestDeadlineMs<O extends Op>(request: { op: O; params: OpParams[O] }): number {
    return requestDeadlineMs(request.op, request.params, this.options.deadlines);
  }

  /** The driver in use. */
  get driverKind(): CardDriver['kind'] {
    return this.driver.kind;
  }

  /** The seq of the last published event (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Lists the readers, attaches them, and starts watching them and the reader list. */
  async start(): Promise<void> {
    this.reconcileReaders(await this.driver.listReaders());
    const { readerScanIntervalMs } = this.options;
    const scanned$ = timer(readerScanIntervalMs, readerScanIntervalMs).pipe(
      exhaustMap(() => from(this.driver.listReaders()).pipe(catchError(() => EMPTY))),
    );
    const pushed$ = this.driverEvents$.pipe(
      filter((event) => event.type !== 'status'),
      exhaustMap(() => from(this.driver.listReaders()).pipe(catchError(() => EMPTY))),
    );
    this.scan = merge(scanned$, pushed$).subscribe((readers) => this.reconcileReaders(readers));
  }

  /** The attached readers. */
  listReaders(): ReaderInfo[] {
    return [...this.slots.all()].map((slot) => slot.info);
  }

  /** One reader's slot (the only reader when `readerId` is left out). */
  readerStatus(readerId?: string): ReaderStatus {
    return this.slots.resolve(readerId).status();
  }

  /** Every reader's status and cached sections, and the seq they are current at. */
  snapshot(): { seq: number; readers: ReaderSnapshot[] } {
    const readers = [...this.slots.all()].map((slot) => ({
      ...slot.status(),
      sections: Object.fromEntries(slot.session?.cachedSections() ?? []) as CardSectionsData,
    }));
    return { seq: this.lastSeq, readers };
  }

  /**
   * The sections from the current insertion's cache, when the card is ready and every one of
   * them is cached: no device call, no waiting, nothing to abort. Undefined otherwise (the
   * caller then uses `readCard`, which also reports why a read cannot be served).
   */
  cachedRead(
    readerId: string | undefined,
    sections: readonly SectionId[],
  ): CardReadResult | undefined {
    const slot = this.slots.find(readerId);
    return slot === undefined ? undefined : cachedSections(slot, sections);
  }

  /**
   * Reads sections of the card in a reader, from the insertion's cache unless `fresh`;
   * concurrent requests for a section share one device read. Sections that fail are listed
   * in `errors`; when every section fails the promise rejects with the first error.
   *
   * `signal` is the request's deadline (and cancellation) as its transport set it from
   * {@link requestDeadlineMs}; without one the read gets the same deadline here.
   */
  async readCard(
    readerId: string | undefined,
    sections: readonly SectionId[],
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<CardReadResult> {
    const slot = this.slots.resolve(readerId);
    const session = slot.requireSession();
    const deadlineMs = (): number =>
      this.requestDeadlineMs({ op: 'card.read', params: { sections: [...sections] } });
    return underDeadline(options.signal, deadlineMs, 'The card.read request', (signal) =>
      readSections(slot, session, sections, signal, options.fresh ?? false),
    );
  }

  /**
   * Presents a virtual NHI card's QR code on a virtual-card reader (the only one when
   * `readerId` is left out). Resolves with the reader once the card source accepted the code;
   * the insertion then shows as events like any other. The code goes to the driver only, and
   * into no message or log. `signal` is the request's deadline; without one it gets the same
   * deadline here.
   */
  async submitQr(
    readerId: string | undefined,
    qr: string,
    signal?: AbortSignal,
  ): Promise<{ reader: string }> {
    const slot =
      readerId === undefined ? onlyVirtualCardSlot(this.slots.all()) : this.slots.resolve(readerId);
    const deadlineMs = (): number => this.requestDeadlineMs({ op: 'vhc.submitQr', params: { qr } });
    await underDeadline(signal, deadlineMs, 'The vhc.submitQr request', (own) =>
      submitQrCode(slot, this.driver, qr, own),
    );
    return { reader: slot.info.id };
  }

  /** Publishes a server-wide event (e.g. `server.shutdown`). */
  publishServerEvent<T extends Topic>(topic: T, data: TopicData[T]): void {
    this.publish(topic, null, data);
  }

  /** Stops watching, fails pending reads, completes `events$`, closes the driver. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scan?.unsubscribe();
    this.slots.stopAll(new BrokerError('BUSY', 'The broker is shutting down.'));
    this.subject.complete();
    await this.driver.close();
  }

  private publish<T extends Topic>(topic: T, reader: string | null, data: TopicData[T]): void {
    if (this.closed) return;
    this.lastSeq += 1;
    const time = this.options.now().toISOString();
    const event: BrokerEvent<T> = { topic, seq: this.lastSeq, time, reader, data };
    this.subject.next(event as unknown as BrokerEvent);
  }

  private reconcileReaders(descriptors: Parameters<ReaderSlots['reconcile']>[0]): void {
    if (!this.closed) this.slots.reconcile(descriptors);
  }
}
