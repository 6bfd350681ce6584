import {
  CodedError,
  describeNativeError,
  ERROR_CODES,
  type ErrorCode,
  type NativeErrorDetail,
  type NativeErrorEntry,
  type NativeSource,
} from '@nhicard/protocol';

/** The native failure behind a `DriverError`: what the DLL, PC/SC or simulator said. */
export type NativeFailure = NativeErrorDetail;

/** Construction options of a `DriverError`. */
export interface DriverErrorOptions {
  /** The native failure, when there is one. */
  native?: NativeFailure;
  /** Catalog entry behind the failure: its retryability and hints win over the code's. */
  entry?: NativeErrorEntry;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error every driver rejects with. `code` is from the protocol's closed set, so the
 * broker forwards it without a second mapping; `native` keeps the original code and zh-TW text,
 * and a catalog entry gives it the hints for that native code.
 *
 * Each driver builds its failures in one module (`cshis/cshis-errors.ts`,
 * `pcsc/pcsc-error.ts`, `simulator/simulator-errors.ts`, `vhc/vhc-error.ts`,
 * `cs6/cs6-errors.ts`); the failures every driver shares are the static builders here, and
 * aborts map in `abort-error.ts`.
 */
export class DriverError extends CodedError {
  override readonly name = 'DriverError';
  /** The catalog entry, when the failure came from a native code. */
  readonly entry: NativeErrorEntry | undefined;

  constructor(code: ErrorCode, message: string, options: DriverErrorOptions = {}) {
    const { entry } = options;
    super({
      code,
      message,
      retryable: entry?.retryable ?? ERROR_CODES[code].retryable,
      native: options.native,
      hint: entry?.hintEn,
      hintZh: entry?.hintZh,
      cause: options.cause,
    });
    this.entry = entry;
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

  /** `BUSY`: a call to a driver that is closed (or closing: shutting down is not a fault). */
  static closed(driver: string): DriverError {
    return new DriverError('BUSY', `The ${driver} driver is closed.`);
  }

  /** `NO_READER`: the driver serves no reader with this id. */
  static unknownReader(driver: string, readerId: string): DriverError {
    return new DriverError('NO_READER', `No ${driver} reader with id ${readerId}.`);
  }

  /** `UNSUPPORTED`: a section id the protocol does not know. */
  static unknownSection(section: unknown): DriverError {
    return new DriverError('UNSUPPORTED', `unknown section ${JSON.stringify(section)}`);
  }

  /** `UNSUPPORTED`: a QR code sent to a reader (of driver `kind`) that takes none. */
  static takesNoQr(readerId: string, kind: string): DriverError {
    return new DriverError(
      'UNSUPPORTED',
      `Reader ${readerId} (${kind}) takes no QR code; use the virtual-card reader.`,
    );
  }

  /** `BAD_REQUEST`: a QR code that is empty or not a string. */
  static emptyQr(): DriverError {
    return new DriverError('BAD_REQUEST', 'The QR code is empty.');
  }
}
