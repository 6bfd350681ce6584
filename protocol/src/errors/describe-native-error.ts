import { findNativeError } from './native-error-catalog.js';
import {
  isNativeErrorSource,
  type NativeErrorEntry,
  type NativeErrorSource,
  type UnknownNativeErrorEntry,
} from './native-error-entry.js';
import { NATIVE_ERROR_HINTS } from './native-error-hints.js';

/**
 * What the catalog says about a native code. Never throws, whatever arrives: a code the
 * catalog lacks (including NaN, negative or fractional numbers, a wrong type or a source this
 * version does not know, e.g. one read from a newer broker's wire error) gives a generic entry
 * with `known: false` that keeps the number and the source as given.
 *
 * @example describeNativeError('cshis', 4013).hintZh // '請插入健保卡'
 */
export function describeNativeError(source: NativeErrorSource, code: number): NativeErrorEntry {
  if (isNativeErrorSource(source) && Number.isInteger(code)) {
    const entry = findNativeError(source, code);
    if (entry !== undefined) return entry;
  }
  return unknownNativeError(source, code);
}

/**
 * The generic entry for a code the catalog lacks. Unknown failures are reported as
 * `CARD_ERROR` and not retryable: a native code means the device or SDK answered, so the
 * broker itself is not at fault, and blind retries of an unexplained failure could loop.
 */
function unknownNativeError(source: unknown, code: unknown): UnknownNativeErrorEntry {
  // Only strings and numbers are shown: formatting an arbitrary value could itself throw.
  const keptSource = typeof source === 'string' ? source : 'unknown';
  const keptCode = typeof code === 'number' ? code : Number.NaN;
  const hint = NATIVE_ERROR_HINTS.reportToIt;
  return Object.freeze({
    source: keptSource,
    code: keptCode,
    messageZh: `未知的錯誤代碼 ${keptCode}`,
    messageEn: `Unknown error code ${keptCode}`,
    category: 'unknown',
    retryable: false,
    protocolCode: 'CARD_ERROR',
    hintZh: hint.zh,
    hintEn: hint.en,
    known: false,
  });
}
