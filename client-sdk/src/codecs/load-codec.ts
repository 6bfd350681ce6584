import { type Codec, jsonCodec } from '@nhicard/protocol';
import { loadMsgpackCodec } from './msgpack-loader.js';

/**
 * The codec named in the options. JSON is built in; MessagePack is loaded on first use so
 * that apps speaking JSON never download msgpackr.
 */
export function loadCodec(name: 'json' | 'msgpack'): Codec | Promise<Codec> {
  return name === 'json' ? jsonCodec : loadMsgpackCodec();
}
