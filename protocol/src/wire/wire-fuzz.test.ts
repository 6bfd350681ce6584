import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { SECTION_IDS } from '../card/section-ids.js';
import { ERROR_CODE_LIST } from '../errors/error-codes.js';
import type { Codec, DecodeResult } from './codec.js';
import { jsonCodec } from './json-codec.js';
import type { WireMessage } from './messages.js';
import { msgpackCodec } from './msgpack-codec.js';
import { OPS } from './ops.js';
import { parseClientMessage } from './parse-client-message.js';
import type { ParseResult } from './parse-result.js';
import { parseServerMessage } from './parse-server-message.js';
import { TOPIC_PATTERNS, TOPICS } from './topics.js';
import { CARD_PRESENCE, DRIVER_NAMES, SCOPES } from './value-sets.js';

// The never-throw properties run RUNS times each, the round-trip ones half as often;
// together they stay within a few seconds.
const RUNS = 2000;
const codecs: Codec[] = [jsonCodec, msgpackCodec];

const fieldNames = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'type',
  'id',
  'op',
  'params',
  'topics',
  'sections',
  'reader',
  'fresh',
  'card',
  'ok',
  'result',
  'error',
  'code',
  'message',
  'retryable',
  'native',
  'topic',
  'seq',
  'time',
  'data',
  'holder',
);

/** Anything JavaScript can hold, nested deeply, with keys that hit the parsers' fields. */
const anything = fc.anything({
  maxDepth: 30,
  depthSize: 'small',
  key: fc.oneof(fieldNames, fc.string()),
  stringUnit: 'binary',
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

function nestedObjects(depth: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < depth; level += 1) value = { data: value };
  return value;
}

/** An object graph that shares subtrees: 2^depth paths through `depth + 1` objects. */
function sharedTree(depth: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < depth; level += 1) value = { data: value, result: [value, value] };
  return value;
}

/** Caps a parsed message always fits in: a parser bounds depth, not sizes. */
const ROOMY = {
  maxFrameBytes: 2 ** 30,
  maxArrayLength: 2 ** 30,
  maxMapSize: 2 ** 30,
  maxStringBytes: 2 ** 30,
};

/** Values built to break naive validators. */
const hostile = fc.oneof(
  fc.integer({ min: 20, max: 300 }).map(nestedArrays),
  fc.integer({ min: 20, max: 300 }).map((depth) => ({
    type: 'response',
    id: 1,
    ok: true,
    result: nestedObjects(depth),
  })),
  fc.constantFrom<unknown>(
    nestedArrays(100_000),
    nestedObjects(100_000),
    {
      type: 'event',
      topic: 'card.read',
      seq: 1,
      time: '2025-01-01T00:00:00Z',
      reader: 'r',
      data: { holder: null, sections: { basic: sharedTree(40) } },
    },
    new Proxy([], { get: (_t, key) => (key === 'length' ? 2 ** 32 - 1 : undefined) }),
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('ownKeys');
        },
      },
    ),
    new Proxy(
      { type: 'request', id: 1, op: 'ping' },
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('gopd');
        },
      },
    ),
    Object.defineProperty({ type: 'request', id: 1, op: 'ping' }, 'params', {
      enumerable: true,
      get: () => {
        throw new Error('getter ran');
      },
    }),
    Object.assign(Object.create({ type: 'request', id: 1, op: 'ping' }) as object, { params: {} }),
    Object.assign([1, 2], { type: 'request', id: 1, op: 'ping' }),
    JSON.parse(
      '{"type":"request","id":1,"op":"card.read","params":{"__proto__":{"sections":["basic"]}}}',
    ),
    { type: 'request', id: 1, op: 'ping', params: { [Symbol('x')]: 1 } },
    { type: 'request', id: -0, op: 'ping', params: Object.freeze({}) },
    { type: 'response', id: 1, ok: true, result: nestedArrays(100_000) },
    {
      type: 'event',
      topic: 'card.read',
      seq: 1,
      time: '2025-01-01T00:00:00Z',
      reader: 'r',
      data: { holder: null, sections: { basic: nestedObjects(1000) } },
    },
  ),
);

