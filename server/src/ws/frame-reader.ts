import {
  type Codec,
  type DecodeFailure,
  type DecodeLimits,
  decodeFailureResponse,
  type ErrorResponseMessage,
  parseClientMessage,
  parseFailureResponse,
  type RequestId,
  type RequestMessage,
} from '@nhicard/protocol';

/** What one frame from a client amounts to. */
export type FrameOutcome =
  /** The frame itself is unacceptable (wrong kind, not UTF-8, over a limit): close. */
  | { kind: 'fatal'; failure: DecodeFailure }
  /** It arrived intact but holds no valid request: answer with this error. */
  | { kind: 'answer'; id: RequestId | null; response: ErrorResponseMessage }
  /** A well-formed request. */
  | { kind: 'request'; request: RequestMessage };

/**
 * Decodes and validates one frame: a text frame as a string, a binary one as bytes. Pure, so
 * every malformed input can be tested without a socket.
 */
export function readFrame(
  codec: Codec,
  frame: string | Uint8Array,
  limits: DecodeLimits,
): FrameOutcome {
  const decoded = codec.decode(frame, limits);
  if (!decoded.ok) {
    // Fatal: the frame itself is unacceptable (wrong kind, not UTF-8, over a limit). Else it
    // arrived intact with no valid value in it (a syntax error, an ext type): answered.
    return decoded.error.fatal
      ? { kind: 'fatal', failure: decoded.error }
      : { kind: 'answer', id: null, response: decodeFailureResponse(decoded.error) };
  }
  const parsed = parseClientMessage(decoded.value, 'decoded');
  if (parsed.ok) return { kind: 'request', request: parsed.message };
  return { kind: 'answer', id: parsed.error.id, response: parseFailureResponse(parsed.error) };
}
