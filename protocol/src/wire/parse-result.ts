import type { ErrorResponseMessage, RequestId } from './messages.js';

/** The codes a parser can fail with. */
export type ParseFailureCode = 'BAD_REQUEST' | 'UNKNOWN_OP';

/** Why a value is not a valid message. */
export interface ParseFailure {
  /** `UNKNOWN_OP` for a well-formed request naming an op this version does not know. */
  code: ParseFailureCode;
  /** What is wrong, in English, naming the field. */
  message: string;
  /** Path of the offending field, e.g. `params.sections[2]`; `''` for the message itself. */
  field: string;
  /** The message's id when it could be read, else `null`. */
  id: RequestId | null;
}

/** The outcome of parsing a message. */
export type ParseResult<M> = { ok: true; message: M } | { ok: false; error: ParseFailure };

/** The outcome of validating a part of a message (an op's result). */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: ParseFailure };

/**
 * The error response a server sends for a request that failed to parse: not retryable, with
 * the field path in front of the message so the client can see which field was refused.
 */
export function parseFailureResponse(failure: ParseFailure): ErrorResponseMessage {
  const message = failure.field === '' ? failure.message : `${failure.field}: ${failure.message}`;
  return {
    type: 'response',
    id: failure.id,
    ok: false,
    error: { code: failure.code, message, retryable: false },
  };
}
