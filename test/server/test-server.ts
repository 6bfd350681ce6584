import {
  createSimulatorDriver,
  type SimulatorDriver,
  type SimulatorDriverOptions,
} from '@nhicard/native';
import type { SectionId } from '@nhicard/protocol';
import { type RunningServer, startServer } from '../../server/src/server.js';
import type { ServerOptions } from '../../server/src/server-options.js';

/** Tokens the test servers know, by what they grant. */
export const TOKENS = {
  admin: 'test-token-admin',
  read: 'test-token-read',
  presence: 'test-token-presence',
} as const;

/** An HIS page's origin, allowed with `read`. */
export const HIS_ORIGIN = 'https://his.example.test';
/** A kiosk's origin, allowed with `presence` only. */
export const KIOSK_ORIGIN = 'https://kiosk.example.test';

/** A running server on the simulator, with the driver's read calls counted. */
export interface TestServer {
  server: RunningServer;
  /** The simulator, for its control API (failure injection). */
  sim: SimulatorDriver;
  /** How many times the broker asked the driver to read each section. */
  readCalls: Map<SectionId, number>;
  /** Called as each driver read starts. */
  onReadStart: ((readerId: string, section: SectionId) => void) | undefined;
  /**
   * When set, each status poll reads the slot, then waits for the promise this returns before
   * answering: the answer is then stale, as a real poll's can be.
   */
  statusGate: ((readerId: string) => Promise<void>) | undefined;
  close(): Promise<void>;
}

/** What a test may change. */
export interface TestServerOptions extends Omit<Partial<ServerOptions>, 'driver'> {
  simulator?: SimulatorDriverOptions;
}

/**
 * Starts a server on a free port with the simulator (zero latency, no SAM delay unless the
 * test says otherwise), the test tokens and origins, and a fast poll.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0, ...options.simulator });
  const readCalls = new Map<SectionId, number>();
  const test: TestServer = {
    server: undefined as unknown as RunningServer,
    sim,
    readCalls,
    onReadStart: undefined,
    statusGate: undefined,
    close: () => test.server.close('test finished'),
  };
  // The simulator's own methods are closures, so a spread copy keeps them working.
  const counted: SimulatorDriver = {
    ...sim,
    read(readerId, section, readOptions) {
      readCalls.set(section, (readCalls.get(section) ?? 0) + 1);
      test.onReadStart?.(readerId, section);
      return sim.read(readerId, section, readOptions);
    },
    async status(readerId) {
      const status = await sim.status(readerId);
      await test.statusGate?.(readerId);
      return status;
    },
  };
  const { simulator: _simulator, ...serverOptions } = options;
  test.server = await startServer({
    port: 0,
    ...serverOptions,
    driver: counted,
    broker: { pollIntervalMs: 10, ...options.broker },
    access: {
      origins: { [HIS_ORIGIN]: ['read'], [KIOSK_ORIGIN]: ['presence'] },
      tokens: {
        [TOKENS.admin]: ['read', 'admin'],
        [TOKENS.read]: ['read'],
        [TOKENS.presence]: ['presence'],
      },
      ...options.access,
    },
  });
  return test;
}
