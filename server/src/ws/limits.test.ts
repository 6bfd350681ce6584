import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';

describe('resolveLimits', () => {
  it('fills in the documented defaults', () => {
    expect(resolveLimits()).toStrictEqual({
      maxPayloadBytes: 65_536,
      maxRequestsInFlight: 32,
      requestsPerSecond: 50,
      requestBurst: 100,
      maxConnectionsPerOrigin: 64,
      maxBufferedBytes: 4_194_304,
      requestTimeoutMs: 30_000,
      pingIntervalMs: 30_000,
    });
  });

  it('keeps given values and leaves undefined ones at their default', () => {
    expect(resolveLimits({ requestTimeoutMs: 500, maxPayloadBytes: undefined })).toStrictEqual({
      ...DEFAULT_LIMITS,
      requestTimeoutMs: 500,
    });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s, naming the limit',
    (value) => {
      expect(() => resolveLimits({ requestBurst: value })).toThrow(
        new RangeError(`limits.requestBurst: ${value} must be a number > 0`),
      );
    },
  );
});
