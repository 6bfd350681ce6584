import { abortError } from '../abort-error.js';
import { DriverError } from '../driver-error.js';
import { HostFailure } from './host-process.js';

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
