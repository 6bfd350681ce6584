import type { DeadlineTable } from './deadlines.js';
import type { Op, OpParams, OpResult } from './ops.js';
import type { ReaderInfo } from './reader-types.js';
import type { ServerTopic, Topic, TopicData } from './topics.js';
import type { DriverName, Scope } from './value-sets.js';
import type { WireError } from './wire-error.js';

/** The protocol version announced in `hello`; a breaking change gets a new subprotocol. */
export const PROTOCOL_VERSION = 1;

/** A request id: chosen by the client, an integer from 0 to `Number.MAX_SAFE_INTEGER`. */
export type RequestId = number;

/** The first message on every connection, sent by the server. */
export interface HelloMessage {
  type: 'hello';
  /** Always {@link PROTOCOL_VERSION} on the `nhicard.v1.*` subprotocols. */
  protocol: typeof PROTOCOL_VERSION;
  /** The broker's name and version, for logs and bug reports. */
  server: { name: string; version: string };
  /** The driver the broker runs. */
  driver: DriverName;
  /** The readers attached right now. */
  readers: ReaderInfo[];
  /** The scopes this connection holds (always including `presence`). */
  scopes: Scope[];
  /** The seq of the last event emitted before this connection opened (0 when none). */
  seq: number;
  /**
   * The broker's deadline table: a client derives its request timeouts from it. Left out by
   * servers older than the field (the client then uses `DEFAULT_DEADLINES`).
   */
  deadlines?: DeadlineTable;
}

/** A client's request; `op` selects the type of `params`. */
export type RequestMessage<O extends Op = Op> = {
  [K in O]: { type: 'request'; id: RequestId; op: K; params: OpParams[K] };
}[O];

/** A successful response; `result` is the op's {@link OpResult}. */
export interface OkResponseMessage<R = unknown> {
  type: 'response';
  /** The id of the request answered. */
  id: RequestId;
  ok: true;
  result: R;
}

/** A failed response; `id` is `null` when the request's id could not be read. */
export interface ErrorResponseMessage {
  type: 'response';
  /** The id of the request answered, or `null` when it could not be read. */
  id: RequestId | null;
  ok: false;
  error: WireError;
}

/** A response whose ok result is `R`. */
export type ResponseMessage<R = unknown> = OkResponseMessage<R> | ErrorResponseMessage;

/** The response to a request for op `O`. */
export type ResponseFor<O extends Op> = ResponseMessage<OpResult[O]>;

/** An event; `topic` selects the type of `data` and whether `reader` is an id or `null`. */
export type EventMessage<T extends Topic = Topic> = {
  [K in T]: {
    type: 'event';
    topic: K;
    /** +1 for every event the broker emits in this run, whatever its topic. */
    seq: number;
    /** When the broker emitted the event, as an ISO 8601 string. */
    time: string;
    /** The reader the event is about, or `null` for broker-wide topics. */
    reader: K extends ServerTopic ? null : string;
    data: TopicData[K];
  };
}[T];

/** Anything a client sends. */
export type ClientMessage = RequestMessage;

/** Anything a server sends. */
export type ServerMessage = HelloMessage | ResponseMessage | EventMessage;

/** Any message of either direction, as the codecs take it. */
export type WireMessage = ClientMessage | ServerMessage;
