/**
 * The servers of the fan-out and round-trip benchmarks, each in a process of its own (pinned
 * to one core by the parent where it can), driven over IPC. `argv[2]` is a
 * {@link BenchServerConfig} as JSON.
 * - `broker`: the broker on the event-pushing simulator (bench/pushing-simulator.helpers.ts)
 *   with a poll of an hour, so it does no work of its own between rounds. `round` puts the card
 *   in (the broker publishes `card.inserted`), `reset` takes it out, `frames` gives the bytes
 *   it sent for the last insertion, per subprotocol and scope.
 * - `raw`: a raw `ws` server; `round` sends each connection the bytes the broker sends a
 *   connection with its subprotocol and token (`ws.send` of one shared buffer per kind: the
 *   usual broadcast loop).
 * Both answer `cpu-total` (this process's CPU time so far), `clock` and `close`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorDriver, loadDemoCard } from '@nhicard/native';
import { codecFor, type Scope, type SectionId, SUBPROTOCOLS } from '@nhicard/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BrokerEvent } from '../server/src/core/broker.js';
import { startServer } from '../server/src/server.js';
import { dataViewOf, eventMessageFor } from '../server/src/ws/scope-filter.js';
import { cpuTotalFields, serveParent } from '../test/hardening/support/child-ipc.js';
import { pushingSimulator } from './pushing-simulator.helpers.js';

/** Which server to run. */
export interface BenchServerConfig {
  mode: 'broker' | 'raw';
  /** Tokens and the scopes each grants. */
  tokens: Record<string, Scope[]>;
  maxConnections: number;
  /** The broker's rate limit (raised for round-trip runs). */
  requestsPerSecond?: number;
  /** The port to listen on (a restarted broker takes its predecessor's). @default 0 */
  port?: number;
  /** Sections read on insertion. @default [] */
  autoReadSections?: SectionId[];
}

/** Frames keyed `<subprotocol> <view>`, base64. */
type FrameSet = Record<string, string>;

const config = JSON.parse(process.argv[2] ?? '{}') as BenchServerConfig;
const clock = (): number => performance.timeOrigin + performance.now();

async function brokerMode(): Promise<void> {
  const sim = pushingSimulator(createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 }));
  const server = await startServer({
    port: config.port ?? 0,
    driver: sim.driver,
    demoPage: false,
    broker: { pollIntervalMs: 3_600_000, autoReadSections: config.autoReadSections ?? [] },
    access: { tokens: config.tokens, sameUserOnly: false },
    limits: {
      maxConnectionsPerOrigin: config.maxConnections,
      ...(config.requestsPerSecond === undefined
        ? {}
        : { requestsPerSecond: config.requestsPerSecond, requestBurst: config.requestsPerSecond }),
    },
  });
  const card = await loadDemoCard('adult');
  let lastInserted: BrokerEvent | undefined;
  let roundSentAt = 0;
  let writtenMs = 0;
  // Subscribed after the gateway, so this runs once the event was written to every socket.
  server.broker.events$.subscribe((event) => {
    if (event.topic !== 'card.inserted') return;
    lastInserted = event;
    writtenMs = clock() - roundSentAt;
  });
  const published = (topic: string): Promise<void> =>
    new Promise((resolve) => {
      const subscription = server.broker.events$.subscribe((event) => {
        if (event.topic !== topic) return;
        subscription.unsubscribe();
        resolve();
      });
    });
  serveParent(
    {
      round: async () => {
        const sentAt = clock();
        roundSentAt = sentAt;
        await sim.insert('sim-0', card);
        return { sentAt };
      },
      // The card in, and its automatic read done (round-trip runs read from its cache).
      'insert-read': async () => {
        const read = published('card.read');
        await sim.insert('sim-0', card);
        await read;
        return {};
      },
      // Ends a round: the card out, and how long the round's event took to be written.
      reset: async () => {
        const removed = published('card.removed');
        await sim.remove('sim-0');
        await removed;
        return { writtenMs };
      },
      frames: () => {
        const frames: FrameSet = {};
        if (lastInserted === undefined) throw new Error('no card.inserted yet');
        for (const subprotocol of SUBPROTOCOLS) {
          for (const view of ['full', 'presence'] as const) {
            const frame = codecFor(subprotocol).encode(eventMessageFor(lastInserted, view));
            frames[`${subprotocol} ${view}`] = Buffer.from(frame).toString('base64');
          }
        }
        return { frames };
      },
      'cpu-total': cpuTotalFields,
      clock: () => ({ now: clock() }),
      close: async () => {
        await server.close('finished');
        return {};
      },
    },
    { url: server.url, port: server.port },
  );
}

async function rawMode(): Promise<void> {
  const http = createServer((_request, response) => response.end());
  const wss = new WebSocketServer({
    server: http,
    perMessageDeflate: false,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  /** Each connection with the key of the frame it gets. */
  const sockets = new Map<WebSocket, string>();
  let writtenMs = 0;
  wss.on('connection', (socket, request) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const view = dataViewOf(config.tokens[token] ?? []);
    sockets.set(socket, `${socket.protocol} ${view}`);
    socket.once('close', () => sockets.delete(socket));
  });
  let frames = new Map<string, Buffer>();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = http.address() as AddressInfo;
  serveParent(
    {
      frames: (request) => {
        const given = request.frames as FrameSet;
        frames = new Map(
          Object.entries(given).map(([key, base64]) => [key, Buffer.from(base64, 'base64')]),
        );
        return {};
      },
      round: () => {
        const sentAt = clock();
        for (const [socket, key] of sockets) {
          const frame = frames.get(key);
          if (frame === undefined) throw new Error(`no frame for ${key}`);
          socket.send(frame, { binary: key.includes('msgpack') });
        }
        writtenMs = clock() - sentAt;
        return { sentAt };
      },
      reset: () => ({ writtenMs }),
      'cpu-total': cpuTotalFields,
      clock: () => ({ now: clock() }),
      close: async () => {
        for (const socket of sockets.keys()) socket.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => http.close(() => resolve()));
        return {};
      },
    },
    { url: `ws://127.0.0.1:${port}/` },
  );
}

await (config.mode === 'broker' ? brokerMode() : rawMode());
