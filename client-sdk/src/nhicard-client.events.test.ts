import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './connection-state.js';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  useFakeClock,
} from './fake-client.test-helpers.js';
import { READER_A, readerStatus } from './fake-socket.test-helpers.js';

const T1 = '2025-03-14T01:00:00.000Z';
const NO_CARD = { seq: 0, readers: [readerStatus(READER_A, 'no-card', T1)] };

async function openClient() {
  const { fake, client } = await connectedClient(NO_CARD);
  return { client, socket: fake.latest(), fake };
}

useFakeClock({ random: 0 });

describe('events', () => {
  it('delivers by exact topic and by pattern, and stops after unsubscribe', async () => {
    const { client, socket } = await openClient();
    const exact: string[] = [];
    const cards: string[] = [];
    const stop = client.on('card.inserted', (event) => exact.push(event.data.presence));
    client.on('card.*', (event) => cards.push(event.topic));
    socket.event({ topic: 'card.inserted', reader: 'sim-0', data: { presence: 'not-ready' } });
    socket.event({ topic: 'reader.detached', reader: 'sim-0', data: { reader: READER_A } });
    stop();
    socket.event({ topic: 'card.inserted', reader: 'sim-0', data: { presence: 'ready' } });
    expect(exact).toEqual(['not-ready']);
    expect(cards).toEqual(['card.inserted', 'card.inserted']);
  });

  it('once delivers one event; next resolves with the next one', async () => {
    const { client, socket } = await openClient();
    const seen: number[] = [];
    client.once('card.*', (event) => seen.push(event.seq));
    const next = client.next('card.removed');
    socket.event({ topic: 'card.inserted', reader: 'sim-0', data: { presence: 'ready' } });
    socket.event({ topic: 'card.removed', reader: 'sim-0', data: {} });
    expect(seen).toEqual([1]);
    await expect(next).resolves.toEqual({
      topic: 'card.removed',
      seq: 2,
      time: '2025-03-14T02:00:00.000Z',
      reader: 'sim-0',
      data: {},
      resync: false,
    });
  });

  it('next rejects with ABORTED on abort and DISCONNECTED on close', async () => {
    const { client } = await openClient();
    const controller = new AbortController();
    const aborted = client.next('card.inserted', { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    const closed = client.next('card.inserted');
    void client.close();
    await expect(closed).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('a handler that throws does not stop the others; its error is reported', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const { client, socket } = await openClient();
    const after: number[] = [];
    client.on('*', () => {
      throw new Error('handler bug');
    });
    client.on('*', (event) => after.push(event.seq));
    socket.event({ topic: 'card.inserted', reader: 'sim-0', data: { presence: 'ready' } });
    expect(after).toEqual([1]);
    expect(reported).toEqual([new Error('handler bug')]);
  });

  it('refuses a pattern that is not a topic pattern', async () => {
    const { client } = await openClient();
    expect(() => client.on('card.x' as 'card.*', () => {})).toThrow(
      new TypeError('Not a topic pattern: card.x'),
    );
  });

  it('events() is an interop observable that completes on close', async () => {
    const { client, socket } = await openClient();
    const stream = client.events('card.removed');
    expect(stream['@@observable']()).toBe(stream);
    const seen: string[] = [];
    let completed = false;
    stream.subscribe({
      next: (event) => seen.push(event.topic),
      complete: () => (completed = true),
    });
    socket.event({ topic: 'card.inserted', reader: 'sim-0', data: { presence: 'ready' } });
    socket.event({ topic: 'card.removed', reader: 'sim-0', data: {} });
    void client.close();
    expect(seen).toEqual(['card.removed']);
    expect(completed).toBe(true);
  });
});

describe('connection state', () => {
  it('states() gives the current state, then every change', async () => {
    const { fake, client } = fakeClient();
    const states: ConnectionState['status'][] = [];
    client.states().subscribe((state) => states.push(state.status));
    await acceptConnection(fake.latest(), NO_CARD);
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(500);
    const closing = client.close();
    fake.latest().drop(1000, '', true);
    await closing;
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'closed']);
  });

  it('exposes the hello of the current connection', async () => {
    const { client } = await openClient();
    expect(client.hello?.scopes).toEqual(['presence', 'read', 'admin']);
    expect(client.hello?.driver).toBe('simulator');
  });
});
