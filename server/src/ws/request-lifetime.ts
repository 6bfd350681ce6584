import type { Broker } from '../core/broker.js';
import type { BrokerError } from '../core/broker-error.js';
import type { ConsentAdmin } from './access-ops.js';
import type { OpContext, SimulatorAccess } from './op-handlers.js';
import type { CardDataView } from './scope-filter.js';
import type { TopicSubscriptions } from './topic-subscriptions.js';

/**
 * One request's life on a connection: it ends early when it times out or the connection
 * closes. Its `AbortSignal` is made only when a handler asks for it: most requests (a cached
 * `card.read`, `ping`, `subscribe`) never wait on the device, and an `AbortController` with
 * its listeners costs more than the rest of such a request (see docs/benchmarks.md).
 */
export class RequestLifetime {
  private controller: AbortController | undefined;
  private reason: BrokerError | undefined;
  private rejectWaiter: ((reason: BrokerError) => void) | undefined;

  /** Aborted with the reason when the request ends early; created on first use. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Ends the request early (timeout, closed connection); later calls are ignored. */
  abort(reason: BrokerError): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.rejectWaiter?.(reason);
  }

  /**
   * Waits for `promise`, but rejects with the abort reason as soon as the request ends early,
   * so a handler that ignores its signal still gets exactly one answer in time.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.reason !== undefined) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.rejectWaiter = reject;
      promise.then(resolve, reject);
    });
  }
}

/**
 * What one request's handler sees: the connection's broker, view and subscription, and the
 * request's own lifetime and signal, made on first use (a class, so each request costs one
 * small object).
 */
export class RequestContext implements OpContext {
  private madeLifetime: RequestLifetime | undefined;

  constructor(
    readonly broker: Broker,
    readonly view: CardDataView,
    readonly subscriptions: TopicSubscriptions,
    readonly simulator: SimulatorAccess | null,
    readonly consent: ConsentAdmin | null,
    readonly now: () => Date,
  ) {}

  /**
   * The request's lifetime, made on first use: a request answered at once (most of them)
   * never needs one.
   */
  get lifetime(): RequestLifetime {
    this.madeLifetime ??= new RequestLifetime();
    return this.madeLifetime;
  }

  /** Aborted when the request times out or the connection closes. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }
}
