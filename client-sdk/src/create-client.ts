import type { NhiCardClient } from './client-api.js';
import { type ClientOptions, resolveClientOptions } from './client-options.js';
import { Client } from './nhicard-client.js';
import { NhiCardError } from './nhicard-error.js';

/**
 * Creates a client and (unless `autoConnect: false`) starts connecting. Throws a `TypeError`
 * for a URL that is not `ws:` or `wss:`, and an `NhiCardError` (`UNSUPPORTED`) when there is
 * no WebSocket implementation or the build lacks the codec asked for.
 *
 * @example
 * import { createClient } from '@nhicard/client';
 * const client = createClient({ url: 'ws://127.0.0.1:7766/v1' });
 * client.on('card.inserted', async (event) => {
 *   const { sections } = await client.readCard({ reader: event.reader, sections: ['basic'] });
 *   console.log(sections.basic);
 * });
 */
export function createClient(options: ClientOptions): NhiCardClient {
  const resolved = resolveClientOptions(options);
  const protocol = new URL(resolved.url).protocol;
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    throw new TypeError(`The broker URL must start with ws: or wss: (got ${protocol}).`);
  }
  if (resolved.WebSocket === undefined) {
    throw new NhiCardError({
      code: 'UNSUPPORTED',
      message:
        'No WebSocket implementation: pass options.WebSocket (e.g. WebSocket from the ws package on Node 20).',
      retryable: false,
    });
  }
  return new Client(resolved, resolved.WebSocket);
}
