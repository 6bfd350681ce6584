import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scope } from '@nhicard/protocol';
import type { ServerOptions } from '../server-options.js';
import { readStaticFile, safeSegments } from './static-file.js';

/** The folders the example apps and the client's `<script>` bundles are served from. */
export interface ExamplesFiles {
  /** Holds `index.html`, `his-registration/`, `kiosk/`, `monitor/`, `shared/`. */
  directory: string;
  /** Holds `nhicard-client.iife.js` and `nhicard-client.msgpack.iife.js`. */
  sdkDirectory: string;
}

/** The URL prefix of the example apps. */
export const EXAMPLES_PATH = '/examples/';
/** The URL prefix of the client's `<script>` bundles. */
export const SDK_PATH = '/sdk/';
/** The `<script>` bundles served under {@link SDK_PATH}. */
export const SDK_BUNDLES = ['nhicard-client.iife.js', 'nhicard-client.msgpack.iife.js'] as const;

/**
 * The apps served sandboxed (`Content-Security-Policy: sandbox allow-scripts`): the browser
 * gives their documents an opaque origin, so their WebSocket upgrades carry `Origin: null`
 * instead of the broker's own origin (which holds `read`, and `admin` on the simulator). The
 * broker grants `null` {@link SANDBOXED_ORIGIN_SCOPES} and nothing more, so these pages can
 * never receive card data, whatever their script does.
 */
export const PRESENCE_ONLY_APPS = ['kiosk', 'monitor'] as const;
/** The origin a sandboxed document sends. */
export const SANDBOXED_ORIGIN = 'null';
/** What {@link SANDBOXED_ORIGIN} may do while the examples are served. */
export const SANDBOXED_ORIGIN_SCOPES: readonly Scope[] = ['presence'];

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

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** `http://host:port` of the request, when its Host header is a plain host (else null). */
function selfSource(request: IncomingMessage): string | null {
  const host = request.headers.host;
  return host !== undefined && /^[\w.[\]:-]+$/.test(host) ? `http://${host}` : null;
}

/**
 * The CSP of an example page. Scripts and styles come from the broker only, never inline.
 * Sandboxed pages may reach any broker (the monitor watches many); the others only this one.
 */
export function examplePagePolicy(request: IncomingMessage, sandboxed: boolean): string {
  const self = selfSource(request);
  const sources = self === null ? "'self'" : `'self' ${self}`;
  // Sandboxed pages (the monitor) also reach other brokers' /healthz: the client's reconnect
  // probe. They hold `presence` only, wherever they connect.
  const sockets = sandboxed
    ? 'ws: wss: http: https:'
    : self === null
      ? ''
      : self.replace(/^http/, 'ws');
  return [
    ...(sandboxed ? ['sandbox allow-scripts'] : []),
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
 * bundles). Returns false for any other path, which the caller handles.
 */
export function serveExamples(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  files: ExamplesFiles,
): boolean {
  if (pathname === EXAMPLES_PATH.slice(0, -1)) {
    redirect(response, EXAMPLES_PATH);
    return true;
  }
  if (pathname.startsWith(SDK_PATH)) {
    const name = pathname.slice(SDK_PATH.length);
    const bundle = SDK_BUNDLES.find((candidate) => candidate === name);
    if (bundle === undefined) {
      sendText(response, 404, `Not found. The SDK bundles are ${SDK_BUNDLES.join(' and ')}.\n`);
    } else {
      send(request, response, files.sdkDirectory, [bundle], false, () =>
        sendText(
          response,
          404,
          `The client bundle ${bundle} is not built yet: run pnpm --filter @nhicard/client build.\n`,
        ),
      );
    }
    return true;
  }
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
  const sandboxed = PRESENCE_ONLY_APPS.some((app) => app === segments[0]);
  send(request, response, files.directory, segments, sandboxed, () =>
    sendText(response, 404, `Not found. The examples start at ${EXAMPLES_PATH}.\n`),
  );
  return true;
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(301, { ...BASE_HEADERS, Location: location, 'Content-Length': 0 });
  response.end();
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  segments: readonly string[],
  sandboxed: boolean,
  notFound: () => void,
): void {
  readStaticFile(root, segments).then((file) => {
    if (file === null) {
      notFound();
      return;
    }
    const headers: Record<string, string | number> = {
      ...BASE_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.byteLength,
    };
    if (file.contentType.startsWith('text/html')) {
      headers['Content-Security-Policy'] = examplePagePolicy(request, sandboxed);
    }
    // A sandboxed page's fetches are cross-origin (its origin is opaque): its own JSON (the
    // monitor's config) must say that origin may read it.
    if (sandboxed && file.contentType.startsWith('application/json')) {
      headers['Access-Control-Allow-Origin'] = SANDBOXED_ORIGIN;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }, notFound);
}
