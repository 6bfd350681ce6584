import type { Op, OpResult, RequestId, RequestMessage } from '@nhicard/protocol';
import type { Broker } from '../core/broker.js';
import { BrokerError, toBrokerError } from '../core/broker-error.js';
import type { ConsentAdmin } from './access-ops.js';
import { OP_HANDLERS, type OpHandler, type SimulatorAccess } from './op-handlers.js';
import type { RequestsInFlight } from './request-admission.js';
import { RequestContext, type RequestLifetime } from './request-lifetime.js';
import type { CardDataView } from './scope-filter.js';
import type { TopicSubscriptions } from './topic-subscriptions.js';

/** Where a runner's answers go: the connection, which sends them. */
export interface RequestAnswers {
  /** The request succeeded. */
  answered(request: RequestMessage, result: OpResult[Op]): void;
  /** The request failed, timed out or was abandoned. */
  failed(request: RequestMessage, error: BrokerError): void;
}

/** What the requests of one connection run against. */
export interface RequestRunnerOptions {
  broker: Broker;
  view: CardDataView;
  subscriptions: TopicSubscriptions;
  simulator: SimulatorAccess | null;
  consent: ConsentAdmin | null;
  now: () => Date;
  answers: RequestAnswers;
}

/**
 * Runs a connection's admitted requests and tracks them until they settle, time out or are
 * abandoned. Every request ends in {@link answer}, the one path to an answer.
 *
 * A handler that answers at once (ping, subscribe, a cached `card.read`) is answered there and
 * then: no deadline timer, no race, no promise and no microtask, each of which would cost
 * more than such a request (see docs/benchmarks.md). Answers and refusals therefore leave in
 * the order their requests arrived, except for those that wait on the device. A handler that
 * returns a promise is in flight until it settles, under the broker's deadline for the
 * request.
 */
export class RequestRunner implements RequestsInFlight {
  private readonly inFlight = new Map<RequestId, RequestLifetime>();

  constructor(private readonly options: RequestRunnerOptions) {}

  /** Requests being served now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Whether a request with this id is being served. */
  has(id: RequestId): boolean {
    return this.inFlight.has(id);
  }

  /** Runs one admitted request; its answer goes to `answers`, never thrown. */
  run(request: RequestMessage): void {
    const { broker, view, subscriptions, simulator, consent, now } = this.options;
    const context = new RequestContext(broker, view, subscriptions, simulator, consent, now);
    const handler = OP_HANDLERS[request.op] as OpHandler<Op>;
    let ok = true;
    let value: unknown;
    try {
      value = handler(request.params, context);
    } catch (thrown) {
      ok = false;
      value = thrown;
    }
    if (value instanceof Promise) {
      const { lifetime } = context;
      this.inFlight.set(request.id, lifetime);
      this.settleLater(request, lifetime, value as Promise<OpResult[Op]>);
      return;
    }
    this.answer(request, ok, value);
  }

  /** Abandons every request in flight (the connection is closing). */
  abortAll(reason: string): void {
    // Most connections close with nothing in flight: no error (and its stack trace) for them.
    if (this.inFlight.size === 0) return;
    const error = new BrokerError('BUSY', `Request abandoned: ${reason}.`);
    for (const lifetime of this.inFlight.values()) lifetime.abort(error);
    this.inFlight.clear();
  }

  private settleLater(
    request: RequestMessage,
    lifetime: RequestLifetime,
    running: Promise<OpResult[Op]>,
  ): void {
    const deadlineMs = this.options.broker.requestDeadlineMs(request);
    const timer = setTimeout(() => {
      lifetime.abort(
        new BrokerError('TIMEOUT', `The request did not finish within ${deadlineMs} ms.`),
      );
    }, deadlineMs);
    // Raced against the lifetime, so a handler that ignores its signal still gets one answer
    // in time.
    lifetime.race(running).then(
      (result) => {
        clearTimeout(timer);
        this.settle(request, true, result);
      },
      (thrown: unknown) => {
        clearTimeout(timer);
        this.settle(request, false, thrown);
      },
    );
  }

  private settle(request: RequestMessage, ok: boolean, value: unknown): void {
    this.inFlight.delete(request.id);
    this.answer(request, ok, value);
  }

  private answer(request: RequestMessage, ok: boolean, value: unknown): void {
    if (ok) this.options.answers.answered(request, value as OpResult[Op]);
    else this.options.answers.failed(request, toBrokerError(value));
  }
}
