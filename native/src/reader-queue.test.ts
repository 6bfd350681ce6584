import { describe, expect, it } from 'vitest';
import { abortError, untilAborted } from './abort-error.js';
import { DriverError } from './driver-error.js';
import { ReaderQueue } from './reader-queue.js';

const CODED = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('ReaderQueue', () => {
  it('runs calls one at a time in call order, and is busy meanwhile', async () => {
    const queue = new ReaderQueue();
    const order: string[] = [];
    let releaseFirst: () => void = () => {};
    const first = queue.run('first', undefined, async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      order.push('first ends');
    });
    const second = queue.run('second', undefined, async () => {
      order.push('second');
    });
    expect(queue.busy).toBe(true);
    await Promise.resolve();
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second']);
    expect(queue.busy).toBe(false);
  });

  it('never runs a call whose signal aborted while it waited, and carries on after a failure', async () => {
    const queue = new ReaderQueue();
    const failing = queue.run('failing', undefined, () => Promise.reject(new Error('device')));
    const controller = new AbortController();
    let ran = false;
    const skipped = queue.run('read basic', controller.signal, async () => {
      ran = true;
    });
    controller.abort(CODED('TIMEOUT', 'The request did not finish within 300 ms.'));
    const third = queue.run('third', undefined, async () => 'third');
    await expect(failing).rejects.toThrow('device');
    await expect(skipped).rejects.toMatchObject({
      name: 'DriverError',
      code: 'TIMEOUT',
      message: 'read basic: The request did not finish within 300 ms.',
    });
    expect(await third).toBe('third');
    expect(ran).toBe(false);
  });

  it('answers an aborted caller at once but starts the next call only when the device call ended', async () => {
    const queue = new ReaderQueue();
    const controller = new AbortController();
    let endDeviceCall: () => void = () => {};
    const order: string[] = [];
    const running = queue.run('hung', controller.signal, async () => {
      await new Promise<void>((resolve) => {
        endDeviceCall = resolve;
      });
      order.push('device call ended');
    });
    const next = queue.run('next', undefined, async () => order.push('next'));
    await Promise.resolve();
    controller.abort(new DOMException('late', 'TimeoutError'));
    await expect(running).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(order).toEqual([]);
    endDeviceCall();
    await next;
    expect(order).toEqual(['device call ended', 'next']);
  });
});

describe('abortError', () => {
  it("keeps a reason's protocol code, maps a bare timeout to TIMEOUT and anything else to ABORTED", () => {
    const removed = new DriverError('CARD_REMOVED', 'the card left');
    expect(abortError(removed, 'read basic')).toBe(removed);
    expect(abortError(CODED('BUSY', 'The broker is shutting down.'), 'read basic')).toMatchObject({
      code: 'BUSY',
      message: 'read basic: The broker is shutting down.',
    });
    expect(abortError(new DOMException('late', 'TimeoutError'), 'read basic')).toMatchObject({
      code: 'TIMEOUT',
      message: 'read basic timed out',
    });
    expect(abortError(new Error('client gone'), 'read basic')).toMatchObject({
      code: 'ABORTED',
      message: 'read basic was aborted',
    });
    // A code that is not a protocol code is not taken over.
    expect(abortError(CODED('ECONNRESET', 'reset'), 'x')).toMatchObject({ code: 'ABORTED' });
  });
});

describe('untilAborted', () => {
  it('settles like the work when no signal fires', async () => {
    expect(await untilAborted(Promise.resolve(5), [new AbortController().signal], 'x')).toBe(5);
    await expect(untilAborted(Promise.reject(new Error('no')), [], 'x')).rejects.toThrow('no');
  });

  it('rejects at once with the mapped reason of the signal that fires first', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const raced = untilAborted(never, [undefined, controller.signal], 'read basic');
    controller.abort(new DriverError('CARD_REMOVED', 'removed'));
    await expect(raced).rejects.toMatchObject({ code: 'CARD_REMOVED', message: 'removed' });
    await expect(
      untilAborted(never, [AbortSignal.abort(new Error('x'))], 'y'),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
