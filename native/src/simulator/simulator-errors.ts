import type { SectionId } from '@nhicard/protocol';
import { abortError } from '../abort-error.js';
import { DriverError } from '../driver-error.js';
import type { VirtualReader } from './virtual-reader.js';

// The simulator's one module of failures. It plays csHIS.dll, so a refused read is a csHIS
// return code from the catalog (with `source: 'simulator'`); the rest is what its control
// API and a card leaving mid-read give.

/** A csHIS return code the simulated card or reader gave while `section` was read. */
export function simulatorCodeError(code: number, section: SectionId): DriverError {
  return DriverError.fromCshisCode('simulator', code, `read ${section}`);
}

/** `CARD_REMOVED`: the card left the reader before `section` was read. */
export function cardLeftError(readerId: string, section: SectionId, cause?: unknown): DriverError {
  return new DriverError('CARD_REMOVED', `the card left ${readerId} while ${section} was read`, {
    cause,
  });
}

/** `BUSY`: a card is put into a reader that already holds one. */
export function readerOccupiedError(readerId: string): DriverError {
  return new DriverError('BUSY', `${readerId} already holds a card: remove it first`);
}

/** `BAD_REQUEST`: a PIN typed while no read waits for one. */
export function noPinPromptError(readerId: string): DriverError {
  return new DriverError('BAD_REQUEST', `no read waits for a PIN on ${readerId}`);
}

/**
 * A wait inside a read that ended early: the driver closed (`BUSY`), the caller's signal
 * aborted (its reason, through `abortError`), else the card left.
 */
export function waitError(
  reader: VirtualReader,
  section: SectionId,
  reason: unknown,
  lifetime: AbortSignal,
  callerSignal: AbortSignal | undefined,
): DriverError {
  if (lifetime.aborted) return DriverError.closed('simulator');
  if (callerSignal?.aborted) {
    return abortError(callerSignal.reason, `read of ${section} on ${reader.id}`);
  }
  return cardLeftError(reader.id, section, reason);
}