const requestLike = fc.record(
  {
    type: fc.oneof(fc.constant('request'), anything),
    id: fc.oneof(fc.nat(), fc.double(), fc.constantFrom(-0, 2 ** 53, -1), anything),
    op: fc.oneof(fc.constantFrom(...OPS), anything),
    params: fc.oneof(
      fc.record(
        {
          topics: fc.array(fc.oneof(fc.constantFrom(...TOPIC_PATTERNS), anything), {
            maxLength: 14,
          }),
          sections: fc.array(fc.oneof(fc.constantFrom(...SECTION_IDS), anything), {
            maxLength: 20,
          }),
          reader: fc.oneof(fc.string({ maxLength: 130 }), anything),
          fresh: fc.oneof(fc.boolean(), anything),
          card: fc.oneof(fc.stringMatching(/^[\w.-]{0,130}$/), anything),
        },
        { requiredKeys: [] },
      ),
      anything,
    ),
  },
  { requiredKeys: [] },
);

const wireError = fc.record(
  {
    code: fc.oneof(fc.constantFrom(...ERROR_CODE_LIST), anything),
    message: fc.oneof(fc.string(), anything),
    retryable: fc.oneof(fc.boolean(), anything),
    native: fc.oneof(
      fc.record({
        source: fc.constantFrom('cshis', 'pcsc'),
        code: fc.integer(),
        message: fc.string(),
      }),
      anything,
    ),
  },
  { requiredKeys: [] },
);

const time = fc
  .date({ min: new Date(0), max: new Date(4_000_000_000_000), noInvalidDate: true })
  .map((date) => date.toISOString());
const readerInfo = fc.record({
  id: fc.string({ maxLength: 130 }),
  name: fc.string(),
  driver: fc.constantFrom(...DRIVER_NAMES),
});

const serverLike = fc.oneof(
  fc.record(
    {
      type: fc.constant('hello'),
      protocol: fc.constantFrom(1, 2),
      server: fc.oneof(fc.record({ name: fc.string(), version: fc.string() }), anything),
      driver: fc.oneof(fc.constantFrom(...DRIVER_NAMES), anything),
      readers: fc.oneof(fc.array(readerInfo, { maxLength: 3 }), anything),
      scopes: fc.oneof(fc.subarray([...SCOPES]), anything),
      seq: fc.oneof(fc.nat(), anything),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.constant('response'),
      id: fc.oneof(fc.nat(), fc.constant(null), anything),
      ok: fc.oneof(fc.boolean(), anything),
      result: anything,
      error: fc.oneof(wireError, anything),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.constant('event'),
      topic: fc.oneof(fc.constantFrom(...TOPICS), anything),
      seq: fc.oneof(fc.integer({ min: 1 }), anything),
      time: fc.oneof(time, anything),
      reader: fc.oneof(fc.string({ minLength: 1 }), fc.constant(null), anything),
      data: fc.oneof(
        fc.record(
          {
            reader: readerInfo,
            presence: fc.constantFrom(...CARD_PRESENCE),
            section: fc.constantFrom(...SECTION_IDS),
            index: fc.integer({ min: 0, max: 18 }),
            total: fc.integer({ min: 0, max: 18 }),
            holder: fc.oneof(fc.constant(null), fc.record({ maskedName: fc.string() }), anything),
            sections: fc.dictionary(
              fc.oneof(fc.constantFrom(...SECTION_IDS), fc.string()),
              anything,
            ),
            error: wireError,
            reason: fc.string(),
          },
          { requiredKeys: [] },
        ),
        anything,
      ),
    },
    { requiredKeys: [] },
  ),
);

