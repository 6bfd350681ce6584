import { DriverError, type SimulatorDriver } from '@nhicard/native';

/** Faults a test switches on and off while the broker runs. */
export interface DriverFaults {
  /**
   * What `status` does: answer, throw at once (a bug in a driver: a plain `Error`, thrown
   * rather than rejected), or never answer (a hung DLL call).
   */
  status: 'answer' | 'throw' | 'hang';
  /**
   * While true, a ready card shows as not yet SAM-authenticated (csHIS status 1): its
   * authentication lasts exactly until the test ends it, not for a span of time.
   */
  samPending: boolean;
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

/** A read held on its way to the simulator (see `FaultyDriver.holdNextRead`). */
interface HeldRead {
  /** Resolves once the read has reached the driver and is held there. */
  readonly reached: Promise<void>;
  /** Lets the held read go on to the simulator. */
  release(): void;
}

/** A simulator wrapped so a test can make it misbehave. */
export interface FaultyDriver {
  driver: SimulatorDriver;
  faults: DriverFaults;
  /** `status` calls that hang and were never answered. */
  readonly hungStatusCalls: number;
  /** `listReaders` calls that were rejected. */
  readonly rejectedListings: number;
  /**
   * Holds the next `read` in the driver until `release`: the read is then in flight (the
   * reader's queue busy with it) for exactly as long as the test needs, however loaded the machine.
   */
  holdNextRead(): HeldRead;
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
    samPending: false,
    read: 'answer',
    listReaders: 'answer',
    unplugged: new Set(),
  };
  let hung = 0;
  let rejectedListings = 0;
  let hold: { reached: () => void; released: Promise<void> } | undefined;
  // The simulator's methods are closures, so a spread copy keeps them working.
  const driver: SimulatorDriver = {
    ...sim,
    async listReaders() {
      if (faults.listReaders === 'reject') {
        rejectedListings += 1;
        throw new Error('reader enumeration failed');
      }
      return (await sim.listReaders()).filter((reader) => !faults.unplugged.has(reader.id));
    },
    status(readerId) {
      if (faults.unplugged.has(readerId)) return Promise.reject(unpluggedError(readerId));
      if (faults.status === 'throw') throw new Error('status: driver bug');
      if (faults.status === 'hang') {
        hung += 1;
        return new Promise(() => {});
      }
      if (!faults.samPending) return sim.status(readerId);
      return sim
        .status(readerId)
        .then((status) =>
          status.presence === 'ready'
            ? { ...status, presence: 'not-ready', nativeCode: 1 }
            : status,
        );
    },
    read(readerId, section, options) {
      if (faults.unplugged.has(readerId)) return Promise.reject(unpluggedError(readerId));
      if (faults.read === 'throw') throw new Error(`read ${section}: driver bug`);
      const held = hold;
      if (held === undefined) return sim.read(readerId, section, options);
      hold = undefined;
      held.reached();
      return held.released.then(() => sim.read(readerId, section, options));
    },
  };
  return {
    driver,
    faults,
    get hungStatusCalls() {
      return hung;
    },
    get rejectedListings() {
      return rejectedListings;
    },
    holdNextRead() {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      hold = { reached, released };
      return { reached: reachedPromise, release };
    },
  };
}
