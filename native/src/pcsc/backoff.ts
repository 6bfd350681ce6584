/** Delays for retrying something that keeps failing: doubling from `initialMs` up to `maxMs`. */
export class Backoff {
  private nextDelayMs: number;

  /**
   * @param initialMs the first delay.
   * @param maxMs the longest delay.
   */
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.nextDelayMs = initialMs;
  }

  /** The delay before the next attempt; each call doubles the following one, up to the cap. */
  next(): number {
    const delayMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.maxMs, Math.max(1, this.nextDelayMs * 2));
    return delayMs;
  }

  /** Starts again from `initialMs` (after a success). */
  reset(): void {
    this.nextDelayMs = this.initialMs;
  }
}