/** A failure must be typed; a success must be a fixpoint that survives both codecs. */
function expectWellFormed<M extends WireMessage>(
  result: ParseResult<M>,
  parse: (value: unknown) => ParseResult<M>,
): void {
  if (!result.ok) {
    expect(['BAD_REQUEST', 'UNKNOWN_OP']).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    expect(typeof result.error.field).toBe('string');
    const { id } = result.error;
    expect(id === null || (Number.isSafeInteger(id) && id >= 0)).toBe(true);
    return;
  }
  expect(parse(result.message)).toStrictEqual(result);
  for (const codec of codecs) {
    expect(codec.decode(codec.encode(result.message), ROOMY)).toStrictEqual({
      ok: true,
      value: result.message,
    });
  }
}

/** Whether a decoded value holds only what JSON can: no bigint, Buffer, Date, undefined … */
function isJsonShaped(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  // MessagePack floats may be NaN or ±Infinity; the parsers refuse those where it matters.
  if (typeof value === 'number') return true;
  if (Array.isArray(value))
    return Object.getPrototypeOf(value) === Array.prototype && value.every(isJsonShaped);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isJsonShaped);
}

function expectDecodeOutcome(result: DecodeResult): void {
  if (result.ok) {
    expect(isJsonShaped(result.value)).toBe(true);
    expectWellFormed(parseClientMessage(result.value), parseClientMessage);
    expectWellFormed(parseServerMessage(result.value), parseServerMessage);
  } else {
    expect([1003, 1007, 1009]).toContain(result.error.closeCode);
    // A frame over a limit always ends the connection.
    if (result.error.closeCode === 1009) expect(result.error.fatal).toBe(true);
    expect(typeof result.error.fatal).toBe('boolean');
    expect(new TextEncoder().encode(result.error.reason).length).toBeLessThanOrEqual(123);
  }
}

/** Every frame, decoded with the default limits and with tight ones, is a result or a failure. */
function expectEveryDecodeOutcome(codec: Codec, frames: fc.Arbitrary<string | Uint8Array>): void {
  fc.assert(
    fc.property(frames, fc.integer({ min: 1, max: 40 }), (frame, maxDepth) => {
      expectDecodeOutcome(codec.decode(frame));
      const tight = { maxDepth, maxStringBytes: 16, maxArrayLength: 4, maxMapSize: 4 };
      expectDecodeOutcome(codec.decode(frame, tight));
    }),
    { numRuns: RUNS },
  );
}

describe('parsers never throw', () => {
  it('parseClientMessage: arbitrary values, request-shaped values and hostile objects', () => {
    fc.assert(
      fc.property(fc.oneof(anything, requestLike, hostile), (value) => {
        expectWellFormed(parseClientMessage(value), parseClientMessage);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseServerMessage: arbitrary values, server-shaped values and hostile objects', () => {
    fc.assert(
      fc.property(fc.oneof(anything, serverLike, hostile), (value) => {
        expectWellFormed(parseServerMessage(value), parseServerMessage);
      }),
      { numRuns: RUNS },
    );
  });

  it('some request-shaped values do parse (the generators reach the ok path)', () => {
    const parsed = fc
      .sample(requestLike, { numRuns: 500, seed: 1 })
      .filter((value) => parseClientMessage(value).ok);
    expect(parsed.length).toBeGreaterThan(0);
  });
});

// Raw values for MessagePack frames, written with msgpackr's defaults (which do use ext types).
const rawPackr = new Packr({ largeBigIntToFloat: true });

describe('a value a codec decoded', () => {
  /** The request-shaped value as a frame of `codec`, or null when it cannot be one. */
  function frameOf(codec: Codec, value: unknown): string | Uint8Array | null {
    try {
      return codec.encode(value as WireMessage);
    } catch {
      return null; // BigInt, cycles: no frame of this codec holds them
    }
  }

  it.each(codecs)(
    'parses the same read directly as through descriptors ($subprotocol)',
    (codec) => {
      let parsedOk = 0;
      fc.assert(
        fc.property(requestLike, (value) => {
          const frame = frameOf(codec, value);
          if (frame === null) return;
          const decoded = codec.decode(frame);
          if (!decoded.ok) return;
          const direct = parseClientMessage(decoded.value, 'decoded');
          expect(direct).toStrictEqual(parseClientMessage(decoded.value));
          if (direct.ok) parsedOk += 1;
        }),
        { numRuns: RUNS },
      );
      expect(parsedOk).toBeGreaterThan(0);
    },
  );

  it('leaves other values to the guarded reading: a getter is refused, not run', () => {
    const decoded = jsonCodec.decode('{"type":"request","id":1,"op":"ping","params":{}}');
    expect(decoded.ok && parseClientMessage(decoded.value, 'decoded').ok).toBe(true);
    let ran = false;
    const withGetter = { type: 'request', id: 2, op: 'ping' };
    Object.defineProperty(withGetter, 'params', {
      enumerable: true,
      get: () => {
        ran = true;
        return {};
      },
    });
    expect(parseClientMessage(withGetter)).toStrictEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'must be a data property',
        field: 'params',
        id: 2,
      },
    });
    expect(ran).toBe(false);
  });
});

