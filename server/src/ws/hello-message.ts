import { type HelloMessage, PROTOCOL_VERSION, type Scope } from '@nhicard/protocol';
import type { Broker } from '../core/broker.js';

/** The `hello` a connection gets first: the broker's state now, and what it may do. */
export function helloMessage(
  broker: Broker,
  server: HelloMessage['server'],
  scopes: readonly Scope[],
): HelloMessage {
  return {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    server,
    driver: broker.driverKind,
    readers: broker.listReaders(),
    scopes: [...scopes],
    seq: broker.seq,
    deadlines: { ...broker.deadlines },
  };
}
