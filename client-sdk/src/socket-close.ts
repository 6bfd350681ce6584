import type { WebSocketLike } from './web-socket-like.js';

/**
 * Closes `socket` with `code` and `reason`; a reason over the 123 bytes a close frame can
 * carry makes `close` throw, so it is then closed without one.
 */
function closeSocket(socket: WebSocketLike, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    socket.close(code);
  }
}

/**
 * Closes `socket` for good and resolves once it has closed, or after `waitMs` at the most: a
 * dead peer must not keep the caller waiting. Its message and error handlers are dropped first.
 */
export function closeAndWait(
  socket: WebSocketLike,
  code: number,
  reason: string,
  waitMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    socket.onmessage = null;
    socket.onerror = null;
    socket.onclose = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      closeSocket(socket, code, reason);
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Drops `socket` at once: its handlers go first, so nothing it does later is reported. */
export function discardSocket(socket: WebSocketLike, code: number, reason: string): void {
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
  try {
    closeSocket(socket, code, reason);
  } catch {
    // The socket is being discarded either way.
  }
}
