import {
  CLOSE_CODES,
  type Codec,
  type DecodeFailure,
  type DecodeLimits,
  decodeFailureResponse,
  type ErrorResponseMessage,
  OP_REQUIRED_SCOPE,
  type Op,
  type OpResult,
  parseClientMessage,
  parseFailureResponse,
  type RequestId,
  type RequestMessage,
  type Scope,
  type ServerMessage,
  type Topic,
} from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { Broker } from '../core/broker.js';
import { BrokerError, toBrokerError } from '../core/broker-error.js';
import type { ServerMetrics } from '../http/server-metrics.js';
import type { ConsentAdmin } from './access-ops.js';
import type { ResolvedLimits } from './limits.js';
import { OP_HANDLERS, type OpHandler, type SimulatorAccess } from './op-handlers.js';
import { RequestContext, RequestLifetime } from './request-lifetime.js';
import { type CardDataView, dataViewOf } from './scope-filter.js';
import { TokenBucket } from './token-bucket.js';
import { TopicSubscriptions } from './topic-subscriptions.js';

/** The part of a WebSocket a connection uses (a `ws` socket, or a fake in unit tests). */
export interface WireSocket {
  send(frame: string | Uint8Array): void;
  /** Bytes queued for the peer and not yet handed to the network. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
  ping(): void;
}

/** What a connection is made of. */
export interface ConnectionOptions {
  /** Run-wide connection number, for logs. */
  id: number;
  socket: WireSocket;
  codec: Codec;
  /** The scopes the access policy granted. */
  scopes: readonly Scope[];
  broker: Broker;
  simulator: SimulatorAccess | null;
  /** The access file, for the `access.*` ops (scope `admin`); null when none is kept. */
  consent: ConsentAdmin | null;
  limits: ResolvedLimits;
  logger: Logger;
  metrics: ServerMetrics;
  now: () => Date;
  /** Monotonic clock for the rate limit. @default performance.now */
  nowMs?: () => number;
}

/** What one frame from a client amounts to. */
type FrameOutcome =
  | { kind: 'fatal'; failure: DecodeFailure }
  | { kind: 'answer'; id: RequestId | null; response: ErrorResponseMessage }
  | { kind: 'request'; request: RequestMessage };

/** How long a slow consumer closed with 1013 gets to take the close frame before it is cut. */
const SLOW_CONSUMER_GRACE_MS = 1000;
/** Pings a connection may leave unanswered before it counts as dead. */
const MAX_MISSED_PONGS = 2;

/**
 * One client connection: decodes its frames, validates and rate-limits its requests, checks
 * each op against its scopes, runs the op with a timeout, and sends exactly one response per
 * request. Events reach it through `deliver`, already filtered to its data view.
 */
export class Connection {
  /** Run-wide connection number. */
  readonly id: number;
  /** How much card data this connection may see. */
  readonly view: CardDataView;
  /** The topics it subscribed to. */
  readonly subscriptions = new TopicSubscriptions();
  /** The codec of its subprotocol. */
  readonly codec: Codec;
  private readonly scopes: ReadonlySet<Scope>;
  private readonly inFlight = new Map<RequestId, RequestLifetime>();
  private readonly bucket: TokenBucket;
  private readonly decodeLimits: DecodeLimits;
  private readonly log: Logger;
  private closed = false;
  private missedPongs = 0;
  private requestsOverRate = 0;
  private dropTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.id = options.id;
    this.codec = options.codec;
    this.scopes = new Set(options.scopes);
    this.view = dataViewOf(this.scopes);
    const { limits } = options;
    this.bucket = new TokenBucket(limits.requestsPerSecond, limits.requestBurst, options.nowMs);
    this.decodeLimits = { maxFrameBytes: limits.maxPayloadBytes };
    this.log = options.logger.child({ conn: options.id });
  }

  /** Whether the connection is closed or closing. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Requests being served now. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Whether an event on `topic` goes to this connection (`server.*` notices always do). */
  wants(topic: Topic): boolean {
    return topic.startsWith('server.') || this.subscriptions.matches(topic);
  }

  /** Sends a message (hello, response). */
  send(message: ServerMessage): void {
    if (this.closed) return;
    this.sendFrame(this.codec.encode(message));
  }

