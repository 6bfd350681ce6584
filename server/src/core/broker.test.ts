import { createSimulatorDriver, loadDemoCard } from '@nhicard/native';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { Broker, type BrokerEvent } from './broker.js';

const brokers: Broker[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const broker of brokers.splice(0)) await broker.close();
});

async function startBroker(driverOptions: Parameters<typeof createSimulatorDriver>[0] = {}) {
  const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0, ...driverOptions });
  const broker = new Broker({
    driver,
    pollIntervalMs: 10,
    now: () => new Date('2026-02-16T01:00:00Z'),
  });
  brokers.push(broker);
  const events: BrokerEvent[] = [];
  broker.events$.subscribe((event) => events.push(event));
  await broker.start();
  return { broker, driver, events };
}

async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 15_000, interval: 5 });
}

describe('Broker', () => {
  it('publishes basic the moment it is decoded, before insurance is read, then the full read', async () => {
    const { driver, events } = await startBroker();
    const finalRead = (event: BrokerEvent): boolean =>
      event.topic === 'card.read' && !('pending' in (event.data as object));
    driver.insert('sim-0', await loadDemoCard('adult'));
    await until(() => events.some(finalRead));
    driver.remove('sim-0');
    await until(() => events.some((event) => event.topic === 'card.removed'));

    expect(events.map((event) => [event.seq, event.topic, event.reader])).toEqual([
      [1, 'reader.attached', 'sim-0'],
      [2, 'card.inserted', 'sim-0'],
      [3, 'card.reading', 'sim-0'],
      [4, 'card.read', 'sim-0'],
      [5, 'card.reading', 'sim-0'],
      [6, 'card.read', 'sim-0'],
      [7, 'card.removed', 'sim-0'],
    ]);
    const insertion = (events[1]?.data as { insertion?: string } | undefined)?.insertion;
    expect(insertion).toMatch(/^[0-9a-f]{8}-1\.1$/);
    expect(events[1]?.data).toEqual({ presence: 'ready', insertion });
    expect(events[2]?.data).toEqual({ section: 'basic', index: 1, total: 2, insertion });
    type Read = {
      holder: unknown;
      insertion: string;
      pending?: string[];
      sections: Record<string, { name: string; idNumber?: string }>;
    };
    // Basic alone, with insurance still to come: a form can fill before insurance is read.
    const partial = events[3]?.data as Read;
    expect(partial.pending).toEqual(['insurance']);
    expect(Object.keys(partial.sections)).toEqual(['basic']);
    expect(partial.holder).toEqual({ maskedName: '林○明' });
    expect(partial.sections.basic?.idNumber).toBe('F123456784');
    expect(partial.insertion).toBe(insertion);
    expect(events[4]?.data).toEqual({ section: 'insurance', index: 2, total: 2, insertion });
    const read = events[5]?.data as Read;
    expect(read.insertion).toBe(insertion);
    expect(read.pending).toBeUndefined();
    expect(read.holder).toEqual({ maskedName: '林○明' });
    expect(Object.keys(read.sections)).toEqual(['basic', 'insurance']);
    expect(read.sections.basic?.name).toBe('林志明');
    expect(read.sections.basic?.idNumber).toBe('F123456784');
    expect(read.sections.insurance?.name).toBe('林志明');
    expect(events[6]?.data).toEqual({ insertion });
  });

  it('answers repeated and concurrent requests for a section with one device read', async () => {
    const { broker, driver, events } = await startBroker({ readLatencyMs: 5 });
    const read = vi.spyOn(driver, 'read');
    driver.insert('sim-0', await loadDemoCard('adult'));
    await until(() => events.filter((event) => event.topic === 'card.read').length === 2);
    const callsAfterAutoRead = read.mock.calls.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => broker.readCard(undefined, ['vaccinations'])),
    );
    expect(read.mock.calls.length - callsAfterAutoRead).toBe(1);
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    await broker.readCard(undefined, ['basic', 'vaccinations']);
    expect(read.mock.calls.length - callsAfterAutoRead).toBe(1);
    await broker.readCard(undefined, ['basic'], { fresh: true });
    expect(read.mock.calls.length - callsAfterAutoRead).toBe(2);
  });

  it('answers a cached read with the same object until the cache changes', async () => {
    const { broker, driver, events } = await startBroker();
    driver.insert('sim-0', await loadDemoCard('adult'));
    await until(() => events.filter((event) => event.topic === 'card.read').length === 2);
    const first = broker.cachedRead(undefined, ['basic']);
    expect(first?.sections.basic?.name).toBe('林志明'); // the demo card's fictional holder
    expect(broker.cachedRead(undefined, ['basic'])).toBe(first);
    // Other sections are another result; a fresh read of basic replaces it.
    expect(broker.cachedRead(undefined, ['basic', 'insurance'])).not.toBe(first);
    await broker.readCard(undefined, ['basic'], { fresh: true });
    const afterFresh = broker.cachedRead(undefined, ['basic']);
    expect(afterFresh).not.toBe(first);
    expect(afterFresh).toStrictEqual(first);
    driver.remove('sim-0');
    await until(() => broker.cachedRead(undefined, ['basic']) === undefined);
  });

  it('fails a read in flight with CARD_REMOVED when the card goes out, and still publishes the removal', async () => {
    const { broker, driver, events } = await startBroker();
    driver.insert('sim-0', await loadDemoCard('adult'));
    await until(() => events.some((event) => event.topic === 'card.read'));
    driver.injectFailure('sim-0', { section: 'vaccinations', failure: { kind: 'hang' } });
    const read = vi.spyOn(driver, 'read');
    const pending = broker.readCard(undefined, ['vaccinations']).catch((error: unknown) => error);
    // Removed once the read is in flight at the driver (it hangs there until then).
    await until(() => read.mock.calls.some(([, section]) => section === 'vaccinations'));
    driver.remove('sim-0');
    const error = (await pending) as { code: string };
    expect(error.code).toBe('CARD_REMOVED');
    await until(() => events.some((event) => event.topic === 'card.removed'));
  });

  it('sees a card swapped between two polls, same holder, as a new insertion', async () => {
    const { broker, driver, events } = await startBroker({ samAuthDelayMs: 0 });
    const card = await loadDemoCard('adult');
    driver.insert('sim-0', card);
    await until(() => events.some((event) => event.topic === 'card.read'));
    const first = broker.readerStatus().card.insertion;
    const from = events.length;
    driver.swap('sim-0', card);
    await until(() => events.slice(from).some((event) => event.topic === 'card.read'));
    const second = broker.readerStatus().card.insertion;
    expect(second).toMatch(/^[0-9a-f]{8}-1\.2$/);
    expect(second).not.toBe(first);
    expect(events.slice(from, from + 2).map((event) => [event.topic, event.data])).toEqual([
      ['card.removed', { insertion: first }],
      ['card.inserted', { presence: 'ready', insertion: second }],
    ]);
    const result = await broker.readCard(undefined, ['basic']);
    expect(result.insertion).toBe(second);
    expect(broker.snapshot().readers[0]?.card).toMatchObject({
      holder: { maskedName: '林○明' },
      insertion: second,
    });
  });

  it('says NO_CARD without a card and NO_READER for an unknown reader', async () => {
    const { broker } = await startBroker();
    await expect(broker.readCard(undefined, ['basic'])).rejects.toMatchObject({ code: 'NO_CARD' });
    await expect(broker.readCard('nope', ['basic'])).rejects.toMatchObject({ code: 'NO_READER' });
  });

  it('asks for a reader id when several readers are attached', async () => {
    const { broker } = await startBroker({ readers: 2 });
    expect(broker.listReaders().map((reader) => reader.id)).toEqual(['sim-0', 'sim-1']);
    await expect(broker.readCard(undefined, ['basic'])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '2 readers are attached: name one in params.reader (sim-0, sim-1).',
    });
    await expect(broker.readCard('sim-1', ['basic'])).rejects.toMatchObject({ code: 'NO_CARD' });
  });

  it('reports a card that is not an NHI card', async () => {
    const { broker, driver, events } = await startBroker();
    driver.insert('sim-0', await loadDemoCard('not-nhi'));
    await until(() => events.some((event) => event.topic === 'card.error'));
    const insertion = expect.stringMatching(/^[0-9a-f]{8}-1\.1$/);
    expect(events.slice(1).map((event) => [event.topic, event.data])).toEqual([
      ['card.inserted', { presence: 'not-nhi-card', insertion }],
      ['card.error', { error: expect.objectContaining({ code: 'NOT_AN_NHI_CARD' }), insertion }],
    ]);
    await expect(broker.readCard(undefined, ['basic'])).rejects.toMatchObject({
      code: 'NOT_AN_NHI_CARD',
    });
  });
});
