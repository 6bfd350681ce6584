import type { SimulatorDriver } from '@nhicard/native';
import type { Op, OpParams, OpResult } from '@nhicard/protocol';
import type { Broker, CardReadResult } from '../core/broker.js';
import { BrokerError } from '../core/broker-error.js';
import { ACCESS_OP_HANDLERS, type ConsentAdmin } from './access-ops.js';
import { answeredAgain } from './answer-encoding.js';
import { type CardDataView, readerSnapshotFor, readerStatusFor } from './scope-filter.js';
import type { SimulatorCards } from './simulator-cards.js';
import type { TopicSubscriptions } from './topic-subscriptions.js';

/** The simulator's control API and cards, when the driver is the simulator. */
export interface SimulatorAccess {
  driver: SimulatorDriver;
  cards: SimulatorCards;
}

/** What an op handler may use: the broker, the connection's view and subscription, its signal. */
export interface OpContext {
  broker: Broker;
  /** How much card data the connection may see. */
  view: CardDataView;
  /** The connection's subscription. */
  subscriptions: TopicSubscriptions;
  /** Null unless the driver is the simulator. */
  simulator: SimulatorAccess | null;
  /** The access file, for the `access.*` ops; null when the broker keeps none. */
  consent: ConsentAdmin | null;
  /** Aborted when the request times out or the connection closes. */
  signal: AbortSignal;
  /** The broker's clock. */
  now: () => Date;
}

/** Serves one op; a rejection is mapped to an error response with `toBrokerError`. */
export type OpHandler<O extends Op> = (
  params: OpParams[O],
  context: OpContext,
) => OpResult[O] | Promise<OpResult[O]>;

function simulatorOf(context: OpContext): SimulatorAccess {
  if (context.simulator === null) {
    throw new BrokerError(
      'UNSUPPORTED',
      `sim.* needs the simulator driver; this broker runs ${context.broker.driverKind}.`,
    );
  }
  return context.simulator;
}

function cardReadResponse(result: CardReadResult): OpResult['card.read'] {
  const response: OpResult['card.read'] = {
    reader: result.reader,
    sections: result.sections,
    insertion: result.insertion,
  };
  if (result.errors !== undefined) response.errors = result.errors;
  return response;
}

/**
 * The handler of every op. Scopes are checked before a handler runs (`OP_REQUIRED_SCOPE`);
 * handlers only shape what they return to the connection's view.
 */
export const OP_HANDLERS: { [O in Op]: OpHandler<O> } = {
  subscribe: ({ topics }, { subscriptions }) => ({ topics: subscriptions.add(topics) }),
  unsubscribe: ({ topics }, { subscriptions }) => ({ topics: subscriptions.remove(topics) }),
  snapshot: (_params, { broker, view }) => {
    const snapshot = broker.snapshot();
    return {
      seq: snapshot.seq,
      readers: snapshot.readers.map((reader) => readerSnapshotFor(reader, view)),
    };
  },
  'readers.list': (_params, { broker }) => ({
    readers: broker.listReaders().map((reader) => ({ ...reader })),
  }),
  'card.status': ({ reader }, { broker, view }) =>
    readerStatusFor(broker.readerStatus(reader), view),
  'card.read': ({ reader, sections, fresh }, context) => {
    const { broker } = context;
    // Answered at once from the cache when it can be, without touching the signal (made on
    // first use): the common case of a page asking again for what the insertion already read.
    const cached = fresh === true ? undefined : broker.cachedRead(reader, sections);
    // Already in the wire's shape (no errors), and the same object each time: encoded once.
    if (cached !== undefined) return answeredAgain(cached);
    return broker
      .readCard(reader, sections, {
        signal: context.signal,
        ...(fresh === undefined ? {} : { fresh }),
      })
      .then(cardReadResponse);
  },
  ping: (_params, { now }) => ({ time: now().toISOString() }),
  'sim.insert': async ({ reader, card }, context) => {
    const { driver, cards } = simulatorOf(context);
    const readerId = context.broker.readerStatus(reader).reader.id;
    const virtualCard = await cards.load(card);
    driver.insert(readerId, virtualCard);
    return { reader: readerId, card };
  },
  'vhc.submitQr': ({ reader, qr }, { broker, signal }) => broker.submitQr(reader, qr, signal),
  'sim.remove': ({ reader }, context) => {
    const { driver } = simulatorOf(context);
    const readerId = context.broker.readerStatus(reader).reader.id;
    if (!driver.remove(readerId)) {
      throw new BrokerError('NO_CARD', `No card in reader ${readerId}.`);
    }
    return { reader: readerId };
  },
  'sim.pin': ({ reader, pin }, context) => {
    const { driver } = simulatorOf(context);
    const readerId = context.broker.readerStatus(reader).reader.id;
    driver.typePin(readerId, pin);
    return { reader: readerId };
  },
  ...ACCESS_OP_HANDLERS,
};
