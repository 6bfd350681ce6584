import { isOneOf, NATIVE_SOURCES } from '../wire/value-sets.js';
import type { WireError } from '../wire/wire-error.js';
import type { NativeErrorEntry } from './native-error-entry.js';

/**
 * Builds the wire error object for a catalog entry, e.g. for csHIS 4013:
 * `{code: 'NO_CARD', message: 'No NHI IC card inserted', retryable: true,
 * native: {source: 'cshis', code: 4013, message: '未置入健保 IC 卡'}, hint: 'Insert the NHI card',
 * hintZh: '請插入健保卡'}`. `message` and `hint` are English (logs, developers); the zh-TW texts
 * travel in `native.message` and `hintZh` (the person at the counter).
 *
 * `retryable` is the catalog's judgement for this native code, not the default of the
 * protocol code. `native` is left out when the entry's source or code could not pass the
 * wire's validation (a source the protocol does not know, a code that is not a safe integer:
 * only possible for unknown entries built from garbage); the message still names the code.
 * The result is a fresh plain object, ready for a codec.
 */
export function toErrorObject(entry: NativeErrorEntry): WireError {
  const error: WireError = {
    code: entry.protocolCode,
    message: entry.messageEn,
    retryable: entry.retryable,
  };
  if (isOneOf(NATIVE_SOURCES, entry.source) && Number.isSafeInteger(entry.code)) {
    error.native = { source: entry.source, code: entry.code, message: entry.messageZh };
  }
  error.hint = entry.hintEn;
  error.hintZh = entry.hintZh;
  return error;
}
