import type { Topic } from '@nhicard/protocol';
import type { RawClient } from './raw-client.js';

/**
 * The events one client received, as seq and topic only (a soak's 50 clients would otherwise
 * hold every card's data many times over).
 */
export class EventLog {
  /** Seq of each event, in arrival order. */
  readonly seqs: number[] = [];
  /** Topic of each event, in arrival order. */
  readonly topics: Topic[] = [];

  private waiters: { seq: number; resolve: () => void }[] = [];

  constructor(client: RawClient) {
    client.onMessage((message) => {
      if (message.type !== 'event') return;
      this.seqs.push(message.seq);
      this.topics.push(message.topic);
      for (const waiter of this.waiters.filter(({ seq }) => message.seq >= seq)) waiter.resolve();
    });
  }

  /** Resolves once an event with `seq` or later has arrived; rejects after `timeoutMs`. */
  reached(seq: number, timeoutMs = 15_000): Promise<void> {
    if (this.lastSeq() >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((each) => each !== waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((each) => each !== waiter);
        reject(
          new Error(`no event with seq ${seq} within ${timeoutMs} ms (last ${this.lastSeq()})`),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** How many events of `topic` arrived. */
  count(topic: Topic): number {
    return this.topics.filter((each) => each === topic).length;
  }

  /** The last seq received, or `fallback` before any event. */
  lastSeq(fallback = 0): number {
    return this.seqs[this.seqs.length - 1] ?? fallback;
  }

  /**
   * Where the seqs are not exactly `first`, `first + 1`, … (a loss, a repeat or a reordering),
   * as readable notes; empty when the run is continuous. Stops after `max` notes.
   */
  discontinuities(first: number, max = 10): string[] {
    const notes: string[] = [];
    this.seqs.forEach((seq, index) => {
      if (notes.length < max && seq !== first + index) {
        notes.push(`event #${index}: seq ${seq}, expected ${first + index}`);
      }
    });
    return notes;
  }

  /** The seqs of the events whose topic is in `topics`. */
  seqsOf(topics: readonly Topic[]): number[] {
    return this.seqs.filter((_seq, index) => topics.includes(this.topics[index] as Topic));
  }
}
