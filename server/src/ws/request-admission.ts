import {
  OP_REQUIRED_SCOPE,
  type RequestId,
  type RequestMessage,
  type Scope,
} from '@nhicard/protocol';
import { BrokerError } from '../core/broker-error.js';

/** What admission needs to know of the requests a connection is serving. */
export interface RequestsInFlight {
  /** Requests being served now. */
  readonly size: number;
  /** Whether a request with this id is being served. */
  has(id: RequestId): boolean;
}

/**
 * Decides whether a well-formed request may run: a fresh id, room in flight, and the scope its
 * op needs. Returns the refusal, or null to run it.
 */
export function admissionRefusal(
  request: RequestMessage,
  scopes: ReadonlySet<Scope>,
  inFlight: RequestsInFlight,
  maxRequestsInFlight: number,
): BrokerError | null {
  const { id, op } = request;
  if (inFlight.has(id)) return new BrokerError('BAD_REQUEST', `id ${id} is already in flight`);
  if (inFlight.size >= maxRequestsInFlight) {
    return new BrokerError(
      'BUSY',
      `Too many requests in flight (limit ${maxRequestsInFlight}); wait for answers first.`,
    );
  }
  const required = OP_REQUIRED_SCOPE[op];
  if (!scopes.has(required)) {
    const held = [...scopes].join(', ');
    return new BrokerError(
      'FORBIDDEN',
      `${op} needs the ${required} scope; this connection holds ${held}.`,
    );
  }
  return null;
}
