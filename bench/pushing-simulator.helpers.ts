/**
 * The simulator as an event-pushing driver (as PC/SC is): `insert` and `remove` push the
 * reader's new status at once, so the broker needs no fast poll to see a change. The fan-out
 * benchmarks use it with a poll of an hour: the broker's process then does nothing between
 * rounds, and nothing of it runs while the baseline is measured.
 */
import type { CardDriver, DriverEvent, SimulatorDriver } from '@nhicard/native';

type Card = Parameters<SimulatorDriver['insert']>[1];

/** The pushing driver and the simulator's controls. */
export interface PushingSimulator {
  driver: CardDriver;
  insert(readerId: string, card: Card): Promise<void>;
  remove(readerId: string): Promise<void>;
}

/** Wraps `sim` so that its insertions and removals are pushed to the broker. */
export function pushingSimulator(sim: SimulatorDriver): PushingSimulator {
  const listeners = new Set<(event: DriverEvent) => void>();
  const push = async (readerId: string): Promise<void> => {
    const status = await sim.status(readerId);
    for (const listener of listeners) listener({ type: 'status', readerId, status });
  };
  const driver: CardDriver = {
    kind: sim.kind,
    capabilities: { ...sim.capabilities, events: true },
    listReaders: () => sim.listReaders(),
    status: (readerId, options) => sim.status(readerId, options),
    read: (readerId, section, options) => sim.read(readerId, section, options),
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => sim.close(),
  };
  return {
    driver,
    async insert(readerId, card) {
      sim.insert(readerId, card);
      await push(readerId);
    },
    async remove(readerId) {
      sim.remove(readerId);
      await push(readerId);
    },
  };
}
