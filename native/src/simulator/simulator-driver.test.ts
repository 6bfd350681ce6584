import { describe, expect, it, vi } from 'vitest';
import {
  expectDriverError,
  pendingFor,
  testCard,
  useFakeTimersPerTest,
} from './simulator.test-helpers.js';
import { createSimulatorDriver } from './simulator-driver.js';

const NO_CARD = { code: 4013, message: '未置入健保 IC 卡' };

describe('simulator driver: readers and presence', () => {
  useFakeTimersPerTest();

  it('lists its readers with stable ids and names, and has no events', async () => {
    const driver = createSimulatorDriver({ readers: 3 });
    expect(await driver.listReaders()).toStrictEqual([
      { id: 'sim-0', name: 'Simulated reader 0' },
      { id: 'sim-1', name: 'Simulated reader 1' },
      { id: 'sim-2', name: 'Simulated reader 2' },
    ]);
    expect(driver.kind).toBe('simulator');
    expect(driver.capabilities.events).toBe(false);
    expect(driver.capabilities.sections).toHaveLength(17);
    expect(driver.watch).toBeUndefined();
  });

  it('reports an empty slot as no-card with status 0', async () => {
    const driver = createSimulatorDriver();
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'no-card',
      nativeCode: 0,
      insertionId: null,
    });
  });

  it('goes not-ready (1) on insertion, then ready (2) exactly after samAuthDelayMs', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 1200 });
    const insertionId = driver.insert('sim-0', testCard());
    expect(insertionId).toBe(1);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'not-ready',
      nativeCode: 1,
      insertionId: 1,
    });
    await vi.advanceTimersByTimeAsync(1199);
    expect((await driver.status('sim-0')).presence).toBe('not-ready');
    await vi.advanceTimersByTimeAsync(1);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'ready',
      nativeCode: 2,
      insertionId: 1,
    });
  });

  it('uses a 1000 ms SAM authentication delay by default', async () => {
    const driver = createSimulatorDriver();
    driver.insert('sim-0', testCard());
    await vi.advanceTimersByTimeAsync(999);
    expect((await driver.status('sim-0')).presence).toBe('not-ready');
    await vi.advanceTimersByTimeAsync(1);
    expect((await driver.status('sim-0')).presence).toBe('ready');
  });

  it('is ready at once with samAuthDelayMs 0', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 0 });
    driver.insert('sim-0', testCard());
    expect((await driver.status('sim-0')).presence).toBe('ready');
  });

  it('shows removal as no-card and gives every insertion a new id', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 0 });
    const card = testCard();
    expect(driver.insert('sim-0', card)).toBe(1);
    expect(driver.remove('sim-0')).toBe(true);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'no-card',
      nativeCode: 0,
      insertionId: null,
    });
    expect(driver.remove('sim-0')).toBe(false);
    expect(driver.insert('sim-0', card)).toBe(2);
    expect((await driver.status('sim-0')).insertionId).toBe(2);
  });

  it('numbers insertions across readers, so ids never repeat within a driver', () => {
    const driver = createSimulatorDriver({ readers: 2 });
    expect(driver.insert('sim-0', testCard())).toBe(1);
    expect(driver.insert('sim-1', testCard())).toBe(2);
  });

  it('refuses to insert into a full slot; swap replaces the card with a new insertion id', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 500 });
    driver.insert('sim-0', testCard());
    await vi.advanceTimersByTimeAsync(500);
    expect(() => driver.insert('sim-0', testCard())).toThrow(
      'sim-0 already holds a card: remove it first',
    );
    const other = testCard({ description: 'other card' });
    expect(driver.swap('sim-0', other)).toBe(2);
    expect(driver.cardIn('sim-0')).toBe(other);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'not-ready',
      nativeCode: 1,
      insertionId: 2,
    });
    // The old card's SAM timer must not make the new card ready early.
    await vi.advanceTimersByTimeAsync(499);
    expect((await driver.status('sim-0')).presence).toBe('not-ready');
  });

  it('does not let a removed card become ready when its SAM timer would have fired', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 1000 });
    driver.insert('sim-0', testCard());
    await vi.advanceTimersByTimeAsync(600);
    driver.remove('sim-0');
    driver.insert('sim-0', testCard());
    await vi.advanceTimersByTimeAsync(400);
    expect((await driver.status('sim-0')).presence).toBe('not-ready');
    await vi.advanceTimersByTimeAsync(600);
    expect((await driver.status('sim-0')).presence).toBe('ready');
  });

  it('reports a card that is not an NHI card as not-nhi-card (9) at once', async () => {
    const driver = createSimulatorDriver();
    driver.insert('sim-0', testCard({ cardType: 'not-nhi', sections: {} }));
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'not-nhi-card',
      nativeCode: 9,
      insertionId: 1,
    });
  });

  it('reports a reader fault as reader-error with its code until it is cleared', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
    driver.insert('sim-0', testCard());
    driver.setReaderFault('sim-0', 4000);
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'reader-error',
      nativeCode: 4000,
      insertionId: 1,
    });
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'TIMEOUT',
      native: { code: 4000, message: '讀卡機 timeout' },
    });
    driver.setReaderFault('sim-0', null);
    expect((await driver.status('sim-0')).presence).toBe('ready');
  });

  it('rejects unknown readers with NO_READER, in the driver interface and the control API', async () => {
    const driver = createSimulatorDriver();
    await expectDriverError(driver.status('sim-9'), { code: 'NO_READER' });
    await expectDriverError(driver.read('sim-9', 'basic'), { code: 'NO_READER' });
    expect(() => driver.insert('sim-9', testCard())).toThrow('No simulator reader with id sim-9.');
  });

  it('rejects a read of an empty slot with 4013 → NO_CARD', async () => {
    const driver = createSimulatorDriver({ readLatencyMs: 0 });
    const error = await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'NO_CARD',
      native: NO_CARD,
    });
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('read basic: No NHI IC card inserted');
  });

  it('rejects a read before SAM authentication with 4043 → CARD_ERROR (retryable)', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 1000, readLatencyMs: 0 });
    driver.insert('sim-0', testCard());
    const error = await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'CARD_ERROR',
      native: { code: 4043, message: '健保卡讀取/寫入作業異常' },
    });
    expect(error.retryable).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
  });

  it('takes each section its configured read latency, one read at a time', async () => {
    const driver = createSimulatorDriver({
      samAuthDelayMs: 0,
      readLatencyMs: { basic: 300, vaccinations: 1200 },
    });
    driver.insert('sim-0', testCard());
    const basic = driver.read('sim-0', 'basic');
    const vaccinations = driver.read('sim-0', 'vaccinations');
    expect((await pendingFor(basic, 300)).state).toBe('resolved');
    // The reader is the one serialisation point: vaccinations starts when basic is done.
    expect((await pendingFor(vaccinations, 1200)).state).toBe('resolved');
  });

  it('closes: reads in flight and later calls reject with BUSY, close twice is fine', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 500 });
    driver.insert('sim-0', testCard());
    const inFlight = driver.read('sim-0', 'basic');
    await driver.close();
    await expectDriverError(inFlight, { code: 'BUSY' });
    await expectDriverError(driver.status('sim-0'), { code: 'BUSY' });
    await expectDriverError(driver.listReaders(), { code: 'BUSY' });
    await driver.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects control calls that make no sense with RangeError', () => {
    const driver = createSimulatorDriver();
    expect(() => driver.setReaderFault('sim-0', 0)).toThrow(
      'setReaderFault: 0 is not a csHIS error code',
    );
    expect(() => driver.setPinEntry('sim-0', 'maybe' as never)).toThrow(
      'setPinEntry: "maybe" is not one of prompt, none, correct, wrong, cancel',
    );
  });

  it('rejects invalid options with RangeError', () => {
    expect(() => createSimulatorDriver({ readers: 1.5 })).toThrow(
      'readers: 1.5 must be a number >= 0',
    );
    expect(() => createSimulatorDriver({ samAuthDelayMs: -1 })).toThrow(
      'samAuthDelayMs: -1 must be a number >= 0',
    );
    expect(() => createSimulatorDriver({ readLatencyMs: { basic: -5 } })).toThrow(
      'readLatencyMs.basic: -5 is not a duration in ms (>= 0)',
    );
  });
});
