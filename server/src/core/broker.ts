import type { CardDriver, ReaderDescriptor } from '@nhicard/native';
import type {
  CardSectionsData,
  ReaderInfo,
  ReaderStatus,
  SectionErrors,
  SectionId,
  Topic,
  TopicData,
} from '@nhicard/protocol';
import {
  catchError,
  EMPTY,
  exhaustMap,
  from,
  merge,
  Observable,
  Subject,
  type Subscription,
  timer,
} from 'rxjs';
import { abortable } from './abortable.js';
import { BrokerError, toBrokerError } from './broker-error.js';
import {
  type BrokerOptions,
  type ResolvedBrokerOptions,
  resolveBrokerOptions,
} from './broker-options.js';
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
}

/** A reader's status together with the sections cached for its current card. */
export interface ReaderSnapshot extends ReaderStatus {
  /** Decoded sections read during the current insertion. */
  sections: CardSectionsData;
}

/**
 * The card-event broker's core: one `ReaderSlot` per attached reader (its RxJS status stream,
 * command queue, card session and automatic read), reader discovery, and one event stream with
 * a run-wide `seq`. It knows nothing of WebSocket or scopes: connections filter its events.
 */
export class Broker {
  private readonly options: ResolvedBrokerOptions;
  private readonly driver: CardDriver;
  private readonly slots = new Map<string, ReaderSlot>();
  private readonly subject = new Subject<BrokerEvent>();
  private lastSeq = 0;
  private scan: Subscription | null = null;
  private closed = false;

  /** Every event, as published. Subscribers joining late miss earlier events (use `snapshot`). */
  readonly events$: Observable<BrokerEvent> = this.subject.asObservable();

  constructor(options: BrokerOptions) {
    this.options = resolveBrokerOptions(options);
    this.driver = options.driver;
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
    const pushed$ =
      this.driver.capabilities.events && this.driver.watch
        ? new Observable<ReaderDescriptor[]>((subscriber) =>
            this.driver.watch?.((event) => {
              if (event.type === 'status') return;
              this.driver.listReaders().then(
                (readers) => subscriber.next(readers),
                () => {},
              );
            }),
          )
        : EMPTY;
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
    const slot =
      readerId === undefined
        ? this.slots.size === 1
          ? this.slots.values().next().value
          : undefined
        : this.slots.get(readerId);
    const session = slot?.session ?? null;
    if (slot === undefined || session === null || session.ended || session.presence !== 'ready') {
      return undefined;
    }
    const cached = session.cachedSections();
    const found: Record<string, unknown> = {};
    for (const section of sections) {
      if (!cached.has(section)) return undefined;
      found[section] = cached.get(section);
    }
    return { reader: slot.info.id, sections: found as CardSectionsData };
  }

  /**
   * Reads sections of the card in a reader, from the insertion's cache unless `fresh`;
   * concurrent requests for a section share one device read. Sections that fail are listed
   * in `errors`; when every section fails the promise rejects with the first error.
   */
  async readCard(
    readerId: string | undefined,
    sections: readonly SectionId[],
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<CardReadResult> {
    const slot = this.resolveSlot(readerId);
    const session = slot.requireSession();
    await abortable(session.whenReady(options.signal), options.signal);
    const readable = new Set(slot.sections);
    const outcomes = await Promise.allSettled(
      sections.map((section) =>
        readable.has(section)
          ? abortable(session.section(section, options.fresh), options.signal)
          : Promise.reject(unsupportedSection(slot.info.driver, section)),
      ),
    );
    const result: CardReadResult = { reader: slot.info.id, sections: {} };
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
   * the insertion then shows as events like any other. The code goes to the driver only,
   * through the reader's queue, and into no message or log.
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
    await submitQrCode(slot, this.driver, { timeoutMs: this.options.readTimeoutMs, qr, signal });
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

  private resolveSlot(readerId: string | undefined): ReaderSlot {
    if (readerId === undefined) {
      const [only, ...others] = this.slots.values();
      if (only !== undefined && others.length === 0) return only;
      if (only === undefined) throw new BrokerError('NO_READER', 'No card reader is attached.');
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
      const slot = new ReaderSlot(info, {
        driver: this.driver,
        sections: descriptor.sections ?? this.driver.capabilities.sections,
        options: this.options,
        publish: (topic, data) => this.publish(topic, info.id, data),
      });
      this.slots.set(info.id, slot);
      this.publish('reader.attached', info.id, { reader: info });
      slot.start();
    }
  }
}
