/** Receives the values of an {@link EventStream}. Every callback is optional. */
export interface Observer<T> {
  /** Called with each value. */
  next?(value: T): void;
  /** Called once if the stream fails; nothing follows. */
  error?(error: unknown): void;
  /** Called once when the stream ends; nothing follows. */
  complete?(): void;
}

/** What `subscribe` returns: call `unsubscribe` to stop receiving values. */
export interface Unsubscribable {
  /** Stops the subscription; calling it again does nothing. */
  unsubscribe(): void;
}

/**
 * A minimal observable that follows the TC39 / RxJS interop convention: it has a
 * `Symbol.observable` (or `'@@observable'`) method, so `from(stream)` in RxJS and other
 * libraries take it as is, without the SDK bundling RxJS.
 *
 * @example
 * import { from, filter } from 'rxjs';
 * from(client.events('card.*')).pipe(filter((event) => event.reader === 'sim-0'))
 *   .subscribe((event) => console.log(event.topic));
 */
export interface EventStream<T> {
  /** Starts receiving values; a function is taken as the `next` callback. */
  subscribe(observer: Observer<T> | ((value: T) => void)): Unsubscribable;
  /** Returns the stream itself (the interop entry point RxJS's `from` looks for). */
  '@@observable'(): EventStream<T>;
}

/** The producer behind a stream: starts delivering to `observer`, returns the teardown. */
export type Producer<T> = (observer: Required<Observer<T>>) => () => void;

/** The key interop libraries look up: `Symbol.observable` when a polyfill defined it. */
function observableKey(): symbol | '@@observable' {
  const key = (Symbol as { observable?: symbol }).observable;
  return typeof key === 'symbol' ? key : '@@observable';
}

/** An {@link EventStream} whose subscriptions each run `producer`. */
export function createEventStream<T>(producer: Producer<T>): EventStream<T> {
  const stream: EventStream<T> = {
    subscribe(observerOrNext) {
      const observer: Observer<T> =
        typeof observerOrNext === 'function' ? { next: observerOrNext } : observerOrNext;
      let closed = false;
      let teardown: (() => void) | undefined;
      const stop = (): void => {
        if (closed) return;
        closed = true;
        teardown?.();
      };
      teardown = producer({
        next: (value) => {
          if (!closed) observer.next?.(value);
        },
        error: (error) => {
          if (closed) return;
          stop();
          observer.error?.(error);
        },
        complete: () => {
          if (closed) return;
          stop();
          observer.complete?.();
        },
      });
      // The producer may have completed synchronously, before teardown was known.
      if (closed) teardown();
      return { unsubscribe: stop };
    },
    '@@observable': () => stream,
  };
  const key = observableKey();
  if (key !== '@@observable') {
    Object.defineProperty(stream, key, { value: () => stream });
  }
  return stream;
}
