import type { ErrorCode } from '../errors/error-codes.js';
import type { NativeSource } from './value-sets.js';

/** The native failure behind a wire error: the DLL/SDK/PC-SC status code and its message. */
export interface NativeErrorDetail {
  /** Which native layer produced the code. */
  source: NativeSource;
  /** The native status code as the layer returned it (e.g. csHIS `4000`, PC/SC `0x80100069`). */
  code: number;
  /** The catalog's message for the code, in Traditional Chinese (zh-TW). */
  message: string;
}

/** The error object of an error response, a `card.error` event or a failed section. */
export interface WireError {
  /** One of the closed set of protocol error codes. */
  code: ErrorCode;
  /** What went wrong, for a person reading a log (zh-TW for native failures). */
  message: string;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** The native status behind the error, when a driver produced it. */
  native?: NativeErrorDetail;
  /** What the user or installer can do about it, in English, when the catalog knows. */
  hint?: string;
  /** The same hint in Traditional Chinese (zh-TW), for the person at the counter. */
  hintZh?: string;
}
