import type { CardPresence } from '@nhicard/protocol';
import type { CardStatus } from '../card-driver.js';
import { ReaderQueue } from '../reader-queue.js';
import { eventCounterOf, SCARD_STATE } from './pcsc-constants.js';
import { SCARD } from './scard-codes.js';

/**
 * Where an insertion is: `settling` (the settle delay after insertion runs), `probing` (the
 * basic data is read once to tell an NHI card from another card), then `ready`, `not-nhi-card`,
 * or `mute` (the card gave no ATR).
 */
type InsertionPhase = 'settling' | 'probing' | 'ready' | 'not-nhi-card' | 'mute';

/** One card's stay in a reader, from insertion to removal. */
export interface Insertion {
  /** Unique per insertion in this driver: the broker's `insertionId`. */
  readonly id: number;
  /** The card's ATR as hex; `''` while it has none (mute). */
  atrHex: string;
  /** Where the insertion is. */
  phase: InsertionPhase;
  /** Aborted when the card leaves (reason: the `DriverError` reads in flight reject with). */
  readonly ended: AbortController;
  /** The settle timer, while settling. */
  settleTimer?: ReturnType<typeof setTimeout>;
}

/** What a new reader state means for the card in the slot. */
export type SlotChange = 'inserted' | 'removed' | 'replaced' | 'unchanged';

/** Hex of an ATR, for comparison. */
export function atrHexOf(atr: Uint8Array): string {
  return Array.from(atr, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares a reader's new `dwEventState` (and ATR) with what was known. A card counts as
 * another card (`replaced`) when the event counter moved by two or more while a card was in
 * both times (it was removed and a card inserted between two answers), or when the ATR
 * changed; a mute card getting its ATR is the same card.
 */
export function slotChangeOf(
  previousEventState: number,
  insertion: Insertion | null,
  eventState: number,
  atrHex: string,
): SlotChange {
  const present = (eventState & SCARD_STATE.PRESENT) !== 0;
  if (!present) return insertion === null ? 'unchanged' : 'removed';
  if (insertion === null) return 'inserted';
  const wasPresent = (previousEventState & SCARD_STATE.PRESENT) !== 0;
  const events = (eventCounterOf(eventState) - eventCounterOf(previousEventState)) & 0xffff;
  if (wasPresent && events >= 2) return 'replaced';
  if (insertion.atrHex !== '' && atrHex !== '' && atrHex !== insertion.atrHex) return 'replaced';
  return 'unchanged';
}

const PRESENCE_OF_PHASE: Record<InsertionPhase, CardPresence> = {
  settling: 'not-ready',
  probing: 'not-ready',
  ready: 'ready',
  'not-nhi-card': 'not-nhi-card',
  mute: 'not-nhi-card',
};

/** One PC/SC reader as the driver tracks it. */
export class WatchedReader {
  /** The reader's one serialisation point: every device operation (probe, reads). */
  readonly queue = new ReaderQueue();
  /** The last `dwEventState` seen (0 before the first). */
  eventState = 0;
  /** The card in the slot, or null. */
  insertion: Insertion | null = null;
  private lastReported: CardStatus | null = null;

  /** @param name the reader's PC/SC name (also its id: stable across restarts). */
  constructor(readonly name: string) {}

  /** The reader's id. */
  get id(): string {
    return this.name;
  }

  /** The slot's status, from the watcher's last answer and the insertion's phase. */
  status(): CardStatus {
    const insertion = this.insertion;
    if (insertion === null) {
      if ((this.eventState & SCARD_STATE.UNAVAILABLE) !== 0) {
        return {
          presence: 'reader-error',
          nativeCode: SCARD.E_READER_UNAVAILABLE,
          insertionId: null,
        };
      }
      return { presence: 'no-card', nativeCode: null, insertionId: null };
    }
    return {
      presence: PRESENCE_OF_PHASE[insertion.phase],
      nativeCode: insertion.phase === 'mute' ? SCARD.W_UNRESPONSIVE_CARD : null,
      insertionId: insertion.id,
    };
  }

  /** The status if it differs from the one last returned here (then recorded), else null. */
  takeStatusChange(): CardStatus | null {
    const status = this.status();
    const last = this.lastReported;
    if (
      last !== null &&
      last.presence === status.presence &&
      last.insertionId === status.insertionId &&
      last.nativeCode === status.nativeCode
    ) {
      return null;
    }
    this.lastReported = status;
    return status;
  }
}
