/**
 * The part of the WHATWG `WebSocket` the client uses. Browsers' global `WebSocket` and the
 * `ws` package's `WebSocket` both fit, as does a test double. The handlers take `never` so
 * that any implementation's own event types are accepted; the client reads the few fields
 * it needs ({@link SocketMessageEvent}, {@link SocketCloseEvent}) itself.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** The subprotocol the server chose (`''` when it chose none). */
  readonly protocol: string;
  /** How binary frames are delivered; the client asks for `'arraybuffer'`. */
  binaryType: string;
  /** Sends one frame: text for a string, binary for bytes. */
  send(data: string | Uint8Array): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Called once the handshake succeeded. */
  onopen: ((event: never) => void) | null;
  /** Called for every frame received. */
  onmessage: ((event: never) => void) | null;
  /** Called once the socket is closed. */
  onclose: ((event: never) => void) | null;
  /** Called when the socket failed; `onclose` follows. */
  onerror: ((event: never) => void) | null;
}

/** The fields of a message event the client reads. */
export interface SocketMessageEvent {
  /** A string for a text frame; an ArrayBuffer or a Uint8Array (Node Buffer) for binary. */
  data: unknown;
}

/** The fields of a close event the client reads. */
export interface SocketCloseEvent {
  /** The close code (1006 when the connection dropped or was refused). */
  code: number;
  /** The close reason the peer sent. */
  reason: string;
  /** Whether the closing handshake completed. */
  wasClean: boolean;
}

/** A `WebSocket` constructor: the browser's global one, `ws`'s, or a test double. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;
