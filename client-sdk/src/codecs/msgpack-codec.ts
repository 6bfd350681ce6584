/** The MessagePack codec, in a module of its own so that it can be loaded on demand. */
export { msgpackCodec } from '@nhicard/protocol';
