import { type FSWatcher, mkdirSync, readFileSync, watch } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createPeerOwnerCheck } from '@nhicard/native';
import type { HelloMessage, Scope, TopicData } from '@nhicard/protocol';
import { type Logger, pino } from 'pino';
import { CallerIdentity } from './access/caller-identity.js';
import { ConsentStore } from './access/consent-store.js';
import { FailedTokenThrottle } from './access/failed-token-throttle.js';
import { HostCheck } from './access/host-check.js';
import { guardHttp } from './access/http-guard.js';
import { warnAboutAccess } from './access/startup-warnings.js';
import { Broker, type BrokerEvent } from './core/broker.js';
import { DriverHealth } from './http/driver-health.js';
import { EXAMPLES_PATH, resolveExamples } from './http/examples-routes.js';
import { createHttpHandler } from './http/http-routes.js';
import { instrumentDriver } from './http/instrumented-driver.js';
import { createPresenceHttpHandler } from './http/presence-routes.js';
import { ServerMetrics } from './http/server-metrics.js';
import { type RunningLanListener, startLanListener } from './lan/lan-listener.js';
import type { NatsLinkStatus } from './nats/nats-options.js';
import { PresencePublisher } from './nats/presence-publisher.js';
import type { ServerOptions } from './server-options.js';
import type { IssuedCertificate } from './tls/local-ca.js';
import { createSecureServer, type SecureServer } from './tls/secure-server.js';
import { AccessPolicy, brokerOrigins, loopbackAuthorities } from './ws/access-control.js';
import { resolveLimits } from './ws/limits.js';
import type { SimulatorAccess } from './ws/op-handlers.js';
import { createSimulatorCards, findSimulatorDriver } from './ws/simulator-cards.js';
import { WS_PATH, WsGateway } from './ws/ws-gateway.js';

/** A started server. */
export interface RunningServer {
  /** The WebSocket endpoint, e.g. `ws://127.0.0.1:7766/v1`. */
  readonly url: string;
  /** The HTTP root (demo page), e.g. `http://127.0.0.1:7766/`. */
  readonly httpUrl: string;
  /** The example apps' index, e.g. `http://127.0.0.1:7766/examples/`; null when not served. */
  readonly examplesUrl: string | null;
  /**
   * The presence origin's root, e.g. `http://127.0.0.1:7767/` (the kiosk and the monitor live
   * under its `examples/`); null when the examples are not served.
   */
  readonly presenceUrl: string | null;
  /** The presence port (the real one when it was 0); null when the examples are not served. */
  readonly presencePort: number | null;
  /** The port listened on (the real one when `port` was 0). */
  readonly port: number;
  /** The interface listened on. */
  readonly host: string;
  /** The broker core, for tests and the CLI banner. */
  readonly broker: Broker;
  /** The `wss://` listener, when `tls` is configured; null otherwise. */
  readonly secure: RunningSecureListener | null;
  /** LAN mode's `wss://` listener, when `lan` is configured; null otherwise. */
  readonly lan: RunningLanListener | null;
  /**
   * Stops: publishes `server.shutdown` with `reason`, closes every connection with 1001,
   * stops the HTTP server and closes the broker (and so the driver). Idempotent.
   */
  close(reason?: string): Promise<void>;
}

/** The `wss://` side of a started server. */
export interface RunningSecureListener {
  /** E.g. `wss://localhost:7768/v1`. */
  readonly url: string;
  /** E.g. `https://localhost:7768/`. */
  readonly httpUrl: string;
  readonly port: number;
  /** The local CA's certificate (PEM), for trust stores. */
  readonly caCertPem: string;
  /** The server certificate served to new connections. */
  certificate(): IssuedCertificate;
  /** Renews the server certificate now; connections already open keep going. */
  renewCertificate(): Promise<IssuedCertificate>;
}

/** The default port. */
export const DEFAULT_PORT = 7766;
/** The default interface: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

function serverVersion(): string {
  try {
    // ../package.json from both src/ and dist/.
    const json: unknown = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    const version = (json as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another nhicard? run \`nhicard doctor\`)`
          : error.message;
      reject(new Error(`The broker cannot listen: ${reason}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function logEvent(logger: Logger, event: BrokerEvent): void {
  // Topic, seq and reader only: event data holds card data.
  const fields = { seq: event.seq, topic: event.topic, reader: event.reader };
  if (event.topic === 'card.error') {
    const { error, section } = event.data as TopicData['card.error'];
    logger.warn({ ...fields, code: error.code, section, nativeCode: error.native?.code }, 'event');
  } else {
    logger.debug(fields, 'event');
  }
}

function describeSecureListener(
  secure: SecureServer,
  urlHost: string,
  port: number,
): RunningSecureListener {
  return {
    url: `wss://${urlHost}:${port}${WS_PATH}`,
    httpUrl: `https://${urlHost}:${port}/`,
    port,
    caCertPem: secure.caCertPem,
    certificate: () => secure.renewal.certificate,
    renewCertificate: () => secure.renewal.renewNow(),
  };
}

/**
 * Calls `onChange` whenever the access file may have changed (`nhicard access` replaces it by
 * renaming, so the folder is watched), so that a denial ends open sessions at once.
 */
