import { isSectionId, SECTION_IDS, type SectionId } from '@nhicard/protocol';
import type { CardDriver, CardStatus, ReaderDescriptor, ReadOptions } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import type { FailureInjection } from './failure-injection.js';
import { type ReadLatencyMs, resolveReadLatency } from './read-latency.js';
import { readRefusal, simulatedRead } from './simulated-read.js';
import { noPinPromptError, readerOccupiedError } from './simulator-errors.js';
import type { VirtualCard } from './virtual-card.js';
import { type Insertion, PIN_ENTRIES, type PinEntry, VirtualReader } from './virtual-reader.js';

/** Options of {@link createSimulatorDriver}. */
export interface SimulatorDriverOptions {
  /**
   * How many virtual readers there are, with ids `sim-0`, `sim-1`, …
   * @default 1
   */
  readers?: number;
  /**
   * How long an inserted card stays `not-ready` (csHIS status 1) before it is `ready` (2),
   * as while the DLL authenticates it with the SAM. 0 makes it ready at once.
   * @default 1000
   */
  samAuthDelayMs?: number;
  /**
   * How long each section read takes: one number for all, or a per-section map over
   * {@link DEFAULT_READ_LATENCY_MS} (hundreds of ms, like real hardware). Tests pass 0.
   * @default DEFAULT_READ_LATENCY_MS
   */
  readLatencyMs?: ReadLatencyMs;
  /**
   * Whether every reader starts with a health-professional card (HPC) in its second slot, so
   * the HPC sections can be read.
   * @default false
   */
  hpcInserted?: boolean;
}

/**
 * The simulator's control API: what a test, the CLI or the demo page does to the virtual
 * readers. Every change shows through `status`/`read` exactly as a real reader would show it.
 * Unknown reader ids throw a `DriverError` of code `NO_READER`.
 */
export interface SimulatorControl {
  /**
   * Inserts `card` into the empty slot of `readerId` and returns its new insertion id.
   * @throws DriverError `BUSY` when the slot already holds a card (remove it, or `swap`).
   */
  insert(readerId: string, card: VirtualCard): number;
  /** Pulls the card out (reads in flight fail with `CARD_REMOVED`); false if the slot was empty. */
  remove(readerId: string): boolean;
  /** Replaces the card (or fills the empty slot) in one step, as between two polls. */
  swap(readerId: string, card: VirtualCard): number;
  /** The card in the slot of `readerId`, or null. */
  cardIn(readerId: string): VirtualCard | null;
  /** Injects a failure into the reads of `readerId`; returns the function that cancels it. */
  injectFailure(readerId: string, injection: FailureInjection): () => void;
  /** Cancels every injected failure of one reader, or of all readers. */
  clearFailures(readerId?: string): void;
  /** Sets what the PIN pad of `readerId` answers (see {@link PinEntry}). */
  setPinEntry(readerId: string, answer: PinEntry): void;
  /**
   * Types `pin` into the PIN prompt a read of `readerId` waits at (null presses Cancel), as
   * the holder would at csHIS.dll's dialog: the right PIN lets the read go on, a wrong one
   * fails it with 5102, Cancel with 5109.
   * @throws DriverError `BAD_REQUEST` when no read waits for a PIN on that reader.
   */
  typePin(readerId: string, pin: string | null): void;
  /** Puts a health-professional card into (true) or out of (false) the second slot. */
  setHpcInserted(readerId: string, inserted: boolean): void;
  /**
   * Makes the reader fail (`reader-error` with this csHIS code, e.g. 4000, and every call to it
   * fails with it) until called again with null.
   */
  setReaderFault(readerId: string, nativeCode: number | null): void;
}

/** The simulator: a `CardDriver` without events (the broker polls it like csHIS) plus control. */
export interface SimulatorDriver extends CardDriver, SimulatorControl {
  readonly kind: 'simulator';
}

function checkCount(value: number, name: string, integer: boolean): number {
  const valid = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (!valid || value < 0) throw new RangeError(`${name}: ${value} must be a number >= 0`);
  return value;
}

/**
 * Creates the simulator driver: virtual readers whose virtual cards answer with exactly the
 * bytes csHIS.dll would return, with SAM authentication delay, read latency, PIN and HPC
 * rules, and failure injection. It needs no device and no real time beyond `setTimeout`.
 */
