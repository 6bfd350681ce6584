import type { BrokerEvent } from '../core/broker.js';
import type { Connection } from './connection.js';
import { eventMessageFor } from './scope-filter.js';

/**
 * Sends one broker event to every connection that wants it, filtered to the connection's data
 * view. Each (subprotocol, view) pair is filtered and encoded once per event, however many
 * connections share it: a monitor with hundreds of presence clients costs one encoding.
 */
export function fanOutEvent(event: BrokerEvent, connections: Iterable<Connection>): void {
  const frames = new Map<string, string | Uint8Array>();
  for (const connection of connections) {
    if (connection.isClosed || !connection.wants(event.topic)) continue;
    const key = `${connection.codec.subprotocol} ${connection.view}`;
    let frame = frames.get(key);
    if (frame === undefined) {
      frame = connection.codec.encode(eventMessageFor(event, connection.view));
      frames.set(key, frame);
    }
    connection.sendFrame(frame);
  }
}
