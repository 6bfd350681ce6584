// The real stack the client's integration tests run against: a broker on the simulator on a
// free port (or a given one, to restart it in place) and a Node WebSocket implementation. The
// TCP proxy that cuts a client off its broker is in test/support/tcp-proxy.ts.
import {
  type ClientOptions,
  createClient,
  type NhiCardClient,
  type WebSocketConstructor,
} from '@nhicard/client';
import { createSimulatorDriver, type SimulatorDriver } from '@nhicard/native';
import type { Scope } from '@nhicard/protocol';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';

// The proxy lives with the other test support; tests that import it from here keep working.
export { startProxy } from '../support/tcp-proxy.js';

/** The `ws` package's WebSocket, for the client on Node 20 (which has no global one). */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

/** A token granting every scope, for Node clients (they send no Origin). */
export const ADMIN_TOKEN = 'client-test-admin';

/** A Node client holding {@link ADMIN_TOKEN}, of the broker at `url`, over `codec`. */
export function adminClient(
  url: string,
  codec: 'json' | 'msgpack',
  options: Pick<ClientOptions, 'reconnect'> = {},
): NhiCardClient {
  return createClient({ url, codec, token: ADMIN_TOKEN, WebSocket: NodeWebSocket, ...options });
}

/** A broker on the simulator, with the simulator's control API. */
export interface TestBroker {
  server: RunningServer;
  sim: SimulatorDriver;
}

/** Starts a broker on the simulator (no delays, fast poll) on `port` (0: a free one). */
export async function startTestBroker(
  options: { port?: number; origins?: Record<string, readonly Scope[]> } = {},
): Promise<TestBroker> {
  const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
  const server = await startServer({
    port: options.port ?? 0,
    driver: sim,
    broker: { pollIntervalMs: 10 },
    access: {
      origins: options.origins ?? {},
      tokens: { [ADMIN_TOKEN]: ['read', 'admin'] },
    },
    demoPage: false,
  });
  return { server, sim };
}

/** Resolves once `condition` holds, checking every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