export function createSimulatorDriver(options: SimulatorDriverOptions = {}): SimulatorDriver {
  const readerCount = checkCount(options.readers ?? 1, 'readers', true);
  const samAuthDelayMs = checkCount(options.samAuthDelayMs ?? 1000, 'samAuthDelayMs', false);
  const latencyMs = resolveReadLatency(options.readLatencyMs);
  const readers = new Map<string, VirtualReader>();
  for (let index = 0; index < readerCount; index += 1) {
    const id = `sim-${index}`;
    // The same number as the id (sim-0 is "Simulated reader 0"), so the two never disagree.
    const name = `Simulated reader ${index}`;
    readers.set(id, new VirtualReader(id, name, samAuthDelayMs, options.hpcInserted ?? false));
  }
  // Aborted by close(): every wait in flight ends, nothing is left hanging on a timer.
  const lifetime = new AbortController();
  let lastInsertionId = 0;

  function readerOf(readerId: string): VirtualReader {
    if (lifetime.signal.aborted) throw DriverError.closed('simulator');
    const reader = readers.get(readerId);
    if (reader === undefined) throw DriverError.unknownReader('simulator', readerId);
    return reader;
  }

  async function read(
    readerId: string,
    section: SectionId,
    options: ReadOptions = {},
  ): Promise<Uint8Array> {
    const reader = readerOf(readerId);
    if (!isSectionId(section)) {
      throw DriverError.unknownSection(section);
    }
    const label = `read of ${section} on ${readerId}`;
    // The card the read was asked of: if it leaves while the read waits its turn, it fails.
    const insertion = reader.insertion;
    return reader.queue.run(label, options.signal, async () => {
      const refusal = readRefusal(reader, insertion, section, lifetime.signal);
      if (refusal !== null) throw refusal;
      const context = { latencyMs: latencyMs[section], lifetime: lifetime.signal };
      return simulatedRead(reader, insertion as Insertion, section, options, context);
    });
  }

  return {
    kind: 'simulator',
    capabilities: { sections: SECTION_IDS, events: false },
    async listReaders(): Promise<ReaderDescriptor[]> {
      if (lifetime.signal.aborted) throw DriverError.closed('simulator');
      return [...readers.values()].map(({ id, name }) => ({ id, name }));
    },
    async status(readerId: string): Promise<CardStatus> {
      return readerOf(readerId).status();
    },
    read,
    async close(): Promise<void> {
      if (lifetime.signal.aborted) return;
      // Aborted first, so reads in flight see a closed driver rather than a removed card.
      lifetime.abort(new Error('simulator driver closed'));
      for (const reader of readers.values()) reader.remove();
    },
    insert(readerId, card) {
      const reader = readerOf(readerId);
      if (reader.insertion !== undefined) {
        throw readerOccupiedError(readerId);
      }
      lastInsertionId += 1;
      reader.insert(card, lastInsertionId);
      return lastInsertionId;
    },
    remove: (readerId) => readerOf(readerId).remove(),
    swap(readerId, card) {
      const reader = readerOf(readerId);
      reader.remove();
      lastInsertionId += 1;
      reader.insert(card, lastInsertionId);
      return lastInsertionId;
    },
    cardIn: (readerId) => readerOf(readerId).insertion?.card ?? null,
    injectFailure: (readerId, injection) => readerOf(readerId).failures.add(injection),
    clearFailures(readerId) {
      const targets = readerId === undefined ? [...readers.values()] : [readerOf(readerId)];
      for (const reader of targets) reader.failures.clear();
    },
    setPinEntry(readerId, answer) {
      if (!PIN_ENTRIES.includes(answer)) {
        throw new RangeError(
          `setPinEntry: ${JSON.stringify(answer)} is not one of ${PIN_ENTRIES.join(', ')}`,
        );
      }
      readerOf(readerId).pinEntry = answer;
    },
    typePin(readerId, pin) {
      const reader = readerOf(readerId);
      if (!reader.pinPrompt.answer(pin)) {
        throw noPinPromptError(readerId);
      }
    },
    setHpcInserted(readerId, inserted) {
      readerOf(readerId).hpcInserted = inserted;
    },
    setReaderFault(readerId, nativeCode) {
      if (nativeCode !== null && (!Number.isSafeInteger(nativeCode) || nativeCode <= 0)) {
        throw new RangeError(`setReaderFault: ${nativeCode} is not a csHIS error code`);
      }
      readerOf(readerId).faultCode = nativeCode;
    },
  };
}
