import { describe, expect, it } from 'vitest';
import { createEventStream } from './observable.js';

describe('createEventStream', () => {
  it('runs the producer per subscription and tears it down on unsubscribe', () => {
    const emitters: ((value: number) => void)[] = [];
    let teardowns = 0;
    const stream = createEventStream<number>((observer) => {
      emitters.push(observer.next);
      return () => {
        teardowns += 1;
      };
    });
    const seen: number[] = [];
    const subscription = stream.subscribe((value) => seen.push(value));
    emitters[0]?.(1);
    subscription.unsubscribe();
    subscription.unsubscribe();
    emitters[0]?.(2);
    expect(seen).toEqual([1]);
    expect(teardowns).toBe(1);
  });

  it('delivers nothing after complete or error, and tears down once', () => {
    let teardowns = 0;
    const stream = createEventStream<number>((observer) => {
      observer.next(1);
      observer.complete();
      observer.next(2);
      observer.error(new Error('late'));
      return () => {
        teardowns += 1;
      };
    });
    const log: string[] = [];
    stream.subscribe({
      next: (value) => log.push(`next ${value}`),
      error: () => log.push('error'),
      complete: () => log.push('complete'),
    });
    expect(log).toEqual(['next 1', 'complete']);
    expect(teardowns).toBe(1);
  });

  it('is its own interop observable', () => {
    const stream = createEventStream<number>(() => () => {});
    expect(stream['@@observable']()).toBe(stream);
  });
});
