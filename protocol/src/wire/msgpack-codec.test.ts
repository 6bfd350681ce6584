import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from './codec.js';
import { msgpackCodec } from './msgpack-codec.js';

/** The decode result that refuses a frame. */
const refusal = (closeCode: number, reason: string, fatal: boolean) => ({
  ok: false,
  error: { closeCode, reason, fatal },
});

/** The test of a table row `[name, hex, reason]`: the frame decodes to exactly that refusal. */
const expectRefusal =
  (closeCode: number, fatal: boolean) => (_name: string, hex: string, reason: string) => {
    expect(msgpackCodec.decode(bytes(hex))).toStrictEqual(refusal(closeCode, reason, fatal));
  };

const bytes = (hex: string): Uint8Array =>
  Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex');

// {type:'request', id:1, op:'ping', params:{}}
const PING_HEX = [
  '84', // fixmap, 4 members
  'a4 74797065', // "type"
  'a7 72657175657374', // "request"
  'a2 6964', // "id"
  '01', // 1
  'a2 6f70', // "op"
  'a4 70696e67', // "ping"
  'a6 706172616d73', // "params"
  '80', // {}
].join(' ');

const PING = { type: 'request', id: 1, op: 'ping', params: {} } as const;

function failureOf(frame: string | Uint8Array, limits = {}) {
  const result = msgpackCodec.decode(frame, limits);
  return result.ok ? null : result.error.closeCode;
}

describe('nhicard.v1.msgpack encoding', () => {
  it('writes a ping request as the plain map of the fixture', () => {
    expect(hexOf(msgpackCodec.encode(PING))).toBe(PING_HEX.replace(/\s+/g, ''));
  });

  it('reads the fixture back as the plain object', () => {
    const result = msgpackCodec.decode(bytes(PING_HEX));
    expect(result).toStrictEqual({ ok: true, value: PING });
    if (result.ok) expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });

  it('writes safe integers beyond 32 bits as float64 and reads them back exactly', () => {
    const request = {
      type: 'request',
      id: Number.MAX_SAFE_INTEGER,
      op: 'ping',
      params: {},
    } as const;
    expect(hexOf(msgpackCodec.encode(request))).toContain(
      'a2 6964 cb433fffffffffffff'.replace(/\s/g, ''),
    );
    expect(msgpackCodec.decode(msgpackCodec.encode(request))).toStrictEqual({
      ok: true,
      value: request,
    });
  });

  it('reads uint64 and int64 from other encoders as numbers, never bigint', () => {
    expect(msgpackCodec.decode(bytes('cf 0000000000000007'))).toStrictEqual({ ok: true, value: 7 });
    expect(msgpackCodec.decode(bytes('d3 fffffffffffffffe'))).toStrictEqual({
      ok: true,
      value: -2,
    });
  });

  it('reads float32, str8 and map16 forms other encoders use', () => {
    // {"a": 1.5 (float32)} as map16, "é" as str8
    expect(msgpackCodec.decode(bytes('de 0001 a1 61 ca 3fc00000'))).toStrictEqual({
      ok: true,
      value: { a: 1.5 },
    });
    expect(msgpackCodec.decode(bytes('d9 02 c3a9'))).toStrictEqual({ ok: true, value: 'é' });
  });
});

