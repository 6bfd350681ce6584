import type { Codec, Subprotocol } from './codec.js';
import { SUBPROTOCOLS } from './codec.js';
import { jsonCodec } from './json-codec.js';
import { msgpackCodec } from './msgpack-codec.js';

const CODECS: { readonly [S in Subprotocol]: Codec } = {
  'nhicard.v1.json': jsonCodec,
  'nhicard.v1.msgpack': msgpackCodec,
};

/** Whether `value` is a subprotocol of protocol 1. */
export function isSubprotocol(value: unknown): value is Subprotocol {
  return typeof value === 'string' && (SUBPROTOCOLS as readonly string[]).includes(value);
}

/**
 * The subprotocol a server uses for a client that offered `offered` (in the client's order
 * of preference): none offered → `nhicard.v1.json`, and the server sends no
 * `Sec-WebSocket-Protocol` header; otherwise the first supported one offered, which the
 * server echoes; only unknown ones offered → `null`, and the server refuses the upgrade.
 */
export function chooseSubprotocol(offered: readonly string[]): Subprotocol | null {
  if (offered.length === 0) return 'nhicard.v1.json';
  return offered.find(isSubprotocol) ?? null;
}

/** The codec of `subprotocol`. */
export function codecFor(subprotocol: Subprotocol): Codec {
  return CODECS[subprotocol];
}
