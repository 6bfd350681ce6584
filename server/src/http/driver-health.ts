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
const HEALTH_CHECK_INTERVAL_MS = 5000;

/** The health `/healthz` reports: `degraded` with the reasons, or `ok`. */
export interface DriverHealthState {
  status: 'ok' | 'degraded';
  /** Why it is degraded, one sentence each; empty when ok. */
  reasons: string[];
}

/** One reason, with what kind of problem it is: the log speaks once per change of kinds. */
interface Problem {
  kind: 'cshis-host' | 'no-reader' | 'check-failed';
  reason: string;
}

function isCshis(driver: CardDriver): driver is CshisDriver {
  return driver.kind === 'cshis' && typeof (driver as CshisDriver).hostState === 'function';
}

/**
 * Watches whether the broker can do its job: the driver's service reachable, a reader
 * attached, the csHIS host serving. Checked at start, at every reader change and every
 * {@link HEALTH_CHECK_INTERVAL_MS}. `/healthz` shows the reasons as of the last check (counts
 * included); the log gets a warning when the kind of problem changes and an info line when it
 * is ok again: once per change, never per check, however often a crashing host restarts.
 */
export class DriverHealth {
  private current: DriverHealthState = { status: 'ok', reasons: [] };
  private currentKinds = '';
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

  private async problems(): Promise<Problem[]> {
    if (isCshis(this.driver)) {
      // Degraded from a host failure until a restarted host has answered a call: a host that
      // starts and crashes at its first call would otherwise look healthy between crashes.
      const host = this.driver.hostState();
      if (host.state === 'restarting' || host.failuresInARow > 0) {
        const failures = host.failuresInARow;
        const state =
          failures > 1 ? 'the csHIS host keeps restarting' : 'the csHIS host is restarting';
        const last = host.lastFailure === null ? '' : `; last: ${host.lastFailure}`;
        const count = `${failures} failure${failures === 1 ? '' : 's'} since it last served a call`;
        return [{ kind: 'cshis-host', reason: `${state} (${count}${last})` }];
      }
    }
    if (this.broker.listReaders().length > 0) return [];
    const unreachable = this.serviceProbe === null ? null : await this.serviceProbe();
    return [{ kind: 'no-reader', reason: unreachable ?? 'no card reader is attached' }];
  }

  private async evaluate(): Promise<void> {
    let problems: Problem[];
    try {
      problems = await this.problems();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      problems = [{ kind: 'check-failed', reason: `the health check failed: ${why}` }];
    }
    const reasons = problems.map((problem) => problem.reason);
    this.current = { status: reasons.length === 0 ? 'ok' : 'degraded', reasons };
    // The service's reason is its own kind: a PC/SC service going away is news even while
    // no reader was attached before.
    const kinds = problems
      .map((problem) => (problem.kind === 'cshis-host' ? problem.kind : problem.reason))
      .join('\n');
    if (kinds === this.currentKinds) return;
    this.currentKinds = kinds;
    if (reasons.length > 0) this.logger.warn({ reasons }, 'broker degraded');
    else this.logger.info('broker healthy again');
  }
}
