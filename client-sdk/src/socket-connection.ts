import type { Codec, HelloMessage, RequestMessage } from '@nhicard/protocol';
import { parseServerMessage } from '@nhicard/protocol';
import { openBrokerSocket } from './broker-socket.js';
import { connectionUrl, type ResolvedClientOptions } from './client-options.js';
import { CodecHolder } from './codecs/codec-holder.js';
import {
  CLIENT_CLOSE_CODES,
  type CloseInfo,
  type ConnectionHooks,
  type ConnectionState,
  FINAL_CLOSE_CODES,
} from './connection-state.js';
import { ConnectionStateStore } from './connection-state-store.js';
import { frameData } from './frame-data.js';
import { clientError } from './nhicard-error.js';
import { reconnectDelayMs } from './reconnect-backoff.js';
import { healthUrlOf, ReconnectProbe } from './reconnect-probe.js';
import { closeAndWait, discardSocket } from './socket-close.js';
import type { WebSocketConstructor, WebSocketLike } from './web-socket-like.js';

// close() waits this long for the closing handshake: a dead peer must not keep it pending.
const CLOSE_WAIT_MS = 2_000;

/**
 * One WebSocket at a time to the broker and the state around it: opening with the codec's
 * subprotocol, waiting for `hello`, decoding and validating frames, and reconnecting with
 * backoff when the socket is lost, until `close()`.
 */
