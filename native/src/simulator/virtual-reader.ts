import type { CardStatus } from '../card-driver.js';
import { ReaderQueue } from '../reader-queue.js';
import { FailureRules } from './failure-injection.js';
import { PinPrompt } from './pin-prompt.js';
import type { VirtualCard } from './virtual-card.js';

/**
 * What happens when a read needs the holder's PIN: `prompt` (as csHIS.dll does: a PIN dialog
 * opens and the read waits until the PIN is typed with `typePin`, Cancel is pressed, or the
 * caller's deadline passes), or a fixed answer: `none` (nobody enters it: csHIS 5105, PIN not
 * verified), `correct` (the read goes on), `wrong` (5102), `cancel` (5109). A correct PIN
 * leaves the card PIN-verified until it is removed.
 */
export type PinEntry = (typeof PIN_ENTRIES)[number];

/** Every {@link PinEntry}. */
export const PIN_ENTRIES = ['prompt', 'none', 'correct', 'wrong', 'cancel'] as const;

/**
 * `hisGetCardStatus(2)` values the simulator reports (see the csHIS API manual): 0 no card, 1 present
 * but not yet authenticated with the SAM, 2 authenticated with the SAM, 4 PIN verified,
 * 9 not an NHI card; 4000 (reader timeout) is the default reader fault.
 */
const CSHIS_CARD_STATUS = {
  noCard: 0,
  notAuthenticated: 1,
  samAuthenticated: 2,
  pinVerified: 4,
  notNhiCard: 9,
} as const;

/** One card in a slot, from insertion to removal. */
export interface Insertion {
  /** The card. */
  readonly card: VirtualCard;
  /** The insertion id `status` reports. */
  readonly id: number;
  /** Aborted when this card leaves the slot, so reads in flight fail with `CARD_REMOVED`. */
  readonly removed: AbortSignal;
}

interface SlotState {
  card: VirtualCard;
  id: number;
  removal: AbortController;
  samAuthenticated: boolean;
  pinVerified: boolean;
  samTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One simulated reader: a slot that holds a virtual card or nothing, a SAM that takes
 * `samAuthDelayMs` to authenticate each inserted card, a PIN pad, an optional HPC in the second
 * slot, and the failures injected into its reads. Time passes only through `setTimeout`.
 */
export class VirtualReader {
  /** Failures injected into this reader's reads. */
  readonly failures = new FailureRules();
  /** What the PIN pad answers. */
  pinEntry: PinEntry = 'prompt';
  /** The PIN dialog a read waits at when `pinEntry` is `prompt`. */
  readonly pinPrompt = new PinPrompt();
  /** The reader's one serialisation point: reads run one at a time, as on a real reader. */
  readonly queue = new ReaderQueue();
  /** Whether a health-professional card sits in the second slot. */
  hpcInserted: boolean;
  /** A reader fault (csHIS code, e.g. 4000) while set: status `reader-error`, reads fail. */
  faultCode: number | null = null;
  private slot: SlotState | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly samAuthDelayMs: number,
    hpcInserted: boolean,
  ) {
    this.hpcInserted = hpcInserted;
  }

  /** The card in the slot now, with its insertion id and removal signal. */
  get insertion(): Insertion | undefined {
    const slot = this.slot;
    return slot && { card: slot.card, id: slot.id, removed: slot.removal.signal };
  }

  /** Whether the card in the slot has finished SAM authentication. */
  get samAuthenticated(): boolean {
    return this.slot?.samAuthenticated ?? false;
  }

  /** Whether the holder's PIN was entered correctly since insertion. */
  get pinVerified(): boolean {
    return this.slot?.pinVerified ?? false;
  }

  /** Marks the PIN as verified for the current insertion (status then reports 4). */
  markPinVerified(): void {
    if (this.slot) this.slot.pinVerified = true;
  }

  /** Puts `card` into the empty slot with a fresh insertion id. */
  insert(card: VirtualCard, insertionId: number): void {
    const removal = new AbortController();
    // A card that is not an NHI card fails the SELECT at once: no SAM authentication starts.
    const authenticatesAtOnce = this.samAuthDelayMs === 0 || card.kind === 'not-nhi';
    const slot: SlotState = {
      card,
      id: insertionId,
      removal,
      samAuthenticated: authenticatesAtOnce,
      pinVerified: false,
      samTimer: undefined,
    };
    if (!authenticatesAtOnce) {
      slot.samTimer = setTimeout(() => {
        slot.samAuthenticated = true;
        slot.samTimer = undefined;
      }, this.samAuthDelayMs);
    }
    this.slot = slot;
  }

  /** Empties the slot; reads in flight on the old card fail. Returns whether a card was in. */
  remove(): boolean {
    const slot = this.slot;
    if (slot === undefined) return false;
    this.slot = undefined;
    if (slot.samTimer !== undefined) clearTimeout(slot.samTimer);
    slot.removal.abort(new Error(`card removed from ${this.id}`));
    return true;
  }

  /** The slot as `hisGetCardStatus(2)` would show it. */
  status(): CardStatus {
    const slot = this.slot;
    const insertionId = slot?.id ?? null;
    if (this.faultCode !== null) {
      return { presence: 'reader-error', nativeCode: this.faultCode, insertionId };
    }
    if (slot === undefined) {
      return { presence: 'no-card', nativeCode: CSHIS_CARD_STATUS.noCard, insertionId };
    }
    if (slot.card.kind === 'not-nhi') {
      return { presence: 'not-nhi-card', nativeCode: CSHIS_CARD_STATUS.notNhiCard, insertionId };
    }
    if (!slot.samAuthenticated) {
      return { presence: 'not-ready', nativeCode: CSHIS_CARD_STATUS.notAuthenticated, insertionId };
    }
    const nativeCode = slot.pinVerified
      ? CSHIS_CARD_STATUS.pinVerified
      : CSHIS_CARD_STATUS.samAuthenticated;
    return { presence: 'ready', nativeCode, insertionId };
  }
}
