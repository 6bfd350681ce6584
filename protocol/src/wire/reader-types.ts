import type { CardSectionsData, MaskedHolder } from './card-data.js';
import type { CardPresence, DriverName } from './value-sets.js';
import type { WireError } from './wire-error.js';

/** A card reader the broker knows about. */
export interface ReaderInfo {
  /** Stable id for this server run, used in `reader` params and event `reader` fields. */
  id: string;
  /** The name the platform or driver gives the reader (e.g. the PC/SC reader name). */
  name: string;
  /** The driver that serves this reader. */
  driver: DriverName;
}

/** The state of a reader's card slot. */
export interface CardState {
  /** What is in the slot. */
  presence: CardPresence;
  /** When `presence` last changed, as an ISO 8601 string. */
  since: string;
  /** The masked holder, once the basic section of the current card has been read. */
  holder: MaskedHolder | null;
  /** The current card's insertion id (see `InsertionRef`); left out while no card is in. */
  insertion?: string;
  /** Why the slot is in `reader-error` (or `not-ready` after a failed reset), when known. */
  error?: WireError;
}

/** A reader together with the state of its slot, as `snapshot` and `card.status` give it. */
export interface ReaderStatus {
  /** The reader. */
  reader: ReaderInfo;
  /** Its card slot. */
  card: CardState;
}

/**
 * A reader in a `snapshot` result: its status and, for connections holding the `read` scope
 * only, the sections already read from the current card (the insertion's cache). A
 * `presence`-scope connection never gets `sections`.
 */
export interface ReaderSnapshot extends ReaderStatus {
  /** Decoded sections cached for the current card, by id; left out without `read` scope. */
  sections?: CardSectionsData;
}
