import type { CardDriver } from '@nhicard/native';
import {
  type CardPresence,
  type CardSectionsData,
  decodeSection,
  getSection,
  maskName,
  type ReaderInfo,
  type ReaderStatus,
  type SectionErrors,
  type SectionId,
  type Topic,
  type TopicData,
  type WireError,
} from '@nhicard/protocol';
import type { Subscription } from 'rxjs';
import { BrokerError, toBrokerError } from './broker-error.js';
import type { ResolvedBrokerOptions } from './broker-options.js';
import { CardSession } from './card-session.js';
import { ReaderCommandQueue } from './reader-command-queue.js';
import { type StatusObservation, watchReaderStatus } from './status-observations.js';

/** Publishes one event about this reader; the broker assigns `seq` and `time`. */
export type PublishReaderEvent = <T extends Topic>(topic: T, data: TopicData[T]) => void;

/** What a slot needs from its broker. */
export interface ReaderSlotContext {
  driver: CardDriver;
  /** The sections this reader can read (its source's list, with several sources in one driver). */
  sections: readonly SectionId[];
  options: ResolvedBrokerOptions;
  publish: PublishReaderEvent;
}

type CardInPresence = Exclude<CardPresence, 'no-card' | 'reader-error'>;

/**
 * One reader's slot: turns its stream of distinct status observations into card events (the
 * card-state machine), owns the reader's command queue and the current `CardSession`, runs
 * the settle timer and the automatic read of each insertion.
 */
export class ReaderSlot {
  /** The reader as announced to clients. */
  readonly info: ReaderInfo;
  /** Every device call for this reader goes through it. */
  readonly queue = new ReaderCommandQueue();
  /** The current insertion, or null when the slot is empty or in error. */
  session: CardSession | null = null;
  private presence: CardPresence = 'no-card';
  private since: string;
  private error: WireError | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private subscription: Subscription | null = null;

  constructor(
    info: ReaderInfo,
    private readonly context: ReaderSlotContext,
  ) {
    this.info = info;
    this.since = context.options.now().toISOString();
  }

  /** Starts polling (and listening to the driver's events for) this reader. */
  start(): void {
    this.subscription = watchReaderStatus({
      driver: this.context.driver,
      readerId: this.info.id,
      queue: this.queue,
      pollIntervalMs: this.context.options.pollIntervalMs,
      statusTimeoutMs: this.context.options.statusTimeoutMs,
    }).subscribe((observation) => this.onObservation(observation));
  }

  /** Stops watching; the card, if any, is gone with the reader. */
  stop(reason: BrokerError): void {
    this.subscription?.unsubscribe();
    this.queue.close();
    this.endSession(reason);
  }

  /** The slot as `snapshot` and `card.status` report it. */
  status(): ReaderStatus {
    const card: ReaderStatus['card'] = {
      presence: this.presence,
      since: this.since,
      holder: this.session?.holder ?? null,
    };
    if (this.error !== undefined) card.error = this.error;
    return { reader: this.info, card };
  }

  /** The sections this reader can read. */
  get sections(): readonly SectionId[] {
    return this.context.sections;
  }

  /** The session to read from, or the error that says why there is none. */
  requireSession(): CardSession {
    if (this.session !== null) return this.session;
    if (this.presence === 'reader-error') {
      throw new BrokerError('READER_ERROR', this.error?.message ?? 'The reader is in error.');
    }
    throw new BrokerError('NO_CARD', `No card in reader ${this.info.id}.`);
  }

