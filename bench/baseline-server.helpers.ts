/**
 * The baselines the broker benchmarks compare against, each in a process of its own like the
 * broker (test/hardening/support/broker-process.ts), answering the same IPC requests
 * (`memory`, `cpu`, `cpu-total`, `close`). `argv[2]` is a {@link BaselineConfig} as JSON:
 * - `ws-reply`: a raw `ws` server answering every frame with fixed bytes (the broker's response
 *   to the same request): the least any WebSocket request/response service can do;
 * - `socket.io`: a Socket.IO server whose `card.read` handler acknowledges with the same result
 *   object (`emitWithAck` on the client): what many would build instead;
 * - `ws-idle`: a raw `ws` server that greets each connection with a hello-sized frame and then
 *   holds it;
 * - `timer`: no WebSocket at all, an HTTP server listening and an async no-op every
 *   `periodMs`: the floor for any process that polls at that rate.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import {
  cpuTotalFields,
  cpuWindowFields,
  memoryFields,
  serveParent,
} from '../test/hardening/support/child-ipc.js';

/** Which baseline to run, with its fixed answers. */
export interface BaselineConfig {
  mode: 'ws-reply' | 'socket.io' | 'ws-idle' | 'timer';
  /** ws-reply: the answer to a text frame. */
  replyJson?: string;
  /** ws-reply: the answer to a binary frame, base64. */
  replyMsgpackBase64?: string;
  /** socket.io: the acknowledgement's value. */
  ackResult?: unknown;
  /** ws-idle: the frame sent on connection. */
  helloJson?: string;
  /** timer: the period. */
  periodMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BaselineConfig;
const http = createServer((_request, response) => response.end());
let closeMode: () => Promise<void> = async () => {};

if (config.mode === 'ws-reply' || config.mode === 'ws-idle') {
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const replyText = config.replyJson ?? '';
  const replyBinary = Buffer.from(config.replyMsgpackBase64 ?? '', 'base64');
  wss.on('connection', (socket) => {
    if (config.mode === 'ws-idle') {
      socket.send(config.helloJson ?? '');
      return;
    }
    socket.on('message', (_data, isBinary) => {
      socket.send(isBinary ? replyBinary : replyText, { binary: isBinary });
    });
  });
  closeMode = async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
} else if (config.mode === 'socket.io') {
  const io = new SocketIoServer(http, { serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => {
    socket.on('card.read', (_params: unknown, ack: (result: unknown) => void) =>
      ack(config.ackResult),
    );
  });
  closeMode = () => new Promise<void>((resolve) => io.close(() => resolve()));
} else {
  const tick = setInterval(() => {
    void Promise.resolve();
  }, config.periodMs ?? 250);
  closeMode = async () => clearInterval(tick);
}

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
const { port } = http.address() as AddressInfo;

serveParent(
  {
    memory: () => memoryFields(),
    cpu: (request) => cpuWindowFields(Number(request.windowMs)),
    'cpu-total': () => cpuTotalFields(),
    close: async () => {
      await closeMode();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      return {};
    },
  },
  { port, url: `ws://127.0.0.1:${port}/` },
);
