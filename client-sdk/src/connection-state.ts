import type { EventMessage, HelloMessage, ParseFailure, ResponseMessage } from '@nhicard/protocol';
import type { ConnectRefusalCode } from './connect-refusal.js';

/**
 * Where the connection is: `idle` (not started: `autoConnect: false`), `connecting` (first
 * attempt), `open` (the broker said hello; requests flow), `reconnecting` (lost or refused,
 * waiting for or making another attempt), `closed` (stopped: by `close()`, by a close code
 * that retrying cannot fix, or after `reconnect.maxAttempts`).
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Close codes the client itself records in {@link CloseInfo} when it ends a connection.
 * The broker's own codes (1001 shutting down, 1008 policy, 1013 try later, …) and 1006
 * (dropped, or refused at the upgrade) come from the socket.
 */
export const CLIENT_CLOSE_CODES = {
  /** `close()` was called. */
  CLOSED_BY_CLIENT: 1000,
  /** A heartbeat went unanswered: the connection was dead. */
  HEARTBEAT_TIMEOUT: 4000,
  /** The socket did not open, or the broker's hello did not come, within `connectTimeoutMs`. */
  CONNECT_TIMEOUT: 4001,
  /** The broker sent a frame the codec could not decode. */
  BAD_FRAME: 4002,
  /** Subscribing or taking the snapshot after connecting failed. */
  RESYNC_FAILED: 4003,
} as const;

/** How a connection (or a connection attempt) ended. */
export interface CloseInfo {
  /** The WebSocket close code, or one of {@link CLIENT_CLOSE_CODES}. */
  code: number;
  /** Why, as the broker or the client put it (may be empty). */
  reason: string;
  /** Whether the closing handshake completed. */
  wasClean: boolean;
  /**
   * Set when the connection was refused in a way retrying cannot fix: the broker turned this
   * page away before `hello` (a 1008 close whose reason is `ORIGIN_NOT_ALLOWED`,
   * `ACCESS_PENDING`, `ACCESS_DENIED` or `UNAUTHORIZED`; for Node, a 401 or 403 at the upgrade),
   * the browser's Local Network Access permission is denied (`LOCAL_NETWORK_DENIED`), or the
   * certificate is not trusted (`TLS_UNTRUSTED`, where the client can tell). The client does
   * not retry; `client.accessError` gives it as an `NhiCardError` with zh-TW and English texts.
   */
  accessError?: ConnectRefusalCode;
  /** The HTTP status of a refused upgrade, where the client can read it (Node). */
  httpStatus?: number;
}

/** The connection's state, as `client.state` and `client.states()` give it. */
export interface ConnectionState {
  /** Where the connection is. */
  status: ConnectionStatus;
  /** How the last connection or attempt ended; `null` until one has. */
  lastClose: CloseInfo | null;
  /** The reconnection attempt in progress or next (1 for the first retry); 0 when open. */
  attempt: number;
  /** While `reconnecting` and waiting: ms from the state change to the next attempt. */
  retryInMs: number | null;
}

/**
 * Close codes after which reconnecting unchanged would fail the same way (PROTOCOL.md, close
 * codes): the client broke the protocol (1002, 1003, 1007), a policy (1008: token revoked,
 * rate limit kept exceeded) or a size limit (1009). The client reports the close instead.
 */
export const FINAL_CLOSE_CODES: readonly number[] = [1002, 1003, 1007, 1008, 1009];

/** What the connection tells the client. */
export interface ConnectionHooks {
  /** The broker said hello: the connection is open and requests may be sent. */
  opened(hello: HelloMessage): void;
  /** A response or an event arrived on the open connection. */
  received(message: ResponseMessage | EventMessage): void;
  /** A message failed validation (an event of an unknown topic, a malformed response). */
  unreadable(failure: ParseFailure): void;
  /** The connection ended; `final` when the client will not reconnect on its own. */
  lost(info: CloseInfo, final: boolean): void;
}
