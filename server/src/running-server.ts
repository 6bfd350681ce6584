import type { Broker } from './core/broker.js';
import type { RunningLanListener } from './lan/lan-listener.js';
import type { IssuedCertificate } from './tls/local-ca.js';
import type { SecureServer } from './tls/secure-server.js';
import { WS_PATH } from './ws/ws-gateway.js';

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

/** The host as it appears in a URL: an IPv6 address in brackets. */
export function urlHostOf(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The secure listener as a started server shows it; 127.0.0.1 shows as `localhost`, a name
 * the local CA's certificate holds.
 */
export function describeSecureListener(
  secure: SecureServer,
  urlHost: string,
  port: number,
): RunningSecureListener {
  const name = urlHost === '127.0.0.1' ? 'localhost' : urlHost;
  return {
    url: `wss://${name}:${port}${WS_PATH}`,
    httpUrl: `https://${name}:${port}/`,
    port,
    caCertPem: secure.caCertPem,
    certificate: () => secure.renewal.certificate,
    renewCertificate: () => secure.renewal.renewNow(),
  };
}
