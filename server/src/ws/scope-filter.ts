import {
  type CardState,
  ERROR_CODES,
  type EventMessage,
  type MaskedHolder,
  type ReaderSnapshot,
  type ReaderStatus,
  type Scope,
  type SectionErrors,
  type Topic,
  type TopicData,
  type WireError,
} from '@nhicard/protocol';
import type { BrokerEvent } from '../core/broker.js';

/**
 * How much card data a connection may see: `full` with the `read` scope (decoded sections),
 * `presence` otherwise (presence, progress, errors and the masked holder only).
 */
export type CardDataView = 'full' | 'presence';

/** The view a connection holding `scopes` gets. */
export function dataViewOf(scopes: ReadonlySet<Scope> | readonly Scope[]): CardDataView {
  const has = scopes instanceof Set ? scopes.has('read') : (scopes as Scope[]).includes('read');
  return has ? 'full' : 'presence';
}

const copyHolder = (holder: MaskedHolder | null): MaskedHolder | null =>
  holder === null ? null : { maskedName: holder.maskedName };

/**
 * An error as a `presence` connection may see it: the code, the catalog's words for it, and the
 * native code with its catalog text. A decoder's or driver's own message (which may quote the
 * raw bytes of a holder's name) stays with `read` connections and the log.
 */
export function presenceError(error: WireError): WireError {
  const copy: WireError = {
    code: error.code,
    message: ERROR_CODES[error.code].when,
    retryable: error.retryable,
  };
  if (error.native !== undefined) copy.native = { ...error.native };
  if (error.hint !== undefined) copy.hint = error.hint;
  if (error.hintZh !== undefined) copy.hintZh = error.hintZh;
  return copy;
}

const presenceErrors = (errors: SectionErrors): SectionErrors =>
  Object.fromEntries(
    Object.entries(errors).flatMap(([key, error]) =>
      error === undefined ? [] : [[key, presenceError(error)]],
    ),
  ) as SectionErrors;

/** Adds the opaque insertion id (not card data: every view may see it) when there is one. */
function withInsertion<T extends object>(data: T, from: { insertion?: string }): T {
  return from.insertion === undefined ? data : { ...data, insertion: from.insertion };
}

// For `presence` connections every topic's data is rebuilt from the fields that view may
// carry, rather than by deleting the others: a field added to a topic later stays out of
// presence connections until it is listed here.
const PRESENCE_DATA: { [T in Topic]: (data: TopicData[T]) => TopicData[T] } = {
  'reader.attached': ({ reader }) => ({ reader: { ...reader } }),
  'reader.detached': ({ reader }) => ({ reader: { ...reader } }),
  'card.inserted': (data) => withInsertion({ presence: data.presence }, data),
  'card.removed': (data) => withInsertion({}, data),
  'card.reading': (data) =>
    withInsertion({ section: data.section, index: data.index, total: data.total }, data),
  'card.pin': (data) => withInsertion({ section: data.section }, data),
  'card.read': (data) => {
    const { holder, errors, pending } = data;
    const read: TopicData['card.read'] = { holder: copyHolder(holder) };
    if (errors !== undefined) read.errors = presenceErrors(errors);
    // Which sections are still to come says nothing about the holder: a kiosk may show it.
    if (pending !== undefined) read.pending = [...pending];
    return withInsertion(read, data);
  },
  'card.error': (data) => {
    const { error, section } = data;
    const failed =
      section === undefined
        ? { error: presenceError(error) }
        : { error: presenceError(error), section };
    return withInsertion(failed, data);
  },
  'server.shutdown': ({ reason }) => ({ reason }),
};

/** The event message a connection with `view` receives for a broker event. */
export function eventMessageFor(event: BrokerEvent, view: CardDataView): EventMessage {
  const presenceData = PRESENCE_DATA[event.topic] as (data: unknown) => unknown;
  const data = view === 'full' ? event.data : presenceData(event.data);
  // The cast pairs topic with data, both taken from the same broker event.
  return {
    type: 'event',
    topic: event.topic,
    seq: event.seq,
    time: event.time,
    reader: event.reader,
    data,
  } as EventMessage;
}

function copyCardState(card: CardState, view: CardDataView): CardState {
  const copy: CardState = {
    presence: card.presence,
    since: card.since,
    holder: copyHolder(card.holder),
  };
  if (card.error !== undefined) {
    copy.error = view === 'full' ? { ...card.error } : presenceError(card.error);
  }
  if (card.insertion !== undefined) copy.insertion = card.insertion;
  return copy;
}

/** A reader's status as a connection with `view` may see it: the masked holder only. */
export function readerStatusFor(status: ReaderStatus, view: CardDataView): ReaderStatus {
  return { reader: { ...status.reader }, card: copyCardState(status.card, view) };
}

/** A reader of a snapshot: with its cached sections for the `full` view, without otherwise. */
export function readerSnapshotFor(snapshot: ReaderSnapshot, view: CardDataView): ReaderSnapshot {
  const status: ReaderSnapshot = readerStatusFor(snapshot, view);
  if (view === 'full') status.sections = { ...(snapshot.sections ?? {}) };
  return status;
}
