/**
 * The closed loops of the round-trip benchmark (bench/request-roundtrip.ts): each connection
 * sends its next request as soon as the answer to the last is in. The same client code runs
 * against every server.
 */
import { type Codec, codecFor, type Subprotocol } from '@nhicard/protocol';
import { io, type Socket } from 'socket.io-client';
import { type RawData, WebSocket } from 'ws';

/** One measured slice: round-trip times, requests completed, time taken, server CPU. */
export interface Measurement {
  rttsMs: number[];
  requests: number;
  elapsedMs: number;
  /** The server process's CPU time over the slice (filled in by the caller). */
  serverCpuMicros: number;
}

/** A closed loop over some connections, run in slices. */
export interface Loop {
  run(ms: number, record: boolean): Promise<Measurement>;
  close(): Promise<void>;
}

const emptyMeasurement = (): Measurement => ({
  rttsMs: [],
  requests: 0,
  elapsedMs: 0,
  serverCpuMicros: 0,
});

function bytesOf(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

/** Opens a `ws` connection; with `hello`, resolves after the server's first frame. */
function openSocket(
  url: string,
  subprotocol: Subprotocol,
  token: string,
  hello: boolean,
): Promise<WebSocket> {
  const socket = new WebSocket(url, [subprotocol], {
    headers: { authorization: `Bearer ${token}` },
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    if (hello) socket.once('message', () => resolve(socket));
    else socket.once('open', () => resolve(socket));
  });
}

/** What the loops send: a `card.read` with these params. */
export interface RoundTripRequest {
  subprotocol: Subprotocol;
  params: Record<string, unknown>;
  token: string;
}

const encodeRequest = (codec: Codec, id: number, params: Record<string, unknown>) =>
  codec.encode({ type: 'request', id, op: 'card.read', params } as never);

/** The closed loop over raw WebSocket connections. */
export async function wsLoop(
  url: string,
  request: RoundTripRequest,
  count: number,
  hello: boolean,
): Promise<Loop> {
  const codec: Codec = codecFor(request.subprotocol);
  const sockets = await Promise.all(
    Array.from({ length: count }, () => openSocket(url, request.subprotocol, request.token, hello)),
  );
  let nextId = 1;
  const next = (): string | Uint8Array => encodeRequest(codec, nextId++, request.params);
  return {
    run(ms, record) {
      const measurement = emptyMeasurement();
      const startedAt = performance.now();
      let running = true;
      let stoppedAt = 0;
      let idle = 0;
      return new Promise((resolve) => {
        const finishOne = (): void => {
          idle += 1;
          if (idle === sockets.length) {
            measurement.elapsedMs = stoppedAt - startedAt;
            resolve(measurement);
          }
        };
        for (const socket of sockets) {
          let sentAt = 0;
          const onMessage = (data: RawData, isBinary: boolean): void => {
            const receivedAt = performance.now();
            const bytes = bytesOf(data);
            const decoded = codec.decode(isBinary ? new Uint8Array(bytes) : bytes.toString('utf8'));
            if (!decoded.ok) throw new Error(`undecodable answer: ${decoded.error.reason}`);
            if (running) {
              if (record) measurement.rttsMs.push(receivedAt - sentAt);
              measurement.requests += 1;
              sentAt = performance.now();
              socket.send(next());
            } else {
              socket.off('message', onMessage);
              finishOne();
            }
          };
          socket.on('message', onMessage);
          sentAt = performance.now();
          socket.send(next());
        }
        setTimeout(() => {
          running = false;
          stoppedAt = performance.now();
        }, ms);
      });
    },
    async close() {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              socket.close();
            }),
        ),
      );
    },
  };
}

/** The closed loop over Socket.IO connections (`emitWithAck`). */
export async function socketIoLoop(
  url: string,
  count: number,
  params: Record<string, unknown>,
): Promise<Loop> {
  const sockets: Socket[] = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(url, {
            transports: ['websocket'],
            forceNew: true,
            reconnection: false,
          });
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', reject);
        }),
    ),
  );
  return {
    async run(ms, record) {
      const measurement = emptyMeasurement();
      const startedAt = performance.now();
      let running = true;
      let stoppedAt = 0;
      const timer = setTimeout(() => {
        running = false;
        stoppedAt = performance.now();
      }, ms);
      await Promise.all(
        sockets.map(async (socket) => {
          while (running) {
            const sentAt = performance.now();
            await socket.emitWithAck('card.read', params);
            if (!running) break;
            if (record) measurement.rttsMs.push(performance.now() - sentAt);
            measurement.requests += 1;
          }
        }),
      );
      clearTimeout(timer);
      measurement.elapsedMs = stoppedAt - startedAt;
      return measurement;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
    },
  };
}

/** The broker's answer to `request`, as raw bytes (what the raw echo sends back). */
export async function capturedAnswer(url: string, request: RoundTripRequest): Promise<Buffer> {
  const socket = await openSocket(url, request.subprotocol, request.token, true);
  const codec = codecFor(request.subprotocol);
  const answer = new Promise<Buffer>((resolve) =>
    socket.once('message', (data) => resolve(bytesOf(data))),
  );
  socket.send(encodeRequest(codec, 1, request.params));
  const bytes = await answer;
  socket.close();
  return bytes;
}
