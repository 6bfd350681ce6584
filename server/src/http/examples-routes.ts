import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from '../server-options.js';
import { serveSdkBundle } from './sdk-routes.js';
import { readStaticFile, STATIC_HEADERS, safeSegments, sendText } from './static-file.js';

/** The folders the example apps and the client's `<script>` bundles are served from. */
export interface ExamplesFiles {
  /** Holds `index.html`, `his-registration/`, `kiosk/`, `monitor/`, `shared/`. */
  directory: string;
  /** Holds `nhicard-client.iife.js`, `nhicard-client.msgpack.iife.js` and `nhicard-nats.iife.js`. */
  sdkDirectory: string;
}

/** The URL prefix of the example apps. */
export const EXAMPLES_PATH = '/examples/';
/**
 * The apps that hold `presence` only (the kiosk and the monitor). They are served from the
 * broker's presence port, a second origin the broker holds to `presence` whatever the page's
 * script does; the main port redirects there. (They used to be sandboxed into origin `null`,
 * which any website can also produce.)
 */
const PRESENCE_ONLY_APPS = ['kiosk', 'monitor'] as const;

/**
 * Whether a first path segment names a presence-only app as the file system will resolve it:
 * case-insensitively, and without the trailing dots and spaces Windows ignores, so `KIOSK/`
 * or `kiosk./` cannot reach the kiosk's files from the main origin.
 */
export function isPresenceOnlyApp(segment: string | undefined): boolean {
  if (segment === undefined) return false;
  const folded = segment.toLowerCase().replace(/[. ]+$/, '');
  return PRESENCE_ONLY_APPS.some((app) => app === folded);
}

/** Which of the broker's two origins a request came in on. */
export type ExamplesOrigin = { kind: 'main'; presencePort: number } | { kind: 'presence' };

// From src/http/ and from dist/http/ alike, the repository's folders are three levels up.
const repoPath = (path: string): string =>
  fileURLToPath(new URL(`../../../${path}`, import.meta.url));
// The published package carries copies in dist/assets/ (made by its prepack step); they exist
// only next to the built code, so a checkout running the sources keeps serving its own files.
const packagedPath = (path: string): string =>
  fileURLToPath(new URL(`../assets/${path}`, import.meta.url));
const firstExisting = (packaged: string, inRepo: string): string =>
  existsSync(packagedPath(packaged)) ? packagedPath(packaged) : repoPath(inRepo);

/** Where the examples are: the package's own copy, else this repository's `examples/`. */
export const DEFAULT_EXAMPLES_DIRECTORY = firstExisting('examples', 'examples');
/**
 * Where the `<script>` bundles are: the package's own copy, else where
 * `pnpm --filter @nhicard/client build` writes them.
 */
export const DEFAULT_SDK_DIRECTORY = firstExisting('sdk', 'client-sdk/dist');

/**
 * Which folders to serve for `options.examples`: served by default with the simulator (a
 * newcomer's first run), off by default with a real driver; null when off.
 */
export function resolveExamples(
  option: ServerOptions['examples'],
  simulator: boolean,
): ExamplesFiles | null {
  const enabled = option === undefined ? simulator : option !== false;
  if (!enabled) return null;
  const given = typeof option === 'object' ? option : {};
  return {
    directory: resolve(given.directory ?? DEFAULT_EXAMPLES_DIRECTORY),
    sdkDirectory: resolve(given.sdkDirectory ?? DEFAULT_SDK_DIRECTORY),
  };
}

/** `http://host:port` of the request, when its Host header is a plain host (else null). */
function selfSource(request: IncomingMessage): string | null {
  const host = request.headers.host;
  return host !== undefined && /^[\w.[\]:-]+$/.test(host) ? `http://${host}` : null;
}

/**
 * The CSP of an example page. Scripts and styles come from the broker only, never inline.
 * Presence-only pages may reach any `ws:` broker (the monitor watches many); the others only
 * this one.
 */
