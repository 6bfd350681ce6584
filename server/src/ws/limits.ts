import type { LimitOptions } from '../server-options.js';

/** `LimitOptions` with every default filled in. */
export type ResolvedLimits = Required<LimitOptions>;

/** The limits used where a `LimitOptions` field is left out (documented on `LimitOptions`). */
export const DEFAULT_LIMITS: Readonly<ResolvedLimits> = Object.freeze({
  maxPayloadBytes: 64 * 1024,
  maxRequestsInFlight: 32,
  requestsPerSecond: 50,
  requestBurst: 100,
  maxConnectionsPerOrigin: 64,
  maxBufferedBytes: 4 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  pingIntervalMs: 30_000,
});

/**
 * Fills in the defaults of `LimitOptions` and checks every value is a positive number, so a
 * typo in a config file fails at startup instead of disabling a limit.
 * @throws RangeError naming the limit.
 */
export function resolveLimits(limits: LimitOptions = {}): ResolvedLimits {
  const resolved: ResolvedLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ResolvedLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`limits.${key}: ${value} must be a number > 0`);
    }
    resolved[key] = value;
  }
  return resolved;
}
