import type { CardDriver } from '@nhicard/native';
import type { DeadlineTable } from '@nhicard/protocol';
import { type RunningServer, startServer } from '../../server/src/server.js';

/** The token a test client presents for the `read` scope. */
export const READ_TOKEN = 'cshis-test-token-read';

/**
 * Starts the real server (broker, WebSocket, HTTP) on a free loopback port with `driver`,
 * polling fast. `deadlines` overrides the broker's deadline table, the only time limit a csHIS
 * call has: at its deadline the driver kills and restarts its host.
 */
export function startCshisServer(
  driver: CardDriver,
  deadlines: Partial<DeadlineTable> = {},
): Promise<RunningServer> {
  return startServer({
    port: 0,
    driver,
    demoPage: false,
    broker: {
      pollIntervalMs: 50,
      readerScanIntervalMs: 500,
      // The one deadline table: the csHIS driver has no timeouts of its own.
      deadlines: {
        settleMs: 10_000,
        statusMs: 10_000,
        readMs: 15_000,
        pinEntryMs: 5000,
        ...deadlines,
      },
    },
    access: { tokens: { [READ_TOKEN]: ['read'] } },
  });
}
