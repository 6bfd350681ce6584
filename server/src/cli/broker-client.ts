import {
  type HelloMessage,
  jsonCodec,
  type Op,
  type OpParams,
  parseServerMessage,
  type RequestMessage,
  type ResponseMessage,
} from '@nhicard/protocol';
import WebSocket, { type RawData } from 'ws';

/** Why the CLI could not talk to a broker; the message says what to do about it. */
export class BrokerConnectionError extends Error {
  override readonly name = 'BrokerConnectionError';
}

/** How to reach a broker. */
export interface BrokerClientOptions {
  /** The broker's WebSocket URL, e.g. `ws://127.0.0.1:7766/v1`. */
  url: string;
  /**
   * A token to present as `Authorization: Bearer`. Without one the broker recognises the CLI
   * as a process of its own OS user; the CLI never pretends to be a browser page.
   */
  token?: string | undefined;
  /**
   * How long connecting (up to `hello`) and each request may take.
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * A minimal protocol client for the CLI: JSON subprotocol, one request at a time, no
 * reconnection. It speaks through the protocol package only, not through the client SDK: the
 * CLI ships in the server package, and `server` and `client-sdk` never import each other
 * (`scripts/check-boundaries.mjs` fails on any `@nhicard/client` import under `server/`, the
 * CLI included). Serving the SDK's built bundle to browsers (`http/sdk-routes.ts`) needs no
 * import; running it in this process would. So this one small client stays, the only one in
 * the server besides the broker's own side of the socket: it presents a token as a header,
 * never as a URL, and turns a refused upgrade's HTTP status and body into advice.
 */
export interface BrokerClient {
  /** The broker's greeting: driver, readers, this connection's scopes. */
  readonly hello: HelloMessage;
  /** Sends one request and resolves with its response (ok or error). */
  request<O extends Op>(op: O, params: OpParams[O]): Promise<ResponseMessage>;
  /** Closes the connection normally. */
  close(): void;
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * Connects to a broker and waits for its `hello`.
 * @throws BrokerConnectionError when nothing listens there, the upgrade is refused (with the
 *   broker's reason), the broker does not answer in time, or it does not speak the protocol.
 */
export function connectToBroker(options: BrokerClientOptions): Promise<BrokerClient> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const socket = new WebSocket(options.url, [jsonCodec.subprotocol], {
    headers,
    handshakeTimeout: timeoutMs,
  });
  const pending = new Map<number, (response: ResponseMessage) => void>();
  let nextId = 1;

  return new Promise<BrokerClient>((resolve, reject) => {
    let hello: HelloMessage | null = null;
    const fail = (error: BrokerConnectionError): void => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new BrokerConnectionError(
            `The broker at ${options.url} did not answer in ${timeoutMs} ms.`,
          ),
        ),
      timeoutMs,
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (hello !== null) return;
      fail(new BrokerConnectionError(unreachableMessage(options.url, error)));
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        const reason = body.trim() === '' ? (response.statusMessage ?? '') : body.trim();
        fail(new BrokerConnectionError(refusedMessage(options.url, response.statusCode, reason)));
      });
    });
    socket.on('message', (data) => {
      const decoded = jsonCodec.decode(frameText(data));
      const parsed = decoded.ok ? parseServerMessage(decoded.value) : null;
      if (parsed === null || !parsed.ok) {
        fail(
          new BrokerConnectionError(
            `The server at ${options.url} sent a message nhicard does not understand.`,
          ),
        );
        return;
      }
      const message = parsed.message;
      if (hello === null) {
        if (message.type !== 'hello') {
          fail(new BrokerConnectionError(`The server at ${options.url} did not greet with hello.`));
          return;
        }
        hello = message;
        clearTimeout(timer);
        resolve(client(hello));
        return;
      }
      if (message.type === 'response' && message.id !== null) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
    socket.on('close', () => {
      for (const answer of pending.values()) {
        answer({
          type: 'response',
          id: null,
          ok: false,
          error: {
            code: 'INTERNAL',
            message: 'The broker closed the connection.',
            retryable: true,
          },
        });
      }
      pending.clear();
      if (hello === null)
        fail(
          new BrokerConnectionError(
            `The broker at ${options.url} closed the connection before greeting.`,
          ),
        );
    });
  });

  function client(hello: HelloMessage): BrokerClient {
    return {
      hello,
      request(op, params) {
        const id = nextId;
        nextId += 1;
        const request = { type: 'request', id, op, params } as RequestMessage;
        return new Promise((resolve) => {
          const timer = setTimeout(() => {
            pending.delete(id);
            resolve({
              type: 'response',
              id,
              ok: false,
              error: {
                code: 'TIMEOUT',
                message: `No answer to ${op} within ${timeoutMs} ms.`,
                retryable: true,
              },
            });
          }, timeoutMs);
          pending.set(id, (response) => {
            clearTimeout(timer);
            resolve(response);
          });
          socket.send(jsonCodec.encode(request));
        });
      },
      close: () => socket.close(1000, 'done'),
    };
  }
}

function unreachableMessage(url: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') {
    return (
      `No nhicard broker is running at ${url} (connection refused).\n` +
      'Start one with `nhicard serve` (or `pnpm start` in the nhicard repository), ' +
      'or point --url / --port at the one that is running.'
    );
  }
  return `Cannot reach the broker at ${url}: ${error.message}`;
}

function refusedMessage(url: string, status: number | undefined, reason: string): string {
  const advice =
    status === 401 || status === 403
      ? '\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).'
      : status === 404
        ? '\nIs this an nhicard broker? Its WebSocket path is /v1.'
        : '';
  return `The broker at ${url} refused the connection (HTTP ${status ?? '?'}): ${reason}${advice}`;
}
