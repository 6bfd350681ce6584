import { type MaskedHolder, maskName, type SectionId } from '@nhicard/protocol';
import { abortable } from './abortable.js';
import { BrokerError } from './broker-error.js';

/** Loads one section from the device under `signal` and decodes it; the session caches it. */
export type SectionLoader = (section: SectionId, signal: AbortSignal) => Promise<unknown>;

interface SectionLoad {
  readonly promise: Promise<unknown>;
  /** The signal of the request that started the device read. */
  readonly starter: AbortSignal;
}

/**
 * One card insertion in one reader: its id, the masked holder once known, and the cache of
 * decoded sections. Presence and time are the slot's (`SlotState`); the session only holds
 * what lives and dies with the card. Concurrent requests for a section share one device read;
 * the cache lives until the card is removed, when every waiting or running read fails with
 * `CARD_REMOVED`.
 */
export class CardSession {
  private maskedHolder: MaskedHolder | null = null;
  private autoReadClaimed = false;

  private readonly loads = new Map<SectionId, SectionLoad>();
  private readonly settled = new Map<SectionId, unknown>();
  /** What was built from `settled` (see {@link keepBuilt}); emptied whenever it changes. */
  private readonly built = new Map<string, unknown>();
  private readonly removal = new AbortController();

  constructor(
    /** The insertion id clients see. */
    readonly insertion: string,
    private readonly load: SectionLoader,
  ) {}

  /** The masked holder, once a section naming the holder (basic, insurance) was read. */
  get holder(): MaskedHolder | null {
    return this.maskedHolder;
  }

  /**
   * True the first time it is called for this insertion: the one automatic read of a card
   * (a card seen ready again, e.g. after its PIN was verified, is not read twice).
   */
  claimAutoRead(): boolean {
    if (this.autoReadClaimed) return false;
    this.autoReadClaimed = true;
    return true;
  }

  /** Aborted when the card goes out. */
  get removalSignal(): AbortSignal {
    return this.removal.signal;
  }

  /** Whether the card was removed (or the reader lost). */
  get ended(): boolean {
    return this.removal.signal.aborted;
  }

  /** The decoded sections read so far in this insertion. */
  cachedSections(): ReadonlyMap<SectionId, unknown> {
    return this.settled;
  }

  /**
   * What {@link keepBuilt} kept under `key` while the cache stayed as it is, if anything: a
   * page asking again for what the insertion already read gets the same object, whose
   * encoding the transport can keep.
   */
  builtFromCache(key: string): unknown {
    return this.built.get(key);
  }

  /** Keeps `built`, made from the cached sections, under `key` until the cache changes. */
  keepBuilt<T>(key: string, built: T): T {
    this.built.set(key, built);
    return built;
  }

  /**
   * The decoded section: from the cache, from a read already in flight, or from a new device
   * read under `signal` (`fresh` forces one). A failed read is not cached. A caller that joined
   * a read whose starter gave up (its deadline passed, its connection closed) while its own
   * `signal` still runs starts a read of its own rather than inherit the starter's failure.
   */
  async section(section: SectionId, signal: AbortSignal, fresh = false): Promise<unknown> {
    let forceRead = fresh;
    for (;;) {
      const load = this.loadOrJoin(section, signal, forceRead);
      try {
        return await abortable(load.promise, signal);
      } catch (error) {
        const starterGaveUp = load.starter !== signal && load.starter.aborted;
        if (!starterGaveUp || signal.aborted || this.ended) throw error;
        forceRead = false;
      }
    }
  }

  /** Ends the insertion: drops the cache and fails every waiting or running read. */
  end(reason: BrokerError = new BrokerError('CARD_REMOVED', 'The card was removed.')): void {
    if (this.ended) return;
    this.removal.abort(reason);
    this.loads.clear();
    this.settled.clear();
    this.built.clear();
    this.maskedHolder = null;
  }

  private loadOrJoin(section: SectionId, signal: AbortSignal, fresh: boolean): SectionLoad {
    if (this.ended) return { promise: Promise.reject(this.removal.signal.reason), starter: signal };
    const inFlightOrCached = this.loads.get(section);
    if (inFlightOrCached !== undefined && !fresh) return inFlightOrCached;
    const promise = this.load(section, AbortSignal.any([signal, this.removal.signal])).then(
      (value) => {
        if (this.ended) throw this.removal.signal.reason;
        this.settled.set(section, value);
        this.built.clear();
        if ((section === 'basic' || section === 'insurance') && this.maskedHolder === null) {
          this.maskedHolder = { maskedName: maskName((value as { name: string }).name) };
        }
        return value;
      },
      (error: unknown) => {
        if (this.loads.get(section)?.promise === promise) this.loads.delete(section);
        // A read that failed because the card went out reports the removal, not the device
        // error it caused.
        throw this.ended ? this.removal.signal.reason : error;
      },
    );
    promise.catch(() => {});
    const load = { promise, starter: signal };
    this.loads.set(section, load);
    return load;
  }
}
