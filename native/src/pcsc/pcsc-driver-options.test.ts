import { describe, expect, it } from 'vitest';
import { resolvePcscDriverOptions } from './pcsc-driver-options.js';

describe('resolvePcscDriverOptions', () => {
  it('fills in the defaults', () => {
    expect(resolvePcscDriverOptions({})).toEqual({
      settleDelayMs: 300,
      classifyCards: true,
      maxAttempts: 3,
      retryDelayMs: 100,
      removalGraceMs: 1000,
      readerScanIntervalMs: 2000,
      recoveryInitialDelayMs: 250,
      recoveryMaxDelayMs: 5000,
    });
  });

  it('refuses negative times and attempts below one', () => {
    expect(() => resolvePcscDriverOptions({ settleDelayMs: -1 })).toThrow(
      new RangeError('settleDelayMs: -1 must be a number of milliseconds >= 0'),
    );
    expect(() => resolvePcscDriverOptions({ maxAttempts: 0 })).toThrow(
      new RangeError('maxAttempts: 0 must be an integer >= 1'),
    );
  });

  it('raises the longest recovery delay to the first one when lower', () => {
    const resolved = resolvePcscDriverOptions({
      recoveryInitialDelayMs: 800,
      recoveryMaxDelayMs: 100,
    });
    expect(resolved.recoveryMaxDelayMs).toBe(800);
  });
});
