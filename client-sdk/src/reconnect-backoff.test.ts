import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-backoff.js';

const DEFAULTS = {
  enabled: true,
  initialDelayMs: 500,
  multiplier: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
  probeIntervalMs: 1000,
};

describe('reconnectDelayMs', () => {
  it('doubles from 500 ms and caps at 30 s without the random part', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) =>
      reconnectDelayMs(attempt, DEFAULTS, 0),
    );
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('takes off up to `jitter` of the wait at random', () => {
    expect(reconnectDelayMs(3, DEFAULTS, 0.5)).toBe(1500);
    expect(reconnectDelayMs(3, DEFAULTS, 0.999)).toBe(1001);
    expect(reconnectDelayMs(10, { ...DEFAULTS, jitter: 1 }, 0.25)).toBe(22500);
    expect(reconnectDelayMs(10, { ...DEFAULTS, jitter: 0 }, 0.9)).toBe(30000);
  });

  it('clamps a jitter outside 0..1', () => {
    expect(reconnectDelayMs(1, { ...DEFAULTS, jitter: 3 }, 0.5)).toBe(250);
    expect(reconnectDelayMs(1, { ...DEFAULTS, jitter: -1 }, 0.5)).toBe(500);
  });
});
