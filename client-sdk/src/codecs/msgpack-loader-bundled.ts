import { type Codec, msgpackCodec } from '@nhicard/protocol';

/** Stands in for `msgpack-loader.ts` in `nhicard-client.msgpack.iife.js`, which bundles it. */
export function loadMsgpackCodec(): Codec | Promise<Codec> {
  return msgpackCodec;
}