describe('codecs never throw', () => {
  it('JSON decode: arbitrary strings, JSON texts and bytes', () => {
    const frames = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json({ maxDepth: 40, depthSize: 'small' }),
      fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
      fc.uint8Array({ maxLength: 64 }),
    );
    expectEveryDecodeOutcome(jsonCodec, frames);
  });

  it('MessagePack decode: arbitrary bytes, valid packs, mutated packs and strings', () => {
    const packed = fc
      .anything({
        maxDepth: 5,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
      })
      .map((value) => new Uint8Array(rawPackr.pack(value)));
    const mutated = fc
      .tuple(packed, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat())
      .map(([bytes, at, byte, cut]) => {
        const copy = bytes.slice(0, bytes.length - (cut % 3));
        if (copy.length > 0) copy[at % copy.length] = byte;
        return copy;
      });
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      packed,
      mutated,
      fc.string({ maxLength: 20 }),
    );
    expectEveryDecodeOutcome(msgpackCodec, frames);
  });
});

describe('valid messages survive both codecs', () => {
  const validRequest = fc
    .record({
      id: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
      reader: fc.option(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 16, unit: 'grapheme' }),
          fc.constant('讀'.repeat(128)),
        ),
        {
          nil: undefined,
        },
      ),
      sections: fc.uniqueArray(fc.constantFrom(...SECTION_IDS), {
        minLength: 1,
        maxLength: SECTION_IDS.length,
      }),
      fresh: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ id, reader, sections, fresh }) => ({
      type: 'request' as const,
      id,
      op: 'card.read' as const,
      params: {
        ...(reader === undefined ? {} : { reader }),
        sections,
        ...(fresh === undefined ? {} : { fresh }),
      },
    }));

  it('card.read requests with any sections, reader and fresh', () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        for (const codec of codecs) {
          const decoded = codec.decode(codec.encode(request));
          expect(decoded).toStrictEqual({ ok: true, value: request });
          if (decoded.ok)
            expect(parseClientMessage(decoded.value)).toStrictEqual({ ok: true, message: request });
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('ok responses carrying any JSON data', () => {
    const response = fc
      .tuple(fc.nat(), fc.jsonValue({ maxDepth: 8 }))
      .map(([id, result]) => ({ type: 'response' as const, id, ok: true as const, result }));
    fc.assert(
      fc.property(response, (message) => {
        // JSON has no -0 and no lone surrogates in parsed output that we keep; normalise first.
        const parsed = parseServerMessage(message);
        if (!parsed.ok) return;
        for (const codec of codecs) {
          const decoded = codec.decode(codec.encode(parsed.message));
          expect(decoded).toStrictEqual({ ok: true, value: parsed.message });
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
