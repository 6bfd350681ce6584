import { CLOSE_CODES } from '@nhicard/protocol';
import type { WebSocket } from 'ws';
import type { Connection } from './connection.js';

/** How long closing connections get to finish the closing handshake before they are cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes every connection with 1001 and `reason`, and resolves once each has finished the
 * closing handshake; sockets still open after `graceMs` are cut.
 * @param graceMs @default 2000
 */
export async function drainConnections(
  connections: ReadonlyMap<Connection, WebSocket>,
  reason: string,
  graceMs = CLOSE_GRACE_MS,
): Promise<void> {
  const closed = [...connections.values()].map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
      }),
  );
  for (const connection of connections.keys()) {
    connection.close(CLOSE_CODES.GOING_AWAY, reason.slice(0, 120));
  }
  const cut = setTimeout(() => {
    for (const ws of connections.values()) ws.terminate();
  }, graceMs);
  await Promise.all(closed);
  clearTimeout(cut);
}