  /**
   * Sends an encoded frame. A client that lets more than `maxBufferedBytes` pile up is closed
   * with 1013 and dropped, so one stalled tab cannot make the broker hold memory for ever.
   */
  sendFrame(frame: string | Uint8Array): void {
    if (this.closed) return;
    this.options.socket.send(frame);
    if (this.options.socket.bufferedAmount > this.options.limits.maxBufferedBytes) {
      this.log.warn(
        { bufferedBytes: this.options.socket.bufferedAmount },
        'dropping a slow consumer',
      );
      this.close(CLOSE_CODES.TRY_AGAIN_LATER, 'too slow: messages piled up');
      this.dropTimer = setTimeout(() => this.options.socket.terminate(), SLOW_CONSUMER_GRACE_MS);
    }
  }

  /** Handles one frame from the client: a text frame as a string, a binary one as bytes. */
  handleFrame(frame: string | Uint8Array): void {
    if (this.closed) return;
    this.missedPongs = 0;
    const outcome = this.readFrame(frame);
    if (outcome.kind === 'fatal') {
      this.log.info({ closeCode: outcome.failure.closeCode }, 'closing on an unacceptable frame');
      this.options.metrics.requestAnswered('invalid', 'BAD_REQUEST');
      this.close(outcome.failure.closeCode, outcome.failure.reason);
      return;
    }
    // Every answered frame takes a token, malformed ones included, so a flood of garbage is
    // limited like a flood of requests.
    if (!this.bucket.take()) {
      this.requestsOverRate += 1;
      // A client that keeps sending after a whole burst of refusals is not backing off.
      if (this.requestsOverRate > this.options.limits.requestBurst) {
        this.log.warn('closing a connection that ignores RATE_LIMITED');
        this.close(CLOSE_CODES.POLICY_VIOLATION, 'request rate exceeded');
        return;
      }
      const id = outcome.kind === 'request' ? outcome.request.id : outcome.id;
      const op = outcome.kind === 'request' ? outcome.request.op : 'invalid';
      this.reject(id, op, this.rateLimited());
      return;
    }
    this.requestsOverRate = 0;
    if (outcome.kind === 'request') {
      this.accept(outcome.request);
      return;
    }
    this.log.debug({ id: outcome.id, reason: outcome.response.error.message }, 'bad frame');
    this.options.metrics.requestAnswered('invalid', outcome.response.error.code);
    this.send(outcome.response);
  }

  /** The client answered a ping. */
  handlePong(): void {
    this.missedPongs = 0;
  }

  /**
   * One heartbeat tick: pings the client, or drops it when it left the last pings unanswered
   * (a half-open TCP connection otherwise lingers for hours).
   */
  heartbeat(): void {
    if (this.closed) return;
    if (this.missedPongs >= MAX_MISSED_PONGS) {
      this.log.info('dropping a connection that stopped answering pings');
      this.closed = true;
      this.abortAll('the connection stopped answering');
      this.options.socket.terminate();
      return;
    }
    this.missedPongs += 1;
    this.options.socket.ping();
  }

  /** Starts closing the connection; requests in flight are abandoned. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.abortAll(reason);
    this.options.socket.close(code, reason);
  }

  /** The socket closed (either side): abandons requests in flight and stops timers. */
  handleClosed(): void {
    this.closed = true;
    clearTimeout(this.dropTimer);
    this.abortAll('the connection closed');
  }

  private readFrame(frame: string | Uint8Array): FrameOutcome {
    const decoded = this.codec.decode(frame, this.decodeLimits);
    if (!decoded.ok) {
      // Fatal: the frame itself is unacceptable (wrong kind, not UTF-8, over a limit). Else it
      // arrived intact with no valid value in it (a syntax error, an ext type): answered.
      return decoded.error.fatal
        ? { kind: 'fatal', failure: decoded.error }
        : { kind: 'answer', id: null, response: decodeFailureResponse(decoded.error) };
    }
    const parsed = parseClientMessage(decoded.value);
    if (parsed.ok) return { kind: 'request', request: parsed.message };
    return { kind: 'answer', id: parsed.error.id, response: parseFailureResponse(parsed.error) };
  }

