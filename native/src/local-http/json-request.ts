import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The largest reply body read from a local service. The NHI services answer with a few hundred
 * bytes of JSON; anything much larger is not one of them.
 */
const MAX_REPLY_BYTES = 1024 * 1024;

/** One JSON call to a service on this machine (the virtual-card SDK, the CS 6.0 console). */
export interface JsonRequest {
  /** Where to send it. */
  url: URL;
  /** GET or POST. */
  method: 'GET' | 'POST';
  /** Sent as JSON (POST only). */
  body?: unknown;
  /**
   * How long to wait for the whole reply (a probe's own limit); left out, the call waits until
   * `signal` aborts: a driver's calls have their request's deadline as their only limit.
   */
  timeoutMs?: number;
  /** Aborts the call: it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * HTTPS only: accept a certificate no CA vouches for. The CS 6.0 console serves a
   * self-signed certificate made at install time on localhost, so there is nothing to pin.
   */
  acceptSelfSigned?: boolean;
}

/** The reply: its HTTP status and the parsed JSON body (null when the body was empty). */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** Why a local call failed before a usable reply came. */
export type LocalHttpFailure = 'unreachable' | 'timeout' | 'bad-reply';

/** A local call that got no usable reply. Its message never holds the request body. */
export class LocalHttpError extends Error {
  override readonly name = 'LocalHttpError';
  constructor(
    readonly failure: LocalHttpFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Sends one JSON request and parses the JSON reply. A fresh connection per call (no keep-alive
 * agent): the services restart independently of the broker, and a pooled socket to a service
 * that restarted would fail the next call for nothing.
 */
export function requestJson(call: JsonRequest): Promise<JsonReply> {
  if (call.signal?.aborted) return Promise.reject(call.signal.reason);
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  const where = `${call.url.protocol}//${call.url.host}${call.url.pathname}`;
  return new Promise<JsonReply>((resolve, reject) => {
    const send = call.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(call.url, {
      method: call.method,
      agent: false,
      headers: {
        accept: 'application/json',
        ...(payload === undefined
          ? {}
          : { 'content-type': 'application/json', 'content-length': payload.length }),
      },
      ...(call.acceptSelfSigned === true ? { rejectUnauthorized: false } : {}),
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: unknown): void =>
      finish(() => {
        request.destroy();
        reject(error);
      });
    const onAbort = (): void => fail(call.signal?.reason);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const { timeoutMs } = call;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => fail(new LocalHttpError('timeout', `${where} did not answer in ${timeoutMs} ms`)),
            timeoutMs,
          );
    request.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new LocalHttpError(
          'unreachable',
          `${where} cannot be reached (${error.code ?? error.message})`,
          {
            cause: error,
          },
        ),
      ),
    );
    request.on('response', (response) => {
      readBody(response, where).then(
        (body) => finish(() => resolve({ status: response.statusCode ?? 0, body })),
        fail,
      );
    });
    request.end(payload);
  });
}

async function readBody(response: IncomingMessage, where: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REPLY_BYTES) {
      throw new LocalHttpError('bad-reply', `${where} sent more than ${MAX_REPLY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LocalHttpError(
      'bad-reply',
      `${where} answered HTTP ${response.statusCode} with a body that is not JSON`,
      { cause: error },
    );
  }
}
