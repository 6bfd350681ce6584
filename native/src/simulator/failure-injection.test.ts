import { describeNativeError } from '@nhicard/protocol';
import { describe, expect, it, vi } from 'vitest';
import {
  expectDriverError,
  fakeTimeoutSignal,
  pendingFor,
  testCard,
  track,
  useFakeTimersPerTest,
} from './simulator.test-helpers.js';
import { createSimulatorDriver } from './simulator-driver.js';

const READ_FAILED = { code: 5015, message: '「門診處方箋」讀取失敗。' };

function driverWithCard(readLatencyMs = 0) {
  const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs, hpcInserted: true });
  driver.insert('sim-0', testCard());
  return driver;
}

describe('failure injection: native codes', () => {
  it('fails the next read of the section with the chosen code, once', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', {
      section: 'prescriptions',
      failure: { kind: 'code', code: 5015 },
    });
    // Other sections are not affected and do not use the rule up.
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
    const error = await expectDriverError(driver.read('sim-0', 'prescriptions'), {
      code: 'CARD_ERROR',
      native: READ_FAILED,
    });
    expect(error.message).toBe(
      `read prescriptions: ${describeNativeError('cshis', 5015).messageEn}`,
    );
    expect(error.entry?.hintZh).toBe(describeNativeError('cshis', 5015).hintZh);
    expect(await driver.read('sim-0', 'prescriptions')).toStrictEqual(new Uint8Array(0));
  });

  it('fails every read with `always` until cancelled', async () => {
    const driver = driverWithCard();
    const cancel = driver.injectFailure('sim-0', {
      failure: { kind: 'code', code: 4000 },
      times: 'always',
    });
    for (const section of ['basic', 'treatments', 'basic'] as const) {
      await expectDriverError(driver.read('sim-0', section), {
        code: 'TIMEOUT',
        native: { code: 4000, message: '讀卡機 timeout' },
      });
    }
    cancel();
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
  });

  it('reports a code the catalog does not know as CARD_ERROR, keeping the number', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', { failure: { kind: 'code', code: 7777 } });
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'CARD_ERROR',
      native: { code: 7777, message: '未知的錯誤代碼 7777' },
    });
  });

  it('keeps rules across insertions and clears them on request', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', { failure: { kind: 'code', code: 5015 }, times: 'always' });
    driver.swap('sim-0', testCard());
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'CARD_ERROR',
      native: READ_FAILED,
    });
    driver.clearFailures();
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
  });

  it('does not use a rule up on a read that finds no card', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', { failure: { kind: 'code', code: 5015 } });
    driver.remove('sim-0');
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'NO_CARD',
      native: { code: 4013, message: '未置入健保 IC 卡' },
    });
    driver.insert('sim-0', testCard());
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'CARD_ERROR',
      native: READ_FAILED,
    });
  });

  it('rejects rules that cannot be injected', () => {
    const driver = driverWithCard();
    expect(() => driver.injectFailure('sim-0', { failure: { kind: 'code', code: 0 } })).toThrow(
      'injectFailure: code 0 is not a csHIS error code',
    );
    expect(() =>
      driver.injectFailure('sim-0', { failure: { kind: 'hang', durationMs: -1 } }),
    ).toThrow('injectFailure: durationMs -1 is not >= 0');
  });
});

describe('failure injection: hangs and removals', () => {
  useFakeTimersPerTest();

  it('a read that hangs forever fails with TIMEOUT when the caller’s signal times out', async () => {
    const driver = driverWithCard(300);
    driver.injectFailure('sim-0', { section: 'basic', failure: { kind: 'hang' } });
    const read = driver.read('sim-0', 'basic', { signal: fakeTimeoutSignal(5000) });
    await pendingFor(read, 5000);
    const error = await expectDriverError(read, { code: 'TIMEOUT' });
    expect(error.message).toBe('read of basic on sim-0 timed out');
    // The rule was used once: the next read answers after its normal latency.
    const next = track(driver.read('sim-0', 'basic'));
    await vi.advanceTimersByTimeAsync(300);
    expect(next.state).toBe('resolved');
  });

  it('a read aborted for another reason fails with ABORTED', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', { failure: { kind: 'hang' } });
    const controller = new AbortController();
    const read = driver.read('sim-0', 'basic', { signal: controller.signal });
    controller.abort(new Error('user left the page'));
    await expectDriverError(read, { code: 'ABORTED' });
  });

  it('a hang of N ms answers N ms late, normally', async () => {
    const driver = driverWithCard(300);
    driver.injectFailure('sim-0', { failure: { kind: 'hang', durationMs: 2000 } });
    const read = driver.read('sim-0', 'basic');
    await pendingFor(read, 2300);
    expect(await read).toHaveLength(72);
  });

  it('a hanging read fails with CARD_REMOVED when the card is pulled out', async () => {
    const driver = driverWithCard();
    driver.injectFailure('sim-0', { failure: { kind: 'hang' } });
    const read = driver.read('sim-0', 'basic');
    driver.remove('sim-0');
    await expectDriverError(read, { code: 'CARD_REMOVED' });
  });

  it('removes the card in the middle of a read: CARD_REMOVED, then no-card', async () => {
    const driver = driverWithCard(600);
    driver.injectFailure('sim-0', { section: 'treatments', failure: { kind: 'remove-card' } });
    const read = driver.read('sim-0', 'treatments');
    const tracker = track(read);
    // Without `afterMs` the card goes out halfway through the section's 600 ms read.
    await vi.advanceTimersByTimeAsync(299);
    expect(tracker.state).toBe('pending');
    expect((await driver.status('sim-0')).presence).toBe('ready');
    await vi.advanceTimersByTimeAsync(1);
    const error = await expectDriverError(read, { code: 'CARD_REMOVED' });
    expect(error.message).toBe('the card left sim-0 while treatments was read');
    expect(await driver.status('sim-0')).toStrictEqual({
      presence: 'no-card',
      nativeCode: 0,
      insertionId: null,
    });
  });

  it('removes the card after `afterMs` when given', async () => {
    const driver = driverWithCard(600);
    driver.injectFailure('sim-0', { failure: { kind: 'remove-card', afterMs: 100 } });
    const read = driver.read('sim-0', 'basic');
    await pendingFor(read, 100);
    await expectDriverError(read, { code: 'CARD_REMOVED' });
    expect(driver.cardIn('sim-0')).toBeNull();
  });

  it('fails a read in flight with CARD_REMOVED when the card is swapped', async () => {
    const driver = driverWithCard(500);
    const read = driver.read('sim-0', 'basic');
    await vi.advanceTimersByTimeAsync(200);
    driver.swap('sim-0', testCard());
    await expectDriverError(read, { code: 'CARD_REMOVED' });
  });
});
