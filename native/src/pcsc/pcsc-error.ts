import type { ErrorCode } from '@nhicard/protocol';
import { DriverError } from '../driver-error.js';
import { SCARD_CODES, type ScardCodeEntry } from './scard-codes.js';

/**
 * The unsigned 32-bit value of a PC/SC result. `LONG` is 8 bytes in 64-bit pcsc-lite, where
 * `0x8010000C` arrives positive, and 4 bytes on Windows and macOS, where it arrives negative.
 */
export function scardCodeOf(result: number | bigint): number {
  return Number(BigInt.asUintN(32, BigInt(result)));
}

/** `0x8010000C` as text. */
export function formatScardCode(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The table entry of a PC/SC code, or a generic one (`CARD_ERROR`) for a code not in it. */
export function describeScardCode(code: number): ScardCodeEntry {
  const known = SCARD_CODES.get(code);
  if (known !== undefined) return known;
  const hex = formatScardCode(code);
  return {
    code,
    name: `SCARD_${hex}`,
    messageEn: `Unknown PC/SC error ${hex}`,
    messageZh: `未知的 PC/SC 錯誤代碼 ${hex}`,
    protocolCode: 'CARD_ERROR',
  };
}

/** Options of {@link pcscError}. */
export interface PcscErrorOptions {
  /**
   * Reports the failure as this protocol code instead of the table's, where the driver knows
   * more than the code says (e.g. `SCARD_E_NO_SMARTCARD` during a read that began with a card
   * in the reader means the card was removed).
   */
  as?: ErrorCode;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one place where a PC/SC result becomes a `DriverError`: the protocol code from the
 * `SCARD_*` table, the action that failed and the code's name in the message, and the code
 * with its zh-TW message in `native` (`source: 'pcsc'`).
 *
 * @example pcscError(0x8010000c, 'connect to Virtual PCD 00 00').code // 'NO_CARD'
 */
export function pcscError(
  result: number | bigint,
  action: string,
  options: PcscErrorOptions = {},
): DriverError {
  const entry = describeScardCode(scardCodeOf(result));
  const message = `${action}: ${entry.messageEn} (${entry.name}, ${formatScardCode(entry.code)})`;
  return new DriverError(options.as ?? entry.protocolCode, message, {
    native: { source: 'pcsc', code: entry.code, message: entry.messageZh },
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

// The PC/SC driver's other failures: what the card answers (status words, lengths), what the
// service or the library does, and a card or reader going away. Built here and nowhere else.

/** `CARD_ERROR`: a response APDU without its two status bytes. */
export function noStatusWordError(what: string, readerName: string, length: number): DriverError {
  return new DriverError(
    'CARD_ERROR',
    `${what} on ${readerName}: the card answered ${length} bytes and no status word (contact lost?)`,
  );
}

/** `NOT_AN_NHI_CARD`; `detail` says what the card answered, when the driver asked it. */
export function notAnNhiCardError(readerName: string, detail?: string): DriverError {
  const said = detail === undefined ? '' : `: ${detail}`;
  return new DriverError('NOT_AN_NHI_CARD', `The card in ${readerName} is not an NHI card${said}`);
}

/** `CARD_ERROR`: the basic data came back with the wrong length. */
export function basicDataLengthError(
  readerName: string,
  bytes: number,
  expected: number,
): DriverError {
  return new DriverError(
    'CARD_ERROR',
    `The card in ${readerName} answered the basic-data READ with ${bytes} bytes, not ${expected}`,
  );
}

/** `CARD_REMOVED`: the card left the reader (during a read, when `duringRead`). */
export function cardRemovedError(
  readerId: string,
  duringRead: boolean,
  cause?: unknown,
): DriverError {
  const when = duringRead ? ' during the read' : '';
  return new DriverError('CARD_REMOVED', `the card left ${readerId}${when}`, { cause });
}

/** `NO_READER`: the reader left the service's list. */
export function readerUnpluggedError(readerId: string): DriverError {
  return new DriverError('NO_READER', `reader ${readerId} was unplugged`);
}

/** `UNSUPPORTED`: a section other than the basic data (which needs csHIS.dll and a SAM). */
export function basicOnlyError(section: string): DriverError {
  return new DriverError(
    'UNSUPPORTED',
    `PC/SC reads only the basic data: the ${section} section needs csHIS.dll and a SAM`,
  );
}

/** `READER_ERROR`: the PC/SC library, or koffi to call it, cannot be used here. */
export function libraryError(message: string, cause?: unknown): DriverError {
  return new DriverError('READER_ERROR', message, { cause });
}
