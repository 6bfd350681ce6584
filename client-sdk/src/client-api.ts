import type {
  HelloMessage,
  Op,
  OpParams,
  OpResult,
  ReaderInfo,
  ReaderParams,
  ReaderStatus,
  Scope,
  TopicPattern,
} from '@nhicard/protocol';
import type { ClientEvent, EventHandler, TopicsOf } from './client-event.js';
import type { ConnectionState } from './connection-state.js';
import type { LocalNetworkPermission } from './local-network.js';
import type { NhiCardError } from './nhicard-error.js';
import type { EventStream } from './observable.js';
import type { RequestOptions } from './request-registry.js';

/** `request`'s arguments after the op: `params` may be left out when every field is optional. */
export type RequestArgs<O extends Op> =
  Record<never, never> extends OpParams[O]
    ? [params?: OpParams[O], options?: RequestOptions]
    : [params: OpParams[O], options?: RequestOptions];

/**
 * A connection to an nhicard broker that stays connected: requests are promises, events
 * arrive by topic, and reconnects and resyncs happen on their own. Made by `createClient`.
 */
export interface NhiCardClient {
  /** The connection's state now. */
  readonly state: ConnectionState;
  /**
   * The broker's greeting on the current (or last) connection: its version, driver, readers
   * and the scopes this client holds. `null` before the first one.
   */
  readonly hello: HelloMessage | null;
  /**
   * Why the connection was refused in a way retrying cannot fix, as an `NhiCardError` with
   * `message`, `messageZh`, `hint` and `hintZh`: the broker turned this page away before
   * `hello` (`ORIGIN_NOT_ALLOWED`, `ACCESS_PENDING`, `ACCESS_DENIED`, `UNAUTHORIZED`; in Node
   * also a 401/403 at the upgrade, with the broker's words as `message`), the browser's Local
   * Network Access permission is denied (`LOCAL_NETWORK_DENIED`), or the broker's certificate
   * is not trusted (`TLS_UNTRUSTED`, where the client can tell: Node). null otherwise. The
   * client does not retry these; call `requestAccess()` or `connect()` once fixed.
   */
  readonly accessError: NhiCardError | null;
  /**
   * Whether the client holds its first connection back because the browser would have to ask
   * the user for Local Network Access (permission state `prompt`): show a button that calls
   * `requestAccess()`. It connects by itself should the permission be granted meanwhile.
   */
  readonly waitingForPermission: boolean;

  /**
   * Sends a request and resolves with its result, typed by op. While the client is not
   * connected the request waits, up to its timeout. Rejects with an `NhiCardError`: the
   * broker's error, or `TIMEOUT`, `ABORTED`, or `DISCONNECTED` when the connection closed
   * after the request was sent (it is never re-sent: requests are not assumed idempotent).
   *
   * @example
   * const { readers } = await client.request('readers.list');
   * await client.request('sim.insert', { card: 'demo-adult' }, { timeoutMs: 5000 });
   */
  request<O extends Op>(op: O, ...args: RequestArgs<O>): Promise<OpResult[O]>;
  /**
   * Reads card sections (from the broker's cache for this insertion unless `fresh`).
   *
   * @example
   * const { sections } = await client.readCard({ sections: ['basic'] });
   */
  readCard(params: OpParams['card.read'], options?: RequestOptions): Promise<OpResult['card.read']>;
  /**
   * Presents a virtual NHI card's QR code (虛擬健保卡) as a scanner typed it: surrounding
   * whitespace (the scanner's Enter) is stripped. Resolves with the virtual reader the card is
   * now in (its `card.inserted` and automatic read follow as events); rejects with the SDK's
   * error, e.g. `native.code` 1018 (expired) or 1020 (already used) with the zh-TW message.
   * The QR code is personal data: the SDK sends it in this one request and keeps no copy.
   *
   * @example
   * const { reader } = await client.submitQr(scannerInput.value);
   */
  submitQr(
    qr: string,
    params?: ReaderParams,
    options?: RequestOptions,
  ): Promise<OpResult['vhc.submitQr']>;
  /** The attached readers. */
  listReaders(options?: RequestOptions): Promise<ReaderInfo[]>;
  /** One reader's slot (the only reader when `reader` is left out). */
  status(params?: ReaderParams, options?: RequestOptions): Promise<ReaderStatus>;
  /** Every reader's state and the `seq` it is current at. */
  snapshot(options?: RequestOptions): Promise<OpResult['snapshot']>;

  /**
   * Calls `handler` for every event the pattern selects (`card.inserted`, `card.*`, `*`);
   * returns the function that stops it. Events derived from a snapshot after a reconnect
   * have `resync: true`.
   *
   * @example
   * const stop = client.on('card.inserted', (event) => console.log(event.reader));
   */
  on<P extends TopicPattern>(pattern: P, handler: EventHandler<P>): () => void;
  /** Like `on`, for the next matching event only. */
  once<P extends TopicPattern>(pattern: P, handler: EventHandler<P>): () => void;
  /**
   * The next event the pattern selects, as a promise (rejects with `ABORTED` when `signal`
   * aborts, `DISCONNECTED` when the client is closed).
   */
  next<P extends TopicPattern>(
    pattern: P,
    options?: { signal?: AbortSignal },
  ): Promise<ClientEvent<TopicsOf<P>>>;
  /**
   * The events the pattern selects as an observable stream (`from(client.events())` in
   * RxJS). It completes when the client is closed.
   */
  events<P extends TopicPattern = '*'>(pattern?: P): EventStream<ClientEvent<TopicsOf<P>>>;
  /** The connection state now and at every change; completes when the client is closed. */
  states(): EventStream<ConnectionState>;

  /**
   * Starts connecting (when `autoConnect` was `false`, or after the client gave up
   * reconnecting). Does nothing while connecting or open.
   */
  connect(): void;
  /**
   * Connects now, from a user's action (a button): the browser may then ask for Local Network
   * Access, and the broker records a request for `scopes` (default: the `requestAccess`
   * option) for a person on this PC to approve. Also after a refusal. Resolves with the
   * broker's `hello` once connected; rejects with the refusal (`accessError`) otherwise.
   *
   * @example
   * button.onclick = () => client.requestAccess().catch((error) => show(error.messageZh, error.hintZh));
   */
  requestAccess(options?: { scopes?: readonly Scope[] }): Promise<HelloMessage>;
  /**
   * The browser's Local Network Access permission for this page: `granted`, `denied`,
   * `prompt`, or `unsupported` where the browser does not expose it (or the page is on
   * loopback itself and needs none).
   */
  localNetworkPermission(): Promise<LocalNetworkPermission>;
  /**
   * Closes the connection for good: pending requests reject with `DISCONNECTED`, handlers
   * are removed, streams complete. Resolves once the socket has closed.
   */
  close(reason?: string): Promise<void>;
}
