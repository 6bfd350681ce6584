import type { CardPresence, MaskedHolder, SectionId } from '@nhicard/protocol';
import { BrokerError } from './broker-error.js';

/** Loads one section from the device and decodes it; the session caches the outcome. */
export type SectionLoader = (section: SectionId, removalSignal: AbortSignal) => Promise<unknown>;

/**
 * One card insertion in one reader: its presence, the masked holder once known, and the cache
 * of decoded sections. Concurrent requests for a section share one device read; the cache
 * lives until the card is removed, when every waiting or running read fails with
 * `CARD_REMOVED`.
 */
export class CardSession {
  /** The presence as last observed. */
  presence: Exclude<CardPresence, 'no-card'>;
  /** When `presence` last changed (ISO 8601). */
  since: string;
  /** The masked holder, once the basic section has been read. */
  holder: MaskedHolder | null = null;
  /** Whether the automatic read of this insertion has started. */
  autoReadStarted = false;

  private readonly cache = new Map<SectionId, Promise<unknown>>();
  private readonly settled = new Map<SectionId, unknown>();
  private readonly removal = new AbortController();
  private readyWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(
    /** The driver's insertion id, or null when the driver has none. */
    readonly insertionId: number | null,
    presence: Exclude<CardPresence, 'no-card'>,
    now: string,
    private readonly load: SectionLoader,
  ) {
    this.presence = presence;
    this.since = now;
  }

  /** Aborted when the card goes out. */
  get removalSignal(): AbortSignal {
    return this.removal.signal;
  }

  /** Whether the card was removed (or the reader lost). */
  get ended(): boolean {
    return this.removal.signal.aborted;
  }

  /** Records a presence change; a change to `ready` releases everyone waiting for it. */
  updatePresence(presence: Exclude<CardPresence, 'no-card'>, now: string): void {
    if (presence === this.presence) return;
    this.presence = presence;
    this.since = now;
    if (presence === 'ready') {
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
    }
  }

  /**
   * Resolves once the card is ready to be read; rejects with `NOT_AN_NHI_CARD`, or with the
   * removal error, or when `signal` aborts (the caller's timeout).
   */
  whenReady(signal?: AbortSignal): Promise<void> {
    if (this.ended) return Promise.reject(this.removal.signal.reason);
    if (this.presence === 'ready') return Promise.resolve();
    if (this.presence === 'not-nhi-card') {
      return Promise.reject(
        new BrokerError('NOT_AN_NHI_CARD', 'The card in the reader is not an NHI card.'),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.readyWaiters.push(waiter);
    });
  }

  /** The decoded sections read so far in this insertion. */
  cachedSections(): ReadonlyMap<SectionId, unknown> {
    return this.settled;
  }

  /**
   * The decoded section: from the cache, from a read already in flight, or from a new device
   * read (`fresh` forces one). A failed read is not cached, so the next request tries again.
   */
  section(section: SectionId, fresh = false): Promise<unknown> {
    if (this.ended) return Promise.reject(this.removal.signal.reason);
    const inFlightOrCached = this.cache.get(section);
    if (inFlightOrCached !== undefined && !fresh) return inFlightOrCached;
    const loading = this.load(section, this.removal.signal).then(
      (value) => {
        if (this.ended) throw this.removal.signal.reason;
        this.settled.set(section, value);
        return value;
      },
      (error: unknown) => {
        if (this.cache.get(section) === loading) this.cache.delete(section);
        // A read that failed because the card went out reports the removal, not the device
        // error it caused.
        throw this.ended ? this.removal.signal.reason : error;
      },
    );
    this.cache.set(section, loading);
    return loading;
  }

  /** Ends the insertion: drops the cache and fails every waiting or running read. */
  end(reason: BrokerError = new BrokerError('CARD_REMOVED', 'The card was removed.')): void {
    if (this.ended) return;
    this.removal.abort(reason);
    this.cache.clear();
    this.settled.clear();
    this.holder = null;
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(reason);
  }
}
