import type { Codec } from '@nhicard/protocol';

/**
 * Loads the MessagePack codec. A dynamic import, so bundlers put msgpackr in a chunk of its
 * own; the `<script>` builds replace this module (see `scripts/build.ts`).
 */
export function loadMsgpackCodec(): Codec | Promise<Codec> {
  return import('./msgpack-codec.js').then((module) => module.msgpackCodec);
}
