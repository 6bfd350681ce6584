import {
  describeNativeError,
  ERROR_CODES,
  type ErrorCode,
  type NativeErrorEntry,
  type NativeSource,
} from '@nhicard/protocol';

/** The native failure behind a `DriverError`: what the DLL, PC/SC or simulator said. */
export interface NativeFailure {
  /** Which native layer produced the code. */
  source: NativeSource;
  /** The native code (csHIS return value, `SCARD_*` value, …). */
  code: number;
  /** The native message, in zh-TW where the catalog has one. */
  message: string;
}

/** Construction options of a `DriverError`. */
export interface DriverErrorOptions {
  /** The native failure, when there is one. */
  native?: NativeFailure;
  /** Catalog entry behind the failure, for hints. */
  entry?: NativeErrorEntry;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error every driver rejects with. `code` is from the protocol's closed set, so the
 * broker forwards it without a second mapping; `native` keeps the original code and zh-TW text.
 */
export class DriverError extends Error {
  override readonly name = 'DriverError';
  /** Protocol error code. */
  readonly code: ErrorCode;
  /** Whether the same call may succeed if tried again. */
  readonly retryable: boolean;
  /** The native failure, when there is one. */
  readonly native: NativeFailure | undefined;
  /** The catalog entry, when the failure came from a native code. */
  readonly entry: NativeErrorEntry | undefined;

  constructor(code: ErrorCode, message: string, options: DriverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.entry?.retryable ?? ERROR_CODES[code].retryable;
    this.native = options.native;
    this.entry = options.entry;
  }

  /**
   * The error for a csHIS-style return code (the simulator and the csHIS driver both speak
   * them). `source` says which driver produced it; the catalog is looked up in the csHIS table.
   */
  static fromCshisCode(source: NativeSource, code: number, context?: string): DriverError {
    const entry = describeNativeError('cshis', code);
    const message = context ? `${context}: ${entry.messageEn}` : entry.messageEn;
    return new DriverError(entry.protocolCode, message, {
      native: { source, code, message: entry.messageZh },
      entry,
    });
  }
}