function examplePagePolicy(request: IncomingMessage, presenceOnly: boolean): string {
  const self = selfSource(request);
  const sources = self === null ? "'self'" : `'self' ${self}`;
  // Presence-only pages (the monitor) also reach other brokers' /healthz: the client's
  // reconnect probe. They hold `presence` only, wherever they connect.
  const sockets = presenceOnly
    ? 'ws: wss: http: https:'
    : self === null
      ? ''
      : self.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src ${sources}`,
    `style-src ${sources}`,
    `img-src ${sources} data:`,
    `connect-src ${sources} ${sockets}`.trimEnd(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves `/examples/…` (the example apps, as files) and `/sdk/…` (the client's `<script>`
 * bundles, `serveSdkBundle`). Returns false for any other path, which the caller handles.
 */
export function serveExamples(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  files: ExamplesFiles,
  origin: ExamplesOrigin,
): boolean {
  if (pathname === EXAMPLES_PATH.slice(0, -1)) {
    redirect(response, EXAMPLES_PATH);
    return true;
  }
  if (serveSdkBundle(request, response, pathname, files.sdkDirectory)) return true;
  if (!pathname.startsWith(EXAMPLES_PATH)) return false;
  const segments = safeSegments(pathname.slice(EXAMPLES_PATH.length));
  if (segments === null) {
    sendText(response, 404, 'Not found.\n');
    return true;
  }
  const last = segments.at(-1);
  // A folder named without its trailing slash: the page's relative links need the slash.
  if (last !== undefined && !last.includes('.') && !pathname.endsWith('/')) {
    redirect(response, `${pathname}/`);
    return true;
  }
  const presenceOnly = isPresenceOnlyApp(segments[0]);
  if (origin.kind === 'main' && presenceOnly) {
    redirect(
      response,
      presenceLocation(request, origin.presencePort, segments, pathname.endsWith('/')),
      302,
    );
    return true;
  }
  if (origin.kind === 'presence' && !presenceOnly && segments[0] !== 'shared') {
    sendText(
      response,
      404,
      'Not found. This port serves the presence-only examples: /examples/kiosk/ and /examples/monitor/.\n',
    );
    return true;
  }
  send(request, response, files.directory, segments, origin.kind === 'presence', () =>
    sendText(response, 404, `Not found. The examples start at ${EXAMPLES_PATH}.\n`),
  );
  return true;
}

/** The same file on the presence port, under the host name the browser used. */
function presenceLocation(
  request: IncomingMessage,
  presencePort: number,
  segments: readonly string[],
  trailingSlash: boolean,
): string {
  const hostname = new URL(selfSource(request) ?? 'http://127.0.0.1').hostname;
  const [app = '', ...rest] = segments;
  const path = [app.toLowerCase().replace(/[. ]+$/, ''), ...rest].map(encodeURIComponent);
  const search = new URL(request.url ?? '/', 'http://localhost').search;
  return `http://${hostname}:${presencePort}${EXAMPLES_PATH}${path.join('/')}${trailingSlash ? '/' : ''}${search}`;
}

function redirect(response: ServerResponse, location: string, status = 301): void {
  response.writeHead(status, { ...STATIC_HEADERS, Location: location, 'Content-Length': 0 });
  response.end();
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  segments: readonly string[],
  presenceOnly: boolean,
  notFound: () => void,
): void {
  readStaticFile(root, segments).then((file) => {
    if (file === null) {
      notFound();
      return;
    }
    const headers: Record<string, string | number> = {
      ...STATIC_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.byteLength,
    };
    if (file.contentType.startsWith('text/html')) {
      headers['Content-Security-Policy'] = examplePagePolicy(request, presenceOnly);
    }
    // No Access-Control-Allow-Origin on anything here: the monitor's config may hold tokens,
    // and its own page reads it same-origin.
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }, notFound);
}
