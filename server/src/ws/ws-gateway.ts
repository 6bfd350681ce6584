import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CLOSE_CODES,
  chooseSubprotocol,
  codecFor,
  type HelloMessage,
  type Subprotocol,
} from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { Subscription } from 'rxjs';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CallerIdentity } from '../access/caller-identity.js';
import type { ConsentStore } from '../access/consent-store.js';
import type { FailedTokenThrottle } from '../access/failed-token-throttle.js';
import type { HostCheck } from '../access/host-check.js';
import type { Broker } from '../core/broker.js';
import type { RefusalStatus, ServerMetrics } from '../http/server-metrics.js';
import type { AccessGrant, AccessPolicy, AccessRefusal } from './access-control.js';
import type { ConsentAdmin } from './access-ops.js';
import { Connection } from './connection.js';
import { drainConnections } from './connection-drain.js';
import { fanOutEvent } from './event-fanout.js';
import { HeartbeatClock } from './heartbeat-clock.js';
import { helloMessage } from './hello-message.js';
import type { ResolvedLimits } from './limits.js';
import type { SimulatorAccess } from './op-handlers.js';
import { wireSocketEvents } from './socket-events.js';
import type { ListenerAdmission } from './upgrade-admission.js';
import { admitUpgrade, offeredSubprotocols } from './upgrade-admission.js';
import { refuseUpgrade } from './upgrade-refusal.js';

export { WS_PATH } from './upgrade-admission.js';

/** What the gateway needs. */
export interface GatewayOptions {
  broker: Broker;
  /** Who may connect; set once the port is known (the broker's own origin depends on it). */
  policy: () => AccessPolicy;
  /** The `Host` names served; set once the ports are known. */
  hosts: () => HostCheck;
  /** Whose process each connection comes from. */
  callers: CallerIdentity;
  /** Slows down token guessing per client address. */
  tokenThrottle: FailedTokenThrottle;
  simulator: SimulatorAccess | null;
  /** The access file the `access.*` ops change; null when the broker keeps none. */
  consent: ConsentStore | null;
  limits: ResolvedLimits;
  logger: Logger;
  metrics: ServerMetrics;
  /** The `server` of `hello`. */
  serverInfo: HelloMessage['server'];
  now: () => Date;
}

