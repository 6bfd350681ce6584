import { requestJson } from '../local-http/json-request.js';
import { cs6ReplyError, cs6TransportError } from './cs6-errors.js';
import type { ResolvedCs6Options } from './cs6-options.js';

/** One call to the console: the method, the path under its base URL, the JSON body. */
export type Cs6ConsoleCall = (
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
) => Promise<unknown>;

/**
 * The console's calls for one driver. A call has no time limit of its own: `signal` is its
 * request's deadline (a status poll's, a QR submission's), and aborting it ends the HTTPS
 * request, so the reader's queue moves on at once. A reply outside 2xx, or no reply, is
 * `READER_ERROR`.
 */
export function cs6ConsoleCaller(options: ResolvedCs6Options): Cs6ConsoleCall {
  return async (method, path, body, signal) => {
    let reply: Awaited<ReturnType<typeof requestJson>>;
    try {
      reply = await requestJson({
        url: new URL(path, options.url),
        method,
        body,
        signal,
        acceptSelfSigned: true,
      });
    } catch (error) {
      throw cs6TransportError(error, options.url.origin);
    }
    if (reply.status < 200 || reply.status >= 300) {
      throw cs6ReplyError(path, `HTTP ${reply.status}`);
    }
    return reply.body;
  };
}
