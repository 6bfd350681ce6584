import {
  codecFor,
  type HelloMessage,
  type Op,
  type OpParams,
  parseServerMessage,
  type ResponseMessage,
  type ServerMessage,
  type Subprotocol,
  type Topic,
} from '@nhicard/protocol';
import { WebSocket } from 'ws';
import { PendingWaits } from '../support/pending-waits.js';

/** How a test client connects. */
export interface TestClientOptions {
  /** The subprotocol to offer; null offers none (the server then speaks JSON). */
  subprotocol?: Subprotocol | null;
  /** Other subprotocol names to offer, after `subprotocol`. */
  alsoOffer?: string[];
  /** The Origin header, as a browser would send it. */
  origin?: string;
  /** A token, sent as `Authorization: Bearer`. */
  token?: string;
  /** For `wss://`: the only CA to trust (PEM), as a PC that installed it would. */
  ca?: string;
  /**
   * How long each `waitFor…` may take before it fails with what it waited for. Longer for
   * brokers that run slowly by nature, such as under Wine with emulated i386 code.
   * @default 15_000
   */
  waitMs?: number;
}

/** A frame as the client received it, decoded and validated. */
export interface ReceivedFrame {
  /** The raw frame: a string for text frames, bytes for binary ones. */
  raw: string | Uint8Array;
  /** The decoded message, or undefined when the frame did not decode or validate. */
  message: ServerMessage | undefined;
}

/** How the connection ended. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** Why an upgrade was refused. */
export interface Refusal {
  status: number;
  body: string;
}

const WAIT_MS = 15_000;

/**
 * A raw WebSocket client for integration tests: speaks one subprotocol with the protocol's own
 * codec, keeps every frame it received (validated with `parseServerMessage`, so a test also
 * proves the server only sends well-formed messages), and waits for frames by predicate.
 *
 * Why not the client SDK: these tests assert the wire itself, which the SDK hides by design.
 * They check exact frames in order (`hello` first, each event's `seq`, responses with `id:
 * null`), offer odd subprotocol lists and headers (`Origin`, `Authorization: Bearer`, none at
 * all), send requests the SDK would never send (duplicate ids, bursts past the rate limit)
 * and watch the close codes that follow; the SDK resyncs, re-numbers nothing but validates and
 * drops, reconnects, and speaks through `?token=` and a browser's `Origin` only.
 */
export class TestClient {
  /** Every frame received, in order. */
  readonly frames: ReceivedFrame[] = [];
  /** Frames that did not decode or validate (always expected to stay empty). */
  readonly invalid: { raw: string | Uint8Array; reason: string }[] = [];
  /** Resolves when the connection closes. */
  readonly closed: Promise<CloseInfo>;
  private readonly waits = new PendingWaits();
  private nextId = 1;

