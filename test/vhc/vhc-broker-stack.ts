// A broker serving a simulated physical reader and the virtual NHI card side by side (the
// composite driver), the virtual card backed by the SDK stand-in; clients with each scope.
import { createClient, type NhiCardClient } from '@nhicard/client';
import {
  createCompositeDriver,
  createSimulatorDriver,
  createVhcDriver,
  type SimulatorDriver,
  type VhcDriverOptions,
} from '@nhicard/native';
import type { Logger } from 'pino';
import { type RunningServer, startServer } from '../../server/src/server.js';
import type { ServerOptions } from '../../server/src/server-options.js';
import { NodeWebSocket } from '../client/client-stack.js';
import type { VhcStandIn } from './vhc-sdk-stand-in.js';

/** Tokens of the test broker, by the scopes they grant. */
export const VHC_TOKENS = {
  admin: 'vhc-test-token-admin',
  read: 'vhc-test-token-read',
  presence: 'vhc-test-token-presence',
} as const;

/** The running broker and its simulator. */
export interface VhcBroker {
  server: RunningServer;
  sim: SimulatorDriver;
}

/** What {@link startVhcBroker} takes. */
export interface VhcBrokerOptions {
  sdk: VhcStandIn;
  logger?: Logger;
  vhc?: Omit<VhcDriverOptions, 'url'>;
  examples?: ServerOptions['examples'];
}

/** Starts the broker: `sim-0` (simulator, no delays) and `vhc-0` (the stand-in's SDK). */
export async function startVhcBroker(options: VhcBrokerOptions): Promise<VhcBroker> {
  const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
  const vhc = createVhcDriver({ url: options.sdk.url, ...options.vhc });
  const server = await startServer({
    port: 0,
    driver: createCompositeDriver([sim, vhc]),
    broker: { pollIntervalMs: 20 },
    access: {
      tokens: {
        [VHC_TOKENS.admin]: ['read', 'admin'],
        [VHC_TOKENS.read]: ['read'],
        [VHC_TOKENS.presence]: ['presence'],
      },
    },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.examples === undefined ? { demoPage: false } : { examples: options.examples }),
  });
  return { server, sim };
}

/** A Node client of the broker holding `token`. */
export function clientOf(server: RunningServer, token: string): NhiCardClient {
  return createClient({ url: server.url, token, WebSocket: NodeWebSocket });
}