function watchConsent(path: string, onChange: () => void): FSWatcher {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const watcher = watch(dirname(path), { persistent: false }, onChange);
  watcher.on('error', () => undefined);
  return watcher;
}

/**
 * Starts the broker: the card pipeline on `options.driver`, the WebSocket endpoint at `/v1`
 * and the HTTP routes (`/`, `/healthz`, `/metrics`, and `/examples/…` + `/sdk/…` when the
 * examples are served) on one port.
 * @throws Error when the host is not loopback, the port is taken, LAN mode's certificate or
 *   tokens are unusable, or the driver fails to list its readers.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  if (!LOOPBACK.test(host)) {
    throw new Error(
      `host ${host}: the broker listens on loopback only (127.0.0.1, ::1); other PCs reach it through LAN mode (lan).`,
    );
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const limits = resolveLimits(options.limits);
  const serverInfo: HelloMessage['server'] = { name: 'nhicard', version: serverVersion() };
  const startedAtMs = performance.now();
  let broker: Broker | undefined;
  const metrics = new ServerMetrics(() => {
    const current = broker;
    if (current === undefined) return [];
    return current.listReaders().map((reader) => current.readerStatus(reader.id).card.presence);
  });
  const simulatorDriver = findSimulatorDriver(options.driver);
  const simulator: SimulatorAccess | null = simulatorDriver
    ? {
        driver: simulatorDriver,
        cards: await createSimulatorCards({
          cardDirectory: options.simulatorCardDirectory,
          onDemoCardError: (name, error) =>
            logger.error({ card: name, detail: String(error) }, 'demo card cannot be loaded'),
        }),
      }
    : null;
  const examples = resolveExamples(options.examples, simulator !== null);
  // `limits.requestTimeoutMs` is the table's time for requests that do not read a card.
  const deadlines = { requestMs: limits.requestTimeoutMs, ...options.broker?.deadlines };
  broker = new Broker({
    ...options.broker,
    deadlines,
    driver: instrumentDriver(options.driver, metrics),
  });
  const running = broker;
  const health = new DriverHealth(broker, options.driver, logger, options.serviceProbe ?? null);
  const now = options.broker?.now ?? (() => new Date());
  const eventLog = broker.events$.subscribe((event) => {
    const code =
      event.topic === 'card.error' ? (event.data as TopicData['card.error']).error.code : undefined;
    metrics.eventPublished(event.topic, code);
    logEvent(logger, event);
  });
  let policy: AccessPolicy | undefined;
  let hosts: HostCheck | undefined;
  const policyNow = (): AccessPolicy => {
    if (policy === undefined) throw new Error('access policy used before listening');
    return policy;
  };
  const hostsNow = (): HostCheck => hosts ?? new HostCheck([]);
  const sameUserOnly = options.access?.sameUserOnly ?? true;
  const peerOwnerCheck = sameUserOnly ? createPeerOwnerCheck() : null;
  const callers = new CallerIdentity(peerOwnerCheck, logger);
  const tokenThrottle = new FailedTokenThrottle(options.access?.failedTokens);
  const consent =
    options.access?.consentFile === undefined ? null : new ConsentStore(options.access.consentFile);
  const guard = { hosts: hostsNow, callers, policy: policyNow, tokenThrottle, logger };
  let presencePort = 0;
  const gateway = new WsGateway({
    broker,
    policy: policyNow,
    hosts: hostsNow,
    callers,
    tokenThrottle,
    simulator,
    consent,
    limits,
    logger,
    metrics,
    serverInfo,
    now,
  });
  let publisher: PresencePublisher | undefined;
  const natsNotStarted: NatsLinkStatus = {
    state: 'connecting',
    server: null,
    since: new Date().toISOString(),
    lastError: null,
  };
  const handler = guardHttp(
    guard,
    createHttpHandler({
      broker,
      metrics,
      connectionCount: () => gateway.connectionCount,
      startedAtMs,
      serverInfo,
      wsPath: WS_PATH,
      demoPage: options.demoPage ?? true,
      simulatorCards: simulator?.cards.demoCards ?? null,
      examples,
      ...(options.nats ? { natsStatus: () => publisher?.status ?? natsNotStarted } : {}),
      presencePort: () => presencePort,
      policy: policyNow,
      logger,
      health,
    }),
  );
  const http = createServer();
  let secure: SecureServer | null = null;
  // The presence origin: a second port serving the kiosk and the monitor, held to presence.
  const presenceHttp = examples
    ? createServer(guardHttp(guard, createPresenceHttpHandler(examples)))
    : null;
  presenceHttp?.on('upgrade', (request, socket, head: Buffer) =>
    gateway.handleUpgrade(request, socket, head),
  );
  const requestedPort = options.port ?? DEFAULT_PORT;
  let lan: RunningLanListener | null = null;
  try {
    secure = options.tls ? await createSecureServer(options.tls, logger) : null;
    for (const server of secure ? [http, secure.server] : [http]) {
      server.on('request', handler);
      server.on('upgrade', (request, socket, head: Buffer) =>
        gateway.handleUpgrade(request, socket, head),
      );
    }
    await broker.start();
    await health.start();
    await listen(http, requestedPort, host);
    if (secure && options.tls) await listen(secure.server, options.tls.port, host);
    if (presenceHttp !== null) {
      const wanted = options.presencePort ?? (requestedPort === 0 ? 0 : requestedPort + 1);
      await listen(presenceHttp, wanted, host);
      presencePort = (presenceHttp.address() as AddressInfo).port;
    }
    if (options.lan) {
      lan = await startLanListener(options.lan, gateway.handleUpgrade.bind(gateway), logger);
    }
    if (options.nats) {
      publisher = new PresencePublisher(broker, options.nats, logger, metrics.registry);
      publisher.start();
    }
  } catch (error) {
    await lan?.close();
    secure?.renewal.stop();
    secure?.server.close();
    http.close();
    presenceHttp?.close();
    eventLog.unsubscribe();
    health.stop();
    await gateway.close('startup failed');
    await broker.close();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const securePort = secure ? (secure.server.address() as AddressInfo).port : null;
  const ownScopes: Scope[] = simulator ? ['presence', 'read', 'admin'] : ['presence', 'read'];
  const presenceOrigins = presenceHttp === null ? [] : brokerOrigins(host, presencePort);
  policy = new AccessPolicy({
    // The presence origin is set last so that no configured entry can widen it.
    origins: {
      ...options.access?.origins,
      ...Object.fromEntries(presenceOrigins.map((origin) => [origin, ['presence'] as Scope[]])),
    },
    tokens: options.access?.tokens ?? {},
    ownOrigins: Object.fromEntries(
      [
        ...brokerOrigins(host, port),
        ...(securePort === null ? [] : brokerOrigins(host, securePort, 'https')),
      ].map((origin) => [origin, ownScopes]),
    ),
    sameUserScopes: ownScopes,
    consent,
  });
  hosts = new HostCheck([
    ...loopbackAuthorities(host, port),
    ...(securePort === null ? [] : loopbackAuthorities(host, securePort)),
    ...(presenceHttp === null ? [] : loopbackAuthorities(host, presencePort)),
  ]);
  const consentWatch =
    consent === null ? null : watchConsent(consent.path, () => gateway.revalidate());
  warnAboutAccess(logger, {
    origins: options.access?.origins ?? {},
    peerOwnerMethod: peerOwnerCheck?.method ?? 'off',
    consent,
  });
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  logger.info({ host, port, driver: broker.driverKind }, 'broker listening');

  let closing: Promise<void> | undefined;
  const close = (reason = 'The broker is shutting down.'): Promise<void> => {
    closing ??= (async () => {
      logger.info('broker shutting down');
      consentWatch?.close();
      running.publishServerEvent('server.shutdown', { reason });
      await gateway.close(reason);
      await publisher?.close();
      await lan?.close();
      secure?.renewal.stop();
      await Promise.all(
        [http, ...(secure ? [secure.server] : []), ...(presenceHttp ? [presenceHttp] : [])].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      health.stop();
      await running.close();
      eventLog.unsubscribe();
      logger.info('broker stopped');
    })();
    return closing;
  };
  return {
    url: `ws://${urlHost}:${port}${WS_PATH}`,
    httpUrl: `http://${urlHost}:${port}/`,
    examplesUrl: examples ? `http://${urlHost}:${port}${EXAMPLES_PATH}` : null,
    presenceUrl: presenceHttp === null ? null : `http://${urlHost}:${presencePort}/`,
    presencePort: presenceHttp === null ? null : presencePort,
    port,
    host,
    broker,
    secure:
      secure === null || securePort === null
        ? null
        : describeSecureListener(
            secure,
            urlHost === '127.0.0.1' ? 'localhost' : urlHost,
            securePort,
          ),
    lan,
    close,
  };
}
