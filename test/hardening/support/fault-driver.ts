import { DriverError, type SimulatorDriver } from '@nhicard/native';

/** Faults a test switches on and off while the broker runs. */
export interface DriverFaults {
  /**
   * What `status` does: answer, throw at once (a bug in a driver: a plain `Error`, thrown
   * rather than rejected), or never answer (a hung DLL call).
   */
  status: 'answer' | 'throw' | 'hang';
  /** What `read` does: answer, or throw at once (a plain `Error`). */
  read: 'answer' | 'throw';
  /** What `listReaders` does: answer, or reject. */
  listReaders: 'answer' | 'reject';
  /**
   * Readers unplugged: left out of `listReaders`, and their `status`/`read` fail with
   * `NO_READER`, as a real driver's do for a reader that went away.
   */
  unplugged: Set<string>;
}

/** A simulator wrapped so a test can make it misbehave. */
export interface FaultyDriver {
  driver: SimulatorDriver;
  faults: DriverFaults;
  /** `status` calls that hang and were never answered. */
  readonly hungStatusCalls: number;
}

function unpluggedError(readerId: string): DriverError {
  return new DriverError('NO_READER', `reader ${readerId} is not connected`);
}

/**
 * Wraps the simulator with switchable faults of the driver itself (where the simulator's own
 * failure injection covers the card: native codes, hangs and removals during reads).
 */
export function withDriverFaults(sim: SimulatorDriver): FaultyDriver {
  const faults: DriverFaults = {
    status: 'answer',
    read: 'answer',
    listReaders: 'answer',
    unplugged: new Set(),
  };
  let hung = 0;
  // The simulator's methods are closures, so a spread copy keeps them working.
  const driver: SimulatorDriver = {
    ...sim,
    async listReaders() {
      if (faults.listReaders === 'reject') throw new Error('reader enumeration failed');
      return (await sim.listReaders()).filter((reader) => !faults.unplugged.has(reader.id));
    },
    status(readerId) {
      if (faults.unplugged.has(readerId)) return Promise.reject(unpluggedError(readerId));
      if (faults.status === 'throw') throw new Error('status: driver bug');
      if (faults.status === 'hang') {
        hung += 1;
        return new Promise(() => {});
      }
      return sim.status(readerId);
    },
    read(readerId, section, options) {
      if (faults.unplugged.has(readerId)) return Promise.reject(unpluggedError(readerId));
      if (faults.read === 'throw') throw new Error(`read ${section}: driver bug`);
      return sim.read(readerId, section, options);
    },
  };
  return {
    driver,
    faults,
    get hungStatusCalls() {
      return hung;
    },
  };
}
