import { type CardDriver, createSimulatorDriver } from '@nhicard/native';
import type { DriverChoice, SimulatorConfig } from '../config/nhicard-config.js';

/** A driver named in the config that this build cannot run yet. */
export class DriverUnavailableError extends Error {
  override readonly name = 'DriverUnavailableError';
}

/** The drivers this build can run, and what `doctor` says about the others. */
export const DRIVER_AVAILABILITY = {
  simulator: { available: true, note: 'built in: virtual readers and the demo cards' },
  pcsc: { available: false, note: 'not available yet (the PC/SC driver is still to come)' },
  cshis: { available: false, note: 'not available yet (the csHIS.dll driver is still to come)' },
} as const;

/** Which driver `choice` runs: `auto` picks the simulator while it is the only one built. */
export function resolveDriverChoice(choice: DriverChoice): keyof typeof DRIVER_AVAILABILITY {
  return choice === 'auto' ? 'simulator' : choice;
}

/**
 * Creates the card driver the config asks for.
 * @throws DriverUnavailableError for `pcsc` and `cshis`, which do not exist yet.
 */
export function createDriver(choice: DriverChoice, simulator: SimulatorConfig): CardDriver {
  const kind = resolveDriverChoice(choice);
  if (kind !== 'simulator') {
    throw new DriverUnavailableError(
      `The ${kind} driver is not available yet: this version of nhicard runs on the simulator ` +
        'only. Use --driver simulator (or auto), or set "driver" in the config accordingly.',
    );
  }
  return createSimulatorDriver({
    readers: simulator.readers,
    samAuthDelayMs: simulator.samAuthDelayMs,
    ...(simulator.readLatencyMs === undefined ? {} : { readLatencyMs: simulator.readLatencyMs }),
  });
}
