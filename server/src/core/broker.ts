import { randomBytes } from 'node:crypto';
import type { CardDriver, CardStatus, DriverEvent, ReaderDescriptor } from '@nhicard/native';
import {
  type CardSectionsData,
  type DeadlineTable,
  type Op,
  type OpParams,
  type ReaderInfo,
  type ReaderStatus,
  requestDeadlineMs,
  type SectionErrors,
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
  map,
  merge,
  Observable,
  Subject,
  type Subscription,
  share,
  timer,
} from 'rxjs';
import { BrokerError, toBrokerError } from './broker-error.js';
import {
  type BrokerOptions,
  type ResolvedBrokerOptions,
  resolveBrokerOptions,
} from './broker-options.js';
import { startDeadline } from './deadline.js';
import { onlyVirtualCardSlot, submitQrCode } from './qr-submission.js';
import { ReaderSlot } from './reader-slot.js';
import { unsupportedSection } from './unsupported-section.js';

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

/** The result of `Broker.readCard`. */
export interface CardReadResult {
  /** The reader read from. */
  reader: string;
  /** The sections that were read, decoded. */
  sections: CardSectionsData;
  /** Sections that failed, when some (not all) did. */
  errors?: SectionErrors;
  /** The insertion the sections were read from. */
  insertion: string;
}

/** A reader's status together with the sections cached for its current card. */
export interface ReaderSnapshot extends ReaderStatus {
  /** Decoded sections read during the current insertion. */
  sections: CardSectionsData;
}

/**
 * The card-event broker's core: one `ReaderSlot` per attached reader (its RxJS status stream,
 * card session and automatic read), reader discovery, and one event stream with
 * a run-wide `seq`. It knows nothing of WebSocket or scopes: connections filter its events.
 */
