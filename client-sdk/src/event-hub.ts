import { isTopicPattern, type TopicPattern, topicMatches } from '@nhicard/protocol';
import type { ClientEvent } from './client-event.js';
import { clientError } from './nhicard-error.js';
import { createEventStream, type EventStream } from './observable.js';
import { reportHandlerError } from './report-handler-error.js';

interface Registration {
  readonly pattern: TopicPattern;
  readonly handler: (event: ClientEvent) => void;
}

function checkPattern(pattern: unknown): TopicPattern {
  if (!isTopicPattern(pattern)) throw new TypeError(`Not a topic pattern: ${String(pattern)}`);
  return pattern;
}

/**
 * The app's event handlers, by topic pattern, and the promise and stream forms built on
 * them. Handlers run in the order they were added; one that throws does not stop the others
 * or the client (its error is reported like an uncaught one). `end()` (the client closed)
 * drops every handler, completes the streams and rejects the pending `next` promises.
 */
export class EventHub {
  // A Set keeps insertion order and makes removal of one registration O(1).
  private readonly registrations = new Set<Registration>();
  private readonly endListeners = new Set<() => void>();
  private ended = false;

  /** Adds a handler; the returned function removes it (calling it again does nothing). */
  add(pattern: TopicPattern, handler: (event: ClientEvent) => void): () => void {
    const registration: Registration = { pattern: checkPattern(pattern), handler };
    if (this.ended) return () => {};
    this.registrations.add(registration);
    return () => {
      this.registrations.delete(registration);
    };
  }

  /** The next event `pattern` selects. */
  next(pattern: TopicPattern, signal: AbortSignal | undefined): Promise<ClientEvent> {
    checkPattern(pattern);
    return new Promise((resolve, reject) => {
      if (this.ended) return reject(clientError('DISCONNECTED', 'The client was closed.'));
      if (signal?.aborted) return reject(clientError('ABORTED', 'Aborted.', signal.reason));
      const cleanup = (): void => {
        stop();
        this.endListeners.delete(onEnd);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        reject(clientError('ABORTED', `Stopped waiting for ${pattern}.`, signal?.reason));
      };
      const onEnd = (): void => {
        cleanup();
        reject(clientError('DISCONNECTED', `The client was closed while waiting for ${pattern}.`));
      };
      const stop = this.add(pattern, (event) => {
        cleanup();
        resolve(event);
      });
      this.endListeners.add(onEnd);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The events `pattern` selects, as an observable stream that completes at `end()`. */
  stream(pattern: TopicPattern): EventStream<ClientEvent> {
    checkPattern(pattern);
    return createEventStream((observer) => {
      if (this.ended) {
        observer.complete();
        return () => {};
      }
      const stop = this.add(pattern, (event) => observer.next(event));
      const onEnd = (): void => observer.complete();
      this.endListeners.add(onEnd);
      return () => {
        stop();
        this.endListeners.delete(onEnd);
      };
    });
  }

  /** Delivers `event` to every handler whose pattern selects its topic. */
  dispatch(event: ClientEvent): void {
    // A snapshot, so handlers added or removed by a handler take effect from the next event.
    for (const registration of [...this.registrations]) {
      if (!this.registrations.has(registration)) continue;
      if (!topicMatches(registration.pattern, event.topic)) continue;
      try {
        registration.handler(event);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }

  /** The client closed for good. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.registrations.clear();
    for (const listener of [...this.endListeners]) listener();
    this.endListeners.clear();
  }
}
