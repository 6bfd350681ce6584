import type { SectionId } from '@nhicard/protocol';
import type {
  CallOptions,
  CardDriver,
  CardStatus,
  DriverCapabilities,
  DriverEvent,
  ReaderDescriptor,
  ReadOptions,
} from '../card-driver.js';
import { DriverError } from '../driver-error.js';

/** Several card sources served as one driver: each keeps its own readers. */
export interface CompositeDriver extends CardDriver {
  /** The drivers combined, the primary one first. */
  readonly parts: readonly CardDriver[];
}

/**
 * Combines drivers so that one broker serves them side by side, e.g. a physical reader and the
 * virtual NHI card: `listReaders` is every part's readers (each marked with its own `driver`
 * kind and `sections`), and every call for a reader goes to the part that listed it. The
 * composite's `kind` is its first (primary) part's. Reader ids must be unique across the parts
 * (each driver has its own prefix: `sim-`, `pcsc-`, `cshis-`, `vhc-`, `cs6-`).
 * @throws RangeError when fewer than two parts are given.
 */
export function createCompositeDriver(parts: readonly CardDriver[]): CompositeDriver {
  if (parts.length < 2) throw new RangeError('A composite driver needs at least two drivers.');
  return new CompositeDriverImpl(parts);
}

class CompositeDriverImpl implements CompositeDriver {
  readonly kind: CardDriver['kind'];
  readonly capabilities: DriverCapabilities;
  private readonly owners = new Map<string, CardDriver>();

  constructor(readonly parts: readonly CardDriver[]) {
    const [primary] = parts as [CardDriver, ...CardDriver[]];
    this.kind = primary.kind;
    const sections = new Set<SectionId>(parts.flatMap((part) => part.capabilities.sections));
    this.capabilities = {
      sections: [...sections],
      events: parts.some((part) => part.capabilities.events),
    };
  }

  /**
   * Every part's readers. A part that fails to list is left out this time (the other sources
   * keep working); when every part fails, the first failure is the answer.
   */
  async listReaders(): Promise<ReaderDescriptor[]> {
    const outcomes = await Promise.allSettled(this.parts.map((part) => part.listReaders()));
    const readers: ReaderDescriptor[] = [];
    this.owners.clear();
    outcomes.forEach((outcome, index) => {
      const part = this.parts[index] as CardDriver;
      if (outcome.status === 'rejected') return;
      for (const reader of outcome.value) {
        if (this.owners.has(reader.id)) continue;
        this.owners.set(reader.id, part);
        readers.push({
          ...reader,
          driver: reader.driver ?? part.kind,
          sections: reader.sections ?? part.capabilities.sections,
        });
      }
    });
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (readers.length === 0 && failed !== undefined) throw failed.reason;
    return readers;
  }

  async status(readerId: string, options?: CallOptions): Promise<CardStatus> {
    return (await this.ownerOf(readerId)).status(readerId, options);
  }

  async read(readerId: string, section: SectionId, options?: ReadOptions): Promise<Uint8Array> {
    return (await this.ownerOf(readerId)).read(readerId, section, options);
  }

  async submitQr(readerId: string, qr: string, options?: ReadOptions): Promise<void> {
    const owner = await this.ownerOf(readerId);
    if (owner.submitQr === undefined) {
      throw DriverError.takesNoQr(readerId, owner.kind);
    }
    return owner.submitQr(readerId, qr, options);
  }

  watch(listener: (event: DriverEvent) => void): () => void {
    const stops = this.parts.flatMap((part) =>
      part.capabilities.events && part.watch ? [part.watch(listener)] : [],
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  async close(): Promise<void> {
    const outcomes = await Promise.allSettled(this.parts.map((part) => part.close()));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  private async ownerOf(readerId: string): Promise<CardDriver> {
    if (!this.owners.has(readerId)) await this.listReaders().catch(() => []);
    const owner = this.owners.get(readerId);
    if (owner === undefined) throw DriverError.unknownReader('composite', readerId);
    return owner;
  }
}
