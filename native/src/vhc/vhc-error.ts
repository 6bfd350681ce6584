import { describeNativeError, type NativeErrorSource } from '@nhicard/protocol';
import { DriverError } from '../driver-error.js';
import { LocalHttpError } from '../local-http/json-request.js';

/**
 * Which of the two VHC tables a code belongs to: the offline table holds 2000–2299, the
 * connected table everything else the SDK returns.
 */
function vhcErrorSource(code: number): NativeErrorSource {
  return code >= 2000 && code < 2300 ? 'vhc-offline' : 'vhc';
}

/**
 * The `DriverError` for a VHC result code: protocol code, retryable flag, zh-TW message and
 * hints all come from the catalog (an unknown code keeps its number with a generic entry).
 * `context` says what was being done, e.g. "uploading the QR code"; it never holds the QR.
 */
export function vhcCodeError(code: number, context: string): DriverError {
  const source = vhcErrorSource(code);
  const entry = describeNativeError(source, code);
  return new DriverError(entry.protocolCode, `${context}: ${entry.messageEn}`, {
    native: { source, code, message: entry.messageZh },
    entry,
  });
}

/**
 * The `DriverError` for a call to the SDK that got no usable reply: the SDK not running or not
 * answering is a failure of the card source (`READER_ERROR`, `TIMEOUT`); an abort passes its
 * reason through.
 */
export function vhcTransportError(error: unknown, baseUrl: URL): unknown {
  if (!(error instanceof LocalHttpError)) return error;
  if (error.failure === 'timeout') {
    return new DriverError('TIMEOUT', `The virtual-card SDK timed out: ${error.message}.`, {
      cause: error,
    });
  }
  const why =
    error.failure === 'unreachable'
      ? `The virtual-card SDK does not answer at ${baseUrl.href}; is it installed and running?`
      : 'The virtual-card SDK sent a reply nhicard cannot read';
  return new DriverError('READER_ERROR', `${why} (${error.message})`, { cause: error });
}

/** `CARD_ERROR`: a reply whose `pBuffer` cannot be the section's bytes (`why` says how). */
export function vhcBufferError(section: string, why: string, cause?: unknown): DriverError {
  return new DriverError('CARD_ERROR', `The virtual-card SDK's ${section} pBuffer ${why}.`, {
    cause,
  });
}

/** `READER_ERROR`: a reply that carries no result code. */
export function vhcNoResultError(path: string, httpStatus: number): DriverError {
  return new DriverError(
    'READER_ERROR',
    `The virtual-card SDK answered ${path} with HTTP ${httpStatus} and no result code.`,
  );
}

/** `UNSUPPORTED`: a section the SDK does not give nhicard. */
export function vhcSectionError(section: string, readable: readonly string[]): DriverError {
  return new DriverError(
    'UNSUPPORTED',
    `The virtual-card SDK offers nhicard only ${readable.join(' and ')} data, not ${section}.`,
  );
}
