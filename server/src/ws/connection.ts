import {
  CLOSE_CODES,
  type Codec,
  type DecodeLimits,
  type Op,
  type OpResult,
  type RequestId,
  type RequestMessage,
  type Scope,
  type ServerMessage,
  type Topic,
} from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { Broker } from '../core/broker.js';
import { type BrokerError, hintedErrorResponse } from '../core/broker-error.js';
import type { ServerMetrics } from '../http/server-metrics.js';
import type { ConsentAdmin } from './access-ops.js';
import { encodeAnswer } from './answer-encoding.js';
import { readFrame } from './frame-reader.js';
import type { ResolvedLimits } from './limits.js';
import { Liveness } from './liveness.js';
import type { SimulatorAccess } from './op-handlers.js';
import { Outbound, type WireSocket } from './outbound.js';
import { RateGuard } from './rate-guard.js';
import { admissionRefusal } from './request-admission.js';
import { logRequestFailure } from './request-failure-log.js';
import { type RequestAnswers, RequestRunner } from './request-runner.js';
import { type CardDataView, dataViewOf } from './scope-filter.js';
import { TopicSubscriptions } from './topic-subscriptions.js';

export type { WireSocket } from './outbound.js';

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

/**
 * One client connection, wiring its parts together in the order a frame meets them: frame
 * reading ({@link readFrame}), the rate limit ({@link RateGuard}), admission
 * ({@link admissionRefusal}), running ({@link RequestRunner}), outbound backpressure
 * ({@link Outbound}) and the heartbeat ({@link Liveness}). Each request gets exactly one
 * response. Events reach it through `sendFrame`, already encoded for its data view.
 */
export class Connection implements RequestAnswers {
  /** Run-wide connection number. */
  readonly id: number;
  /** How much card data this connection may see. */
  readonly view: CardDataView;
  /** The topics it subscribed to. */
  readonly subscriptions = new TopicSubscriptions();
  /** The codec of its subprotocol. */
  readonly codec: Codec;
  private readonly scopes: ReadonlySet<Scope>;
  private readonly decodeLimits: DecodeLimits;
  private readonly rate: RateGuard;
  private readonly runner: RequestRunner;
  private readonly outbound: Outbound;
  private readonly liveness = new Liveness();
  private readonly log: Logger;
  private closed = false;

  constructor(private readonly options: ConnectionOptions) {
    const { limits } = options;
    this.id = options.id;
    this.codec = options.codec;
    this.scopes = new Set(options.scopes);
    this.view = dataViewOf(this.scopes);
    this.decodeLimits = { maxFrameBytes: limits.maxPayloadBytes };
    this.rate = new RateGuard(limits, options.nowMs);
    this.outbound = new Outbound(options.socket, limits.maxBufferedBytes);
    this.runner = new RequestRunner({
      broker: options.broker,
      view: this.view,
      subscriptions: this.subscriptions,
      simulator: options.simulator,
      consent: options.consent,
      now: options.now,
      answers: this,
    });
    this.log = options.logger.child({ conn: options.id });
  }

  /** Whether the connection is closed or closing. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Requests being served now. */
  get requestsInFlight(): number {
    return this.runner.size;
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
   * with 1013 and then cut, so one stalled tab cannot make the broker hold memory for ever.
   */
  sendFrame(frame: string | Uint8Array): void {
    if (this.closed) return;
    const piledUpBytes = this.outbound.send(frame);
    if (piledUpBytes < 0) return;
    this.log.warn({ bufferedBytes: piledUpBytes }, 'dropping a slow consumer');
    this.close(CLOSE_CODES.TRY_AGAIN_LATER, 'too slow: messages piled up');
    this.outbound.cutAfterGrace();
  }

  /** Handles one frame from the client: a text frame as a string, a binary one as bytes. */
  handleFrame(frame: string | Uint8Array): void {
    if (this.closed) return;
    this.liveness.heard();
    const outcome = readFrame(this.codec, frame, this.decodeLimits);
    if (outcome.kind === 'fatal') {
      this.log.info({ closeCode: outcome.failure.closeCode }, 'closing on an unacceptable frame');
      this.options.metrics.requestAnswered('invalid', 'BAD_REQUEST');
      this.close(outcome.failure.closeCode, outcome.failure.reason);
      return;
    }
    const verdict = this.rate.admit();
    if (verdict === 'close') {
      this.log.warn('closing a connection that ignores RATE_LIMITED');
      this.close(CLOSE_CODES.POLICY_VIOLATION, 'request rate exceeded');
      return;
    }
    if (outcome.kind === 'answer') {
      if (verdict === 'refuse') {
        this.refuse(outcome.id, 'invalid', this.rate.refusal());
        return;
      }
      this.log.debug({ id: outcome.id, reason: outcome.response.error.message }, 'bad frame');
      this.options.metrics.requestAnswered('invalid', outcome.response.error.code);
      this.send(hintedErrorResponse(outcome.response));
      return;
    }
    const { request } = outcome;
    if (verdict === 'refuse') {
      this.refuse(request.id, request.op, this.rate.refusal());
      return;
    }
    const { maxRequestsInFlight } = this.options.limits;
    const refusal = admissionRefusal(request, this.scopes, this.runner, maxRequestsInFlight);
    if (refusal === null) this.runner.run(request);
    else this.refuse(request.id, request.op, refusal, request);
  }

  /** The client answered a ping. */
  handlePong(): void {
    this.liveness.heard();
  }

  /** One heartbeat tick: pings the client, or drops it when it left the last pings unanswered. */
  heartbeat(): void {
    if (this.closed) return;
    if (this.liveness.tick() === 'ping') {
      this.options.socket.ping();
      return;
    }
    this.log.info('dropping a connection that stopped answering pings');
    this.closed = true;
    this.runner.abortAll('the connection stopped answering');
    this.options.socket.terminate();
  }

  /** Starts closing the connection; requests in flight are abandoned. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.runner.abortAll(reason);
    this.options.socket.close(code, reason);
  }

  /** The socket closed (either side): abandons requests in flight and stops timers. */
  handleClosed(): void {
    this.closed = true;
    this.outbound.dispose();
    this.runner.abortAll('the connection closed');
  }

  /** A request succeeded (called by the runner; a closed connection answers nothing). */
  answered(request: RequestMessage, result: OpResult[Op]): void {
    if (this.closed) return;
    this.options.metrics.requestAnswered(request.op, 'ok');
    this.sendFrame(encodeAnswer(this.codec, request.id, result));
  }

  /** A request failed (called by the runner; a closed connection answers nothing). */
  failed(request: RequestMessage, error: BrokerError): void {
    if (!this.closed) this.refuse(request.id, request.op, error, request);
  }

  private refuse(
    id: RequestId | null,
    op: Op | 'invalid',
    error: BrokerError,
    request?: RequestMessage,
  ): void {
    logRequestFailure(this.log, id, op, error, request);
    this.options.metrics.requestAnswered(op, error.code);
    this.send({ type: 'response', id, ok: false, error: error.toWire() });
  }
}
