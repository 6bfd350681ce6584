import type { CardDriver } from '@nhicard/native';
import {
  decodeSection,
  type ReaderInfo,
  type ReaderStatus,
  type SectionId,
  type Topic,
  type TopicData,
} from '@nhicard/protocol';
import { BehaviorSubject, type Observable, type Subscription, scan } from 'rxjs';
import { autoRead } from './auto-read.js';
import { BrokerError, toBrokerError } from './broker-error.js';
import type { ResolvedBrokerOptions } from './broker-options.js';
import { CardSession } from './card-session.js';
import {
  initialSlotState,
  nextSlotState,
  type SlotEffect,
  type SlotState,
  type SlotTransition,
  type StatusObservation,
} from './card-state-machine.js';

/** Publishes one event about this reader; the broker assigns `seq` and `time`. */
type PublishReaderEvent = <T extends Topic>(topic: T, data: TopicData[T]) => void;

/** What a slot needs from its broker. */
export interface ReaderSlotContext {
  driver: CardDriver;
  /** The sections this reader can read (its source's list, with several sources in one driver). */
  sections: readonly SectionId[];
  options: ResolvedBrokerOptions;
  publish: PublishReaderEvent;
  /** The distinct observations of this reader's slot (the driver's poll clock, its events). */
  observations$: Observable<StatusObservation>;
  /** Makes this slot's insertion ids unique in the run, e.g. `k3f9-0.`. */
  idPrefix: string;
}

/**
 * One reader's slot: the RxJS pipeline from status observation to published event. Each
 * distinct observation goes through the pure `nextSlotState`; the slot carries out the
 * effects (sessions, events, the settle timer, the automatic read). `state$` is the one owner
 * of the slot's presence, time and insertion.
 */
export class ReaderSlot {
  /** The reader as announced to clients. */
  readonly info: ReaderInfo;
  /** The current insertion's cache, or null when the slot is empty or in error. */
  session: CardSession | null = null;
  private readonly state$: BehaviorSubject<SlotState>;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private subscription: Subscription | null = null;

  constructor(
    info: ReaderInfo,
    private readonly context: ReaderSlotContext,
  ) {
    this.info = info;
    this.state$ = new BehaviorSubject(initialSlotState(context.options.now().toISOString()));
  }

  /**
   * Starts the pipeline: each distinct observation goes through the pure `nextSlotState`,
   * then its effects are carried out in order and the new state is published on `state$`.
   */
  start(): void {
    const { options, idPrefix, observations$ } = this.context;
    const seed: SlotTransition = { state: this.state$.value, effects: [] };
    this.subscription = observations$
      .pipe(
        scan(
          (last, observation) =>
            nextSlotState(last.state, observation, options.now().toISOString(), idPrefix),
          seed,
        ),
      )
      .subscribe(({ state, effects }) => {
        for (const effect of effects) this.apply(effect);
        this.state$.next(state);
      });
  }

  /** Stops watching; the card, if any, is gone with the reader (`card.removed`). */
  stop(reason: BrokerError): void {
    this.subscription?.unsubscribe();
    const session = this.session;
    this.endSession(reason);
    if (session !== null) this.context.publish('card.removed', { insertion: session.insertion });
    this.state$.complete();
  }

  /** The slot as `snapshot` and `card.status` report it. */
  status(): ReaderStatus {
    const { presence, since, error, insertion } = this.state$.value;
    const card: ReaderStatus['card'] = { presence, since, holder: this.session?.holder ?? null };
    if (error !== undefined) card.error = error;
    if (insertion !== null) card.insertion = insertion.wireId;
    return { reader: this.info, card };
  }

  /** The sections this reader can read. */
  get sections(): readonly SectionId[] {
    return this.context.sections;
  }

  /** The session to read from, or the error that says why there is none. */
  requireSession(): CardSession {
    if (this.session !== null) return this.session;
    const { presence, error } = this.state$.value;
    if (presence === 'reader-error') {
      throw new BrokerError('READER_ERROR', error?.message ?? 'The reader is in error.');
    }
    throw new BrokerError('NO_CARD', `No card in reader ${this.info.id}.`);
  }

  /** Whether the session's card is ready to be read now. */
  isReady(session: CardSession): boolean {
    const { presence, insertion } = this.state$.value;
    return !session.ended && presence === 'ready' && insertion?.wireId === session.insertion;
  }

  /**
   * Resolves once the session's card is ready; rejects with `NOT_AN_NHI_CARD`, with the
   * removal error, or with `signal`'s reason (the request's deadline).
   */
  whenReady(session: CardSession, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        queueMicrotask(() => subscription?.unsubscribe());
        signal.removeEventListener('abort', onAbort);
        session.removalSignal.removeEventListener('abort', onRemoved);
        outcome();
      };
      const onAbort = (): void => settle(() => reject(signal.reason));
      const onRemoved = (): void => settle(() => reject(session.removalSignal.reason));
      if (signal.aborted) return onAbort();
      if (session.ended) return onRemoved();
      signal.addEventListener('abort', onAbort, { once: true });
      session.removalSignal.addEventListener('abort', onRemoved, { once: true });
      let subscription: Subscription | undefined;
      subscription = this.state$.subscribe((state) => {
        if (state.insertion?.wireId !== session.insertion) return;
        if (state.presence === 'ready') settle(resolve);
        else if (state.presence === 'not-nhi-card') {
          const error = new BrokerError(
            'NOT_AN_NHI_CARD',
            'The card in the reader is not an NHI card.',
          );
          settle(() => reject(error));
        }
      });
    });
  }

  private apply(effect: SlotEffect): void {
    switch (effect.kind) {
      case 'end-session':
        this.endSession(effect.reason);
        return;
      case 'begin-session': {
        const session: CardSession = new CardSession(effect.insertion.wireId, (section, signal) =>
          this.loadSection(session, section, signal),
        );
        this.session = session;
        return;
      }
      case 'publish':
        this.context.publish(effect.event.topic, effect.event.data as never);
        return;
      case 'start-settle-timer':
        this.startSettleTimer();
        return;
      case 'card-ready': {
        clearTimeout(this.settleTimer);
        const session = this.session;
        if (session?.claimAutoRead()) void autoRead(session, this.context);
        return;
      }
    }
  }

  private startSettleTimer(): void {
    const session = this.session;
    const { settleMs } = this.context.options.deadlines;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      if (session === null || this.session !== session || this.isReady(session)) return;
      const error = new BrokerError(
        'TIMEOUT',
        `The card did not become ready within ${settleMs} ms (SAM authentication).`,
      );
      this.context.publish('card.error', { error: error.toWire(), insertion: session.insertion });
    }, settleMs);
  }

  private endSession(reason: BrokerError): void {
    clearTimeout(this.settleTimer);
    const session = this.session;
    if (session === null) return;
    this.session = null;
    session.end(reason);
  }

  private async loadSection(
    session: CardSession,
    section: SectionId,
    signal: AbortSignal,
  ): Promise<unknown> {
    const { driver, publish } = this.context;
    const bytes = await driver
      .read(this.info.id, section, {
        signal,
        onPinPrompt: () => publish('card.pin', { section, insertion: session.insertion }),
      })
      .catch((error: unknown) => {
        // This insertion's card was seen, so a driver that now finds no card means it left
        // between the last poll and this read: for the caller that is a removal.
        if (toBrokerError(error).code !== 'NO_CARD') throw error;
        throw new BrokerError('CARD_REMOVED', 'The card was removed.', { cause: error });
      });
    return decodeSection(section, bytes);
  }
}
