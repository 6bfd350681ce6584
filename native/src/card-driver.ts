import type { CardPresence, SectionId } from '@nhicard/protocol';

/**
 * Which kind of card source a driver is: the simulator, PC/SC, csHIS.dll, the virtual NHI card
 * SDK (`vhc`) or the CS 6.0 reader console (`cs6`).
 */
export type DriverKind = 'simulator' | 'pcsc' | 'cshis' | 'vhc' | 'cs6';

/** A reader as a driver sees it. */
export interface ReaderDescriptor {
  /** Stable id: the same physical (or virtual) reader keeps it across restarts, e.g. `sim-0`. */
  id: string;
  /** Human-readable name, e.g. `Virtual PCD 00 00` or `Simulated reader 0`. */
  name: string;
  /**
   * The kind of source behind this reader, where a driver combines several (the composite
   * driver); left out, the driver's own `kind`.
   */
  driver?: DriverKind;
  /**
   * The sections this reader can read, where it differs from `capabilities.sections` (a
   * composite driver's readers each keep their own source's list); left out, the driver's.
   */
  sections?: readonly SectionId[];
}

/** One reading of a reader's slot: what the broker's poll compares from one tick to the next. */
export interface CardStatus {
  /** What is in the slot. */
  presence: CardPresence;
  /**
   * The native status or error code behind `presence`, when the driver has one: csHIS
   * `hisGetCardStatus` values (0, 1, 2–5, 9, 4000), a PC/SC `SCARD_*` code; null otherwise.
   */
  nativeCode: number | null;
  /**
   * Changes whenever a card is inserted, so two different cards inserted between two polls
   * are still seen as a removal and an insertion. Null while the slot is empty.
   */
  insertionId: number | null;
}

/** A change a driver with events pushes without being polled. */
export type DriverEvent =
  | { type: 'reader-attached'; reader: ReaderDescriptor }
  | { type: 'reader-detached'; readerId: string }
  | { type: 'status'; readerId: string; status: CardStatus };

/** What a driver can do. */
export interface DriverCapabilities {
  /** The sections `read` can return on this driver (PC/SC: only `basic`). */
  sections: readonly SectionId[];
  /** Whether `watch` pushes changes (PC/SC); polling `status` works on every driver regardless. */
  events: boolean;
}

/** Options of one device call (a status poll or a section read). */
export interface CallOptions {
  /**
   * The caller's deadline and cancellation. The driver sets no time limit of its own: a call
   * without a signal may wait as long as the device does (a PIN dialog, a hung DLL). On abort
   * the call rejects with the driver's `abortError` of the reason: the reason's own code when
   * it carries one (the broker's `TIMEOUT`, `CARD_REMOVED`), `TIMEOUT` for
   * `AbortSignal.timeout`, else `ABORTED`.
   */
  signal?: AbortSignal;
}

/** Options of one section read. */
export interface ReadOptions extends CallOptions {
  /**
   * Called when the read starts waiting for a person to type the holder's (or the HPC's) PIN:
   * the simulator's PIN prompt opened, or csHIS.dll was asked for a PIN-protected section
   * while the card was not yet PIN-verified (the DLL then shows its own PIN dialog).
   */
  onPinPrompt?: () => void;
}

/**
 * One way of reaching NHI cards: the simulator, PC/SC or csHIS.dll. Every method is async and
 * never blocks the event loop (device calls run on a worker thread or in another process).
 * Failures reject with `DriverError`, carrying the protocol code and, where there is one, the
 * native code with its zh-TW message from the catalog.
 *
 * The driver is the one serialisation point of each reader: every device call goes through
 * the reader's `ReaderQueue`, one at a time, so callers never queue (the broker does not).
 * The caller owns time: each call runs until its `signal` aborts, and the driver ends the
 * device call then (the csHIS host is killed and restarted; a simulated wait stops).
 */
export interface CardDriver {
  /** Which driver this is. */
  readonly kind: DriverKind;
  /** What this driver can read and whether it pushes events. */
  readonly capabilities: DriverCapabilities;
  /** The readers present now. */
  listReaders(): Promise<ReaderDescriptor[]>;
  /**
   * The current state of one reader's slot. Rejects with `NO_READER` for an unknown reader.
   * While the reader is busy with a read, drivers whose status is a device call answer with
   * the status last seen instead of queueing behind the read (a card being read is in).
   */
  status(readerId: string, options?: CallOptions): Promise<CardStatus>;
  /**
   * Reads one section of the card in `readerId` and resolves with exactly the bytes the card
   * source returns for it (the section's fixed size; for `basic` on PC/SC, 57 bytes).
   */
  read(readerId: string, section: SectionId, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * Presents a virtual NHI card's QR code (虛擬健保卡) on `readerId`: only drivers with a
   * virtual reader have it. Resolves once the card source accepted the code (the reader then
   * reports a new insertion); rejects with the source's native error (expired, reused, …).
   * The QR string is personal data: implementations never log it or put it in a message.
   */
  submitQr?(readerId: string, qr: string, options?: ReadOptions): Promise<void>;
  /**
   * Subscribes to pushed changes (only where `capabilities.events`); returns the unsubscribe
   * function. Drivers without events may omit it.
   */
  watch?(listener: (event: DriverEvent) => void): () => void;
  /** Releases the device, worker threads and host processes. Further calls reject. */
  close(): Promise<void>;
}
