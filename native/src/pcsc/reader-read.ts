import { untilAborted } from '../abort-error.js';
import type { ReadOptions } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { abortableWait } from '../simulator/abortable-wait.js';
import { readBasicData } from './basic-data-read.js';
import type { PcscApi } from './pcsc-api.js';
import type { ResolvedPcscDriverOptions } from './pcsc-driver-options.js';
import { cardRemovedError, notAnNhiCardError, pcscError } from './pcsc-error.js';
import { SCARD } from './scard-codes.js';
import type { WatchedReader } from './watched-reader.js';

/** What a read needs from its driver. */
export interface ReaderReadContext {
  /** The PC/SC calls. */
  api: PcscApi;
  /** The driver's options. */
  config: ResolvedPcscDriverOptions;
  /** Aborted when the driver closes. */
  lifetime: AbortSignal;
}

/** Failures explained by the card leaving, if the service reports its removal soon after. */
const MAYBE_REMOVAL: ReadonlySet<string> = new Set([
  'CARD_ERROR',
  'READER_ERROR',
  'NO_CARD',
  'CARD_REMOVED',
]);

/**
 * Reads the basic data of the card now in `reader`, through the reader's device queue. The
 * caller stops waiting at once when the card leaves (`CARD_REMOVED`), the driver closes
 * (`BUSY`) or its signal aborts (`TIMEOUT`/`ABORTED`); a PC/SC call in flight then finishes in
 * the background and the queue moves on only after it. A card already classified is answered
 * without asking it again.
 */
export async function readBasicOnReader(
  reader: WatchedReader,
  options: ReadOptions,
  context: ReaderReadContext,
): Promise<Uint8Array> {
  const { api, config, lifetime } = context;
  const insertion = reader.insertion;
  if (insertion === null) throw pcscError(SCARD.E_NO_SMARTCARD, `read basic on ${reader.id}`);
  if (insertion.phase === 'mute') {
    throw pcscError(SCARD.W_UNRESPONSIVE_CARD, `read basic on ${reader.id}`);
  }
  if (insertion.phase === 'not-nhi-card') {
    throw notAnNhiCardError(reader.id);
  }
  const signals = [insertion.ended.signal, lifetime];
  if (options.signal) signals.push(options.signal);
  // Also stops the read in the background once this call has given up for any reason.
  const giveUp = new AbortController();
  const signal = AbortSignal.any([...signals, giveUp.signal]);
  const label = `read of basic on ${reader.id}`;
  const read = reader.queue.run(label, signal, () =>
    readBasicData({ ...config, api, readerName: reader.name, signal }),
  );
  try {
    // The driver's and the insertion's own reasons first: they say more than the caller's.
    return await untilAborted(read, [lifetime, insertion.ended.signal, options.signal], label);
  } catch (error) {
    if (signals.some((signal) => signal.aborted)) throw error;
    if (error instanceof DriverError && MAYBE_REMOVAL.has(error.code)) {
      // A card pulled out mid-read shows first as a failed exchange; the service reports the
      // removal a moment later (pcscd polls some readers every 400 ms).
      const removed = await abortableWait(config.removalGraceMs, [insertion.ended.signal]).then(
        () => false,
        () => true,
      );
      if (removed) {
        throw cardRemovedError(reader.id, true, error);
      }
    }
    throw error;
  } finally {
    giveUp.abort();
  }
}
