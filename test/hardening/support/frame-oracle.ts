import {
  CLOSE_CODES,
  codecFor,
  decodeFailureResponse,
  ERROR_HINTS,
  type ErrorResponseMessage,
  parseClientMessage,
  parseFailureResponse,
  type Subprotocol,
} from '@nhicard/protocol';
import type { HostileFrame } from './hostile-frames.js';

/** What the broker must do with one frame, by the rules of PROTOCOL.md. */
export type ExpectedOutcome =
  /** Answer with exactly this error response and carry on. */
  | { kind: 'response'; response: ErrorResponseMessage }
  /** Close the connection with this code. */
  | { kind: 'close'; code: number }
  /** The frame is a valid request after all (the caller drops it). */
  | { kind: 'valid' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The outcome PROTOCOL.md prescribes for `frame` on a connection of `subprotocol` with a
 * `maxPayloadBytes` frame limit: the WebSocket layer closes with 1009 for an oversized frame
 * and 1007 for a text frame that is not UTF-8; then the codec closes for what it cannot
 * accept (`fatal`) and answers the rest with BAD_REQUEST; then the request parser answers with
 * BAD_REQUEST or UNKNOWN_OP naming the field.
 */
export function expectedOutcome(
  frame: HostileFrame,
  subprotocol: Subprotocol,
  maxPayloadBytes: number,
): ExpectedOutcome {
  const { payload } = frame;
  const byteLength =
    typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
  if (byteLength > maxPayloadBytes) return { kind: 'close', code: CLOSE_CODES.MESSAGE_TOO_BIG };
  let received: string | Uint8Array;
  if (typeof payload === 'string') {
    // What the server gets once the string went through UTF-8.
    received = Buffer.from(payload, 'utf8').toString('utf8');
  } else if (frame.asText) {
    try {
      received = strictUtf8.decode(payload);
    } catch {
      return { kind: 'close', code: CLOSE_CODES.INVALID_PAYLOAD };
    }
  } else {
    received = payload;
  }
  const decoded = codecFor(subprotocol).decode(received, { maxFrameBytes: maxPayloadBytes });
  if (!decoded.ok) {
    return decoded.error.fatal
      ? { kind: 'close', code: decoded.error.closeCode }
      : { kind: 'response', response: hinted(decodeFailureResponse(decoded.error)) };
  }
  const parsed = parseClientMessage(decoded.value);
  if (parsed.ok) return { kind: 'valid' };
  return { kind: 'response', response: hinted(parseFailureResponse(parsed.error)) };
}

/** The response with the hints of its code, which every error the broker sends carries. */
function hinted(response: ErrorResponseMessage): ErrorResponseMessage {
  return { ...response, error: { ...response.error, ...ERROR_HINTS[response.error.code] } };
}
