import {
  CodedError,
  DecodeError,
  ERROR_CODES,
  ERROR_HINTS,
  type ErrorCode,
  type ErrorResponseMessage,
  type WireError,
} from '@nhicard/protocol';

/**
 * The server side's one error class. Everything the broker rejects with, or reports in a
 * `card.error` event, is a `BrokerError` with a code from the protocol's closed set; native
 * failures keep their code and zh-TW message in `native`. Every one carries a hint in English
 * and zh-TW: the native code's from the catalog when there is one, else the code's own
 * (`ERROR_HINTS`), so no page has to word its own advice.
 */
export class BrokerError extends CodedError {
  override readonly name = 'BrokerError';
  /** What the user or installer can do, in English. */
  declare readonly hint: string;
  /** The same hint in zh-TW. */
  declare readonly hintZh: string;

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
    // A caller's own hint replaces both texts, so English and zh-TW always say the same thing.
    const { hint, hintZh } =
      options.hint !== undefined && options.hintZh !== undefined
        ? { hint: options.hint, hintZh: options.hintZh }
        : ERROR_HINTS[code];
    super({
      code,
      message,
      retryable: options.retryable ?? ERROR_CODES[code].retryable,
      native: options.native,
      hint,
      hintZh,
      cause: options.cause,
    });
  }

  /** The error as the wire carries it: a fresh plain object, ready for a codec. */
  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.native !== undefined) wire.native = { ...this.native };
    wire.hint = this.hint;
    wire.hintZh = this.hintZh;
    return wire;
  }

  /**
   * The broker's error for any other coded error (a driver's `DriverError`): its code,
   * retryability and native failure as they are, its hints when it has both.
   */
  static fromCoded(error: CodedError): BrokerError {
    return new BrokerError(error.code, error.message, {
      retryable: error.retryable,
      cause: error,
      ...(error.native === undefined ? {} : { native: error.native }),
      ...(error.hint === undefined || error.hintZh === undefined
        ? {}
        : { hint: error.hint, hintZh: error.hintZh }),
    });
  }
}

/**
 * An error response the protocol's frame and request parsers built, with the hints every
 * error the broker sends carries.
 */
export function hintedErrorResponse(response: ErrorResponseMessage): ErrorResponseMessage {
  const { code, message, retryable } = response.error;
  return { ...response, error: new BrokerError(code, message, { retryable }).toWire() };
}

/**
 * Maps any failure to a `BrokerError`: the one place where driver errors, device timeouts,
 * decode failures and bugs become protocol errors.
 */
export function toBrokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  if (error instanceof CodedError) {
    // ABORTED is the caller's own cancellation and never goes on the wire: a driver call the
    // broker did not cancel with a coded reason was abandoned, which the broker says as BUSY.
    if (error.code === 'ABORTED') {
      return new BrokerError('BUSY', `Abandoned: ${error.message}`, { cause: error });
    }
    return BrokerError.fromCoded(error);
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
