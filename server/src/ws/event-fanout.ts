import type { Codec } from '@nhicard/protocol';
import type { BrokerEvent } from '../core/broker.js';
import type { Connection } from './connection.js';
import { PreparedFrame } from './prepared-frame.js';
import { type CardDataView, eventMessageFor } from './scope-filter.js';

/**
 * Sends one broker event to every connection that wants it, filtered to the connection's data
 * view. Each (subprotocol, view) pair is filtered, encoded and framed once per event, however
 * many connections share it, and the same bytes are written to each of their sockets: a
 * monitor with thousands of presence clients costs one encoding and one frame.
 */
export function fanOutEvent(event: BrokerEvent, connections: Iterable<Connection>): void {
  // Looked up by codec object, then view: no key string is built per connection.
  const frames = new Map<Codec, Partial<Record<CardDataView, PreparedFrame>>>();
  for (const connection of connections) {
    if (connection.isClosed || !connection.wants(event.topic)) continue;
    const { codec, view } = connection;
    let byView = frames.get(codec);
    if (byView === undefined) {
      byView = {};
      frames.set(codec, byView);
    }
    let frame = byView[view];
    if (frame === undefined) {
      frame = new PreparedFrame(codec.encode(eventMessageFor(event, view)), codec.binary);
      byView[view] = frame;
    }
    connection.sendFrame(frame);
  }
}
