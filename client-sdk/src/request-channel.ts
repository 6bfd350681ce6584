import {
  type Op,
  type OpParams,
  type OpResult,
  type ParseFailure,
  parseOpResult,
  type RequestMessage,
  type ResponseMessage,
} from '@nhicard/protocol';
import type { ResolvedClientOptions } from './client-options.js';
import { refusalError } from './connect-refusal.js';
import type { CloseInfo } from './connection-state.js';
import { clientError, NhiCardError } from './nhicard-error.js';
import { type PendingRequest, type RequestOptions, RequestRegistry } from './request-registry.js';
import { clientTimeoutMs } from './request-timeout.js';
import type { SocketConnection } from './socket-connection.js';

/**
 * The client's requests over its connection: each gets a timeout (the option, else the
 * broker's deadline for it plus grace), waits in the queue while the connection is down, is
 * sent once it is open, and ends with its response, validated for its op, or with the error
 * of a refused or lost connection. Requests are never re-sent after a reconnect.
 */
export class RequestChannel {
  private readonly registry = new RequestRegistry();

  constructor(
    private readonly options: ResolvedClientOptions,
    private readonly connection: SocketConnection,
    /** Whether the first connection waits for the Local Network Access permission. */
    private readonly gate: { readonly waiting: boolean },
  ) {}

  /** An app's request: connects an idle client, and fails at once on a closed one. */
  send<O extends Op>(
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
    const { request, promise } = this.registry.create(op, params, timeoutMs, options?.signal);
    this.transmit(request);
    return promise as Promise<OpResult[O]>;
  }

  /** A request of the client's own (subscribe, snapshot, ping) on the open connection. */
  internal<O extends Op>(
    op: O,
    params: OpParams[O],
    timeoutMs = this.timeoutFor(op, params),
  ): Promise<OpResult[O]> {
    const { request, promise } = this.registry.create(op, params, timeoutMs, undefined);
    this.transmit(request);
    return promise as Promise<OpResult[O]>;
  }

  /** The connection opened: sends the requests that waited for it. */
  sendQueued(): void {
    for (const request of this.registry.queued()) this.transmit(request);
  }

  /** Ends the request a response is for. */
  received(message: ResponseMessage): void {
    // id null: the broker could not read a frame's id; no request can be matched to it.
    if (message.id === null) return;
    const request = this.registry.get(message.id);
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
  unreadable(failure: ParseFailure): void {
    if (failure.id === null) return;
    const detail = `${failure.field} ${failure.message}`;
    this.registry.get(failure.id)?.reject(clientError('INTERNAL', `Malformed response: ${detail}`));
  }

  /**
   * The connection was lost: a refusal ends every request; otherwise the sent ones fail and
   * the queued ones wait for the next connection, unless there will be none (`final`).
   */
  lost(info: CloseInfo, final: boolean): void {
    if (info.accessError !== undefined) {
      const detail = info.httpStatus === undefined ? undefined : info.reason;
      const refused = refusalError(info.accessError, detail);
      this.registry.failAll(() => refused);
      return;
    }
    const detail = info.reason === '' ? `${info.code}` : `${info.code} ${info.reason}`;
    this.registry.failSent(() =>
      clientError(
        'DISCONNECTED',
        `The connection closed (${detail}) before the answer came; the request was not re-sent.`,
      ),
    );
    if (final) {
      this.registry.failAll(() =>
        clientError('DISCONNECTED', `Not connected: the connection closed (${detail}).`),
      );
    }
  }

  /** The client was closed: every request fails. */
  closed(): void {
    this.registry.failAll(() => clientError('DISCONNECTED', 'The client was closed.'));
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
    if (this.registry.get(request.id) !== request) return;
    const { id, op, params } = request;
    try {
      this.connection.send({ type: 'request', id, op, params } as RequestMessage);
      request.sent = true;
    } catch (error) {
      request.reject(error as NhiCardError);
    }
  }
}
