import { isAccessErrorCode } from '@nhicard/protocol';
import {
  explainFailure,
  type HandshakeFacts,
  watchHandshake,
  worthExplaining,
} from './connect-failure.js';
import type { CloseInfo } from './connection-state.js';
import type {
  SocketCloseEvent,
  SocketMessageEvent,
  WebSocketConstructor,
  WebSocketLike,
} from './web-socket-like.js';

/** What a socket to the broker reports, while `isCurrent` says it is the connection's own. */
export interface BrokerSocketHandlers {
  /** Whether `socket` is still the one in use; a replaced one reports nothing more. */
  isCurrent(socket: WebSocketLike): boolean;
  /** Whether the broker said hello on it (a close after that needs no explaining). */
  isOpen(): boolean;
  /** A frame arrived. */
  frame(data: unknown): void;
  /** It closed before hello without a reason; what went wrong is being found out. */
  explaining(): void;
  /** It closed: with the broker's code and reason, or the explained failure. */
  closed(info: CloseInfo): void;
}

/**
 * Opens one WebSocket to the broker with the codec's subprotocol and wires its events: frames
 * arrive as ArrayBuffers or strings; a close with 1008 and an access code carries that code;
 * a connection that failed before hello (1006) is explained first (`explainFailure`: refused
 * by the broker, or nothing listening), so the caller can tell whether retrying helps.
 * @throws what the WebSocket constructor throws (a malformed URL).
 */
export function openBrokerSocket(
  WebSocketImpl: WebSocketConstructor,
  url: string,
  subprotocol: string,
  handlers: BrokerSocketHandlers,
): WebSocketLike {
  const socket = new WebSocketImpl(url, [subprotocol]);
  const facts: HandshakeFacts = {};
  watchHandshake(socket, facts);
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (event: SocketMessageEvent) => {
    if (handlers.isCurrent(socket)) handlers.frame(event.data);
  };
  socket.onclose = (event: SocketCloseEvent) => {
    if (!handlers.isCurrent(socket)) return;
    const info: CloseInfo = { code: event.code, reason: event.reason, wasClean: event.wasClean };
    if (event.code === 1008 && isAccessErrorCode(event.reason)) info.accessError = event.reason;
    if (event.code !== 1006 || handlers.isOpen() || !worthExplaining(facts)) {
      handlers.closed(info);
      return;
    }
    handlers.explaining();
    explainFailure(info, facts).then((explained) => {
      if (handlers.isCurrent(socket)) handlers.closed(explained);
    });
  };
  socket.onerror = () => {
    // A close event follows with the code; there is nothing more to learn here.
  };
  return socket;
}
