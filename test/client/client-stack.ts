// The real stack the client's integration tests run against: a broker on the simulator on a
// free port (or a given one, to restart it in place), a Node WebSocket implementation, and a
// TCP proxy that can cut the client off the broker without stopping the broker.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { WebSocketConstructor } from '@nhicard/client';
import { createSimulatorDriver, type SimulatorDriver } from '@nhicard/native';
import type { Scope } from '@nhicard/protocol';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';

/** The `ws` package's WebSocket, for the client on Node 20 (which has no global one). */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

/** A token granting every scope, for Node clients (they send no Origin). */
export const ADMIN_TOKEN = 'client-test-admin';

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

/** A TCP proxy in front of the broker: `cut()` drops every connection and refuses new ones. */
export interface CuttableProxy {
  /** `ws://127.0.0.1:<proxy port>/v1`. */
  url: string;
  cut(): void;
  restore(): void;
  /**
   * Sends new connections to another broker port. A restarted broker takes a fresh port from
   * the OS, so no other process on the machine can take its old one in between; the proxy's
   * port is the one the client keeps.
   */
  retarget(targetPort: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to `127.0.0.1:targetPort`. */
export async function startProxy(initialTargetPort: number): Promise<CuttableProxy> {
  let targetPort = initialTargetPort;
  const open = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection(targetPort, '127.0.0.1');
    // The broker answers only to the Host names it serves: like a reverse proxy, this one
    // names the broker's port in the request it forwards.
    client.once('data', (head: Buffer) => {
      const text = head
        .toString('latin1')
        .replace(/^(Host:\s*[^:\r\n]+):\d+/im, `$1:${targetPort}`);
      upstream.write(Buffer.from(text, 'latin1'));
      client.pipe(upstream);
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      if (from === upstream) from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/v1`,
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      cut = false;
    },
    retarget(port) {
      targetPort = port;
    },
    close() {
      cut = true;
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
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
