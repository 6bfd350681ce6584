import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { DeviceQueue } from './device-queue.js';
import { raceAbort } from './race-abort.js';

describe('Backoff', () => {
  it('doubles from the first delay up to the cap, and starts again after reset', () => {
    const backoff = new Backoff(100, 500);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      100, 200, 400, 500,
    ]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});

describe('DeviceQueue', () => {
  it('runs tasks one at a time in call order', async () => {
    const queue = new DeviceQueue();
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = queue.run(async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push('first ends');
    }, new AbortController().signal);
    const second = queue.run(async () => {
      order.push('second');
    }, new AbortController().signal);
    await Promise.resolve();
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second']);
  });

  it('skips a task whose signal aborted while it waited, and carries on after a failure', async () => {
    const queue = new DeviceQueue();
    const failing = queue.run(
      () => Promise.reject(new Error('device failed')),
      new AbortController().signal,
    );
    const controller = new AbortController();
    let ran = false;
    const skipped = queue.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('caller gave up'));
    const third = queue.run(async () => 'third', new AbortController().signal);
    await expect(failing).rejects.toThrow('device failed');
    await expect(skipped).rejects.toThrow('caller gave up');
    expect(await third).toBe('third');
    expect(ran).toBe(false);
  });
});

describe('raceAbort', () => {
  it('settles like the work when no signal fires', async () => {
    expect(await raceAbort(Promise.resolve(5), [new AbortController().signal])).toBe(5);
    await expect(raceAbort(Promise.reject(new Error('no')), [])).rejects.toThrow('no');
  });

  it('rejects at once with the reason of the signal that fires first', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const raced = raceAbort(never, [new AbortController().signal, controller.signal]);
    controller.abort(new Error('removed'));
    await expect(raced).rejects.toThrow('removed');
    await expect(raceAbort(never, [AbortSignal.abort(new Error('already'))])).rejects.toThrow(
      'already',
    );
  });
});
