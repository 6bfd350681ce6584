import {
  type EventMessage,
  type HelloMessage,
  type Op,
  type OpParams,
  type OpResult,
  type ParseFailure,
  parseOpResult,
  type ReaderParams,
  type RequestMessage,
  type ResponseMessage,
  type Scope,
  type TopicPattern,
} from '@nhicard/protocol';
import { LocalNetworkGate } from './access-request.js';
import type { NhiCardClient, RequestArgs } from './client-api.js';
import type { ClientEvent, EventHandler, TopicsOf } from './client-event.js';
import type { ResolvedClientOptions } from './client-options.js';
import { refusalError } from './connect-refusal.js';
import { CLIENT_CLOSE_CODES, type CloseInfo, type ConnectionState } from './connection-state.js';
import { EventHub } from './event-hub.js';
import { EventSync } from './event-sync.js';
import { Heartbeat } from './heartbeat.js';
import { type LocalNetworkPermission, localNetworkPermission } from './local-network.js';
import { clientError, NhiCardError } from './nhicard-error.js';
import { createEventStream, type EventStream } from './observable.js';
import { type PendingRequest, type RequestOptions, RequestRegistry } from './request-registry.js';
import { clientTimeoutMs } from './request-timeout.js';
import { SocketConnection } from './socket-connection.js';
import type { WebSocketConstructor } from './web-socket-like.js';

// Every topic: the broker's seq is run-wide, so only a full subscription makes a skipped
// number mean a lost event (PROTOCOL.md, seq and snapshots). The app's patterns are applied
// on this side.
const ALL_TOPICS: TopicPattern[] = ['*'];

/** The client behind `createClient`: requests, resync and events over a SocketConnection. */
export class Client implements NhiCardClient {
  private readonly hub = new EventHub();
  private readonly requests = new RequestRegistry();
  private readonly sync = new EventSync();
  private readonly heartbeat: Heartbeat;
  private readonly connection: SocketConnection;
  private readonly gate: LocalNetworkGate;
  private readonly stateStreamEnds = new Set<() => void>();

