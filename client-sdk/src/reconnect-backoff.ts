import type { ReconnectOptions } from './client-options.js';

/**
 * The wait before retry number `attempt` (1 for the first retry), in ms: exponential growth
 * capped at `maxDelayMs`, minus up to `jitter` of it at random. `random` is in [0, 1).
 */
export function reconnectDelayMs(
  attempt: number,
  options: Required<ReconnectOptions>,
  random: number,
): number {
  const exponential = options.initialDelayMs * options.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(capped * (1 - jitter * random));
}
