import { TokenBucket } from '../ws/token-bucket.js';

/** How many wrong tokens a client address may present at once, and then per second. */
export interface FailedTokenLimits {
  /** @default 10 */
  burst?: number;
  /** @default 1 */
  perSecond?: number;
}

const MAX_TRACKED_ADDRESSES = 1024;

/**
 * Slows down token guessing: each client address may present a few wrong tokens, then about
 * one a second. While its allowance is used up, every token it presents (right or wrong) is
 * refused with 429 unchecked, so a guess cannot be confirmed faster than that. Counts, never
 * tokens, are what it reports.
 */
export class FailedTokenThrottle {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly limits: FailedTokenLimits = {},
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Whether `address` may present a token now. */
  allows(address: string): boolean {
    return this.buckets.get(address)?.peek() ?? true;
  }

  /** Records a wrong token from `address`; returns how many it has presented so far. */
  failed(address: string): number {
    let bucket = this.buckets.get(address);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_TRACKED_ADDRESSES) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) {
          this.buckets.delete(oldest);
          this.failures.delete(oldest);
        }
      }
      bucket = new TokenBucket(this.limits.perSecond ?? 1, this.limits.burst ?? 10, this.nowMs);
      this.buckets.set(address, bucket);
    }
    bucket.take();
    const count = (this.failures.get(address) ?? 0) + 1;
    this.failures.set(address, count);
    return count;
  }
}
