import type { NativeErrorDetail } from '../wire/wire-error.js';
import type { ErrorCode } from './error-codes.js';

/** What a {@link CodedError} is built from: the fields of a wire error, plus a cause. */
export interface CodedErrorInit {
  /** One of the protocol's closed set of error codes. */
  code: ErrorCode;
  /** What went wrong, in English (the zh-TW text of a native failure is `native.message`). */
  message: string;
  /** Whether doing the same again may succeed. */
  retryable: boolean;
  /** The native status behind the error: source, native code and its zh-TW message. */
  native?: NativeErrorDetail | undefined;
  /** What the user or installer can do about it, in English. */
  hint?: string | undefined;
  /** The same hint in zh-TW, for the person at the counter. */
  hintZh?: string | undefined;
  /** The underlying failure, when there is one. */
  cause?: unknown;
}

/**
 * The one error shape of every side: a driver's `DriverError`, the broker's `BrokerError` and
 * the client SDK's `NhiCardError` all extend it, so the fields a wire error carries (code,
 * retryability, native code with its zh-TW message, hints) have one definition and each
 * boundary maps an error by its fields, not by copying them one by one. It holds no tables and
 * no wire encoding (only the broker puts errors on the wire: `BrokerError.toWire`), so the
 * browser bundle pays only for the fields.
 */
export class CodedError extends Error {
  /** One of the protocol's closed set of error codes. */
  readonly code: ErrorCode;
  /** Whether doing the same again may succeed. */
  readonly retryable: boolean;
  /** The native status behind the error: source, native code and its zh-TW message. */
  readonly native: NativeErrorDetail | undefined;
  /** What the user or installer can do about it, in English, when known. */
  readonly hint: string | undefined;
  /** The same hint in zh-TW, when known. */
  readonly hintZh: string | undefined;

  constructor(init: CodedErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable;
    this.native = init.native;
    this.hint = init.hint;
    this.hintZh = init.hintZh;
  }
}
