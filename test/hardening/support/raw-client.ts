import {
  type Codec,
  codecFor,
  type Op,
  type OpParams,
  parseServerMessage,
  type ResponseMessage,
  type ServerMessage,
  type Subprotocol,
} from '@nhicard/protocol';
import { type RawData, WebSocket } from 'ws';

/** How a raw client connects. */
export interface RawClientOptions {
  /** The subprotocol to offer. @default 'nhicard.v1.json' */
  subprotocol?: Subprotocol;
  /** A token, sent as `Authorization: Bearer`. */
  token?: string;
  /** The Origin header, as a browser would send it. */
  origin?: string;
  /**
   * Check every server message with `parseServerMessage` (tests); benchmarks turn it off so
   * the client does the same work against the broker as against a baseline server.
   * @default true
   */
  validate?: boolean;
  /** Certificates to trust for `wss://` (PEM), besides the system's. */
  ca?: string;
}

/** How a connection ended. */
export interface RawCloseInfo {
  code: number;
  reason: string;
}

/** Called for each message, with the time it arrived (`performance.now()`). */
export type MessageListener = (message: ServerMessage, receivedAtMs: number) => void;

const MAX_RECEIVED_FRAME_BYTES = 16 * 1024 * 1024;
const WAIT_MS = 15_000;

function bytesOf(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

/**
 * A lean WebSocket client for hardening tests and benchmarks: unlike the integration tests'
 * `TestClient` it keeps no history (a soak or a flood would make that grow without end), and
 * hands each decoded message to listeners with its arrival time. Messages that do not decode
 * or validate are counted in `invalidMessages`, which a test expects to stay 0. Raw, not the
 * client SDK: the hostile lanes send frames no SDK would (malformed, oversized, the wrong kind)
 * and the oracles check every event's `seq` as the broker sent it, with no resync in between.
 */
export class RawClient {
  /** Resolves when the connection closes. */
  readonly closed: Promise<RawCloseInfo>;
  /** The codec of the subprotocol. */
  readonly codec: Codec;
  /** The first message from the server (its `hello`), however soon it came. */
  readonly firstMessage: Promise<ServerMessage>;
  /** Messages that did not decode (or validate, when validating). */
  invalidMessages = 0;
  private readonly listeners = new Set<MessageListener>();
  private nextId = 1;

  private constructor(
    /** The underlying socket (to pause it, or to send frames of the wrong kind). */
    readonly socket: WebSocket,
    readonly subprotocol: Subprotocol,
    validate: boolean,
  ) {
    this.codec = codecFor(subprotocol);
    this.firstMessage = new Promise((resolve) => {
      const stop = this.onMessage((message) => {
        stop();
        resolve(message);
      });
    });
    socket.on('message', (data, isBinary) => {
      const receivedAtMs = performance.now();
      const bytes = bytesOf(data);
      const frame = isBinary ? new Uint8Array(bytes) : bytes.toString('utf8');
      const decoded = this.codec.decode(frame, { maxFrameBytes: MAX_RECEIVED_FRAME_BYTES });
      let message: ServerMessage | undefined;
      if (decoded.ok && validate) {
        const parsed = parseServerMessage(decoded.value);
        if (parsed.ok) message = parsed.message;
      } else if (decoded.ok) {
        message = decoded.value as ServerMessage;
      }
      if (message === undefined) {
        this.invalidMessages += 1;
        return;
      }
      for (const listener of [...this.listeners]) listener(message, receivedAtMs);
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
    });
  }

  /**
   * Opens a connection and resolves once it is open (the server's `hello` may still be on
   * its way: listeners added right away see it). Rejects with the HTTP status when the
   * upgrade is refused.
   */
  static connect(url: string, options: RawClientOptions = {}): Promise<RawClient> {
    const subprotocol = options.subprotocol ?? 'nhicard.v1.json';
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const socket = new WebSocket(url, [subprotocol], {
      headers,
      perMessageDeflate: false,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const client = new RawClient(socket, subprotocol, options.validate ?? true);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => {
        response.resume();
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`));
      });
      socket.once('error', reject);
    });
  }

  /** Adds a listener; returns the function that removes it. */
  onMessage(listener: MessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first message from now on that satisfies `predicate`. */
  next<M extends ServerMessage>(
    predicate: (message: ServerMessage) => message is M,
    description: string,
  ): Promise<M>;
  next(predicate: (message: ServerMessage) => boolean, description: string): Promise<ServerMessage>;
  next(
    predicate: (message: ServerMessage) => boolean,
    description: string,
  ): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for ${description}`));
      }, WAIT_MS);
      const stop = this.onMessage((message) => {
        if (!predicate(message)) return;
        clearTimeout(timer);
        stop();
        resolve(message);
      });
    });
  }

  /** Sends a request with a fresh id and resolves with its response. */
  request<O extends Op>(op: O, params: OpParams[O]): Promise<ResponseMessage> {
    const id = this.nextId++;
    const answer = this.next(
      (message): message is ResponseMessage => message.type === 'response' && message.id === id,
      `response ${id} (${op})`,
    );
    this.send({ type: 'request', id, op, params });
    return answer;
  }

  /** Encodes any value with the connection's codec and sends it (no validation). */
  send(value: unknown): void {
    this.socket.send(this.codec.encode(value as never));
  }

  /** Closes the connection (if open) and waits for the close. */
  async close(): Promise<RawCloseInfo> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'done');
    return this.closed;
  }
}