  private accept(request: RequestMessage): void {
    const { id, op } = request;
    if (this.inFlight.has(id)) {
      const error = new BrokerError('BAD_REQUEST', `id ${id} is already in flight`);
      this.reject(id, op, error);
      return;
    }
    if (this.inFlight.size >= this.options.limits.maxRequestsInFlight) {
      const limit = this.options.limits.maxRequestsInFlight;
      const error = new BrokerError(
        'BUSY',
        `Too many requests in flight (limit ${limit}); wait for answers first.`,
      );
      this.reject(id, op, error);
      return;
    }
    const required = OP_REQUIRED_SCOPE[op];
    if (!this.scopes.has(required)) {
      const held = [...this.scopes].join(', ');
      const error = new BrokerError(
        'FORBIDDEN',
        `${op} needs the ${required} scope; this connection holds ${held}.`,
      );
      this.reject(id, op, error);
      return;
    }
    this.run(request);
  }

  /**
   * Runs the op. A handler that answers at once (ping, subscribe, a cached card.read) needs no
   * timeout timer and no race; one that returns a promise is tracked until it settles, times
   * out, or the connection closes.
   */
  private run(request: RequestMessage): void {
    const { id, op } = request;
    const lifetime = new RequestLifetime();
    const { broker, simulator, consent, now } = this.options;
    const context = new RequestContext(
      broker,
      this.view,
      this.subscriptions,
      simulator,
      consent,
      now,
      lifetime,
    );
    const handler = OP_HANDLERS[op] as OpHandler<Op>;
    let settled: { ok: true; result: OpResult[Op] } | { ok: false; thrown: unknown };
    try {
      const outcome = handler(request.params, context);
      if (outcome instanceof Promise) {
        void this.settle(request, lifetime, outcome);
        return;
      }
      settled = { ok: true, result: outcome };
    } catch (thrown) {
      settled = { ok: false, thrown };
    }
    // Answered in a microtask, as a promise's would be: the request counts as in flight until
    // then, and answers keep the order they always had relative to each other and to refusals.
    this.inFlight.set(id, lifetime);
    queueMicrotask(() => {
      this.inFlight.delete(id);
      if (this.closed) return;
      if (!settled.ok) {
        this.reject(id, op, toBrokerError(settled.thrown), request);
        return;
      }
      this.options.metrics.requestAnswered(op, 'ok');
      this.send({ type: 'response', id, ok: true, result: settled.result });
    });
  }

  private async settle(
    request: RequestMessage,
    lifetime: RequestLifetime,
    running: Promise<OpResult[Op]>,
  ): Promise<void> {
    const { id, op } = request;
    this.inFlight.set(id, lifetime);
    const timeoutMs = this.options.broker.requestDeadlineMs(request);
    const timer = setTimeout(() => {
      lifetime.abort(
        new BrokerError('TIMEOUT', `The request did not finish within ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    try {
      // Raced against the lifetime, so a handler that ignores its signal still gets one
      // answer in time.
      const result = await lifetime.race(running);
      if (this.closed) return;
      this.options.metrics.requestAnswered(op, 'ok');
      this.send({ type: 'response', id, ok: true, result });
    } catch (thrown) {
      if (!this.closed) this.reject(id, op, toBrokerError(thrown), request);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(id);
    }
  }

  private reject(
    id: RequestId | null,
    op: Op | 'invalid',
    error: BrokerError,
    request?: RequestMessage,
  ): void {
    this.logFailure(id, op, error, request);
    this.options.metrics.requestAnswered(op, error.code);
    this.send({ type: 'response', id, ok: false, error: error.toWire() });
  }

  private logFailure(
    id: RequestId | null,
    op: Op | 'invalid',
    error: BrokerError,
    request: RequestMessage | undefined,
  ): void {
    // Reader and section ids only: params may name a card file, never log card data.
    const fields: Record<string, unknown> = { id, op, code: error.code };
    if (request !== undefined && 'reader' in request.params) fields.reader = request.params.reader;
    if (request?.op === 'card.read') fields.sections = request.params.sections;
    if (error.native !== undefined) fields.nativeCode = error.native.code;
    if (error.code === 'INTERNAL') {
      // An internal error is a bug; its message is the only clue, and it comes from our code.
      this.log.error({ ...fields, detail: error.message }, 'request failed');
    } else {
      this.log.debug(fields, 'request refused');
    }
  }

  private rateLimited(): BrokerError {
    const { requestsPerSecond } = this.options.limits;
    return new BrokerError(
      'RATE_LIMITED',
      `Over the limit of ${requestsPerSecond} requests per second; slow down.`,
    );
  }

  private abortAll(reason: string): void {
    const error = new BrokerError('BUSY', `Request abandoned: ${reason}.`);
    for (const lifetime of this.inFlight.values()) lifetime.abort(error);
    this.inFlight.clear();
  }
}
