import type { CardPresence, Topic, TopicData, WireError } from '@nhicard/protocol';
import { BrokerError } from './broker-error.js';

/** One distinct state of a reader's slot, as the poll (or the driver's events) saw it. */
export interface StatusObservation {
  presence: CardPresence;
  insertionId: number | null;
  nativeCode: number | null;
  /** Why the status could not be read, when `presence` is `reader-error` for that reason. */
  error?: BrokerError;
}

/** The card in a slot, from its insertion to its removal. */
interface SlotInsertion {
  /** The driver's insertion id, or null when the driver has none. */
  readonly driverId: number | null;
  /** The opaque id clients see as `insertion`. */
  readonly wireId: string;
}

/** Everything the broker knows about one reader's slot: the one owner of presence and time. */
export interface SlotState {
  readonly presence: CardPresence;
  /** When `presence` last changed (ISO 8601). */
  readonly since: string;
  /** Why the slot is in `reader-error`, when known. */
  readonly error: WireError | undefined;
  /** The card in the slot; null while it is empty or in error. */
  readonly insertion: SlotInsertion | null;
  /** How many insertions this slot has seen (numbers the next `wireId`). */
  readonly insertionCount: number;
}

/** What a transition asks the slot to do, in order. */
export type SlotEffect =
  | { kind: 'end-session'; reason: BrokerError }
  | { kind: 'begin-session'; insertion: SlotInsertion }
  | { kind: 'publish'; event: SlotEvent }
  | { kind: 'start-settle-timer' }
  | { kind: 'card-ready' };

/** An event about this reader, before the broker gives it `seq` and `time`. */
type SlotEvent = { [T in Topic]: { topic: T; data: TopicData[T] } }[Topic];

/** The outcome of one observation. */
export interface SlotTransition {
  state: SlotState;
  effects: SlotEffect[];
}

/** The state of a slot nobody has polled yet. */
export function initialSlotState(since: string): SlotState {
  return { presence: 'no-card', since, error: undefined, insertion: null, insertionCount: 0 };
}

/**
 * The card-state machine, as a pure function: the next state of a slot after one distinct
 * observation at `time`, and what follows from it. A card leaves when the slot empties, fails
 * or shows a different driver insertion id (swapped between two polls); a card goes in when
 * the slot holds one and none was known. `idPrefix` makes insertion ids unique per slot and run.
 */
export function nextSlotState(
  state: SlotState,
  observation: StatusObservation,
  time: string,
  idPrefix: string,
): SlotTransition {
  const effects: SlotEffect[] = [];
  const publish = (event: SlotEvent): void => {
    effects.push({ kind: 'publish', event });
  };
  const { presence } = observation;
  let insertion = state.insertion;
  const anotherCard =
    insertion !== null &&
    observation.insertionId !== null &&
    observation.insertionId !== insertion.driverId;
  const readerError =
    observation.error ?? new BrokerError('READER_ERROR', 'The reader reported an error.');
  if (
    insertion !== null &&
    (presence === 'no-card' || presence === 'reader-error' || anotherCard)
  ) {
    const reason =
      presence === 'reader-error'
        ? readerError
        : new BrokerError('CARD_REMOVED', 'The card was removed.');
    effects.push({ kind: 'end-session', reason });
    publish({ topic: 'card.removed', data: { insertion: insertion.wireId } });
    insertion = null;
  }
  const presenceChanged = presence !== state.presence || insertion !== state.insertion;
  let insertionCount = state.insertionCount;
  if (presence === 'reader-error')
    publish({ topic: 'card.error', data: { error: readerError.toWire() } });
  const holdsCard = presence !== 'no-card' && presence !== 'reader-error';
  if (holdsCard && insertion === null) {
    insertionCount += 1;
    insertion = { driverId: observation.insertionId, wireId: `${idPrefix}${insertionCount}` };
    const wireId = insertion.wireId;
    effects.push({ kind: 'begin-session', insertion });
    publish({ topic: 'card.inserted', data: { presence, insertion: wireId } });
    if (presence === 'not-nhi-card') {
      const error = new BrokerError(
        'NOT_AN_NHI_CARD',
        'The card in the reader is not an NHI card.',
      );
      publish({ topic: 'card.error', data: { error: error.toWire(), insertion: wireId } });
    } else if (presence === 'not-ready') {
      effects.push({ kind: 'start-settle-timer' });
    }
  }
  if (presence === 'ready' && presenceChanged) {
    effects.push({ kind: 'card-ready' });
  }
  return {
    state: {
      presence,
      since: presenceChanged ? time : state.since,
      error: observation.error?.toWire(),
      insertion,
      insertionCount,
    },
    effects,
  };
}
