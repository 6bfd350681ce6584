import type { Op, RequestId } from '@nhicard/protocol';
import { clientError, type NhiCardError } from './nhicard-error.js';

/** Per-request options of `client.request` and the helpers. */
export interface RequestOptions {
  /**
   * Time the request may take, waiting for the connection included.
   * @default the client's `requestTimeoutMs`
   */
  timeoutMs?: number;
  /** Cancels the request: it rejects with `ABORTED` and a late response is ignored. */
  signal?: AbortSignal;
}

/** A request the app is waiting for. */
export interface PendingRequest {
  readonly id: RequestId;
  readonly op: Op;
  readonly params: unknown;
  /** Whether it was written to a socket (it then fails if that socket closes). */
  sent: boolean;
  /** Settles the caller's promise with a result already validated for `op`. */
  resolve(result: unknown): void;
  reject(error: NhiCardError): void;
}

/**
 * The requests in progress, by id: those waiting for a connection (queued) and those sent.
 * Each ends exactly once, by response, timeout, abort or disconnect; whatever comes for it
 * afterwards (a late response) is ignored because its id is gone.
 */
export class RequestRegistry {
  private readonly pending = new Map<RequestId, PendingRequest>();
  private lastId = 0;

  /** Registers a request; the promise settles when the request ends. */
  create(
    op: Op,
    params: unknown,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): { request: PendingRequest; promise: Promise<unknown> } {
    this.lastId += 1;
    const id = this.lastId;
    let request!: PendingRequest;
    const promise = new Promise<unknown>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        request.reject(clientError('ABORTED', `The ${op} request was aborted.`, signal?.reason));
      };
      const finish = (): boolean => {
        if (!this.pending.has(id)) return false;
        this.pending.delete(id);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      request = {
        id,
        op,
        params,
        sent: false,
        resolve: (result) => {
          if (finish()) resolve(result);
        },
        reject: (error) => {
          if (finish()) reject(error);
        },
      };
      this.pending.set(id, request);
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        const where = request.sent ? 'no answer from the broker' : 'no connection to the broker';
        request.reject(
          clientError('TIMEOUT', `The ${op} request timed out after ${timeoutMs} ms (${where}).`),
        );
      }, timeoutMs);
    });
    return { request, promise };
  }

  /** The request with `id`, while it is in progress. */
  get(id: RequestId): PendingRequest | undefined {
    return this.pending.get(id);
  }

  /** The requests not yet sent, oldest first. */
  queued(): PendingRequest[] {
    return [...this.pending.values()].filter((request) => !request.sent);
  }

  /** Fails every sent request (their connection is gone); queued ones keep waiting. */
  failSent(error: () => NhiCardError): void {
    for (const request of [...this.pending.values()]) {
      if (request.sent) request.reject(error());
    }
  }

  /** Fails every request. */
  failAll(error: () => NhiCardError): void {
    for (const request of [...this.pending.values()]) request.reject(error());
  }
}