  private constructor(
    readonly socket: WebSocket,
    readonly subprotocol: Subprotocol,
    private readonly waitMs: number,
  ) {
    const codec = codecFor(subprotocol);
    socket.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      const raw: string | Uint8Array = isBinary ? new Uint8Array(bytes) : bytes.toString('utf8');
      const decoded = codec.decode(raw, { maxFrameBytes: 16 * 1024 * 1024 });
      const parsed = decoded.ok ? parseServerMessage(decoded.value) : undefined;
      if (parsed?.ok) this.frames.push({ raw, message: parsed.message });
      else {
        const reason = decoded.ok ? JSON.stringify(parsed) : decoded.error.reason;
        this.invalid.push({ raw, reason });
        this.frames.push({ raw, message: undefined });
      }
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.notify();
      });
    });
  }

  /** Opens a connection; rejects with a {@link Refusal} when the server refuses the upgrade. */
  static connect(url: string, options: TestClientOptions = {}): Promise<TestClient> {
    const subprotocol = options.subprotocol === undefined ? 'nhicard.v1.json' : options.subprotocol;
    const offered = [...(subprotocol === null ? [] : [subprotocol]), ...(options.alsoOffer ?? [])];
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const socket = new WebSocket(url, offered, {
      headers,
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    return new Promise((resolve, reject) => {
      // Built before `open`, so no frame sent right after the handshake (hello) is missed. The
      // server speaks the first supported subprotocol offered, JSON when none is.
      const client = new TestClient(
        socket,
        subprotocol ?? 'nhicard.v1.json',
        options.waitMs ?? WAIT_MS,
      );
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => reject({ status: response.statusCode ?? 0, body } as Refusal));
      });
      socket.once('error', (error) => reject(error));
    });
  }

  /** The decoded messages received so far. */
  get messages(): ServerMessage[] {
    return this.frames.flatMap((frame) => (frame.message === undefined ? [] : [frame.message]));
  }

  /** The events received so far, optionally of one topic. */
  events(topic?: Topic): Extract<ServerMessage, { type: 'event' }>[] {
    return this.messages.filter(
      (message): message is Extract<ServerMessage, { type: 'event' }> =>
        message.type === 'event' && (topic === undefined || message.topic === topic),
    );
  }

  /** Waits for the first message (from index `from` on) that satisfies `predicate`. */
  waitFor<M extends ServerMessage>(
    predicate: (message: ServerMessage) => message is M,
    description: string,
    from?: number,
  ): Promise<M>;
  waitFor(
    predicate: (message: ServerMessage) => boolean,
    description: string,
    from?: number,
  ): Promise<ServerMessage>;
  waitFor(
    predicate: (message: ServerMessage) => boolean,
    description: string,
    from = 0,
  ): Promise<ServerMessage> {
    return this.waitUntil(() => this.messages.slice(from).find(predicate), description);
  }

  /** Waits until `probe` returns something other than undefined. */
  waitUntil<T>(probe: () => T | undefined, description: string): Promise<T> {
    return this.waits.until(probe, this.waitMs, () => `timed out waiting for ${description}`);
  }

  /** Waits for the event of `topic` (from message index `from` on). */
  waitForEvent<T extends Topic>(
    topic: T,
    from = 0,
  ): Promise<Extract<ServerMessage, { type: 'event'; topic: T }>> {
    return this.waitFor(
      (message): message is Extract<ServerMessage, { type: 'event'; topic: T }> =>
        message.type === 'event' && message.topic === topic,
      `event ${topic}`,
      from,
    );
  }

  /**
   * Waits for the event that ends a read: a `card.read` without `pending` (the automatic
   * read's partial results, published as each section is decoded, come before it).
   */
  waitForRead(from = 0): Promise<Extract<ServerMessage, { type: 'event'; topic: 'card.read' }>> {
    return this.waitFor(
      (message): message is Extract<ServerMessage, { type: 'event'; topic: 'card.read' }> =>
        message.type === 'event' && message.topic === 'card.read' && !('pending' in message.data),
      'the final card.read',
      from,
    );
  }

  /** Waits for `hello`. */
  hello(): Promise<HelloMessage> {
    return this.waitFor((message): message is HelloMessage => message.type === 'hello', 'hello');
  }

  /** Sends a request and waits for its response. */
  request<O extends Op>(op: O, params: OpParams[O], id = this.nextId++): Promise<ResponseMessage> {
    this.send({ type: 'request', id, op, params });
    return this.response(id);
  }

  /** Waits for the response with `id` (it may already have arrived). */
  response(id: number | null): Promise<ResponseMessage> {
    return this.waitFor(
      (message): message is ResponseMessage => message.type === 'response' && message.id === id,
      `response ${id}`,
    );
  }

  /** Encodes and sends any value with the connection's codec (no validation). */
  send(value: unknown): void {
    this.sendRaw(codecFor(this.subprotocol).encode(value as never));
  }

  /** Sends a frame as is. */
  sendRaw(frame: string | Uint8Array): void {
    this.socket.send(frame);
  }

  /** Closes the connection and waits for the close. */
  async close(): Promise<CloseInfo> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'test done');
    return this.closed;
  }

  private notify(): void {
    this.waits.recheck();
  }
}

/**
 * Connects as a page the broker turns away: the handshake succeeds and the broker closes at
 * once, before any frame, with 1008 and the typed code as the reason. Returns the close and how
 * many frames came before it (always expected 0).
 */
export async function pageRefusalOf(
  url: string,
  options: TestClientOptions = {},
): Promise<CloseInfo & { frames: number }> {
  const client = await TestClient.connect(url, options);
  const closed = await client.closed;
  return { ...closed, frames: client.frames.length };
}

/** Connects expecting a refusal; returns the status and body. */
export async function refusalOf(url: string, options: TestClientOptions = {}): Promise<Refusal> {
  try {
    const client = await TestClient.connect(url, options);
    await client.close();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'status' in error) return error as Refusal;
    throw error;
  }
  throw new Error('the upgrade was accepted');
}
