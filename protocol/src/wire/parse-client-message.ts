import {
  expectInteger,
  FieldError,
  isPlainRecord,
  ownField,
  type PlainRecord,
  readDecoded,
  requiredField,
} from './field-reader.js';
import { MAX_ECHOED_NAME_LENGTH, MAX_REQUEST_ID } from './message-limits.js';
import type { ClientMessage, RequestId } from './messages.js';
import { isOp } from './ops.js';
import { readParams } from './parse-params.js';
import type { ParseFailure, ParseResult } from './parse-result.js';

/** The request id of `record` if it is a valid one, else `null`; never fails. */
export function readableId(record: PlainRecord): RequestId | null {
  try {
    return expectInteger(ownField(record, 'id', ''), 'id', 0, MAX_REQUEST_ID);
  } catch {
    return null;
  }
}

/** Shortens a name a peer sent before it goes into an error message. */
export function echoName(name: string): string {
  const cut = name.length > MAX_ECHOED_NAME_LENGTH;
  return JSON.stringify(cut ? `${name.slice(0, MAX_ECHOED_NAME_LENGTH)}…` : name);
}

/**
 * Turns whatever a parser threw into a failure. FieldErrors carry their field; anything
 * else (a Proxy trap or a getter that throws, say) means the value could not be read at all.
 */
export function toParseFailure(thrown: unknown, id: RequestId | null): ParseFailure {
  if (thrown instanceof FieldError) {
    return { code: thrown.code, message: thrown.message, field: thrown.field, id };
  }
  return { code: 'BAD_REQUEST', message: 'the message could not be read', field: '', id };
}

function readRequest(record: PlainRecord): ClientMessage {
  const type = requiredField(record, 'type', '');
  if (type !== 'request') {
    throw new FieldError(
      'type',
      typeof type === 'string' ? 'must be "request"' : 'must be a string',
    );
  }
  const id = expectInteger(requiredField(record, 'id', ''), 'id', 0, MAX_REQUEST_ID);
  const op = requiredField(record, 'op', '');
  if (typeof op !== 'string') throw new FieldError('op', 'must be a string');
  if (!isOp(op)) throw new FieldError('op', `${echoName(op)} is not a known op`, 'UNKNOWN_OP');
  const params = readParams(op, ownField(record, 'params', ''), 'params');
  // The cast pairs op with its params, which readParams validated for exactly that op.
  return { type: 'request', id, op, params } as ClientMessage;
}

/**
 * Validates a decoded frame from a client. Returns a fresh message holding only the known
 * fields (unknown fields are ignored, for forward compatibility), or the failure with the
 * field at fault and the request id when it could be read. Never throws.
 *
 * @param source `'decoded'` when `value` is exactly what `jsonCodec.decode` or
 * `msgpackCodec.decode` returned: plain data, whose fields are then read directly (a server
 * reading every frame makes far less garbage). Any other value may hold getters or proxies,
 * which are then refused, not run.
 * @default source 'any'
 */
export function parseClientMessage(
  value: unknown,
  source: 'decoded' | 'any' = 'any',
): ParseResult<ClientMessage> {
  return source === 'decoded' ? readDecoded(parseAny, value) : parseAny(value);
}

function parseAny(value: unknown): ParseResult<ClientMessage> {
  let id: RequestId | null = null;
  try {
    if (!isPlainRecord(value)) throw new FieldError('', 'a message must be an object');
    id = readableId(value);
    return { ok: true, message: readRequest(value) };
  } catch (thrown) {
    return { ok: false, error: toParseFailure(thrown, id) };
  }
}
