import type { IssuedCertificate } from './local-ca.js';
import type { LocalTls } from './tls-directory.js';

/** Longest single wait: timers beyond ~24.8 days overflow, and a PC may sleep through one. */
const MAX_WAIT_MS = 60 * 60 * 1000;
/** After a failed renewal (disk full, folder gone): try again in a minute, not in a loop. */
const RETRY_DELAY_MS = 60 * 1000;

/** Options of {@link CertificateRenewal}. */
export interface CertificateRenewalOptions {
  readonly tls: LocalTls;
  /** The certificate served now. */
  readonly current: IssuedCertificate;
  /** Puts a renewed certificate into service (e.g. `server.setSecureContext`). */
  readonly onRenewed: (cert: IssuedCertificate) => void;
  /** Told when a renewal fails; the next check tries again. */
  readonly onError: (error: unknown) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Renews the server certificate when two thirds of its life have passed, checking at least
 * hourly (so a PC that slept past the time renews soon after it wakes).
 */
export class CertificateRenewal {
  private current: IssuedCertificate;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private renewing: Promise<IssuedCertificate> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: CertificateRenewalOptions) {
    this.current = options.current;
    this.now = options.now ?? (() => new Date());
    this.schedule();
  }

  /** The certificate in service. */
  get certificate(): IssuedCertificate {
    return this.current;
  }

  /** Renews at once (and reschedules); concurrent calls share one renewal. */
  renewNow(): Promise<IssuedCertificate> {
    this.renewing ??= (async () => {
      try {
        const renewed = await this.options.tls.renewServerCertificate();
        if (!this.stopped) {
          this.current = renewed;
          this.options.onRenewed(renewed);
        }
        this.schedule();
        return renewed;
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }

  /** Stops the checks. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const dueMs = this.options.tls.renewalTime(this.current).getTime() - this.now().getTime();
    this.timer = setTimeout(() => this.check(), Math.max(0, Math.min(dueMs, MAX_WAIT_MS)));
    this.timer.unref();
  }

  private check(): void {
    if (this.now() < this.options.tls.renewalTime(this.current)) {
      this.schedule();
      return;
    }
    this.renewNow().catch((error: unknown) => {
      this.options.onError(error);
      if (this.stopped) return;
      this.timer = setTimeout(() => this.check(), RETRY_DELAY_MS);
      this.timer.unref();
    });
  }
}
