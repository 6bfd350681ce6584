import type { Scope } from '@nhicard/protocol';
import type { WebSocketConstructor } from './web-socket-like.js';

/**
 * When to try again after the connection is lost. The n-th retry (n = 1, 2, …) waits
 * `min(maxDelayMs, initialDelayMs × multiplier^(n−1))`, minus a random part of up to
 * `jitter` of it, so that many pages reconnecting to a restarted broker spread out. With the
 * defaults the waits are about 0.25–0.5 s, 0.5–1 s, 1–2 s, … and then 15–30 s each.
 */
export interface ReconnectOptions {
  /**
   * Reconnect at all. With `false` a lost connection leaves the client `closed`.
   * @default true
   */
  enabled?: boolean;
  /**
   * Wait before the first retry, in ms.
   * @default 500
   */
  initialDelayMs?: number;
  /**
   * Factor applied to the wait after each failed retry.
   * @default 2
   */
  multiplier?: number;
  /**
   * Longest wait between two retries, in ms.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * Fraction of each wait that is random (0 = none, 1 = anywhere from 0 to the full wait).
   * @default 0.5
   */
  jitter?: number;
  /**
   * Retries in a row before giving up (the client becomes `closed`). The count starts again
   * after every successful connection.
   * @default Infinity
   */
  maxAttempts?: number;
  /**
   * While waiting for a retry, ask this often whether the broker is back (a plain HTTP
   * request to its `/healthz`, `no-cors`), and retry at once when it answers: a restarted broker
   * is reconnected to within about this time, not after a backoff grown to many seconds. 0: off.
   * @default 1000
   */
  probeIntervalMs?: number;
}

/**
 * The application-level heartbeat. Browsers cannot see WebSocket ping frames, and a socket
 * can die silently (a sleeping laptop, a killed background tab, a broker that hangs), so the
 * client sends the protocol's `ping` op every `intervalMs` and treats the connection as dead
 * when the answer takes longer than `timeoutMs`: it closes it and reconnects. A dead
 * connection is thus noticed within `intervalMs + timeoutMs` (15 s with the defaults; browsers
 * may run timers of hidden tabs less often, which can delay this).
 */
export interface HeartbeatOptions {
  /**
   * Send heartbeats at all.
   * @default true
   */
  enabled?: boolean;
  /**
   * Time between two heartbeats, in ms.
   * @default 10000
   */
  intervalMs?: number;
  /**
   * Time the broker has to answer a heartbeat, in ms.
   * @default 5000
   */
  timeoutMs?: number;
}

/** What {@link createClient} takes. Only `url` is required. */
export interface ClientOptions {
  /** The broker's WebSocket endpoint, e.g. `ws://127.0.0.1:7766/v1`. */
  url: string;
  /**
   * The wire format: `json` (text frames) or `msgpack` (binary frames, smaller and faster to
   * decode). The ESM build loads the MessagePack codec on first use; the `<script>` build has
   * it only in `nhicard-client.msgpack.iife.js`.
   * @default 'json'
   */
  codec?: 'json' | 'msgpack';
  /**
   * A token that grants scopes; sent as `?token=` on the URL (browsers cannot set headers on
   * a WebSocket). Pages on an allowed origin usually need none.
   */
  token?: string;
  /**
   * Scopes (`presence`, `read`) to ask a person on this PC for while this page's origin is not
   * allowed yet: the broker records the request and closes with `ACCESS_PENDING` until someone
   * runs `nhicard access approve <origin>`. Without it an unknown origin gets
   * `ORIGIN_NOT_ALLOWED`. The client does not retry after either; call `connect()` again.
   * @default undefined (ask for nothing)
   */
  requestAccess?: readonly Scope[];
  /**
   * The WebSocket implementation. Browsers have one (the default); on Node 20 pass one, e.g.
   * `import { WebSocket } from 'ws'`.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Time every request may take, waiting for the connection included, before it rejects with
   * `TIMEOUT`. Left out, each request gets the broker's own deadline for it (from the deadline
   * table in `hello`: a `card.read` of a PIN section waits for the PIN) plus `timeoutGraceMs`.
   * @default the broker's deadline for the request + `timeoutGraceMs`
   */
  requestTimeoutMs?: number;
  /**
   * Time added to the broker's deadline of a request, so that the broker's answer (which says
   * what timed out) usually arrives before the client gives up.
   * @default 5000
   */
  timeoutGraceMs?: number;
  /**
   * Time to open the socket and receive the broker's `hello`, in ms; past it the attempt
   * counts as failed and the next one is scheduled.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /** Reconnection after the connection is lost. */
  reconnect?: ReconnectOptions;
  /** Dead-connection detection. */
  heartbeat?: HeartbeatOptions;
  /**
   * Connect at once. With `false` the client stays `idle` until `connect()` or the first
   * request.
   * @default true
   */
  autoConnect?: boolean;
}

/** {@link ClientOptions} with every default applied. */
export interface ResolvedClientOptions {
  url: string;
  codec: 'json' | 'msgpack';
  token: string | undefined;
  requestAccess: readonly Scope[] | undefined;
  WebSocket: WebSocketConstructor | undefined;
  requestTimeoutMs: number | undefined;
  timeoutGraceMs: number;
  connectTimeoutMs: number;
  reconnect: Required<ReconnectOptions>;
  heartbeat: Required<HeartbeatOptions>;
  autoConnect: boolean;
}

/** The options with their defaults filled in. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const globalWebSocket = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return {
    url: options.url,
    codec: options.codec ?? 'json',
    token: options.token,
    requestAccess: options.requestAccess,
    WebSocket: options.WebSocket ?? globalWebSocket,
    requestTimeoutMs: options.requestTimeoutMs,
    timeoutGraceMs: options.timeoutGraceMs ?? 5_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    reconnect: {
      enabled: options.reconnect?.enabled ?? true,
      initialDelayMs: options.reconnect?.initialDelayMs ?? 500,
      multiplier: options.reconnect?.multiplier ?? 2,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
      jitter: options.reconnect?.jitter ?? 0.5,
      maxAttempts: options.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
      probeIntervalMs: options.reconnect?.probeIntervalMs ?? 1000,
    },
    heartbeat: {
      enabled: options.heartbeat?.enabled ?? true,
      intervalMs: options.heartbeat?.intervalMs ?? 10_000,
      timeoutMs: options.heartbeat?.timeoutMs ?? 5_000,
    },
    autoConnect: options.autoConnect ?? true,
  };
}

/** The URL to open: `url` with `token` added as `?token=` and `requestAccess` as `?access=`. */
export function connectionUrl(
  url: string,
  token: string | undefined,
  requestAccess?: readonly Scope[],
): string {
  if (token === undefined && (requestAccess === undefined || requestAccess.length === 0)) {
    return url;
  }
  const withParams = new URL(url);
  if (token !== undefined) withParams.searchParams.set('token', token);
  if (requestAccess !== undefined && requestAccess.length > 0) {
    withParams.searchParams.set('access', requestAccess.join(','));
  }
  return withParams.toString();
}
