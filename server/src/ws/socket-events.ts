import { CLOSE_CODES } from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Connection } from './connection.js';
import { frameOf } from './upgrade-admission.js';

/**
 * Hands a socket's frames and pongs to its connection. A failure the connection did not turn
 * into an error response is a broker bug: that connection ends with 1011 (the client
 * reconnects), and the broker and the other connections go on.
 */
export function wireSocketEvents(ws: WebSocket, connection: Connection, logger: Logger): void {
  ws.on('message', (data, isBinary) => {
    try {
      connection.handleFrame(frameOf(data, isBinary));
    } catch (error) {
      logger.error({ conn: connection.id, err: error }, 'internal failure; closing with 1011');
      connection.close(CLOSE_CODES.INTERNAL_ERROR, 'internal error');
    }
  });
  ws.on('pong', () => connection.handlePong());
  // ws reports protocol violations (oversized frame, bad UTF-8) here and closes itself.
  ws.on('error', (error) => {
    logger.info({ conn: connection.id, reason: error.message }, 'connection error');
  });
}