describe('nhicard.v1.msgpack refusals', () => {
  it('refuses a text frame with 1003', () => {
    expect(msgpackCodec.decode('{}')).toStrictEqual(
      refusal(1003, 'nhicard.v1.msgpack takes binary frames', true),
    );
  });

  it.each([
    ['fixext 1 (msgpackr undefined)', 'd4 00 00'],
    ['fixext 4 timestamp', 'd6 ff 00000000'],
    ['fixext 8', 'd7 01 0000000000000000'],
    ['fixext 16', 'd8 01 00000000000000000000000000000000'],
    ['ext 8 (record definition)', 'c7 01 72 00'],
    ['ext 16', 'c8 0001 70 00'],
    ['ext 32', 'c9 00000001 73 00'],
    ['ext inside a map value', '81 a1 61 d4 00 00'],
  ])('refuses %s with 1003', (_name, hex) => {
    expect(msgpackCodec.decode(bytes(hex))).toStrictEqual(
      refusal(1003, 'MessagePack ext types are not used by nhicard', false),
    );
  });

  it.each([
    ['bin 8', 'c4 01 00', 'MessagePack bin is not used by nhicard'],
    ['an integer map key', '81 01 02', 'map keys must be strings'],
    ['an array map key', '81 90 02', 'map keys must be strings'],
    ['a __proto__ key', '81 a9 5f5f70726f746f5f5f 80', 'key __proto__ not allowed'],
  ])('refuses %s with 1003', expectRefusal(1003, false));

  it.each([
    ['an empty frame', '', 'MessagePack value truncated', false],
    ['a truncated string', 'a5 6162', 'MessagePack value truncated', false],
    ['a truncated float64', 'cb 3ff0', 'MessagePack value truncated', false],
    ['a truncated str16 header', 'da 00', 'MessagePack value truncated', false],
    ['a map missing its value', '81 a1 61', 'MessagePack value truncated', false],
    ['two values in one frame', 'c0 c0', 'bytes after the MessagePack value', false],
    ['the never-used type 0xc1', 'c1', 'MessagePack type 0xc1 is never used', false],
    ['invalid UTF-8 (bad continuation)', 'a2 c328', 'string is not valid UTF-8', true],
    ['overlong UTF-8', 'a2 c080', 'string is not valid UTF-8', true],
    ['a UTF-8 surrogate', 'a3 eda080', 'string is not valid UTF-8', true],
    ['invalid UTF-8 in a key', '81 a1 ff 01', 'string is not valid UTF-8', true],
    [
      'array16 claiming more items than bytes',
      'dc 0064 01 02 03',
      'MessagePack value truncated',
      false,
    ],
  ])('refuses %s with 1007 (fatal: %s)', (_name, hex, reason, fatal) => {
    expect(msgpackCodec.decode(bytes(hex))).toStrictEqual(refusal(1007, reason, fatal));
  });

  it.each([
    ['array32 claiming 2^32-1 items', 'dd ffffffff', 'array over 4096 items'],
    ['map32 claiming 2^32-1 members', 'df ffffffff', 'map over 1024 members'],
    ['str32 claiming 2^32-1 bytes', 'db ffffffff', 'string over 16384 bytes'],
    ['array16 claiming 4097 items', 'dc 1001', 'array over 4096 items'],
  ])('refuses %s with 1009 before reading on', expectRefusal(1009, true));

  it('refuses a frame over maxFrameBytes with 1009', () => {
    const frame = new Uint8Array(DEFAULT_DECODE_LIMITS.maxFrameBytes + 1);
    expect(failureOf(frame)).toBe(1009);
    expect(failureOf(new Uint8Array(11), { maxFrameBytes: 10 })).toBe(1009);
  });

  it('accepts nesting exactly at maxDepth and refuses one deeper', () => {
    const nested = (depth: number) =>
      new Uint8Array(depth).fill(0x91).map((b, i) => (i === depth - 1 ? 0x90 : b));
    expect(msgpackCodec.decode(nested(32)).ok).toBe(true);
    expect(msgpackCodec.decode(nested(33))).toStrictEqual(
      refusal(1009, 'nested over 32 deep', true),
    );
  });

  it('refuses 100 000 nested arrays by size, and by depth when the size cap allows them', () => {
    const deep = new Uint8Array(100_000).fill(0x91);
    expect(failureOf(deep)).toBe(1009);
    expect(msgpackCodec.decode(deep, { maxFrameBytes: 1_000_000 })).toStrictEqual(
      refusal(1009, 'nested over 32 deep', true),
    );
  });

  it('applies custom array, map and string caps', () => {
    expect(failureOf(bytes('93 01 02 03'), { maxArrayLength: 2 })).toBe(1009);
    expect(failureOf(bytes('92 01 02'), { maxArrayLength: 2 })).toBeNull();
    expect(failureOf(bytes('82 a1 61 01 a1 62 02'), { maxMapSize: 1 })).toBe(1009);
    expect(failureOf(bytes('a3 616263'), { maxStringBytes: 2 })).toBe(1009);
    expect(failureOf(bytes('a2 6162'), { maxStringBytes: 2 })).toBeNull();
  });
});
