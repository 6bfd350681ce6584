import { isTimeoutReason } from '../abort-error.js';

/**
 * Why a host call failed: `start` (the host did not come up), `timeout` (a call was still
 * running at its caller's deadline: the host has been killed), `aborted` (its caller gave up
 * for another reason, e.g. the broker closing: the host has been killed too), `gone` (the host
 * exited or the connection broke), `remote` (the host answered with an error, e.g. the DLL
 * would not load).
 */
export type HostFailureKind = 'start' | 'timeout' | 'aborted' | 'gone' | 'remote';

/** A failure of the host process or of its channel (not a csHIS return code). */
export class HostFailure extends Error {
  override readonly name = 'HostFailure';
  constructor(
    readonly kind: HostFailureKind,
    message: string,
    /** The caller's abort reason, for `timeout` and `aborted`. */
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

/**
 * The failure of a call whose caller's signal aborted: `timeout` when time ran out (the
 * request's deadline), `aborted` for any other reason.
 */
export function hostAbortFailure(what: string, reason: unknown): HostFailure {
  return isTimeoutReason(reason)
    ? new HostFailure('timeout', `${what} had not returned by its deadline`, reason)
    : new HostFailure('aborted', `${what} was abandoned by its caller`, reason);
}
