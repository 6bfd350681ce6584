import type { OpResult } from '@nhicard/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { NhiCardClient } from './client-api.js';
import type { ClientEvent } from './client-event.js';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  flush,
  reconnectWith,
  useFakeClock,
} from './fake-client.test-helpers.js';
import { READER_A, READER_B, readerStatus } from './fake-socket.test-helpers.js';

const T1 = '2025-03-14T01:00:00.000Z';
const T2 = '2025-03-14T03:00:00.000Z';

function collect(client: NhiCardClient): ClientEvent[] {
  const events: ClientEvent[] = [];
  client.on('*', (event) => events.push(event));
  return events;
}

/** Connected at `before`, then dropped and resynced to `after`: the events the app was told. */
async function acrossReconnect(before: OpResult['snapshot'], after: OpResult['snapshot']) {
  const { fake, client } = await connectedClient(before);
  const events = collect(client);
  await reconnectWith(fake, after);
  return { fake, events };
}

useFakeClock({ random: 0.5, now: '2025-03-14T04:00:00.000Z' });

describe('resync', () => {
  it('tells the app the state found at the first connection, marked resync', async () => {
    const { fake, client } = fakeClient();
    const events = collect(client);
    await acceptConnection(fake.latest(), {
      seq: 4,
      readers: [readerStatus(READER_A, 'ready', T1, '王○明')],
    });
    expect(fake.latest().ops()).toEqual(['subscribe', 'snapshot']);
    expect(fake.latest().last('subscribe').params).toEqual({ topics: ['*'] });
    expect(events).toEqual([
      {
        topic: 'reader.attached',
        seq: 4,
        time: T1,
        reader: 'sim-0',
        data: { reader: READER_A },
        resync: true,
      },
      {
        topic: 'card.inserted',
        seq: 4,
        time: T1,
        reader: 'sim-0',
        data: { presence: 'ready' },
        resync: true,
      },
    ]);
  });

  it('after a reconnect, reports a card removed while away, and nothing it already reported', async () => {
    const { fake, client } = await connectedClient({
      seq: 4,
      readers: [readerStatus(READER_A, 'no-card', T1), readerStatus(READER_B, 'no-card', T1)],
    });
    const events = collect(client);
    fake
      .latest()
      .event({ topic: 'card.inserted', seq: 5, reader: 'sim-0', data: { presence: 'ready' } });
    fake.latest().event({
      topic: 'card.read',
      seq: 6,
      reader: 'sim-0',
      data: { holder: { maskedName: '王○明' } },
    });
    await reconnectWith(fake, {
      seq: 9,
      readers: [readerStatus(READER_A, 'no-card', T2), readerStatus(READER_B, 'no-card', T1)],
    });
    fake
      .latest()
      .event({ topic: 'card.inserted', seq: 10, reader: 'sim-1', data: { presence: 'ready' } });
    expect(
      events.map(({ topic, seq, reader, resync }) => ({ topic, seq, reader, resync })),
    ).toEqual([
      { topic: 'card.inserted', seq: 5, reader: 'sim-0', resync: false },
      { topic: 'card.read', seq: 6, reader: 'sim-0', resync: false },
      { topic: 'card.removed', seq: 9, reader: 'sim-0', resync: true },
      { topic: 'card.inserted', seq: 10, reader: 'sim-1', resync: false },
    ]);
    expect(events[2]).toEqual({
      topic: 'card.removed',
      seq: 9,
      time: T2,
      reader: 'sim-0',
      data: {},
      resync: true,
    });
  });

  it('reports a card swapped while away (another holder) as removed then inserted', async () => {
    const { events } = await acrossReconnect(
      { seq: 2, readers: [readerStatus(READER_A, 'ready', T1, '王○明')] },
      { seq: 8, readers: [readerStatus(READER_A, 'ready', T2, '林○華')] },
    );
    expect(events.map(({ topic, resync }) => [topic, resync])).toEqual([
      ['card.removed', true],
      ['card.inserted', true],
    ]);
  });

  it('tells a card swapped between two polls with the same holder by its insertion id', async () => {
    // Same holder, same presence, and the swap fell between two polls: only the id differs.
    const { fake, events } = await acrossReconnect(
      { seq: 2, readers: [readerStatus(READER_A, 'ready', T1, '王○明', 'k3-1.1')] },
      { seq: 8, readers: [readerStatus(READER_A, 'ready', T1, '王○明', 'k3-1.2')] },
    );
    expect(events).toEqual([
      {
        topic: 'card.removed',
        seq: 8,
        time: T1,
        reader: 'sim-0',
        data: { insertion: 'k3-1.1' },
        resync: true,
      },
      {
        topic: 'card.inserted',
        seq: 8,
        time: T1,
        reader: 'sim-0',
        data: { presence: 'ready', insertion: 'k3-1.2' },
        resync: true,
      },
    ]);
    // The same insertion seen again after another reconnect is nothing new.
    await reconnectWith(fake, {
      seq: 9,
      readers: [readerStatus(READER_A, 'ready', T2, '王○明', 'k3-1.2')],
    });
    expect(events).toHaveLength(2);
  });

  it('gives the sections decoded while away as one card.read, and only the new ones again', async () => {
    const { fake, client } = fakeClient();
    await acceptConnection(fake.latest(), {
      seq: 2,
      readers: [readerStatus(READER_A, 'no-card', T1)],
    });
    const events = collect(client);
    const basic = { name: '王小明' } as never;
    const insurance = { cardExpiryDate: '2030-01-01' } as never;
    fake.latest().event({
      topic: 'card.inserted',
      seq: 3,
      reader: 'sim-0',
      data: { presence: 'ready', insertion: 'k3-1.1' },
    });
    // The partial result: basic decoded, insurance still to come.
    fake.latest().event({
      topic: 'card.read',
      seq: 4,
      reader: 'sim-0',
      data: {
        holder: { maskedName: '王○明' },
        sections: { basic },
        pending: ['insurance'],
        insertion: 'k3-1.1',
      },
    });
    expect(events.at(-1)?.data).toMatchObject({ pending: ['insurance'] });
    // Gone while insurance was read: the snapshot holds both sections of the same insertion.
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(375);
    const full = {
      ...readerStatus(READER_A, 'ready', T1, '王○明', 'k3-1.1'),
      sections: { basic, insurance },
    };
    await acceptConnection(fake.latest(), { seq: 6, readers: [full] });
    expect(events.slice(2)).toEqual([
      {
        topic: 'card.read',
        seq: 6,
        time: '2025-03-14T04:00:00.375Z',
        reader: 'sim-0',
        data: {
          holder: { maskedName: '王○明' },
          sections: { basic, insurance },
          insertion: 'k3-1.1',
        },
        resync: true,
      },
    ]);
    // Nothing new after another reconnect: every section was given already.
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(375);
    await acceptConnection(fake.latest(), { seq: 6, readers: [full] });
    expect(events).toHaveLength(3);
  });

  it('reports readers detached and attached while away', async () => {
    const { events } = await acrossReconnect(
      { seq: 2, readers: [readerStatus(READER_A, 'ready', T1, '王○明')] },
      { seq: 5, readers: [readerStatus(READER_B, 'no-card', T2)] },
    );
    expect(events.map(({ topic, reader }) => [topic, reader])).toEqual([
      ['card.removed', 'sim-0'],
      ['reader.detached', 'sim-0'],
      ['reader.attached', 'sim-1'],
    ]);
  });

  it('after a broker restart, does not report a card that stayed in as a new one', async () => {
    const { fake, client } = await connectedClient({
      seq: 40,
      readers: [readerStatus(READER_A, 'ready', T1)],
    });
    const events = collect(client);
    fake.latest().drop(1001, 'restarting', true);
    await vi.advanceTimersByTimeAsync(375);
    await acceptConnection(fake.latest(), {
      seq: 2,
      readers: [readerStatus(READER_A, 'ready', T2)],
    });
    fake.latest().event({ topic: 'card.removed', seq: 3, reader: 'sim-0', data: {} });
    expect(events.map(({ topic, seq, resync }) => [topic, seq, resync])).toEqual([
      ['card.removed', 3, false],
    ]);
  });

  it('reports a card taken out and put in again while away (later since, same presence)', async () => {
    const { fake, client } = await connectedClient({
      seq: 3,
      readers: [readerStatus(READER_A, 'no-card', T1)],
    });
    fake.latest().event({
      topic: 'card.inserted',
      seq: 4,
      time: T1,
      reader: 'sim-0',
      data: { presence: 'ready' },
    });
    const events = collect(client);
    await reconnectWith(fake, { seq: 6, readers: [readerStatus(READER_A, 'ready', T2)] });
    expect(events.map(({ topic, time }) => [topic, time])).toEqual([
      ['card.removed', T2],
      ['card.inserted', T2],
    ]);
  });

  it('takes a snapshot on a seq gap, holds events meanwhile, and drops those the snapshot covers', async () => {
    const { fake, client } = await connectedClient({
      seq: 3,
      readers: [readerStatus(READER_A, 'no-card', T1)],
    });
    const events = collect(client);
    const socket = fake.latest();
    socket.event({ topic: 'card.inserted', seq: 4, reader: 'sim-0', data: { presence: 'ready' } });
    // seq 5 (card.removed) is lost; 6 and 7 arrive.
    socket.event({ topic: 'card.inserted', seq: 6, reader: 'sim-0', data: { presence: 'ready' } });
    socket.event({
      topic: 'card.reading',
      seq: 7,
      reader: 'sim-0',
      data: { section: 'basic', index: 1, total: 1 },
    });
    await flush();
    expect(socket.ops()).toEqual(['subscribe', 'snapshot', 'snapshot']);
    expect(events.map(({ seq }) => seq)).toEqual([4]);
    socket.respond('snapshot', { seq: 6, readers: [readerStatus(READER_A, 'ready', T2)] });
    await flush();
    socket.event({
      topic: 'card.read',
      seq: 8,
      reader: 'sim-0',
      data: { holder: { maskedName: '王○明' } },
    });
    expect(events.map(({ topic, seq, resync }) => [topic, seq, resync])).toEqual([
      ['card.inserted', 4, false],
      ['card.removed', 6, true],
      ['card.inserted', 6, true],
      ['card.reading', 7, false],
      ['card.read', 8, false],
    ]);
  });

  it('ignores a repeated event', async () => {
    const { fake, client } = await connectedClient({
      seq: 1,
      readers: [readerStatus(READER_A, 'no-card', T1)],
    });
    const events = collect(client);
    fake
      .latest()
      .event({ topic: 'card.inserted', seq: 2, reader: 'sim-0', data: { presence: 'ready' } });
    fake
      .latest()
      .event({ topic: 'card.inserted', seq: 2, reader: 'sim-0', data: { presence: 'ready' } });
    expect(events).toHaveLength(1);
  });

  it('closes and reconnects when the resync snapshot fails', async () => {
    const { fake, client } = fakeClient();
    fake.latest().open();
    await flush();
    fake.latest().respond('subscribe', { topics: ['*'] });
    await flush();
    fake.latest().fail('snapshot', { code: 'BUSY', message: 'busy', retryable: true });
    await flush();
    expect(fake.sockets[0]?.closeCalls).toEqual([{ code: 4003, reason: 'snapshot failed: BUSY' }]);
    expect(client.state.status).toBe('reconnecting');
  });
});
