import { describe, expect, it } from 'vitest';
import {
  ERROR_RESPONSE_EXAMPLES,
  EVENT_EXAMPLES,
  HELLO_EXAMPLE,
  okResponseExample,
  REQUEST_EXAMPLES,
} from './examples.test-helpers.js';
import { jsonCodec } from './json-codec.js';
import type { RequestMessage, ServerMessage, WireMessage } from './messages.js';
import { msgpackCodec } from './msgpack-codec.js';
import { OPS } from './ops.js';
import { parseClientMessage } from './parse-client-message.js';
import { parseOpResult } from './parse-results.js';
import { parseServerMessage } from './parse-server-message.js';
import { TOPICS } from './topics.js';

const codecs = [jsonCodec, msgpackCodec];

function decodeBack(codec: (typeof codecs)[number], message: WireMessage): unknown {
  const decoded = codec.decode(codec.encode(message));
  if (!decoded.ok) throw new Error(`decode failed: ${decoded.error.reason}`);
  return decoded.value;
}

describe.each(codecs)('$subprotocol round-trip', (codec) => {
  it.each(OPS)('request %s comes back identical and parses to itself', (op) => {
    const request = REQUEST_EXAMPLES[op];
    const value = decodeBack(codec, request);
    expect(value).toStrictEqual(request);
    expect(parseClientMessage(value)).toStrictEqual({ ok: true, message: request });
  });

  it.each(OPS)('ok response to %s comes back identical and its result validates', (op) => {
    const response = okResponseExample(op);
    const value = decodeBack(codec, response);
    expect(value).toStrictEqual(response);
    const parsed = parseServerMessage(value);
    expect(parsed).toStrictEqual({ ok: true, message: response });
    if (!parsed.ok || parsed.message.type !== 'response' || !parsed.message.ok) return;
    expect(parseOpResult(op, parsed.message.result)).toStrictEqual({
      ok: true,
      value: response.result,
    });
  });

  it.each(TOPICS)('event %s comes back identical and parses to itself', (topic) => {
    const event = EVENT_EXAMPLES[topic];
    const value = decodeBack(codec, event);
    expect(value).toStrictEqual(event);
    expect(parseServerMessage(value)).toStrictEqual({ ok: true, message: event });
  });

  it.each([
    ['hello', HELLO_EXAMPLE],
    ['error response with native detail', ERROR_RESPONSE_EXAMPLES[0]],
    ['error response with id null', ERROR_RESPONSE_EXAMPLES[1]],
  ] as const)('%s comes back identical and parses to itself', (_name, message) => {
    const value = decodeBack(codec, message as ServerMessage);
    expect(value).toStrictEqual(message);
    expect(parseServerMessage(value)).toStrictEqual({ ok: true, message });
  });

  it('leaves out fields whose value is undefined', () => {
    const request: RequestMessage<'card.read'> = {
      type: 'request',
      id: 12,
      op: 'card.read',
      params: { reader: undefined, sections: ['basic'], fresh: undefined },
    };
    expect(decodeBack(codec, request)).toStrictEqual({
      type: 'request',
      id: 12,
      op: 'card.read',
      params: { sections: ['basic'] },
    });
  });

  it('keeps integers, negative numbers and fractions exact', () => {
    const result = { big: Number.MAX_SAFE_INTEGER, small: -(2 ** 40), third: 1 / 3, tiny: 5e-324 };
    const response = { type: 'response', id: 1, ok: true, result } as const;
    expect(decodeBack(codec, response)).toStrictEqual(response);
  });
});

describe('frame kinds', () => {
  it('JSON encodes to a string, MessagePack to a plain Uint8Array (not a Buffer)', () => {
    expect(typeof jsonCodec.encode(HELLO_EXAMPLE)).toBe('string');
    expect(jsonCodec.binary).toBe(false);
    expect(msgpackCodec.encode(HELLO_EXAMPLE).constructor).toBe(Uint8Array);
    expect(msgpackCodec.binary).toBe(true);
  });
});