  constructor(
    private readonly options: ResolvedClientOptions,
    WebSocketImpl: WebSocketConstructor,
  ) {
    this.connection = new SocketConnection(options, WebSocketImpl, {
      opened: () => this.onOpened(),
      received: (message) => this.onMessage(message),
      unreadable: (failure) => this.onUnreadable(failure),
      lost: (info, final) => this.onLost(info, final),
    });
    this.heartbeat = new Heartbeat(options.heartbeat, {
      ping: (timeoutMs) => this.internalRequest('ping', {}, timeoutMs),
      onDead: () => {
        const ms = options.heartbeat.timeoutMs;
        this.connection.abandon(
          CLIENT_CLOSE_CODES.HEARTBEAT_TIMEOUT,
          `no heartbeat answer in ${ms} ms`,
        );
      },
      onServerTime: (iso) => this.sync.noteServerTime(iso),
    });
    this.gate = new LocalNetworkGate(this.connection);
    if (options.autoConnect) this.gate.autoConnect();
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  get accessError(): NhiCardError | null {
    const { status, lastClose } = this.connection.state;
    if (status === 'open' || lastClose?.accessError === undefined) return null;
    const detail = lastClose.httpStatus === undefined ? undefined : lastClose.reason;
    return refusalError(lastClose.accessError, detail);
  }

  get waitingForPermission(): boolean {
    return this.gate.waiting;
  }

  localNetworkPermission(): Promise<LocalNetworkPermission> {
    return localNetworkPermission();
  }

  requestAccess(options: { scopes?: readonly Scope[] } = {}): Promise<HelloMessage> {
    if (options.scopes !== undefined) this.options.requestAccess = options.scopes;
    return this.gate.request(() => this.accessError);
  }

  get hello(): HelloMessage | null {
    return this.connection.hello;
  }

  request<O extends Op>(op: O, ...args: RequestArgs<O>): Promise<OpResult[O]> {
    const [params, options] = args;
    return this.send(op, params ?? {}, options);
  }

  readCard(
    params: OpParams['card.read'],
    options?: RequestOptions,
  ): Promise<OpResult['card.read']> {
    return this.send('card.read', params, options);
  }

  submitQr(
    qr: string,
    params?: ReaderParams,
    options?: RequestOptions,
  ): Promise<OpResult['vhc.submitQr']> {
    return this.send('vhc.submitQr', { ...params, qr: qr.trim() }, options);
  }

  async listReaders(options?: RequestOptions): Promise<OpResult['readers.list']['readers']> {
    return (await this.send('readers.list', {}, options)).readers;
  }

  status(params?: ReaderParams, options?: RequestOptions): Promise<OpResult['card.status']> {
    return this.send('card.status', params ?? {}, options);
  }

  snapshot(options?: RequestOptions): Promise<OpResult['snapshot']> {
    return this.send('snapshot', {}, options);
  }

  on<P extends TopicPattern>(pattern: P, handler: EventHandler<P>): () => void {
    return this.hub.add(pattern, handler as (event: ClientEvent) => void);
  }

  once<P extends TopicPattern>(pattern: P, handler: EventHandler<P>): () => void {
    const stop = this.on(pattern, (event) => {
      stop();
      handler(event);
    });
    return stop;
  }

  next<P extends TopicPattern>(
    pattern: P,
    options: { signal?: AbortSignal } = {},
  ): Promise<ClientEvent<TopicsOf<P>>> {
    return this.hub.next(pattern, options.signal) as Promise<ClientEvent<TopicsOf<P>>>;
  }

  events<P extends TopicPattern = '*'>(pattern?: P): EventStream<ClientEvent<TopicsOf<P>>> {
    return this.hub.stream(pattern ?? '*') as EventStream<ClientEvent<TopicsOf<P>>>;
  }

  states(): EventStream<ConnectionState> {
    return createEventStream((observer) => {
      observer.next(this.connection.state);
      if (this.connection.ended) {
        observer.complete();
        return () => {};
      }
      const stop = this.connection.onState((state) => observer.next(state));
      const onEnd = (): void => observer.complete();
      this.stateStreamEnds.add(onEnd);
      return () => {
        stop();
        this.stateStreamEnds.delete(onEnd);
      };
    });
  }

  connect(): void {
    this.connection.connect();
  }

  close(reason = 'closed by the client'): Promise<void> {
    if (this.connection.ended) return Promise.resolve();
    this.heartbeat.stop();
    this.gate.end();
    const closed = this.connection.close(reason);
    this.requests.failAll(() => clientError('DISCONNECTED', 'The client was closed.'));
    for (const end of [...this.stateStreamEnds]) end();
    this.stateStreamEnds.clear();
    this.hub.end();
    return closed;
  }

  private send<O extends Op>(
    op: O,
    params: unknown,
    options: RequestOptions | undefined,
  ): Promise<OpResult[O]> {
    const { status } = this.connection.state;
    if (this.connection.ended || status === 'closed') {
      const why = this.connection.ended
        ? 'the client was closed'
        : 'the client stopped reconnecting';
      return Promise.reject(clientError('DISCONNECTED', `Not connected: ${why}.`));
    }
    if (status === 'idle' && !this.gate.waiting) this.connection.connect();
    const timeoutMs = options?.timeoutMs ?? this.timeoutFor(op, params as OpParams[O]);
    const { request, promise } = this.requests.create(op, params, timeoutMs, options?.signal);
    this.transmit(request);
    return promise as Promise<OpResult[O]>;
  }

  /** A request of the client's own (subscribe, snapshot, ping) on the open connection. */
  private internalRequest<O extends Op>(
    op: O,
    params: OpParams[O],
    timeoutMs = this.timeoutFor(op, params),
  ): Promise<OpResult[O]> {
    const { request, promise } = this.requests.create(op, params, timeoutMs, undefined);
    this.transmit(request);
    return promise as Promise<OpResult[O]>;
  }

  /** The client's timeout of a request: the option, else the broker's deadline plus grace. */
  private timeoutFor<O extends Op>(op: O, params: OpParams[O]): number {
    const { requestTimeoutMs, timeoutGraceMs } = this.options;
    if (requestTimeoutMs !== undefined) return requestTimeoutMs;
    return clientTimeoutMs(op, params, this.connection.hello?.deadlines, timeoutGraceMs);
  }

  /** Sends a request when the connection is open; otherwise it stays queued. */
  private transmit(request: PendingRequest): void {
    if (this.connection.state.status !== 'open') return;
    // Ended already (a signal aborted before the call): nothing to send.
    if (this.requests.get(request.id) !== request) return;
    const { id, op, params } = request;
    try {
      this.connection.send({ type: 'request', id, op, params } as RequestMessage);
      request.sent = true;
    } catch (error) {
      request.reject(error as NhiCardError);
    }
  }

  private onOpened(): void {
    const generation = this.connection.generation;
    this.sync.startConnection();
    this.internalRequest('subscribe', { topics: ALL_TOPICS }).then(
      () => this.takeSnapshot(generation),
      (error: unknown) => this.resyncFailed(generation, 'subscribe', error),
    );
    for (const request of this.requests.queued()) this.transmit(request);
    this.heartbeat.start();
  }

  private takeSnapshot(generation: number): void {
    if (generation !== this.connection.generation) return;
    this.internalRequest('snapshot', {}).then(
      (snapshot) => {
        if (generation !== this.connection.generation) return;
        const step = this.sync.applySnapshot(snapshot);
        this.deliver(step.deliver);
        if (step.needSnapshot) this.takeSnapshot(generation);
      },
      (error: unknown) => this.resyncFailed(generation, 'snapshot', error),
    );
  }

  private resyncFailed(generation: number, op: Op, error: unknown): void {
    if (generation !== this.connection.generation) return;
    if (error instanceof NhiCardError && error.code === 'DISCONNECTED') return;
    const code = error instanceof NhiCardError ? error.code : 'INTERNAL';
    this.connection.abandon(CLIENT_CLOSE_CODES.RESYNC_FAILED, `${op} failed: ${code}`);
  }

  private onMessage(message: ResponseMessage | EventMessage): void {
    if (message.type === 'response') {
      this.onResponse(message);
      return;
    }
    const generation = this.connection.generation;
    const step = this.sync.receive(message);
    this.deliver(step.deliver);
    if (step.needSnapshot) this.takeSnapshot(generation);
  }

  private onResponse(message: ResponseMessage): void {
    // id null: the broker could not read a frame's id; no request can be matched to it.
    if (message.id === null) return;
    const request = this.requests.get(message.id);
    if (request === undefined || !request.sent) return;
    if (!message.ok) {
      request.reject(NhiCardError.fromWire(message.error));
      return;
    }
    const result = parseOpResult(request.op, message.result);
    if (result.ok) request.resolve(result.value);
    else {
      const { field, message: problem } = result.error;
      request.reject(
        clientError('INTERNAL', `Malformed ${request.op} result: ${field} ${problem}`),
      );
    }
  }

  /**
   * A message that failed validation. An event of a topic this SDK does not know is expected
   * from a newer broker and ignored; a response that cannot be read still ends its request,
   * instead of leaving it to time out.
   */
  private onUnreadable(failure: ParseFailure): void {
    if (failure.id === null) return;
    const detail = `${failure.field} ${failure.message}`;
    this.requests.get(failure.id)?.reject(clientError('INTERNAL', `Malformed response: ${detail}`));
  }

  private onLost(info: CloseInfo, final: boolean): void {
    this.heartbeat.stop();
    if (info.accessError !== undefined) {
      const detail = info.httpStatus === undefined ? undefined : info.reason;
      const refused = refusalError(info.accessError, detail);
      this.requests.failAll(() => refused);
      return;
    }
    const detail = info.reason === '' ? `${info.code}` : `${info.code} ${info.reason}`;
    this.requests.failSent(() =>
      clientError(
        'DISCONNECTED',
        `The connection closed (${detail}) before the answer came; the request was not re-sent.`,
      ),
    );
    if (final) {
      this.requests.failAll(() =>
        clientError('DISCONNECTED', `Not connected: the connection closed (${detail}).`),
      );
    }
  }

  private deliver(events: readonly ClientEvent[]): void {
    for (const event of events) {
      if (this.connection.ended) return;
      this.hub.dispatch(event);
    }
  }
}