export class SocketConnection {
  private readonly store = new ConnectionStateStore();
  private readonly codecs: CodecHolder;
  private socket: WebSocketLike | null = null;
  private lastHello: HelloMessage | null = null;
  private attempt = 0;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closedForGood = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly probe: ReconnectProbe;
  /** Bumped for every socket, so work begun on an earlier one can tell it is stale. */
  generation = 0;

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly WebSocketImpl: WebSocketConstructor,
    private readonly hooks: ConnectionHooks,
  ) {
    this.codecs = new CodecHolder(options.codec);
    this.probe = new ReconnectProbe(healthUrlOf(options.url), options.reconnect.probeIntervalMs);
  }

  get state(): ConnectionState {
    return this.store.state;
  }

  get hello(): HelloMessage | null {
    return this.lastHello;
  }

  /** Whether `close()` was called. */
  get ended(): boolean {
    return this.closedForGood;
  }

  /** Calls `listener` at every state change; returns the function that stops it. */
  onState(listener: (state: ConnectionState) => void): () => void {
    return this.store.listen(listener);
  }

  /** Starts connecting; while waiting for a retry, retries now. */
  connect(): void {
    if (this.closedForGood) {
      throw clientError('DISCONNECTED', 'This client was closed; create a new one.');
    }
    const { status } = this.store.state;
    if (status === 'connecting' || status === 'open') return;
    if (status === 'reconnecting') {
      if (this.retryTimer === undefined) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    } else {
      this.attempt = 0;
    }
    this.openSocket();
  }

  /** Sends a request on the open connection; throws an NhiCardError when it cannot. */
  send(message: RequestMessage): void {
    const socket = this.socket;
    const codec = this.codecs.codec;
    if (socket === null || codec === null || this.store.state.status !== 'open') {
      throw clientError('DISCONNECTED', 'Not connected.');
    }
    let frame: string | Uint8Array;
    try {
      frame = codec.encode(message);
    } catch (error) {
      throw clientError('BAD_REQUEST', `The ${message.op} params cannot be encoded.`, error);
    }
    try {
      socket.send(frame);
    } catch (error) {
      throw clientError('DISCONNECTED', `The ${message.op} request could not be sent.`, error);
    }
  }

  /** Gives up on the current socket at once (no closing handshake to wait for) and retries. */
  abandon(code: number, reason: string): void {
    const socket = this.socket;
    if (socket === null) return;
    discardSocket(socket, code, reason);
    this.connectionLost({ code, reason, wasClean: false });
  }

  /** Closes for good; resolves once the socket has closed (or after a short wait). */
  close(reason: string): Promise<void> {
    if (this.closedForGood) return Promise.resolve();
    clearTimeout(this.connectTimer);
    clearTimeout(this.retryTimer);
    this.probe.stop();
    const socket = this.socket;
    this.socket = null;
    this.store.update({
      status: 'closed',
      lastClose: { code: CLIENT_CLOSE_CODES.CLOSED_BY_CLIENT, reason, wasClean: true },
      attempt: 0,
      retryInMs: null,
    });
    this.closedForGood = true;
    this.store.freeze();
    if (socket === null) return Promise.resolve();
    return closeAndWait(socket, CLIENT_CLOSE_CODES.CLOSED_BY_CLIENT, reason, CLOSE_WAIT_MS);
  }

  private openSocket(): void {
    this.probe.stop();
    this.store.update({
      status: this.attempt === 0 ? 'connecting' : 'reconnecting',
      attempt: this.attempt,
      retryInMs: null,
    });
    const codec = this.codecs.codec;
    if (codec === null) {
      this.waitForCodec();
      return;
    }
    let socket: WebSocketLike;
    try {
      const url = connectionUrl(this.options.url, this.options.token, this.options.requestAccess);
      socket = openBrokerSocket(this.WebSocketImpl, url, codec.subprotocol, {
        isCurrent: (candidate) => this.socket === candidate,
        isOpen: () => this.store.state.status === 'open',
        frame: (data) => this.onFrame(codec, data),
        // Failed before hello: the connect timeout must not decide while that is found out.
        explaining: () => clearTimeout(this.connectTimer),
        closed: (info) => this.connectionLost(info),
      });
    } catch (error) {
      this.connectionLost({ code: 1006, reason: `cannot open: ${String(error)}`, wasClean: false });
      return;
    }
    this.socket = socket;
    this.generation += 1;
    const timeoutMs = this.options.connectTimeoutMs;
    this.connectTimer = setTimeout(() => {
      if (this.socket === socket) {
        this.abandon(CLIENT_CLOSE_CODES.CONNECT_TIMEOUT, `no hello in ${timeoutMs} ms`);
      }
    }, timeoutMs);
  }

  private waitForCodec(): void {
    const attempt = this.attempt;
    this.codecs.whenLoaded().then(
      () => {
        if (!this.closedForGood && this.socket === null && this.attempt === attempt) {
          this.openSocket();
        }
      },
      (error: unknown) => {
        if (this.closedForGood || this.attempt !== attempt) return;
        this.connectionLost({ code: 1006, reason: `codec: ${String(error)}`, wasClean: false });
      },
    );
  }

  private onFrame(codec: Codec, data: unknown): void {
    const frame = frameData(data);
    const decoded = frame === null ? null : codec.decode(frame);
    if (decoded === null || !decoded.ok) {
      this.abandon(CLIENT_CLOSE_CODES.BAD_FRAME, decoded?.error.reason ?? 'unreadable frame');
      return;
    }
    const parsed = parseServerMessage(decoded.value);
    if (!parsed.ok) {
      this.hooks.unreadable(parsed.error);
      return;
    }
    const message = parsed.message;
    if (message.type !== 'hello') {
      this.hooks.received(message);
      return;
    }
    if (this.store.state.status === 'open') return;
    clearTimeout(this.connectTimer);
    this.lastHello = message;
    this.attempt = 0;
    this.probe.connected();
    this.store.update({ status: 'open', attempt: 0, retryInMs: null });
    // A state listener may have closed the client meanwhile.
    if (!this.closedForGood) this.hooks.opened(message);
  }

  private connectionLost(info: CloseInfo): void {
    this.socket = null;
    clearTimeout(this.connectTimer);
    const reconnect = this.options.reconnect;
    this.attempt += 1;
    const final =
      !reconnect.enabled ||
      FINAL_CLOSE_CODES.includes(info.code) ||
      info.accessError !== undefined ||
      this.attempt > reconnect.maxAttempts;
    this.hooks.lost(info, final);
    if (final) {
      this.attempt = 0;
      this.store.update({ status: 'closed', lastClose: info, attempt: 0, retryInMs: null });
      return;
    }
    const delayMs = reconnectDelayMs(this.attempt, reconnect, Math.random());
    this.store.update({
      status: 'reconnecting',
      lastClose: info,
      attempt: this.attempt,
      retryInMs: delayMs,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.openSocket();
    }, delayMs);
    this.probe.start(delayMs, () => {
      if (this.retryTimer === undefined || this.closedForGood) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.openSocket();
    });
  }
}
