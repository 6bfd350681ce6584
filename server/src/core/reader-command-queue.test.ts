import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandTimeoutError, ReaderCommandQueue } from './reader-command-queue.js';

const never = (): Promise<never> => new Promise(() => {});

describe('ReaderCommandQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs commands one at a time, in order', async () => {
    const queue = new ReaderCommandQueue();
    const log: string[] = [];
    const command = (name: string, delayMs: number) =>
      queue.enqueue({
        label: name,
        timeoutMs: 1000,
        run: async () => {
          log.push(`start ${name}`);
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          log.push(`end ${name}`);
          return name;
        },
      });
    const results = Promise.all([command('a', 30), command('b', 10), command('c', 0)]);
    expect(queue.size).toBe(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(await results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.size).toBe(0);
  });

  it('times a hung command out, aborts its signal and moves on', async () => {
    const queue = new ReaderCommandQueue();
    let hungSignal: AbortSignal | undefined;
    const hung = queue.enqueue({
      label: 'read basic',
      timeoutMs: 500,
      run: (signal) => {
        hungSignal = signal;
        return never();
      },
    });
    const next = queue.enqueue({ label: 'status', timeoutMs: 500, run: async () => 'ok' });
    const hungOutcome = hung.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(499);
    expect(hungSignal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await hungOutcome;
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect((error as CommandTimeoutError).message).toBe('read basic did not finish within 500 ms');
    expect(hungSignal?.aborted).toBe(true);
    expect(await next).toBe('ok');
  });

  it('keeps going after a command fails', async () => {
    const queue = new ReaderCommandQueue();
    const failing = queue.enqueue({
      label: 'x',
      timeoutMs: 100,
      run: async () => {
        throw new Error('device said no');
      },
    });
    await expect(failing).rejects.toThrow('device said no');
    await expect(queue.enqueue({ label: 'y', timeoutMs: 100, run: async () => 2 })).resolves.toBe(
      2,
    );
  });

  it('rejects a waiting command aborted by its caller without running it', async () => {
    const queue = new ReaderCommandQueue();
    const first = queue.enqueue({
      label: 'slow',
      timeoutMs: 1000,
      run: () => new Promise((resolve) => setTimeout(() => resolve('slow'), 50)),
    });
    const controller = new AbortController();
    const run = vi.fn(async () => 'never');
    const second = queue.enqueue({
      label: 'cancelled',
      timeoutMs: 1000,
      run,
      signal: controller.signal,
    });
    const secondOutcome = second.catch((error: unknown) => error);
    controller.abort(new Error('card removed'));
    await vi.advanceTimersByTimeAsync(60);
    expect(await first).toBe('slow');
    expect(((await secondOutcome) as Error).message).toBe('card removed');
    expect(run).not.toHaveBeenCalled();
  });

  it('aborts a running command when its caller aborts', async () => {
    const queue = new ReaderCommandQueue();
    const controller = new AbortController();
    let innerSignal: AbortSignal | undefined;
    const running = queue.enqueue({
      label: 'read',
      timeoutMs: 1000,
      signal: controller.signal,
      run: (signal) => {
        innerSignal = signal;
        return never();
      },
    });
    const outcome = running.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('gone'));
    expect(((await outcome) as Error).message).toBe('gone');
    expect(innerSignal?.aborted).toBe(true);
  });

  it('refuses commands after close', async () => {
    const queue = new ReaderCommandQueue();
    queue.close();
    await expect(
      queue.enqueue({ label: 'late', timeoutMs: 1, run: async () => 1 }),
    ).rejects.toThrow('reader queue closed: late');
  });
});
