// Every client helper against a real broker on the simulator, over both codecs.
import { type ClientEvent, type NhiCardClient, NhiCardError } from '@nhicard/client';
import { maskName } from '@nhicard/protocol';
import { filter, firstValueFrom, from, type InteropObservable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, startTestBroker, type TestBroker, waitFor } from './client-stack.js';

const READER = { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' };

describe.each(['json', 'msgpack'] as const)('client helpers over %s', (codec) => {
  let broker: TestBroker;
  let client: NhiCardClient;

  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await broker.server.close('tests done');
  });
  afterEach(async () => {
    await client?.close();
    // Each test starts with an empty slot, as the broker sees it (it polls the simulator).
    broker.sim.remove('sim-0');
    await waitFor(
      () => broker.server.broker.readerStatus('sim-0').card.presence === 'no-card',
      'the broker to see the slot empty',
    );
  });

  async function connect(): Promise<NhiCardClient> {
    client = adminClient(broker.server.url, codec);
    await client.next('reader.attached');
    return client;
  }

  it('connects, says which scopes it holds, and lists the readers', async () => {
    await connect();
    expect(client.state.status).toBe('open');
    expect(client.hello?.driver).toBe('simulator');
    expect(client.hello?.scopes).toEqual(['presence', 'read', 'admin']);
    await expect(client.listReaders()).resolves.toEqual([READER]);
  });

  it('gives a slot status, a snapshot and a ping', async () => {
    await connect();
    const status = await client.status();
    expect(status.reader).toEqual(READER);
    expect(status.card.presence).toBe('no-card');
    const snapshot = await client.snapshot();
    expect(snapshot.readers.map((entry) => [entry.reader.id, entry.card.presence])).toEqual([
      ['sim-0', 'no-card'],
    ]);
    expect(Number.isSafeInteger(snapshot.seq)).toBe(true);
    const { time } = await client.request('ping');
    expect(Number.isNaN(Date.parse(time))).toBe(false);
  });

  it('hears an insertion, its automatic read, and reads the card on request', async () => {
    await connect();
    const inserted = client.next('card.inserted');
    const read = client.next('card.read');
    await expect(client.request('sim.insert', { card: 'adult' })).resolves.toEqual({
      reader: 'sim-0',
      card: 'adult',
    });
    const insertedEvent = await inserted;
    expect([insertedEvent.reader, insertedEvent.resync]).toEqual(['sim-0', false]);
    expect(['ready', 'not-ready']).toContain(insertedEvent.data.presence);
    const readEvent = await read;
    expect(readEvent.seq).toBeGreaterThan(insertedEvent.seq);
    expect(readEvent.data.holder).toEqual({ maskedName: maskName('林志明') });
    const result = await client.readCard({ sections: ['basic'] });
    expect(result.reader).toBe('sim-0');
    expect(result.errors).toBeUndefined();
    expect(result.sections.basic).toMatchObject({ name: '林志明', cardNumber: '000031415926' });
    const status = await client.status({ reader: 'sim-0' });
    expect([status.card.presence, status.card.holder]).toEqual([
      'ready',
      { maskedName: maskName('林志明') },
    ]);
  });

  it('streams events as an observable RxJS takes with from()', async () => {
    await connect();
    const removal = firstValueFrom(
      // At run time the stream carries Symbol.observable / '@@observable'; its type names only
      // the string key, which RxJS's types do not list.
      from(client.events('card.*') as unknown as InteropObservable<ClientEvent>).pipe(
        filter((event): event is ClientEvent<'card.removed'> => event.topic === 'card.removed'),
      ),
    );
    const read = client.next('card.read');
    await client.request('sim.insert', { card: 'adult' });
    // The broker polls the slot: remove only once it has seen the card.
    const { insertion } = (await read).data;
    expect(insertion).toEqual(expect.any(String));
    await client.request('sim.remove', {});
    const event = await removal;
    expect([event.topic, event.reader, event.data, event.resync]).toEqual([
      'card.removed',
      'sim-0',
      { insertion },
      false,
    ]);
  });

  it('rejects with the broker error as an NhiCardError', async () => {
    await connect();
    const failure = await client.readCard({ sections: ['basic'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NhiCardError);
    expect(failure).toMatchObject({
      code: 'NO_CARD',
      retryable: true,
      message: 'No card in reader sim-0.',
    });
    await expect(client.status({ reader: 'sim-9' })).rejects.toMatchObject({ code: 'NO_READER' });
  });

  it('rejects a request the broker refuses as malformed with BAD_REQUEST', async () => {
    await connect();
    const failure = await client
      .request('card.read', { sections: [] })
      .catch((error: unknown) => error as NhiCardError);
    expect(failure).toBeInstanceOf(NhiCardError);
    expect((failure as NhiCardError).code).toBe('BAD_REQUEST');
    expect((failure as NhiCardError).message).toMatch(/^params\.sections: /);
  });
});
