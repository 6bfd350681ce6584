import { createSimulatorDriver } from '@nhicard/native';
import { jsonCodec, type Scope } from '@nhicard/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Broker } from '../core/broker.js';
import { ServerMetrics } from '../http/server-metrics.js';
import { Connection, type WireSocket } from './connection.js';
import { resolveLimits } from './limits.js';

class FakeSocket implements WireSocket {
  readonly sent: string[] = [];
  readonly closes: [number, string][] = [];
  bufferedAmount = 0;
  terminated = 0;
  pings = 0;
  send(frame: string | Uint8Array, options?: { binary?: boolean }): void {
    // A prepared frame (a cached answer, an event) is bytes sent as a text frame.
    if (typeof frame !== 'string' && options?.binary !== false) {
      throw new Error('a JSON connection sent a binary frame');
    }
    this.sent.push(typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8'));
  }
  close(code: number, reason: string): void {
    this.closes.push([code, reason]);
  }
  terminate(): void {
    this.terminated += 1;
  }
  ping(): void {
    this.pings += 1;
  }
  /** The decoded messages sent so far. */
  messages(): unknown[] {
    return this.sent.map((frame) => JSON.parse(frame) as unknown);
  }
}

const ping = (id: number): string =>
  JSON.stringify({ type: 'request', id, op: 'ping', params: {} });

describe('Connection', () => {
  let socket: FakeSocket;
  let nowMs: number;

  function connect(scopes: Scope[] = ['presence'], limits = {}): Connection {
    const broker = new Broker({ driver: createSimulatorDriver({ readLatencyMs: 0 }) });
    return new Connection({
      id: 1,
      socket,
      codec: jsonCodec,
      scopes,
      broker,
      simulator: null,
      consent: null,
      limits: resolveLimits(limits),
      logger: pino({ level: 'silent' }),
      metrics: new ServerMetrics(() => []),
      now: () => new Date('2025-03-14T01:02:03.456Z'),
      nowMs: () => nowMs,
    });
  }

  /** Lets the request's handler (a promise) run to its response. */
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    socket = new FakeSocket();
    nowMs = 0;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a request and refuses an op above its scopes with FORBIDDEN, in arrival order', async () => {
    const connection = connect(['presence']);
    connection.handleFrame(ping(1));
    connection.handleFrame(
      JSON.stringify({ type: 'request', id: 2, op: 'card.read', params: { sections: ['basic'] } }),
    );
    // Neither needs the device: both are answered before handleFrame returns.
    expect(socket.sent).toHaveLength(2);
    await settle();
    expect(socket.messages()).toStrictEqual([
      { type: 'response', id: 1, ok: true, result: { time: '2025-03-14T01:02:03.456Z' } },
      {
        type: 'response',
        id: 2,
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'card.read needs the read scope; this connection holds presence.',
          retryable: false,
          hint: 'This connection lacks the scope for it; ask for the read scope when connecting',
          hintZh: '此連線沒有讀取卡片資料的權限，請向資訊人員申請讀取權限',
        },
      },
    ]);
  });

  it('gets server notices always and other events only when subscribed', () => {
    const connection = connect();
    expect(connection.wants('server.shutdown')).toBe(true);
    expect(connection.wants('card.inserted')).toBe(false);
    connection.subscriptions.add(['card.*']);
    expect(connection.wants('card.inserted')).toBe(true);
    expect(connection.wants('reader.attached')).toBe(false);
  });

  it('refuses requests over the rate, then closes with 1008 a client that keeps going', async () => {
    const connection = connect(['presence'], { requestsPerSecond: 1, requestBurst: 2 });
    for (const id of [1, 2, 3, 4]) connection.handleFrame(ping(id));
    await settle();
    const codes = socket
      .messages()
      .map((message) => (message as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok');
    expect(codes.sort()).toStrictEqual(['RATE_LIMITED', 'RATE_LIMITED', 'ok', 'ok']);
    expect(socket.closes).toStrictEqual([]);
    connection.handleFrame(ping(5));
    expect(socket.closes).toStrictEqual([[1008, 'request rate exceeded']]);
    // A closed connection ignores whatever else arrives.
    connection.handleFrame(ping(6));
    await settle();
    expect(socket.sent).toHaveLength(4);
  });

  it('answers an intact frame without a valid value with BAD_REQUEST, id null, and carries on', async () => {
    const connection = connect();
    connection.handleFrame('{"type":');
    connection.handleFrame(ping(3));
    await settle();
    expect(socket.messages()).toStrictEqual([
      {
        type: 'response',
        id: null,
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'not valid JSON',
          retryable: false,
          hint: 'Fix the request as the message says; sending it again unchanged fails the same way',
          hintZh: '請依訊息修正請求內容；原樣重送仍會失敗',
        },
      },
      { type: 'response', id: 3, ok: true, result: { time: '2025-03-14T01:02:03.456Z' } },
    ]);
    expect(connection.isClosed).toBe(false);
  });

  it('closes with the codec’s close code on a frame of the wrong kind', () => {
    const connection = connect();
    connection.handleFrame(new Uint8Array([1, 2, 3]));
    expect(socket.closes).toStrictEqual([[1003, 'nhicard.v1.json takes text frames']]);
    expect(connection.isClosed).toBe(true);
  });

  it('closes a slow consumer with 1013 and drops it after a grace period', () => {
    vi.useFakeTimers();
    const connection = connect(['presence'], { maxBufferedBytes: 1000 });
    socket.bufferedAmount = 1000;
    connection.send({ type: 'response', id: 1, ok: true, result: {} });
    expect(socket.closes).toStrictEqual([]);
    socket.bufferedAmount = 1001;
    connection.send({ type: 'response', id: 2, ok: true, result: {} });
    expect(socket.closes).toStrictEqual([[1013, 'too slow: messages piled up']]);
    expect(socket.terminated).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(socket.terminated).toBe(1);
    connection.send({ type: 'response', id: 3, ok: true, result: {} });
    expect(socket.sent).toHaveLength(2);
  });

  it('pings on each heartbeat and drops a client that missed two pings', () => {
    const connection = connect();
    connection.heartbeat();
    connection.heartbeat();
    expect(socket.pings).toBe(2);
    connection.handlePong();
    connection.heartbeat();
    connection.heartbeat();
    expect([socket.pings, socket.terminated]).toStrictEqual([4, 0]);
    connection.heartbeat();
    expect([socket.pings, socket.terminated]).toStrictEqual([4, 1]);
    expect(connection.isClosed).toBe(true);
  });

  it('counts any frame from the client as a sign of life', () => {
    const connection = connect();
    connection.heartbeat();
    connection.heartbeat();
    connection.handleFrame(ping(1));
    connection.heartbeat();
    expect(socket.terminated).toBe(0);
  });
});
