import type { CardDriver, CshisDriver } from '@nhicard/native';
import type { Logger } from 'pino';
import { filter, merge, type Subscription, timer } from 'rxjs';
import type { Broker } from '../core/broker.js';

/**
 * Asks the driver's service why there are no readers: a sentence when it cannot be reached
 * (e.g. `the PC/SC service is not running: SCARD_E_NO_SERVICE …`), null when it answers.
 */
export type ServiceProbe = () => Promise<string | null>;

/** How often the health is re-checked besides at every reader change. */
export const HEALTH_CHECK_INTERVAL_MS = 5000;

/** The health `/healthz` reports: `degraded` with the reasons, or `ok`. */
export interface DriverHealthState {
  status: 'ok' | 'degraded';
  /** Why it is degraded, one sentence each; empty when ok. */
  reasons: string[];
}

function isCshis(driver: CardDriver): driver is CshisDriver {
  return driver.kind === 'cshis' && typeof (driver as CshisDriver).hostState === 'function';
}

/**
 * Watches whether the broker can do its job: the driver's service reachable, a reader
 * attached, the csHIS host running. Checked at start, at every reader change and every
 * {@link HEALTH_CHECK_INTERVAL_MS}; logs a warning when the reasons change (once per change, not
 * per check) and an info line when it is ok again.
 */
export class DriverHealth {
  private current: DriverHealthState = { status: 'ok', reasons: [] };
  private subscription: Subscription | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly broker: Broker,
    private readonly driver: CardDriver,
    private readonly logger: Logger,
    private readonly serviceProbe: ServiceProbe | null,
    private readonly intervalMs = HEALTH_CHECK_INTERVAL_MS,
  ) {}

  /** The last checked state. */
  get state(): DriverHealthState {
    return this.current;
  }

  /** Checks once now, then on every reader change and on the interval. */
  async start(): Promise<void> {
    await this.check();
    const readerChanges = this.broker.events$.pipe(
      filter((event) => event.topic === 'reader.attached' || event.topic === 'reader.detached'),
    );
    this.subscription = merge(readerChanges, timer(this.intervalMs, this.intervalMs)).subscribe(
      () => void this.check(),
    );
  }

  /** Checks now (one check at a time); resolves when done. */
  check(): Promise<void> {
    this.checking ??= this.evaluate().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private async reasons(): Promise<string[]> {
    if (isCshis(this.driver)) {
      const host = this.driver.hostState();
      if (host.state === 'restarting') {
        const last = host.lastFailure === null ? '' : `; last failure: ${host.lastFailure}`;
        return [`the csHIS host keeps restarting (${host.restarts} restarts${last})`];
      }
    }
    if (this.broker.listReaders().length > 0) return [];
    const unreachable = this.serviceProbe === null ? null : await this.serviceProbe();
    return [unreachable ?? 'no card reader is attached'];
  }

  private async evaluate(): Promise<void> {
    let reasons: string[];
    try {
      reasons = await this.reasons();
    } catch (error) {
      reasons = [
        `the health check failed: ${error instanceof Error ? error.message : String(error)}`,
      ];
    }
    const next: DriverHealthState = { status: reasons.length === 0 ? 'ok' : 'degraded', reasons };
    if (next.reasons.join('\n') === this.current.reasons.join('\n')) return;
    this.current = next;
    if (next.status === 'degraded') this.logger.warn({ reasons }, 'broker degraded');
    else this.logger.info('broker healthy again');
  }
}
