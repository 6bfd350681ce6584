/**
 * The WebSocket close codes nhicard uses (RFC 6455 §7.4.1 and the IANA registry), by name.
 * PROTOCOL.md says when each is sent; a client decides from the code whether reconnecting
 * can help.
 */
export const CLOSE_CODES = {
  /** The broker is shutting down or restarting; reconnect with backoff. */
  GOING_AWAY: 1001,
  /** The peer broke the WebSocket or nhicard framing rules; reconnecting unchanged won't help. */
  PROTOCOL_ERROR: 1002,
  /** A frame of the wrong kind (binary on JSON, text on MessagePack) or outside the data model. */
  UNSUPPORTED_DATA: 1003,
  /** A frame that is not valid UTF-8, JSON or MessagePack. */
  INVALID_PAYLOAD: 1007,
  /** The connection broke a policy (origin, token, scope, sustained rate-limit excess). */
  POLICY_VIOLATION: 1008,
  /** A frame over the size, depth, array, map or string limits. */
  MESSAGE_TOO_BIG: 1009,
  /** An unexpected failure inside the broker ended the connection. */
  INTERNAL_ERROR: 1011,
  /** The broker cannot take this connection now (too many connections); retry later. */
  TRY_AGAIN_LATER: 1013,
} as const;

/** One of the close codes in {@link CLOSE_CODES}. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
