import type { Codec } from '@nhicard/protocol';
import { NhiCardError } from '../nhicard-error.js';

/**
 * Stands in for `msgpack-loader.ts` in `nhicard-client.iife.js`, which carries JSON only:
 * asking it for MessagePack is a set-up mistake, reported at once.
 */
export function loadMsgpackCodec(): Codec | Promise<Codec> {
  throw new NhiCardError({
    code: 'UNSUPPORTED',
    message:
      'This build of the nhicard client speaks JSON only: load nhicard-client.msgpack.iife.js for codec "msgpack".',
    retryable: false,
  });
}
