import { CLOSE_CODES, type CloseCode } from './close-codes.js';
import type { ErrorResponseMessage, WireMessage } from './messages.js';

/** The subprotocols of protocol 1, in the order a client should offer them. */
export const SUBPROTOCOLS = ['nhicard.v1.json', 'nhicard.v1.msgpack'] as const;

/** One of {@link SUBPROTOCOLS}. */
export type Subprotocol = (typeof SUBPROTOCOLS)[number];

/**
 * Resource caps a codec checks before it hands a frame to `JSON.parse` or msgpackr, so that a
 * hostile frame is refused in one linear pass without deep recursion or a large allocation.
 * Anything over a cap fails with close code 1009.
 */
export interface DecodeLimits {
  /**
   * Largest frame, in bytes (UTF-8 bytes for a text frame).
   * @default 65536
   */
  maxFrameBytes?: number;
  /**
   * Deepest nesting of arrays and objects; the message object itself is depth 1.
   * @default 32
   */
  maxDepth?: number;
  /**
   * Most elements in one array.
   * @default 4096
   */
  maxArrayLength?: number;
  /**
   * Most members in one object (MessagePack map).
   * @default 1024
   */
  maxMapSize?: number;
  /**
   * Longest string (object keys included), in UTF-8 bytes.
   * @default 16384
   */
  maxStringBytes?: number;
}

/** The caps used where a {@link DecodeLimits} field is left out. */
export const DEFAULT_DECODE_LIMITS: Readonly<Required<DecodeLimits>> = Object.freeze({
  maxFrameBytes: 64 * 1024,
  maxDepth: 32,
  maxArrayLength: 4096,
  maxMapSize: 1024,
  maxStringBytes: 16 * 1024,
});

// Resolved once per limits object: decode runs for every frame, and a server passes the same
// object each time (a tenth of a cached request's CPU went into rebuilding it).
const resolvedLimits = new WeakMap<DecodeLimits, Readonly<Required<DecodeLimits>>>();

/**
 * `limits` with every left-out field set to its default. The result is cached per object, so
 * a limits object must not be changed once it has been used: pass a new one instead.
 */
function resolveDecodeLimits(limits?: DecodeLimits): Readonly<Required<DecodeLimits>> {
  if (limits === undefined) return DEFAULT_DECODE_LIMITS;
  let resolved = resolvedLimits.get(limits);
  if (resolved === undefined) {
    resolved = Object.freeze({ ...DEFAULT_DECODE_LIMITS, ...stripUndefined(limits) });
    resolvedLimits.set(limits, resolved);
  }
  return resolved;
}

function stripUndefined(limits: DecodeLimits): DecodeLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

/**
 * Why a frame could not be decoded. A server answers a non-fatal failure with a BAD_REQUEST
 * error response (id `null`, see {@link decodeFailureResponse}) and carries on; a fatal one
 * ends the connection with `closeCode`.
 */
export interface DecodeFailure {
  /**
   * The close code for this failure: 1003 wrong frame kind or data outside the data model,
   * 1007 not UTF-8 or not JSON/MessagePack, 1009 over a limit.
   */
  closeCode: CloseCode;
  /** A short English reason, under the 123 bytes a close frame can carry. */
  reason: string;
  /**
   * True when the frame itself is unacceptable (wrong kind, not UTF-8, over a limit) and the
   * connection must close; false when the frame arrived intact but holds no valid value
   * (a syntax error, an ext type, a non-string key), which can be answered.
   */
  fatal: boolean;
}

/** The outcome of decoding one frame: a value to hand to a parser, or a failure. */
export type DecodeResult = { ok: true; value: unknown } | { ok: false; error: DecodeFailure };

/** A wire format: how messages become frames of one kind and back. */
export interface Codec<F extends string | Uint8Array = string | Uint8Array> {
  /** The `Sec-WebSocket-Protocol` value that selects this codec. */
  readonly subprotocol: Subprotocol;
  /** Whether frames are binary (true) or text (false). */
  readonly binary: boolean;
  /**
   * The frame for `message`. Fields whose value is `undefined` are left out, so decoding
   * gives back a value deeply equal to `message`.
   */
  encode(message: WireMessage): F;
  /**
   * The value in `frame`: a `string` is a text frame, a `Uint8Array` a binary frame. Never
   * throws; a failure says which close code to use.
   */
  decode(frame: string | Uint8Array, limits?: DecodeLimits): DecodeResult;
}

/** A decode failure result. */
export function decodeFailure(closeCode: CloseCode, reason: string, fatal: boolean): DecodeResult {
  return { ok: false, error: { closeCode, reason, fatal } };
}

/** A maker of failures with one close code and fatality; made once per kind, at load. */
const failureOf =
  (closeCode: CloseCode, fatal: boolean) =>
  (reason: string): DecodeFailure => ({ closeCode, reason, fatal });

/** The failures the pre-scans report, by kind. */
export const frameFailure = {
  /** Over one of the {@link DecodeLimits}: 1009, fatal. */
  tooBig: failureOf(CLOSE_CODES.MESSAGE_TOO_BIG, true),
  /** Not valid JSON or MessagePack: 1007, answered and not fatal. */
  malformed: failureOf(CLOSE_CODES.INVALID_PAYLOAD, false),
  /** Not valid UTF-8, or text that could not have come from it: 1007, fatal. */
  notUtf8: failureOf(CLOSE_CODES.INVALID_PAYLOAD, true),
  /** A value outside the data model (an ext type, a `__proto__` key): 1003, answered. */
  unsupported: failureOf(CLOSE_CODES.UNSUPPORTED_DATA, false),
} as const;

/**
 * What both codecs do with a frame of their kind: pre-scan it against the limits, then hand
 * it to `parse`, whose throw means the frame is not valid `format`.
 */
export function scanThenParse<F>(
  frame: F,
  limits: DecodeLimits | undefined,
  scan: (frame: F, limits: Readonly<Required<DecodeLimits>>) => DecodeFailure | null,
  parse: (frame: F) => unknown,
  format: string,
): DecodeResult {
  const failure = scan(frame, resolveDecodeLimits(limits));
  if (failure !== null) return { ok: false, error: failure };
  try {
    return { ok: true, value: parse(frame) };
  } catch {
    return { ok: false, error: frameFailure.malformed(`not valid ${format}`) };
  }
}

/** The error response a server sends for a non-fatal decode failure. */
export function decodeFailureResponse(failure: DecodeFailure): ErrorResponseMessage {
  return {
    type: 'response',
    id: null,
    ok: false,
    error: { code: 'BAD_REQUEST', message: failure.reason, retryable: false },
  };
}
