/**
 * A token bucket: holds up to `burst` tokens, refills at `ratePerSecond`, and each request
 * takes one. It lets a client send a burst (a page loading several sections at once) while
 * capping its sustained rate. The clock is injectable so tests need no real time.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.lastRefillMs = nowMs();
  }

  /** Takes one token; false when the bucket is empty (the request is over the rate). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token is there to take, without taking it. */
  peek(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsedMs = Math.max(0, now - this.lastRefillMs);
    this.lastRefillMs = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs / 1000) * this.ratePerSecond);
  }
}
