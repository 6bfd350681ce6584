// The PIN flow against the one deadline: a patient who types the PIN 45 s into a `card.read`
// of `insurance` gets the data, because the connection, the broker and the driver all take
// their time from the same deadline table. Fake timers stand in for the 45 s.
import { createSimulatorDriver, loadDemoCard, type SimulatorDriver } from '@nhicard/native';
import { jsonCodec } from '@nhicard/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerMetrics } from '../http/server-metrics.js';
import { Connection, type WireSocket } from '../ws/connection.js';
import { resolveLimits } from '../ws/limits.js';
import { Broker, type BrokerEvent } from './broker.js';

class FakeSocket implements WireSocket {
  readonly sent: string[] = [];
  bufferedAmount = 0;
  send(frame: string | Uint8Array, options?: { binary?: boolean }): void {
    // A prepared frame (a cached answer, an event) is bytes sent as a text frame.
    if (typeof frame !== 'string' && options?.binary !== false) {
      throw new Error('a JSON connection sent a binary frame');
    }
    this.sent.push(typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8'));
  }
  close(): void {}
  terminate(): void {}
  ping(): void {}
  responses(): Record<string, unknown>[] {
    return this.sent.map((frame) => JSON.parse(frame) as Record<string, unknown>);
  }
}

describe('a card.read that waits for the PIN', () => {
  let driver: SimulatorDriver;
  let broker: Broker;
  let socket: FakeSocket;
  let connection: Connection;
  const events: BrokerEvent[] = [];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    events.length = 0;
    driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
    // Only basic is read on insertion, so the request below is the read that meets the PIN.
    broker = new Broker({ driver, pollIntervalMs: 100, autoReadSections: ['basic'] });
    broker.events$.subscribe((event) => events.push(event));
    await broker.start();
    socket = new FakeSocket();
    connection = new Connection({
      id: 1,
      socket,
      codec: jsonCodec,
      scopes: ['presence', 'read'],
      broker,
      simulator: null,
      consent: null,
      limits: resolveLimits({}),
      logger: pino({ level: 'silent' }),
      metrics: new ServerMetrics(() => []),
      now: () => new Date(),
    });
    driver.insert('sim-0', await loadDemoCard('pin-set'));
    await vi.advanceTimersByTimeAsync(100);
    expect(events.map((event) => event.topic)).toContain('card.read');
    events.length = 0;
  });

  afterEach(async () => {
    connection.handleClosed();
    await broker.close();
    vi.useRealTimers();
  });

  const readInsurance = (id: number): void =>
    connection.handleFrame(
      JSON.stringify({ type: 'request', id, op: 'card.read', params: { sections: ['insurance'] } }),
    );

  it('says card.pin, and returns the data when the PIN is typed 45 s later', async () => {
    readInsurance(7);
    await vi.advanceTimersByTimeAsync(0);
    const insertion = broker.readerStatus().card.insertion;
    expect(events.map((event) => [event.topic, event.data])).toEqual([
      ['card.pin', { section: 'insurance', insertion }],
    ]);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(socket.responses()).toEqual([]);
    driver.typePin('sim-0', '246810');
    await vi.advanceTimersByTimeAsync(0);
    const [response] = socket.responses();
    expect(response).toMatchObject({
      type: 'response',
      id: 7,
      ok: true,
      result: {
        reader: 'sim-0',
        insertion,
        sections: { insurance: { name: '陳怡君', idNumber: 'E224680132' } },
      },
    });
    expect((await driver.status('sim-0')).nativeCode).toBe(4);
  });

  it('answers TIMEOUT at the one deadline from the table when nobody types the PIN', async () => {
    // settle 5 s + insurance read 10 s + PIN entry 60 s, from DEFAULT_DEADLINES.
    expect(broker.requestDeadlineMs({ op: 'card.read', params: { sections: ['insurance'] } })).toBe(
      75_000,
    );
    readInsurance(8);
    await vi.advanceTimersByTimeAsync(74_999);
    expect(socket.responses()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.responses()).toEqual([
      {
        type: 'response',
        id: 8,
        ok: false,
        error: {
          code: 'TIMEOUT',
          message: 'The request did not finish within 75000 ms.',
          retryable: true,
          hint: 'Try again; if it keeps timing out, check the card reader',
          hintZh: '讀卡逾時，請再試一次；仍逾時請檢查讀卡機',
        },
      },
    ]);
    // The prompt closed with the deadline: the reader is free for the next read.
    expect(() => driver.typePin('sim-0', '246810')).toThrow('no read waits for a PIN on sim-0');
    connection.handleFrame(
      JSON.stringify({ type: 'request', id: 9, op: 'card.read', params: { sections: ['basic'] } }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.responses()[1]).toMatchObject({ id: 9, ok: true });
  });
});
