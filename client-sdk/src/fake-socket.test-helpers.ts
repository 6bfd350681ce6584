// A scripted stand-in for a WebSocket and the broker behind it, for the client's unit tests:
// the test opens, answers and drops sockets by hand and reads what the client sent.
import {
  type Codec,
  type EventMessage,
  type HelloMessage,
  jsonCodec,
  type OpResult,
  type ReaderStatus,
  type RequestMessage,
  type ServerMessage,
  type WireError,
} from '@nhicard/protocol';
import type {
  SocketCloseEvent,
  SocketMessageEvent,
  WebSocketConstructor,
  WebSocketLike,
} from './web-socket-like.js';

export const READER_A = { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' } as const;
export const READER_B = { id: 'sim-1', name: 'Simulated reader 1', driver: 'simulator' } as const;

const HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  server: { name: 'nhicard', version: '0.1.0' },
  driver: 'simulator',
  readers: [READER_A],
  scopes: ['presence', 'read', 'admin'],
  seq: 0,
};

/** A reader status for snapshots. */
export function readerStatus(
  reader: typeof READER_A | typeof READER_B,
  presence: ReaderStatus['card']['presence'],
  since = '2025-03-14T01:00:00.000Z',
  maskedName: string | null = null,
  insertion?: string,
): ReaderStatus {
  const card: ReaderStatus['card'] = {
    presence,
    since,
    holder: maskedName === null ? null : { maskedName },
  };
  if (insertion !== undefined) card.insertion = insertion;
  return { reader, card };
}

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  protocol = '';
  binaryType = 'blob';
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;
  readonly frames: (string | Uint8Array)[] = [];
  readonly closeCalls: { code: number | undefined; reason: string | undefined }[] = [];
  private lastEventSeq = 0;

  constructor(
    readonly url: string,
    readonly protocols: string[],
    private readonly codec: Codec,
  ) {}

  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.frames.push(data);
  }

  close(code?: number, reason?: string): void {
    // As browsers do: a close frame carries at most 123 bytes of reason.
    if (reason !== undefined && new TextEncoder().encode(reason).byteLength > 123) {
      throw new SyntaxError('The close reason must not be greater than 123 UTF-8 bytes.');
    }
    this.closeCalls.push({ code, reason });
    this.readyState = 2;
  }

  /** Every request the client sent on this socket, decoded. */
  requests(): RequestMessage[] {
    return this.frames.map((frame) => {
      const decoded = this.codec.decode(frame);
      if (!decoded.ok) throw new Error(decoded.error.reason);
      return decoded.value as RequestMessage;
    });
  }

  /** The ops sent, in order. */
  ops(): string[] {
    return this.requests().map((request) => request.op);
  }

  /** The last request sent for `op`. */
  last(op: string): RequestMessage {
    const found = this.requests().filter((request) => request.op === op);
    const request = found[found.length - 1];
    if (request === undefined) throw new Error(`no ${op} request sent (sent: ${this.ops()})`);
    return request;
  }

  /** The handshake succeeds and the broker says hello. */
  open(hello: Partial<HelloMessage> = {}): void {
    this.readyState = 1;
    this.protocol = this.protocols[0] ?? '';
    (this.onopen as ((event: unknown) => void) | null)?.({});
    this.receive({ ...HELLO, ...hello });
  }

  /** A frame from the broker. */
  receive(message: ServerMessage): void {
    this.receiveRaw(this.codec.encode(message));
  }

  /** A raw frame from the broker (e.g. a malformed one). */
  receiveRaw(data: unknown): void {
    const event: SocketMessageEvent = {
      data: data instanceof Uint8Array ? data.slice().buffer : data,
    };
    (this.onmessage as ((event: SocketMessageEvent) => void) | null)?.(event);
  }

  /** An ok response to the last request for `op`. */
  respond<O extends keyof OpResult>(op: O, result: OpResult[O]): void {
    this.receive({ type: 'response', id: this.last(op).id, ok: true, result });
  }

  /** An error response to the last request for `op`. */
  fail(op: string, error: WireError): void {
    this.receive({ type: 'response', id: this.last(op).id, ok: false, error });
  }

  /** An event; `seq` defaults to one more than the previous event on this socket. */
  event(
    event: Omit<EventMessage, 'type' | 'seq' | 'time'> & { seq?: number; time?: string },
  ): void {
    const seq = event.seq ?? this.lastEventSeq + 1;
    this.lastEventSeq = seq;
    this.receive({
      type: 'event',
      time: '2025-03-14T02:00:00.000Z',
      ...event,
      seq,
    } as EventMessage);
  }

  /** The connection ends from the broker's side (or drops: 1006). */
  drop(code = 1006, reason = '', wasClean = false): void {
    this.readyState = 3;
    const event: SocketCloseEvent = { code, reason, wasClean };
    (this.onclose as ((event: SocketCloseEvent) => void) | null)?.(event);
  }
}

/** A WebSocket constructor whose sockets the test drives; `sockets` lists them in order. */
export function fakeWebSocket(codec: Codec = jsonCodec): {
  WebSocket: WebSocketConstructor;
  sockets: FakeSocket[];
  latest(): FakeSocket;
} {
  const sockets: FakeSocket[] = [];
  class Constructed extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, typeof protocols === 'string' ? [protocols] : (protocols ?? []), codec);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Constructed,
    sockets,
    latest() {
      const socket = sockets[sockets.length - 1];
      if (socket === undefined) throw new Error('no socket was opened');
      return socket;
    },
  };
}
