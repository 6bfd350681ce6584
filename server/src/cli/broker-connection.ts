import {
  CLIENT_CLOSE_CODES,
  type CloseInfo,
  type ConnectionState,
  createClient,
  type HelloMessage,
  type NhiCardClient,
  type WebSocketConstructor,
} from '@nhicard/client';
import WebSocket from 'ws';

/** Why the CLI could not talk to a broker; the message says what to do about it. */
export class BrokerConnectionError extends Error {
  override readonly name = 'BrokerConnectionError';
}

/** How the CLI reaches a broker. */
interface BrokerConnectionOptions {
  /** The broker's WebSocket URL, e.g. `ws://127.0.0.1:7766/v1`. */
  url: string;
  /**
   * A token to present as `Authorization: Bearer`. Without one the broker recognises the CLI
   * as a process of its own OS user; the CLI never pretends to be a browser page.
   */
  token?: string | undefined;
  /**
   * How long opening the connection, up to the broker's `hello`, may take.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

/** An open connection: the SDK's client, and the broker's greeting on it. */
export interface BrokerConnection {
  /** The client SDK, connected; requests reject with its `NhiCardError`. */
  client: NhiCardClient;
  /** The broker's greeting: driver, readers, this connection's scopes. */
  hello: HelloMessage;
}

/** What the socket reported failing; the SDK keeps the HTTP side, not the errno code. */
interface SocketFailure {
  error?: NodeJS.ErrnoException;
}

/**
 * ws's WebSocket presenting `token` as an `Authorization: Bearer` header, for the SDK's
 * `WebSocket` option. The SDK's own `token` option puts the token on the URL (a browser cannot
 * set headers), where proxies and access logs keep it; a command-line tool has no such excuse.
 * The socket also notes its first error (e.g. ECONNREFUSED), which the advice depends on.
 */
function cliWebSocket(token: string | undefined, failure: SocketFailure): WebSocketConstructor {
  const headers: Record<string, string> =
    token === undefined ? {} : { Authorization: `Bearer ${token}` };
  return class CliWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
      // `on`, not `once`: the SDK drops its own handler from a discarded socket, and an
      // 'error' without any listener would crash the command.
      this.on('error', (error: NodeJS.ErrnoException) => {
        failure.error ??= error;
      });
    }
  };
}

/**
 * Connects the client SDK to a broker, once: no reconnection and no heartbeat (a one-shot
 * command reports a broker that is not there and exits), and resolves when the broker said
 * hello. Close the client when done.
 * @throws BrokerConnectionError when nothing listens there, the upgrade is refused (with the
 *   broker's reason and what to do), or the broker does not greet in time.
 */
export async function connectToBroker(options: BrokerConnectionOptions): Promise<BrokerConnection> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const failure: SocketFailure = {};
  const client = createClient({
    url: options.url,
    WebSocket: cliWebSocket(options.token, failure),
    connectTimeoutMs,
    reconnect: { enabled: false },
    heartbeat: { enabled: false },
  });
  const state = await settled(client);
  const hello = client.hello;
  if (state.status === 'open' && hello !== null) return { client, hello };
  await client.close();
  throw new BrokerConnectionError(
    whyNotConnected(options.url, state.lastClose, failure.error, connectTimeoutMs),
  );
}

/**
 * The client's first state that ends a connection attempt: `open` or `closed`. The stream ends
 * with the client, which the caller closes either way.
 */
function settled(client: NhiCardClient): Promise<ConnectionState> {
  return new Promise((resolve) => {
    client.states().subscribe((state) => {
      if (state.status === 'open' || state.status === 'closed') resolve(state);
    });
  });
}

/** The advice for a connection attempt that ended without `hello`. */
function whyNotConnected(
  url: string,
  close: CloseInfo | null,
  error: NodeJS.ErrnoException | undefined,
  connectTimeoutMs: number,
): string {
  if (close?.httpStatus !== undefined) return refusedMessage(url, close.httpStatus, close.reason);
  // Checked before the socket's error: abandoning a handshake makes ws report one too.
  if (close?.code === CLIENT_CLOSE_CODES.CONNECT_TIMEOUT) {
    return `The broker at ${url} did not answer in ${connectTimeoutMs} ms.`;
  }
  if (error?.code === 'ECONNREFUSED') {
    return (
      `No nhicard broker is running at ${url} (connection refused).\n` +
      'Start one with `nhicard serve` (or `pnpm start` in the nhicard repository), ' +
      'or point --url / --port at the one that is running.'
    );
  }
  if (error !== undefined) return `Cannot reach the broker at ${url}: ${error.message}`;
  const how =
    close === null ? '' : ` (${close.code}${close.reason === '' ? '' : ` ${close.reason}`})`;
  return `The broker at ${url} closed the connection before greeting${how}.`;
}

/** A refused upgrade: the SDK's reason holds the status and the broker's own words. */
function refusedMessage(url: string, status: number, reason: string): string {
  const advice =
    status === 401 || status === 403
      ? '\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).'
      : status === 404
        ? '\nIs this an nhicard broker? Its WebSocket path is /v1.'
        : '';
  return `The broker at ${url} refused the connection (${reason})${advice}`;
}
