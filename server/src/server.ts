import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPeerOwnerCheck } from '@nhicard/native';
import type { HelloMessage } from '@nhicard/protocol';
import { pino } from 'pino';
import { CallerIdentity } from './access/caller-identity.js';
import { ConsentStore } from './access/consent-store.js';
import { watchConsent } from './access/consent-watch.js';
import { FailedTokenThrottle } from './access/failed-token-throttle.js';
import { HostCheck } from './access/host-check.js';
import { guardHttp } from './access/http-guard.js';
import { listenerAccess } from './access/listener-access.js';
import { warnAboutAccess } from './access/startup-warnings.js';
import { packageVersion } from './cli/package-version.js';
import { Broker } from './core/broker.js';
import { DriverHealth } from './http/driver-health.js';
import { EXAMPLES_PATH, resolveExamples } from './http/examples-routes.js';
import { createHttpHandler } from './http/http-routes.js';
import { instrumentDriver } from './http/instrumented-driver.js';
import { closeServers, listen } from './http/listen.js';
import { createPresenceHttpHandler } from './http/presence-routes.js';
import { ServerMetrics } from './http/server-metrics.js';
import { type RunningLanListener, startLanListener } from './lan/lan-listener.js';
import { logBrokerEvents } from './logging/broker-event-log.js';
import type { NatsLinkStatus } from './nats/nats-options.js';
import { PresencePublisher } from './nats/presence-publisher.js';
import { describeSecureListener, type RunningServer, urlHostOf } from './running-server.js';
import type { ServerOptions } from './server-options.js';
import { createSecureServer, type SecureServer } from './tls/secure-server.js';
import type { AccessPolicy } from './ws/access-control.js';
import { resolveLimits } from './ws/limits.js';
import { simulatorAccessFor } from './ws/simulator-cards.js';
import { WS_PATH, WsGateway } from './ws/ws-gateway.js';

export type { RunningSecureListener, RunningServer } from './running-server.js';

/** The default port. */
export const DEFAULT_PORT = 7766;
/** The default interface: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/;

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
  const serverInfo: HelloMessage['server'] = { name: 'nhicard', version: packageVersion() };
  const startedAtMs = performance.now();
  let broker: Broker | undefined;
  const metrics = new ServerMetrics(() => {
    const current = broker;
    if (current === undefined) return [];
    return current.listReaders().map((reader) => current.readerStatus(reader.id).card.presence);
  });
  const simulator = await simulatorAccessFor(options.driver, {
    cardDirectory: options.simulatorCardDirectory,
    onDemoCardError: (name, error) =>
      logger.error({ card: name, detail: String(error) }, 'demo card cannot be loaded'),
  });
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
  const eventLog = logBrokerEvents(broker, logger, metrics);
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
  const ports = {
    http: port,
    secure: securePort,
    presence: presenceHttp === null ? null : presencePort,
  };
  ({ policy, hosts } = listenerAccess(host, ports, options.access, simulator !== null, consent));
  const consentWatch =
    consent === null ? null : watchConsent(consent.path, () => gateway.revalidate());
  warnAboutAccess(logger, {
    origins: options.access?.origins ?? {},
    peerOwnerMethod: peerOwnerCheck?.method ?? 'off',
    consent,
  });
  const urlHost = urlHostOf(host);
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
      await closeServers([
        http,
        ...(secure ? [secure.server] : []),
        ...(presenceHttp ? [presenceHttp] : []),
      ]);
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
        : describeSecureListener(secure, urlHost, securePort),
    lan,
    close,
  };
}
