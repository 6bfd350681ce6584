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