/**
 * The WebSocket side of the server: checks each upgrade (path, origin or token, subprotocol,
 * connections per client), runs the connections, fans the broker's events out to them, pings
 * them, and closes them all on shutdown.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly connections = new Map<Connection, WebSocket>();
  private readonly grants = new Map<Connection, AccessGrant>();
  private readonly perClient = new Map<string, number>();
  private readonly events: Subscription;
  private readonly heartbeat: HeartbeatClock;
  private readonly consent: ConsentAdmin | null;
  private nextId = 1;
  private closing = false;

  constructor(private readonly options: GatewayOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.limits.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // Only reached when the client offered subprotocols; the upgrade check already made
      // sure one of them is supported.
      handleProtocols: (protocols) => chooseSubprotocol([...protocols]) ?? false,
    });
    this.events = options.broker.events$.subscribe((event) =>
      fanOutEvent(event, this.connections.keys()),
    );
    this.heartbeat = new HeartbeatClock(
      () => this.connections.keys(),
      options.limits.pingIntervalMs,
    );
    const store = options.consent;
    this.consent =
      store === null
        ? null
        : {
            store,
            changed: (origin, scopes) => {
              // The origin is a site's address, not personal data: kept as the record of who decided.
              options.logger.info(
                { origin, decision: scopes.length === 0 ? 'denied' : 'approved', scopes },
                'access decided',
              );
              this.revalidate();
            },
          };
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Handles an HTTP `upgrade`; `listener` brings the rules of a listener that has its own. */
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    listener?: ListenerAdmission,
  ): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = request.headers.origin;
    const refuse = (status: RefusalStatus, message: string): void => {
      this.options.metrics.upgradeRefused(status);
      // The origin is a site's address, not personal data; the token is never logged.
      this.options.logger.info({ status, origin, path: url.pathname }, 'upgrade refused');
      refuseUpgrade(socket, status, message);
    };
    admitUpgrade(
      request,
      socket,
      url,
      { ...this.options, ...listener, isClosing: () => this.closing },
      refuse,
      (decision) => this.accept(request, socket, head, decision, listener, refuse),
    );
  }

  private accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    decision: AccessGrant | Extract<AccessRefusal, { kind: 'close' }>,
    listener: ListenerAdmission | undefined,
    refuse: (status: RefusalStatus, message: string) => void,
  ): void {
    const offered = offeredSubprotocols(request);
    const subprotocol = chooseSubprotocol(offered);
    if (subprotocol === null) {
      const shown = offered.join(', ').slice(0, 200);
      refuse(
        400,
        `None of the offered subprotocols (${shown}) is supported: offer nhicard.v1.json or nhicard.v1.msgpack.`,
      );
      return;
    }
    if (!decision.ok) {
      // A page cannot read an HTTP refusal, only a close: it gets the typed code as the reason
      // of a 1008 close, before any hello, and nothing else.
      this.options.metrics.upgradeRefused(403);
      this.options.logger.info(
        { origin: request.headers.origin, code: decision.code },
        'page refused',
      );
      this.wss.handleUpgrade(request, socket, head, (ws) =>
        ws.close(CLOSE_CODES.POLICY_VIOLATION, decision.code),
      );
      return;
    }
    const open = this.perClient.get(decision.clientKey) ?? 0;
    if (open >= (listener ?? this.options.limits).maxConnectionsPerOrigin) {
      refuse(429, `Too many connections from this client (${open}); close some first.`);
      return;
    }
    // handleUpgrade calls back synchronously once the handshake is written, or never when it
    // refuses a malformed handshake itself; counting in the callback cannot leak.
    this.wss.handleUpgrade(request, socket, head, (ws) => this.open(ws, decision, subprotocol));
  }

  /**
   * Closes, with 1008 and the typed code, every open connection its origin alone let in that
   * may no longer connect: a revoked approval ends the page's session at once.
   */
  revalidate(): void {
    const policy = this.options.policy();
    for (const [connection, grant] of this.grants) {
      const code = policy.stillAllowed(grant);
      if (code === null) continue;
      this.options.logger.info(
        { conn: connection.id, origin: grant.origin, code },
        'access revoked',
      );
      connection.close(CLOSE_CODES.POLICY_VIOLATION, code);
    }
  }

  /**
   * Closes every connection with 1001 (after the caller published `server.shutdown`), waits
   * for them to finish the closing handshake (cutting the slow ones), and stops.
   */
  async close(reason: string): Promise<void> {
    this.closing = true;
    this.heartbeat.stop();
    this.events.unsubscribe();
    await drainConnections(this.connections, reason);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private open(ws: WebSocket, grant: AccessGrant, subprotocol: Subprotocol): void {
    const { broker, logger, metrics } = this.options;
    const connection = new Connection({
      id: this.nextId++,
      socket: ws,
      codec: codecFor(subprotocol),
      scopes: grant.scopes,
      broker,
      simulator: this.options.simulator,
      consent: this.consent,
      limits: this.options.limits,
      logger,
      metrics,
      now: this.options.now,
    });
    this.connections.set(connection, ws);
    this.grants.set(connection, grant);
    this.perClient.set(grant.clientKey, (this.perClient.get(grant.clientKey) ?? 0) + 1);
    metrics.connectionOpened(subprotocol);
    logger.info(
      { conn: connection.id, origin: grant.origin, subprotocol, scopes: grant.scopes },
      'connection opened',
    );
    wireSocketEvents(ws, connection, logger);
    ws.once('close', (code) => {
      connection.handleClosed();
      this.connections.delete(connection);
      this.grants.delete(connection);
      const left = (this.perClient.get(grant.clientKey) ?? 1) - 1;
      if (left === 0) this.perClient.delete(grant.clientKey);
      else this.perClient.set(grant.clientKey, left);
      metrics.connectionClosed(subprotocol);
      logger.info({ conn: connection.id, code }, 'connection closed');
    });
    connection.send(helloMessage(broker, this.options.serverInfo, grant.scopes));
  }
}
