import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXAMPLES_PATH, type ExamplesFiles, serveExamples } from './examples-routes.js';

/**
 * The presence port's routes: the presence-only examples (`/examples/kiosk/`,
 * `/examples/monitor/`, their shared files) and the client's `<script>` bundles, nothing
 * else. Its origin (`http://127.0.0.1:<presence port>`) is held to `presence`, so whatever
 * these pages run, the broker gives them no card data.
 */
export function createPresenceHttpHandler(
  files: ExamplesFiles,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': 0 });
      response.end();
      return;
    }
    if (pathname === '/') {
      response.writeHead(302, { Location: `${EXAMPLES_PATH}kiosk/`, 'Content-Length': 0 });
      response.end();
      return;
    }
    if (serveExamples(request, response, pathname, files, { kind: 'presence' })) return;
    const body = `Not found. This port serves ${EXAMPLES_PATH}kiosk/ and ${EXAMPLES_PATH}monitor/.\n`;
    response.writeHead(404, {
      'Cache-Control': 'no-store',
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  };
}
