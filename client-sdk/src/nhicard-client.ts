import type {
  EventMessage,
  HelloMessage,
  Op,
  OpParams,
  OpResult,
  ReaderParams,
  ResponseMessage,
  Scope,
  TopicPattern,
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
import { NhiCardError } from './nhicard-error.js';
import { createEventStream, type EventStream } from './observable.js';
import { RequestChannel } from './request-channel.js';
import type { RequestOptions } from './request-registry.js';
import { SocketConnection } from './socket-connection.js';
import type { WebSocketConstructor } from './web-socket-like.js';

// Every topic: the broker's seq is run-wide, so only a full subscription makes a skipped
// number mean a lost event (PROTOCOL.md, seq and snapshots). The app's patterns are applied
// on this side.
const ALL_TOPICS: TopicPattern[] = ['*'];

/** The client behind `createClient`: requests, resync and events over a SocketConnection. */
export class Client implements NhiCardClient {
  private readonly hub = new EventHub();
  private readonly sync = new EventSync();
  private readonly heartbeat: Heartbeat;
  private readonly connection: SocketConnection;
  private readonly gate: LocalNetworkGate;
  private readonly requests: RequestChannel;
  private readonly stateStreamEnds = new Set<() => void>();

  constructor(
    private readonly options: ResolvedClientOptions,
    WebSocketImpl: WebSocketConstructor,
  ) {
    this.connection = new SocketConnection(options, WebSocketImpl, {
      opened: () => this.onOpened(),
      received: (message) => this.onMessage(message),
      unreadable: (failure) => this.requests.unreadable(failure),
      lost: (info, final) => this.onLost(info, final),
    });
    this.heartbeat = new Heartbeat(options.heartbeat, {
      ping: (timeoutMs) => this.requests.internal('ping', {}, timeoutMs),
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
    this.requests = new RequestChannel(options, this.connection, this.gate);
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
    return this.requests.send(op, params ?? {}, options);
  }

  readCard(
    params: OpParams['card.read'],
    options?: RequestOptions,
  ): Promise<OpResult['card.read']> {
    return this.requests.send('card.read', params, options);
  }

  submitQr(
    qr: string,
    params?: ReaderParams,
    options?: RequestOptions,
  ): Promise<OpResult['vhc.submitQr']> {
    return this.requests.send('vhc.submitQr', { ...params, qr: qr.trim() }, options);
  }

  async listReaders(options?: RequestOptions): Promise<OpResult['readers.list']['readers']> {
    return (await this.requests.send('readers.list', {}, options)).readers;
  }

  status(params?: ReaderParams, options?: RequestOptions): Promise<OpResult['card.status']> {
    return this.requests.send('card.status', params ?? {}, options);
  }

  snapshot(options?: RequestOptions): Promise<OpResult['snapshot']> {
    return this.requests.send('snapshot', {}, options);
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
    this.requests.closed();
    for (const end of [...this.stateStreamEnds]) end();
    this.stateStreamEnds.clear();
    this.hub.end();
    return closed;
  }

  private onOpened(): void {
    const generation = this.connection.generation;
    this.sync.startConnection();
    this.requests.internal('subscribe', { topics: ALL_TOPICS }).then(
      () => this.takeSnapshot(generation),
      (error: unknown) => this.resyncFailed(generation, 'subscribe', error),
    );
    this.requests.sendQueued();
    this.heartbeat.start();
  }

  private takeSnapshot(generation: number): void {
    if (generation !== this.connection.generation) return;
    this.requests.internal('snapshot', {}).then(
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
      this.requests.received(message);
      return;
    }
    const generation = this.connection.generation;
    const step = this.sync.receive(message);
    this.deliver(step.deliver);
    if (step.needSnapshot) this.takeSnapshot(generation);
  }

  private onLost(info: CloseInfo, final: boolean): void {
    this.heartbeat.stop();
    this.requests.lost(info, final);
  }

  private deliver(events: readonly ClientEvent[]): void {
    for (const event of events) {
      if (this.connection.ended) return;
      this.hub.dispatch(event);
    }
  }
}
