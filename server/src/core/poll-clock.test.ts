// The poll clock and the automatic read on the simulator's default timings (SAM 1,000 ms,
// basic 300 ms, insurance 400 ms) at the default 250 ms poll, under fake timers: what is
// checked is the order of events and how many polls ran, in simulated time only.
import {
  type CardDriver,
  createSimulatorDriver,
  loadDemoCard,
  type SimulatorDriver,
} from '@nhicard/native';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Broker, type BrokerEvent } from './broker.js';
import { PollClock, SETTLING_POLL_INTERVAL_MS } from './poll-clock.js';

const POLL_MS = 250;

let driver: SimulatorDriver;
let broker: Broker | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  driver = createSimulatorDriver({
    readers: 2,
    samAuthDelayMs: 1000,
    readLatencyMs: { basic: 300, insurance: 400 },
  });
});

afterEach(async () => {
  await broker?.close();
  broker = null;
  await driver.close();
  vi.useRealTimers();
});

/** A broker on the simulator whose events are recorded with the simulated time they came at. */
async function startBroker() {
  broker = new Broker({ driver, pollIntervalMs: POLL_MS });
  const events: { atMs: number; event: BrokerEvent }[] = [];
  broker.events$.subscribe((event) => events.push({ atMs: Date.now(), event }));
  await broker.start();
  await vi.advanceTimersByTimeAsync(0);
  return events;
}

const statusCallsOf = (calls: unknown[][], readerId: string): number =>
  calls.filter(([id]) => id === readerId).length;

describe('the automatic read and the settling poll', () => {
  it('publishes basic before insurance, and re-polls a settling card until it is ready', async () => {
    const status = vi.spyOn(driver, 'status');
    const events = await startBroker();
    // Between two regular ticks, as a card goes in at any moment.
    await vi.advanceTimersByTimeAsync(110);
    const insertedAtMs = Date.now();
    driver.insert('sim-0', await loadDemoCard('adult'));
    await vi.advanceTimersByTimeAsync(3000);

    const card = events.filter(({ event }) => event.reader === 'sim-0').slice(1);
    expect(card.map(({ event }) => event.topic)).toEqual([
      'card.inserted',
      'card.reading',
      'card.read',
      'card.reading',
      'card.read',
    ]);
    const [inserted, readingBasic, basic, readingInsurance, full] = card;
    expect(inserted?.event.data).toMatchObject({ presence: 'not-ready' });
    expect(readingBasic?.event.data).toMatchObject({ section: 'basic', index: 1, total: 2 });
    expect(basic?.event.data).toMatchObject({ pending: ['insurance'] });
    expect(
      Object.keys((basic?.event.data as { sections: object } | undefined)?.sections ?? {}),
    ).toEqual(['basic']);
    expect(readingInsurance?.event.data).toMatchObject({ section: 'insurance', index: 2 });
    expect(full?.event.data).not.toHaveProperty('pending');
    expect(
      Object.keys((full?.event.data as { sections: object } | undefined)?.sections ?? {}),
    ).toEqual(['basic', 'insurance']);
    // In simulated time: readiness is seen within one settling poll of the SAM's 1,000 ms,
    // not at the next regular tick, and basic follows its 300 ms read at once.
    const readyAtMs = (readingBasic?.atMs ?? 0) - insertedAtMs;
    expect(readyAtMs).toBeGreaterThanOrEqual(1000);
    expect(readyAtMs).toBeLessThanOrEqual(1000 + SETTLING_POLL_INTERVAL_MS);
    expect((basic?.atMs ?? 0) - insertedAtMs).toBeLessThanOrEqual(1000 + 300 + 30);
    expect((full?.atMs ?? 0) - (basic?.atMs ?? 0)).toBe(400);

    // sim-0 was polled fast from the tick that saw its card settling until it was ready;
    // sim-1 (empty) only on the regular tick.
    const sim0 = statusCallsOf(status.mock.calls, 'sim-0');
    const sim1 = statusCallsOf(status.mock.calls, 'sim-1');
    expect(sim0 - sim1).toBeGreaterThanOrEqual((1000 - POLL_MS) / SETTLING_POLL_INTERVAL_MS - 2);
    // Once ready, the fast polls stop: both readers are polled alike again.
    const before = statusCallsOf(status.mock.calls, 'sim-0');
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(statusCallsOf(status.mock.calls, 'sim-0') - before).toBe(10);
  });

  it('stops re-polling fast when a settling card is taken out', async () => {
    const status = vi.spyOn(driver, 'status');
    const events = await startBroker();
    driver.insert('sim-0', await loadDemoCard('adult'));
    await vi.advanceTimersByTimeAsync(600);
    expect(statusCallsOf(status.mock.calls, 'sim-0')).toBeGreaterThan(600 / POLL_MS + 10);
    driver.remove('sim-0');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    const before = statusCallsOf(status.mock.calls, 'sim-0');
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(statusCallsOf(status.mock.calls, 'sim-0') - before).toBe(10);
    expect(events.map(({ event }) => event.topic).slice(-2)).toEqual([
      'card.inserted',
      'card.removed',
    ]);
  });

  it('polls every reader of a driver on one tick, and a driver with events without fast polls', async () => {
    // The same simulator, announcing events as a PC/SC driver does: it is never polled fast.
    const evented: CardDriver = {
      ...driver,
      capabilities: { ...driver.capabilities, events: true },
      status: (readerId, options) => driver.status(readerId, options),
    };
    const status = vi.spyOn(evented, 'status');
    const clock = new PollClock({
      driver: evented,
      pollIntervalMs: POLL_MS,
      statusMs: 3000,
      settleMs: 5000,
    });
    driver.insert('sim-0', await loadDemoCard('adult'));
    const seen = firstValueFrom(clock.watch('sim-0').pipe(take(2), toArray()));
    const other = clock.watch('sim-1').subscribe();
    await vi.advanceTimersByTimeAsync(1100);
    expect((await seen).map((observation) => observation.presence)).toEqual(['not-ready', 'ready']);
    // Polled at subscription, then 4 regular ticks; sim-1 the same: no fast polls at all.
    expect(statusCallsOf(status.mock.calls, 'sim-0')).toBe(5);
    expect(statusCallsOf(status.mock.calls, 'sim-1')).toBe(5);
    other.unsubscribe();
  });
});
