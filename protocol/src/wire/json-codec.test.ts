import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodeFailureResponse } from './codec.js';
import { jsonCodec } from './json-codec.js';

/** The decode result that refuses a frame. */
const refusal = (closeCode: number, reason: string, fatal: boolean) => ({
  ok: false,
  error: { closeCode, reason, fatal },
});

function closeCodeOf(frame: string | Uint8Array, limits = {}): number | null {
  const result = jsonCodec.decode(frame, limits);
  return result.ok ? null : result.error.closeCode;
}

const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nhicard.v1.json encoding', () => {
  it('writes the message as compact JSON in field order', () => {
    expect(jsonCodec.encode({ type: 'request', id: 1, op: 'ping', params: {} })).toBe(
      '{"type":"request","id":1,"op":"ping","params":{}}',
    );
  });

  it('reads JSON with whitespace to the plain object', () => {
    expect(
      jsonCodec.decode(' {"type" : "request", "id":1,\n"op":"ping","params":{}} '),
    ).toStrictEqual({
      ok: true,
      value: { type: 'request', id: 1, op: 'ping', params: {} },
    });
  });
});

describe('nhicard.v1.json refusals', () => {
  it('refuses a binary frame with 1003', () => {
    expect(jsonCodec.decode(new TextEncoder().encode('{}'))).toStrictEqual(
      refusal(1003, 'nhicard.v1.json takes text frames', true),
    );
  });

  it.each([
    ['an empty frame', ''],
    ['a truncated object', '{"a":1'],
    ['a trailing comma', '[1,]'],
    ['a closing bracket first', ']'],
    ['an unterminated string', '{"a":"b}'],
    ['a bad \\u escape', '"\\u12G4"'],
    ['two values', '{} {}'],
    ['NaN', '{"a":NaN}'],
  ])('refuses %s with 1007, answerable (not fatal)', (_name, frame) => {
    const result = jsonCodec.decode(frame);
    expect(result.ok ? null : [result.error.closeCode, result.error.fatal]).toStrictEqual([
      1007,
      false,
    ]);
  });

  it('refuses a lone surrogate (text that could not have been UTF-8) with 1007', () => {
    expect(jsonCodec.decode('{"a":"\ud800"}')).toStrictEqual(
      refusal(1007, 'frame is not valid UTF-8 (lone surrogate)', true),
    );
    expect(closeCodeOf('"\udc00x"')).toBe(1007);
    expect(closeCodeOf('"😀"')).toBeNull();
  });

  it('refuses a frame over 64 KiB with 1009, counting UTF-8 bytes', () => {
    const max = DEFAULT_DECODE_LIMITS.maxFrameBytes;
    expect(closeCodeOf(`"${'a'.repeat(max - 2)}"`, { maxStringBytes: max })).toBeNull();
    expect(jsonCodec.decode(`"${'a'.repeat(max - 1)}"`, { maxStringBytes: max })).toStrictEqual(
      refusal(1009, 'frame over 65536 bytes', true),
    );
    // 22 000 characters, 66 002 bytes: over the limit although `length` is under it.
    expect(closeCodeOf(`"${'林'.repeat(21_999)}"`, { maxStringBytes: max })).toBe(1009);
  });

  it('refuses 100 000 nested arrays by size, and by depth when the size cap allows them', () => {
    const deep = '['.repeat(100_000);
    expect(closeCodeOf(deep)).toBe(1009);
    expect(jsonCodec.decode(deep, { maxFrameBytes: 1_000_000 })).toStrictEqual(
      refusal(1009, 'nested over 32 deep', true),
    );
  });

  it('accepts nesting exactly at maxDepth and refuses one deeper', () => {
    expect(closeCodeOf(nestedArrays(32))).toBeNull();
    expect(closeCodeOf(nestedArrays(33))).toBe(1009);
    expect(closeCodeOf('{"a":{"b":[{}]}}', { maxDepth: 3 })).toBe(1009);
    expect(closeCodeOf('{"a":{"b":[1]}}', { maxDepth: 3 })).toBeNull();
  });

  it('caps array items and object members, not counting commas inside strings', () => {
    const array = (items: number) => `[${Array.from({ length: items }, () => '0').join(',')}]`;
    expect(closeCodeOf(array(4096))).toBeNull();
    expect(jsonCodec.decode(array(4097))).toStrictEqual(
      refusal(1009, 'array over 4096 items', true),
    );
    expect(closeCodeOf('{"a":1,"b":2}', { maxMapSize: 2 })).toBeNull();
    expect(closeCodeOf('{"a":1,"b":2,"c":3}', { maxMapSize: 2 })).toBe(1009);
    expect(closeCodeOf('["a,b,c,d"]', { maxArrayLength: 1 })).toBeNull();
  });

  it('caps strings in UTF-8 bytes, counting escapes by what they decode to', () => {
    expect(closeCodeOf('"abcd"', { maxStringBytes: 4 })).toBeNull();
    expect(closeCodeOf('"abcde"', { maxStringBytes: 4 })).toBe(1009);
    expect(closeCodeOf('"\\n\\t\\"\\\\"', { maxStringBytes: 4 })).toBeNull();
    expect(closeCodeOf('"\\u6797\\u6797"', { maxStringBytes: 6 })).toBeNull(); // 林林, 6 bytes
    expect(closeCodeOf('"林林x"', { maxStringBytes: 6 })).toBe(1009);
    expect(closeCodeOf('{"abcde":1}', { maxStringBytes: 4 })).toBe(1009);
  });

  it('refuses an object key __proto__ with 1003, escaped or not, but not such a value', () => {
    const refused = refusal(1003, 'key __proto__ not allowed', false);
    expect(jsonCodec.decode('{"__proto__":{"polluted":true}}')).toStrictEqual(refused);
    expect(jsonCodec.decode('{"a":[{"__proto\\u005f_" :1}]}')).toStrictEqual(refused);
    expect(jsonCodec.decode('{"a":"__proto__"}')).toStrictEqual({
      ok: true,
      value: { a: '__proto__' },
    });
    expect(jsonCodec.decode('["__proto__"]')).toStrictEqual({ ok: true, value: ['__proto__'] });
  });
});

describe('decodeFailureResponse', () => {
  it('answers a non-fatal decode failure with BAD_REQUEST and id null', () => {
    const result = jsonCodec.decode('{"type":');
    if (result.ok) throw new Error('decoded');
    expect(decodeFailureResponse(result.error)).toStrictEqual({
      type: 'response',
      id: null,
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'not valid JSON', retryable: false },
    });
  });
});
