import type { CardStatus } from '../card-driver.js';

/** The virtual card presented now: its insertion and what the service gave for it. */
interface PresentedCard<T> {
  readonly insertionId: number;
  readonly data: T;
  readonly expiry: ReturnType<typeof setTimeout>;
}

/**
 * A virtual card "in" a reader, for both services that take QR codes (the virtual-card SDK and
 * the CS 6.0 console): a QR code the service accepted is an insertion (a new id, replacing any
 * card shown before) that lapses after `qrValidityMs`, since neither service says when a
 * virtual card stops being valid. `onChange` hears each insertion and removal.
 */
export class QrPresentation<T> {
  private card: PresentedCard<T> | null = null;
  private lastInsertionId = 0;

  constructor(
    private readonly qrValidityMs: number,
    private readonly onChange: (status: CardStatus) => void,
  ) {}

  /** The card presented now, or null. */
  get current(): Pick<PresentedCard<T>, 'insertionId' | 'data'> | null {
    return this.card;
  }

  status(): CardStatus {
    const card = this.card;
    return card === null
      ? { presence: 'no-card', nativeCode: null, insertionId: null }
      : { presence: 'ready', nativeCode: 0, insertionId: card.insertionId };
  }

  /** A new insertion holding `data`, replacing the card shown before (a new QR code is a new card). */
  present(data: T): void {
    this.clear();
    this.lastInsertionId += 1;
    const insertionId = this.lastInsertionId;
    const expiry = setTimeout(() => this.withdraw(insertionId), this.qrValidityMs);
    expiry.unref?.();
    this.card = { insertionId, data, expiry };
    this.onChange(this.status());
  }

  /** Removes the card if it is still insertion `insertionId` (it lapsed, or the service says it is gone). */
  withdraw(insertionId: number): void {
    if (this.card?.insertionId !== insertionId) return;
    this.clear();
    this.onChange(this.status());
  }

  /** Forgets the card and its data without a word (the driver is closing, or a new card comes). */
  clear(): void {
    if (this.card !== null) clearTimeout(this.card.expiry);
    this.card = null;
  }
}
