import type { CardDriver } from '@nhicard/native';
import { type RunningServer, startServer } from '../../server/src/server.js';

/** The token a test client presents for the `read` scope. */
export const READ_TOKEN = 'cshis-test-token-read';

/**
 * Starts the real server (broker, WebSocket, HTTP) on a free loopback port with `driver`,
 * polling fast. The broker's timeouts are longer than the driver's, so a hung csHIS call is
 * always ended by the driver (which restarts its host), never abandoned by the broker first.
 */
export function startCshisServer(driver: CardDriver): Promise<RunningServer> {
  return startServer({
    port: 0,
    driver,
    demoPage: false,
    broker: {
      pollIntervalMs: 50,
      readerScanIntervalMs: 500,
      settleTimeoutMs: 10_000,
      statusTimeoutMs: 10_000,
      readTimeoutMs: 15_000,
      pinReadTimeoutMs: 20_000,
    },
    access: { tokens: { [READ_TOKEN]: ['read'] } },
  });
}