  private onObservation(observation: StatusObservation): void {
    const { presence } = observation;
    const session = this.session;
    const anotherCard =
      session !== null &&
      observation.insertionId !== null &&
      observation.insertionId !== session.insertionId;
    const readerError =
      observation.error ?? new BrokerError('READER_ERROR', 'The reader reported an error.');
    if (
      session !== null &&
      (presence === 'no-card' || presence === 'reader-error' || anotherCard)
    ) {
      this.endSession(
        presence === 'reader-error'
          ? readerError
          : new BrokerError('CARD_REMOVED', 'The card was removed.'),
      );
    }
    this.presence = presence;
    this.since = this.context.options.now().toISOString();
    this.error = observation.error?.toWire();
    if (presence === 'no-card') return;
    if (presence === 'reader-error') {
      this.context.publish('card.error', { error: readerError.toWire() });
      return;
    }
    if (this.session === null) this.beginSession(observation.insertionId, presence);
    else this.session.updatePresence(presence, this.since);
    const current = this.session;
    if (presence === 'ready' && current !== null && !current.autoReadStarted) {
      clearTimeout(this.settleTimer);
      void this.autoRead(current);
    }
  }

  private beginSession(insertionId: number | null, presence: CardInPresence): void {
    const session: CardSession = new CardSession(
      insertionId,
      presence,
      this.since,
      (section, signal) => this.loadSection(session, section, signal),
    );
    this.session = session;
    this.context.publish('card.inserted', { presence });
    if (presence === 'not-nhi-card') {
      const error = new BrokerError(
        'NOT_AN_NHI_CARD',
        'The card in the reader is not an NHI card.',
      );
      this.context.publish('card.error', { error: error.toWire() });
    } else if (presence === 'not-ready') {
      const { settleTimeoutMs } = this.context.options;
      this.settleTimer = setTimeout(() => {
        if (this.session !== session || session.presence === 'ready') return;
        const error = new BrokerError(
          'TIMEOUT',
          `The card did not become ready within ${settleTimeoutMs} ms (SAM authentication).`,
        );
        this.context.publish('card.error', { error: error.toWire() });
      }, settleTimeoutMs);
    }
  }

  private endSession(reason: BrokerError): void {
    clearTimeout(this.settleTimer);
    const session = this.session;
    if (session === null) return;
    this.session = null;
    session.end(reason);
    this.context.publish('card.removed', {});
  }

  private async loadSection(
    session: CardSession,
    section: SectionId,
    removalSignal: AbortSignal,
  ): Promise<unknown> {
    const { options, driver } = this.context;
    const needsPin = getSection(section).needs === 'pin';
    const bytes = await this.queue
      .enqueue({
        label: `read ${section}`,
        timeoutMs: needsPin ? options.pinReadTimeoutMs : options.readTimeoutMs,
        signal: removalSignal,
        run: (signal) => driver.read(this.info.id, section, { signal }),
      })
      .catch((error: unknown) => {
        // This insertion's card was seen, so a driver that now finds no card means it left
        // between the last poll and this read: for the caller that is a removal.
        if (toBrokerError(error).code !== 'NO_CARD') throw error;
        throw new BrokerError('CARD_REMOVED', 'The card was removed.', { cause: error });
      });
    const decoded = decodeSection(section, bytes);
    if ((section === 'basic' || section === 'insurance') && session.holder === null) {
      session.holder = { maskedName: maskName((decoded as { name: string }).name) };
    }
    return decoded;
  }

  private async autoRead(session: CardSession): Promise<void> {
    session.autoReadStarted = true;
    const readable = new Set(this.context.sections);
    const sections = this.context.options.autoReadSections.filter((section) =>
      readable.has(section),
    );
    const read: CardSectionsData = {};
    const errors: SectionErrors = {};
    for (const [index, section] of sections.entries()) {
      if (session.ended) return;
      this.context.publish('card.reading', { section, index: index + 1, total: sections.length });
      try {
        (read as Record<SectionId, unknown>)[section] = await session.section(section);
      } catch (error) {
        const brokerError = toBrokerError(error);
        // The removal event says it all; a card.error for the interrupted read would be noise.
        if (session.ended || brokerError.code === 'CARD_REMOVED') return;
        errors[section] = brokerError.toWire();
        this.context.publish('card.error', { error: brokerError.toWire(), section });
      }
    }
    if (session.ended) return;
    const data: TopicData['card.read'] = { holder: session.holder, sections: read };
    if (Object.keys(errors).length > 0) data.errors = errors;
    this.context.publish('card.read', data);
  }
}
