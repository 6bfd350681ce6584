import { DriverError } from '../driver-error.js';
import { LocalHttpError, requestJson } from '../local-http/json-request.js';
import type { ResolvedCs6Options } from './cs6-options.js';

/** One call to the console: the method, the path under its base URL, the JSON body. */
export type Cs6ConsoleCall = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
) => Promise<unknown>;

/**
 * The console's calls for one driver. A reply outside 2xx is `READER_ERROR`; a console that
 * does not answer is `READER_ERROR` (`TIMEOUT` when it is slow), naming the origin and never
 * the body (a virtual card's token travels in one).
 */
export function cs6ConsoleCaller(options: ResolvedCs6Options): Cs6ConsoleCall {
  return async (method, path, body, signal) => {
    try {
      const reply = await requestJson({
        url: new URL(path, options.url),
        method,
        body,
        timeoutMs: options.requestTimeoutMs,
        signal,
        acceptSelfSigned: true,
      });
      if (reply.status < 200 || reply.status >= 300) {
        throw new DriverError(
          'READER_ERROR',
          `The CS 6.0 console answered ${path} with HTTP ${reply.status}.`,
        );
      }
      return reply.body;
    } catch (error) {
      if (!(error instanceof LocalHttpError)) throw error;
      const code = error.failure === 'timeout' ? 'TIMEOUT' : 'READER_ERROR';
      throw new DriverError(
        code,
        `The CS 6.0 console at ${options.url.origin} does not answer; is it running? (${error.message})`,
        { cause: error },
      );
    }
  };
}
