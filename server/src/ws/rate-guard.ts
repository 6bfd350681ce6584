import { BrokerError } from '../core/broker-error.js';
import type { ResolvedLimits } from './limits.js';
import { TokenBucket } from './token-bucket.js';

/**
 * What the rate limit says about one frame: `pass`, `refuse` (answer it with
 * {@link RateGuard.refusal}), or `close` (the client ignored a whole burst of refusals).
 */
export type RateVerdict = 'pass' | 'refuse' | 'close';

/**
 * The per-connection rate limit. Every answered frame takes a token, malformed ones included,
 * so a flood of garbage is limited like a flood of requests. The verdict is a string, not an
 * object, so a frame within the rate costs no allocation here.
 */
export class RateGuard {
  private readonly bucket: TokenBucket;
  private refusedInARow = 0;

  constructor(
    private readonly limits: Pick<ResolvedLimits, 'requestsPerSecond' | 'requestBurst'>,
    nowMs?: () => number,
  ) {
    this.bucket = new TokenBucket(limits.requestsPerSecond, limits.requestBurst, nowMs);
  }

  /** Takes a token for one frame. */
  admit(): RateVerdict {
    if (this.bucket.take()) {
      this.refusedInARow = 0;
      return 'pass';
    }
    this.refusedInARow += 1;
    // A client that keeps sending after a whole burst of refusals is not backing off.
    return this.refusedInARow > this.limits.requestBurst ? 'close' : 'refuse';
  }

  /** The answer to a frame over the rate. */
  refusal(): BrokerError {
    return new BrokerError(
      'RATE_LIMITED',
      `Over the limit of ${this.limits.requestsPerSecond} requests per second; slow down.`,
    );
  }
}
