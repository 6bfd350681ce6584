import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PeerOwner } from '@nhicard/native';
import type { HelloMessage } from '@nhicard/protocol';
import type { Logger } from 'pino';
import { ACCESS_PATH, serveAccess } from '../access/access-endpoint.js';
import type { Broker } from '../core/broker.js';
import type { NatsLinkStatus } from '../nats/nats-options.js';
import type { AccessPolicy } from '../ws/access-control.js';
import type { SimulatorCardEntry } from '../ws/simulator-cards.js';
import { renderDemoPage } from './demo-page.js';
import type { DriverHealthState } from './driver-health.js';
import {
  DEFAULT_SDK_DIRECTORY,
  EXAMPLES_PATH,
  type ExamplesFiles,
  serveExamples,
} from './examples-routes.js';
import { serveSdkBundle } from './sdk-routes.js';
import type { ServerMetrics } from './server-metrics.js';

/** What the HTTP routes serve from. */
export interface HttpRoutesOptions {
  broker: Broker;
  metrics: ServerMetrics;
  /** Open WebSocket connections now. */
  connectionCount: () => number;
  /** When the server started, from `performance.now()`. */
  startedAtMs: number;
  serverInfo: HelloMessage['server'];
  /** The WebSocket path, for the demo page. */
  wsPath: string;
  /** Whether `/` serves the demo page. */
  demoPage: boolean;
  /** The demo cards for the page's simulator buttons; null when the driver is not the simulator. */
  simulatorCards: readonly SimulatorCardEntry[] | null;
  /** Where the example apps and the SDK bundles are served from; null when they are not. */
  examples?: ExamplesFiles | null;
  /** The NATS link's state when the broker publishes to NATS (left out: no `nats` field). */
  natsStatus?: () => NatsLinkStatus;
  /** The presence port the presence-only examples are served from; set once listening. */
  presencePort?: () => number;
  /** Who may connect, for `/v1/access`; set once listening. */
  policy: () => AccessPolicy;
  logger: Logger;
  /** The health the report shows. @default always ok */
  health?: { readonly state: DriverHealthState };
}

/**
 * The body of `/healthz`: `ok`, or `degraded` with the reasons (service unreachable, no reader,
 * csHIS host restarting); driver, readers with presence, uptime and connections.
 */
interface HealthReport {
  status: DriverHealthState['status'];
  /** Why it is degraded; empty when ok. */
  reasons: string[];
  server: HelloMessage['server'];
  driver: string;
  /** Each reader with what is in its slot (no holder, not even masked). */
  readers: { id: string; name: string; presence: string; since: string }[];
  uptimeSeconds: number;
  connections: number;
  /** The seq of the last event. */
  seq: number;
  /** The NATS link, when the broker publishes presence to NATS. */
  nats?: NatsLinkStatus;
}

const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/** The health report of a broker. */
function healthReport(options: HttpRoutesOptions): HealthReport {
  const { broker } = options;
  const health = options.health?.state ?? { status: 'ok', reasons: [] };
  return {
    status: health.status,
    reasons: health.reasons,
    server: options.serverInfo,
    driver: broker.driverKind,
    readers: broker.listReaders().map((reader) => {
      const { card } = broker.readerStatus(reader.id);
      return { id: reader.id, name: reader.name, presence: card.presence, since: card.since };
    }),
    uptimeSeconds: Math.round(performance.now() - options.startedAtMs) / 1000,
    connections: options.connectionCount(),
    seq: broker.seq,
    ...(options.natsStatus ? { nats: options.natsStatus() } : {}),
  };
}

/**
 * The HTTP side of the server: `/healthz` (JSON), `/metrics` (Prometheus text), `/` (the
 * demo page) with `/sdk/…` (the client bundles it loads), and when enabled `/examples/…`.
 * Anything else is 404; methods
 * other than GET and HEAD are 405.
 */
export function createHttpHandler(
  options: HttpRoutesOptions,
): (request: IncomingMessage, response: ServerResponse, owner: PeerOwner) => void {
  return (request, response, owner) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n', {
        Allow: 'GET, HEAD',
      });
      return;
    }
    if (pathname === ACCESS_PATH) {
      serveAccess(request, response, options.policy(), owner);
      return;
    }
    if (pathname === '/healthz') {
      const body = `${JSON.stringify(healthReport(options), null, 2)}\n`;
      send(response, 200, 'application/json; charset=utf-8', body);
      return;
    }
    if (pathname === '/metrics') {
      options.metrics.render().then(
        (body) => send(response, 200, options.metrics.contentType, body),
        (error: unknown) => {
          options.logger.error({ detail: String(error) }, 'metrics failed');
          send(response, 500, 'text/plain; charset=utf-8', 'Metrics failed.\n');
        },
      );
      return;
    }
    if (pathname === '/' && options.demoPage) {
      const nonce = randomBytes(16).toString('base64');
      const page = renderDemoPage({
        serverInfo: options.serverInfo,
        path: options.wsPath,
        simulatorCards: options.simulatorCards,
        nonce,
        examplesPath: options.examples ? EXAMPLES_PATH : null,
      });
      send(response, 200, 'text/html; charset=utf-8', page, {
        'Content-Security-Policy': [
          "default-src 'none'",
          `script-src 'nonce-${nonce}'`,
          `style-src 'nonce-${nonce}'`,
          // 'self' covers ws:// to the same host in CSP 3; the explicit form is for older engines.
          `connect-src 'self'${wsSourceOf(request)}`,
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
        ].join('; '),
      });
      return;
    }
    // The demo page loads the SDK's bundle: served with it even when the examples are off.
    if (
      options.demoPage &&
      !options.examples &&
      serveSdkBundle(request, response, pathname, DEFAULT_SDK_DIRECTORY)
    ) {
      return;
    }
    const presencePort = options.presencePort?.() ?? 0;
    const origin = { kind: 'main', presencePort } as const;
    if (options.examples && serveExamples(request, response, pathname, options.examples, origin)) {
      return;
    }
    const places = options.examples
      ? `/ , /healthz , /metrics or ${EXAMPLES_PATH}`
      : '/ , /healthz or /metrics';
    send(response, 404, 'text/plain; charset=utf-8', `Not found. Try ${places}.\n`);
  };
}

function wsSourceOf(request: IncomingMessage): string {
  const host = request.headers.host;
  return host !== undefined && /^[\w.[\]:-]+$/.test(host) ? ` ws://${host}` : '';
}
