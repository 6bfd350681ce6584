import type { CardDriver } from '@nhicard/native';
import type { Scope } from '@nhicard/protocol';
import type { Logger } from 'pino';
import type { BrokerOptions } from './core/broker-options.js';
import type { ServiceProbe } from './http/driver-health.js';
import type { LanOptions } from './lan/lan-options.js';
import type { NatsOptions } from './nats/nats-options.js';
import type { TlsOptions } from './tls/secure-server.js';

/** Who may connect, and with which scopes. */
export interface AccessOptions {
  /**
   * Browser origins allowed to connect, exactly as the browser sends them
   * (`https://his.example.clinic`), each with its scopes. Any other origin is refused with
   * HTTP 403 at the upgrade (deny by default). The broker's own origin (its demo page) is added
   * with every scope when the driver is the simulator, and with `presence` + `read` otherwise.
   * @default {}
   */
  origins?: Record<string, readonly Scope[]>;
  /**
   * Tokens, each with its scopes. A client sends one as `?token=` in the URL or as a
   * `Bearer` Authorization header. Clients without an Origin header (native apps, the CLI,
   * monitors) must present one: otherwise HTTP 401.
   * @default {}
   */
  tokens?: Record<string, readonly Scope[]>;
  /**
   * Accept loopback connections only from processes of the OS user the broker runs as (asked of
   * the kernel's TCP tables on Linux, of `GetExtendedTcpTable` on Windows); another user's
   * process then needs a token, on WebSocket and HTTP alike. `false` lets every local user in
   * as if they were this one.
   * @default true
   */
  sameUserOnly?: boolean;
  /**
   * The file holding the approvals a person on this PC gave to page origins (and the requests
   * that wait), written 0600. Without it, unknown origins cannot ask for access.
   * @default none (the CLI uses the per-user state folder)
   */
  consentFile?: string;
}

/** Limits that keep one client from hurting the others. */
export interface LimitOptions {
  /**
   * Largest frame accepted; a bigger one closes the connection with 1009.
   * @default 65536
   */
  maxPayloadBytes?: number;
  /**
   * Requests one connection may have in flight; more get `BUSY`.
   * @default 32
   */
  maxRequestsInFlight?: number;
  /**
   * Sustained requests per second per connection (token bucket); more get `RATE_LIMITED`.
   * @default 50
   */
  requestsPerSecond?: number;
  /**
   * Burst size of the request token bucket.
   * @default 100
   */
  requestBurst?: number;
  /**
   * Open connections per origin (or per token for clients without an origin); more are refused
   * with HTTP 429 at the upgrade.
   * @default 64
   */
  maxConnectionsPerOrigin?: number;
  /**
   * Bytes queued for a client that does not read; past this it is closed with 1013.
   * @default 4194304
   */
  maxBufferedBytes?: number;
  /**
   * Time a request may take before it is answered with `TIMEOUT`.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Interval of WebSocket pings; a client that misses two is dropped.
   * @default 30000
   */
  pingIntervalMs?: number;
}

/** Where the example apps and the client's `<script>` bundles are served from. */
export interface ExamplesOptions {
  /**
   * The folder holding the example apps (`his-registration/`, `kiosk/`, `monitor/`).
   * @default the repository's `examples/`
   */
  directory?: string;
  /**
   * The folder holding `nhicard-client.iife.js` (and the MessagePack variant).
   * @default the repository's `client-sdk/dist/`
   */
  sdkDirectory?: string;
}

/** Everything `startServer` needs. The CLI builds this from flags, env and the config file. */
export interface ServerOptions {
  /** The card source. */
  driver: CardDriver;
  /**
   * Interface to listen on: loopback only. Other PCs reach the broker through `lan`.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * TCP port; 0 picks a free one (tests).
   * @default 7766
   */
  port?: number;
  /**
   * TCP port of the presence origin, from which the presence-only examples (kiosk, monitor)
   * are served while the examples are; the broker holds that origin to `presence`. 0 picks a
   * free one.
   * @default port + 1 (0 when port is 0)
   */
  presencePort?: number;
  /** Broker pipeline options (poll interval, auto-read sections, timeouts). */
  broker?: Omit<BrokerOptions, 'driver'>;
  /** Origins, tokens and scopes. */
  access?: AccessOptions;
  /** Per-connection limits. */
  limits?: LimitOptions;
  /**
   * Serve the demo page at `/`.
   * @default true
   */
  demoPage?: boolean;
  /**
   * Serve the example apps at `/examples/…` and the client's `<script>` bundles at `/sdk/…`
   * (`true` or folders to serve from; `false` turns them off). The kiosk and the monitor are
   * served from the presence port, an origin held to `presence`.
   * @default true with the simulator driver, false with any other
   */
  examples?: boolean | ExamplesOptions;
  /**
   * A folder of card files that `sim.insert` may name (`<name>.json`), besides the demo cards
   * shipped with `@nhicard/native`. Only used with the simulator driver.
   */
  simulatorCardDirectory?: string;
  /**
   * Also serve `wss://` and `https://` on `tls.port`, with a server certificate from the local
   * CA (created on first use, renewed by itself). Left out, only `ws://` and `http://`.
   */
  tls?: TlsOptions;
  /**
   * LAN mode: also serve `wss://` on a LAN address, with the clinic's certificate and tokens of
   * its own, for monitors on other PCs. Left out, nothing listens beyond loopback.
   */
  lan?: LanOptions;
  /**
   * Also publish the readers' presence (masked name only) to NATS and keep their last state in
   * a JetStream key-value bucket, for monitors across many workstations. Left out, no NATS.
   */
  nats?: NatsOptions;
  /**
   * Asks the driver's service why no reader is attached, for `/healthz` (`degraded`, with the
   * reason) and the log: a sentence when the service cannot be reached, null when it answers.
   * @default none: no reader attached is reported as such
   */
  serviceProbe?: ServiceProbe;
  /**
   * Where logs go (already masked by the logger's serializers).
   * @default a silent logger
   */
  logger?: Logger;
}
