import { describeNativeError } from '@nhicard/protocol';
import { abortError } from '../abort-error.js';
import { DriverError } from '../driver-error.js';
import { HostFailure } from './host-failure.js';

// The csHIS driver's one module of failures: DLL return codes through the catalog, host
// failures, and what goes wrong finding, starting or using csHIS.dll.

/** A DLL return code other than 0, from the catalog (code, hints, zh-TW message). */
export function cshisCodeError(rc: number, label: string): DriverError {
  return DriverError.fromCshisCode('cshis', rc, label);
}

/**
 * `csOpenCom` refused the port: the catalog's code and message, and what usually causes it.
 */
export function openComError(port: number, rc: number): DriverError {
  const entry = describeNativeError('cshis', rc);
  return new DriverError(
    entry.protocolCode,
    `csOpenCom(${port}) could not open COM${port + 1} (csHIS ${rc}: ${entry.messageEn}). ` +
      'Another program probably holds the card reader (an HIS program, the NHI test ' +
      'utility or a second nhicard): close it and try again; otherwise check the reader and ' +
      'the cshis.port setting.',
    { native: { source: 'cshis', code: rc, message: entry.messageZh }, entry },
  );
}

/** No csHIS.dll where the driver looked. */
export function dllNotFoundError(searched: readonly string[]): DriverError {
  const where = searched.length > 0 ? searched.join(', ') : 'nowhere';
  return new DriverError(
    'NO_READER',
    `csHIS.dll not found (looked at: ${where}); set cshis.dllPath`,
  );
}

/** No way to run the 32-bit host here (no Windows, no Wine configured). */
export function hostCommandError(error: unknown): DriverError {
  const message = error instanceof Error ? error.message : String(error);
  return new DriverError('READER_ERROR', message, { cause: error });
}

/** The DLL loaded but lacks exports every csHIS.dll has. */
export function notCshisDllError(dllPath: string, lacking: readonly string[]): DriverError {
  return new DriverError(
    'READER_ERROR',
    `${dllPath} lacks ${lacking.join(', ')}: is it csHIS.dll?`,
  );
}

/** A call while the host is being restarted after a failure. */
export function hostRestartingError(label: string, lastFailure: string | null): DriverError {
  const why = lastFailure === null ? '' : ` (${lastFailure})`;
  return new DriverError('READER_ERROR', `${label}: the csHIS host is restarting${why}`);
}

/** A section this DLL has no export for. */
export function missingExportError(cshisFunction: string, section: string): DriverError {
  return new DriverError(
    'UNSUPPORTED',
    `this csHIS.dll has no ${cshisFunction}: ${section} cannot be read`,
  );
}

/** A section whose declared csHIS function is not a read (a bug in the declarations). */
export function notAReadError(cshisFunction: string): DriverError {
  return new DriverError('INTERNAL', `${cshisFunction} is not a read`);
}

/** A host that could not start: `READER_ERROR` with the end of its log; others pass through. */
export function hostStartError(error: unknown): unknown {
  if (!(error instanceof HostFailure)) return error;
  return new DriverError('READER_ERROR', `the csHIS host could not start: ${error.message}`, {
    cause: error,
  });
}

/**
 * The csHIS driver's one mapping of host failures (not DLL return codes, which go through the
 * catalog in `DriverError.fromCshisCode`): a call still running at its deadline (`TIMEOUT`;
 * the host has been killed and is being restarted), a call its caller abandoned (the caller's
 * reason, through `abortError`), a host that went away (`READER_ERROR`), or a host that
 * refused the request (`INTERNAL`: the driver asked for something the host cannot do).
 * Anything else passes through.
 */
export function hostFailureToDriverError(error: unknown, label: string): unknown {
  if (!(error instanceof HostFailure)) return error;
  switch (error.kind) {
    case 'timeout':
      return new DriverError(
        'TIMEOUT',
        `${label}: csHIS.dll did not answer (${error.message}); the csHIS host is being restarted`,
        { cause: error },
      );
    case 'aborted':
      return abortError(error.reason, label);
    case 'remote':
      return new DriverError('INTERNAL', `${label}: the csHIS host refused: ${error.message}`, {
        cause: error,
      });
    default:
      return new DriverError(
        'READER_ERROR',
        `${label}: the csHIS host stopped (${error.message}); it is being restarted`,
        { cause: error },
      );
  }
}