export class Broker {
  private readonly options: ResolvedBrokerOptions;
  private readonly driver: CardDriver;
  private readonly slots = new Map<string, ReaderSlot>();
  private readonly subject = new Subject<BrokerEvent>();
  /** The driver's pushed events: one `watch` for the broker and all its slots. */
  private readonly driverEvents$: Observable<DriverEvent>;
  /** Makes insertion ids of this run differ from those of any other run. */
  private readonly runTag = randomBytes(4).toString('hex');
  private slotsCreated = 0;
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
    return [...this.slots.values()].map((slot) => slot.info);
  }

  /** One reader's slot (the only reader when `readerId` is left out). */
  readerStatus(readerId?: string): ReaderStatus {
    return this.resolveSlot(readerId).status();
  }

  /** Every reader's status and cached sections, and the seq they are current at. */
  snapshot(): { seq: number; readers: ReaderSnapshot[] } {
    const readers = [...this.slots.values()].map((slot) => ({
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
    const slot = this.findSlot(readerId);
    const session = slot?.session ?? null;
    if (slot === undefined || session === null || !slot.isReady(session)) return undefined;
    const cached = session.cachedSections();
    const found: Record<string, unknown> = {};
    for (const section of sections) {
      if (!cached.has(section)) return undefined;
      found[section] = cached.get(section);
    }
    return {
      reader: slot.info.id,
      sections: found as CardSectionsData,
      insertion: session.insertion,
    };
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
    const slot = this.resolveSlot(readerId);
    const session = slot.requireSession();
    const own =
      options.signal === undefined
        ? startDeadline(
            this.requestDeadlineMs({ op: 'card.read', params: { sections: [...sections] } }),
            'The card.read request',
          )
        : undefined;
    const signal = options.signal ?? (own?.signal as AbortSignal);
    try {
      return await this.readSections(slot, session, sections, signal, options.fresh ?? false);
    } finally {
      own?.clear();
    }
  }

  private async readSections(
    slot: ReaderSlot,
    session: NonNullable<ReaderSlot['session']>,
    sections: readonly SectionId[],
    signal: AbortSignal,
    fresh: boolean,
  ): Promise<CardReadResult> {
    await slot.whenReady(session, signal);
    const readable = new Set(slot.sections);
    const outcomes = await Promise.allSettled(
      sections.map((section) =>
        readable.has(section)
          ? session.section(section, signal, fresh)
          : Promise.reject(unsupportedSection(slot.info.driver, section)),
      ),
    );
    const result: CardReadResult = {
      reader: slot.info.id,
      sections: {},
      insertion: session.insertion,
    };
    const errors: SectionErrors = {};
    let firstError: BrokerError | undefined;
    outcomes.forEach((outcome, index) => {
      const section = sections[index] as SectionId;
      if (outcome.status === 'fulfilled') {
        (result.sections as Record<SectionId, unknown>)[section] = outcome.value;
        return;
      }
      const error = toBrokerError(outcome.reason);
      firstError ??= error;
      errors[section] = error.toWire();
    });
    if (firstError === undefined) return result;
    if (Object.keys(result.sections).length === 0) throw firstError;
    result.errors = errors;
    return result;
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
      readerId === undefined
        ? onlyVirtualCardSlot(this.slots.values())
        : this.resolveSlot(readerId);
    const own =
      signal === undefined
        ? startDeadline(
            this.requestDeadlineMs({ op: 'vhc.submitQr', params: { qr } }),
            'The vhc.submitQr request',
          )
        : undefined;
    try {
      await submitQrCode(slot, this.driver, qr, signal ?? (own?.signal as AbortSignal));
    } finally {
      own?.clear();
    }
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
    for (const slot of this.slots.values()) {
      slot.stop(new BrokerError('BUSY', 'The broker is shutting down.'));
    }
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

  /** The named slot, or the only one when `readerId` is left out; undefined otherwise. */
  private findSlot(readerId: string | undefined): ReaderSlot | undefined {
    if (readerId !== undefined) return this.slots.get(readerId);
    return this.slots.size === 1 ? this.slots.values().next().value : undefined;
  }

  private resolveSlot(readerId: string | undefined): ReaderSlot {
    const found = this.findSlot(readerId);
    if (found !== undefined) return found;
    if (readerId === undefined) {
      if (this.slots.size === 0) throw new BrokerError('NO_READER', 'No card reader is attached.');
      const ids = [...this.slots.keys()].join(', ');
      throw new BrokerError(
        'BAD_REQUEST',
        `${this.slots.size} readers are attached: name one in params.reader (${ids}).`,
      );
    }
    const slot = this.slots.get(readerId);
    if (slot === undefined) throw new BrokerError('NO_READER', `No reader with id ${readerId}.`);
    return slot;
  }

  private statusOf(readerId: string): Observable<CardStatus> {
    return this.driverEvents$.pipe(
      filter(
        (event): event is Extract<DriverEvent, { type: 'status' }> =>
          event.type === 'status' && event.readerId === readerId,
      ),
      map((event) => event.status),
    );
  }

  private reconcileReaders(descriptors: readonly ReaderDescriptor[]): void {
    if (this.closed) return;
    const present = new Set(descriptors.map((descriptor) => descriptor.id));
    for (const [id, slot] of this.slots) {
      if (present.has(id)) continue;
      slot.stop(new BrokerError('READER_ERROR', `Reader ${id} went away.`));
      this.slots.delete(id);
      this.publish('reader.detached', id, { reader: slot.info });
    }
    for (const descriptor of descriptors) {
      if (this.slots.has(descriptor.id)) continue;
      const info: ReaderInfo = {
        id: descriptor.id,
        name: descriptor.name,
        driver: descriptor.driver ?? this.driver.kind,
      };
      this.slotsCreated += 1;
      const slot = new ReaderSlot(info, {
        driver: this.driver,
        sections: descriptor.sections ?? this.driver.capabilities.sections,
        options: this.options,
        publish: (topic, data) => this.publish(topic, info.id, data),
        pushed$: this.statusOf(info.id),
        idPrefix: `${this.runTag}-${this.slotsCreated}.`,
      });
      this.slots.set(info.id, slot);
      this.publish('reader.attached', info.id, { reader: info });
      slot.start();
    }
  }
}
