import { DriverError } from '@nhicard/native';
import {
  DecodeError,
  ERROR_CODES,
  ERROR_HINTS,
  type ErrorCode,
  type WireError,
} from '@nhicard/protocol';

/**
 * The server side's one error class. Everything the broker rejects with, or reports in a
 * `card.error` event, is a `BrokerError` with a code from the protocol's closed set; native
 * failures keep their code and zh-TW message in `native`. Every one carries a hint in English
 * and zh-TW: the native code's from the catalog when there is one, else the code's own
 * (`ERROR_HINTS`), so no page has to word its own advice.
 */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';
  /** Protocol error code. */
  readonly code: ErrorCode;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** The native failure behind the error, when a driver produced it. */
  readonly native: WireError['native'];
  /** What the user or installer can do, in English. */
  readonly hint: string;
  /** The same hint in zh-TW. */
  readonly hintZh: string;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      native?: WireError['native'];
      hint?: string;
      hintZh?: string;
      retryable?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.native = options.native;
    // A caller's own hint replaces both texts, so English and zh-TW always say the same thing.
    const { hint, hintZh } =
      options.hint !== undefined && options.hintZh !== undefined
        ? { hint: options.hint, hintZh: options.hintZh }
        : ERROR_HINTS[code];
    this.hint = hint;
    this.hintZh = hintZh;
  }

  /** The error object as it goes on the wire. */
  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.native !== undefined) wire.native = this.native;
    wire.hint = this.hint;
    wire.hintZh = this.hintZh;
    return wire;
  }
}

/**
 * Maps any failure to a `BrokerError`: the one place where driver errors, device timeouts,
 * decode failures and bugs become protocol errors.
 */
export function toBrokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  if (error instanceof DriverError) {
    const { entry, native } = error;
    return new BrokerError(error.code, error.message, {
      retryable: error.retryable,
      cause: error,
      ...(native === undefined ? {} : { native }),
      ...(entry === undefined ? {} : { hint: entry.hintEn, hintZh: entry.hintZh }),
    });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new BrokerError('TIMEOUT', `Out of time: ${error.message}`, { cause: error });
  }
  if (error instanceof DecodeError) {
    return new BrokerError(
      'CARD_ERROR',
      `The card returned data that cannot be decoded: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new BrokerError('INTERNAL', `Internal error: ${detail}`, { cause: error });
}
