import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Answers an upgrade request with a plain HTTP error instead of a WebSocket, then closes the
 * socket. The body is one line of plain text saying what was wrong and what to do, which is
 * what a developer sees in the browser's network panel.
 */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
  ];
  if (status === 401) head.push('WWW-Authenticate: Bearer realm="nhicard"');
  if (status === 429) head.push('Retry-After: 5');
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
