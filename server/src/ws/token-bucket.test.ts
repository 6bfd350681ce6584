import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets a full burst through, then refuses until time refills it', () => {
    let nowMs = 0;
    const bucket = new TokenBucket(2, 3, () => nowMs);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toStrictEqual([
      true,
      true,
      true,
      false,
    ]);
    nowMs = 499; // 0.998 of a token: not yet
    expect(bucket.take()).toBe(false);
    nowMs = 500; // the rest of the first token (the refusal above took nothing)
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long it idles', () => {
    let nowMs = 0;
    const bucket = new TokenBucket(10, 2, () => nowMs);
    nowMs = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toStrictEqual([true, true, false]);
  });

  it('ignores a clock that goes backwards', () => {
    let nowMs = 1000;
    const bucket = new TokenBucket(1, 1, () => nowMs);
    expect(bucket.take()).toBe(true);
    nowMs = 0;
    expect(bucket.take()).toBe(false);
    nowMs = 1000;
    expect(bucket.take()).toBe(true);
  });
});
