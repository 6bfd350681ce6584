import { type Codec, codecFor, msgpackCodec, type Subprotocol } from '@nhicard/protocol';
import { SeededRandom } from './seeded-random.js';

/** The kinds of malformed frame a hostile client sends. */
const HOSTILE_CATEGORIES = [
  'random',
  'truncated',
  'nested',
  'wrong-types',
  'unknown-op',
  'huge',
  'wrong-frame-kind',
  'invalid-utf8',
] as const;

/** One of {@link HOSTILE_CATEGORIES}. */
export type HostileCategory = (typeof HOSTILE_CATEGORIES)[number];

/** One malformed frame, as it goes on the wire. */
export interface HostileFrame {
  category: HostileCategory;
  /** A string goes in a text frame; bytes in a binary frame unless `asText`. */
  payload: string | Uint8Array;
  /** Send the bytes in a text frame (to send text that is not UTF-8). */
  asText?: boolean;
}

/** Share of each category in a generated batch (sums to 1). */
const CATEGORY_SHARES: Readonly<Record<HostileCategory, number>> = {
  random: 0.2,
  truncated: 0.15,
  nested: 0.06,
  'wrong-types': 0.25,
  'unknown-op': 0.12,
  huge: 0.18,
  'wrong-frame-kind': 0.02,
  'invalid-utf8': 0.02,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonRecord = { [key: string]: Json };

/** Valid requests the generators start from (then break). */
const VALID_REQUESTS: readonly JsonRecord[] = [
  { type: 'request', id: 1, op: 'ping', params: {} },
  { type: 'request', id: 2, op: 'subscribe', params: { topics: ['card.*'] } },
  { type: 'request', id: 3, op: 'card.read', params: { sections: ['basic', 'insurance'] } },
  { type: 'request', id: 4, op: 'card.read', params: { sections: ['basic'], fresh: true } },
  { type: 'request', id: 5, op: 'card.status', params: { reader: 'sim-0' } },
  { type: 'request', id: 6, op: 'snapshot', params: {} },
  { type: 'request', id: 7, op: 'readers.list', params: {} },
  { type: 'request', id: 8, op: 'unsubscribe', params: { topics: ['*'] } },
];

/** Values of every JSON type, to put where another type belongs. */
const WRONG_VALUES: readonly Json[] = [
  null,
  true,
  false,
  0,
  -1,
  3.5,
  '',
  'x',
  'request',
  [],
  [1, 2],
  ['basic', 'basic'],
  {},
  { k: 'v' },
];

/** Field paths of a request that have a type. */
const FIELD_PATHS: readonly (readonly string[])[] = [
  ['type'],
  ['id'],
  ['op'],
  ['params'],
  ['params', 'sections'],
  ['params', 'topics'],
  ['params', 'fresh'],
  ['params', 'reader'],
];

const JSONISH = '{}[]":,0123456789.-+eEtrufalsn \\/abcxyz';
const TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789._-*中文健保卡é€😀 ';

function clone(value: JsonRecord): JsonRecord {
  return JSON.parse(JSON.stringify(value)) as JsonRecord;
}

/** Sets `path` in `record`, creating `params` when needed. */
function setPath(record: JsonRecord, path: readonly string[], value: Json): void {
  let target: JsonRecord = record;
  for (const key of path.slice(0, -1)) {
    const child = target[key];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) {
      const created: JsonRecord = {};
      target[key] = created;
      target = created;
    } else {
      target = child;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) target[last] = value;
}

function nestedArray(depth: number, leaf: Json): Json {
  let value: Json = leaf;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

function nestedObject(depth: number, leaf: Json): Json {
  let value: Json = leaf;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

/** Builds the frames of one category for one subprotocol. */
class FrameFactory {
  private readonly codec: Codec;
  private readonly binary: boolean;

  constructor(
    subprotocol: Subprotocol,
    private readonly random: SeededRandom,
  ) {
    this.codec = codecFor(subprotocol);
    this.binary = this.codec.binary;
  }

  make(category: HostileCategory): HostileFrame {
    switch (category) {
      case 'random':
        return this.randomFrame();
      case 'truncated':
        return this.truncated();
      case 'nested':
        return this.nested();
      case 'wrong-types':
        return this.wrongTypes();
      case 'unknown-op':
        return this.unknownOp();
      case 'huge':
        return this.huge();
      case 'wrong-frame-kind':
        return this.wrongFrameKind();
      case 'invalid-utf8':
        return this.invalidUtf8();
    }
  }

  private encode(category: HostileCategory, value: Json): HostileFrame {
    return { category, payload: this.codec.encode(value as never) };
  }

  private base(): JsonRecord {
    return clone(this.random.pick(VALID_REQUESTS));
  }

  private randomFrame(): HostileFrame {
    const length = this.random.int(0, 200);
    if (this.binary) return { category: 'random', payload: this.random.bytes(length) };
    return { category: 'random', payload: this.random.string(length, JSONISH + TEXT) };
  }

  private truncated(): HostileFrame {
    const whole = this.codec.encode(this.base() as never);
    const cut = this.random.int(1, whole.length - 1);
    return { category: 'truncated', payload: whole.slice(0, cut) };
  }

  private nested(): HostileFrame {
    // Half within the depth limit (32, the message itself is depth 1), half far beyond it.
    const depth = this.random.next() < 0.5 ? this.random.int(2, 28) : this.random.int(33, 400);
    const build = this.random.next() < 0.5 ? nestedArray : nestedObject;
    const request = this.base();
    const path = this.random.pick([['id'], ['op'], ['params', 'sections'], ['params', 'topics']]);
    setPath(request, path, build(depth, 'basic'));
    return this.encode('nested', request);
  }

  private wrongTypes(): HostileFrame {
    if (this.random.next() < 0.1) {
      // Not an object at all.
      return this.encode('wrong-types', this.wrongValue());
    }
    const request = this.base();
    for (let changes = this.random.int(1, 3); changes > 0; changes -= 1) {
      setPath(request, this.random.pick(FIELD_PATHS), this.wrongValue());
    }
    return this.encode('wrong-types', request);
  }

  /** A fresh copy: the same object must not end up in two places of one message. */
  private wrongValue(): Json {
    return structuredClone(this.random.pick(WRONG_VALUES));
  }

  private unknownOp(): HostileFrame {
    const request = this.base();
    request.op = this.random.pick([
      () => this.random.string(this.random.int(1, 60), TEXT),
      () => this.random.pick(['card.write', 'Ping', 'sim.insert ', '__proto__', 'constructor']),
      () => `card.read\u0000${this.random.string(3, TEXT)}`,
    ])();
    return this.encode('unknown-op', request);
  }

  private huge(): HostileFrame {
    const request = this.base();
    if (this.random.next() < 0.3) {
      request.id = this.random.pick([2 ** 53, 2 ** 64, 1e300, -1, -0.5, 1.5, 2 ** 53 + 2]);
      return this.encode('huge', request);
    }
    // Mostly under the 16 KiB string cap (answered), some over it (1009 from the codec's
    // scan), a few over the 64 KiB frame limit (1009 from the WebSocket layer).
    const roll = this.random.next();
    const length =
      roll < 0.8
        ? this.random.int(129, 16_000)
        : roll < 0.95
          ? this.random.int(16_500, 60_000)
          : this.random.int(66_000, 90_000);
    const text = 'x'.repeat(length);
    const path = this.random.pick([
      ['type'],
      ['op'],
      ['params', 'reader'],
      ['params', 'sections'],
      ['params', 'topics'],
    ]);
    setPath(request, path, path.length === 2 && path[1] !== 'reader' ? [text] : text);
    return this.encode('huge', request);
  }

  private wrongFrameKind(): HostileFrame {
    const request = this.base();
    // The right message in the other subprotocol's frame kind.
    if (this.binary) return { category: 'wrong-frame-kind', payload: JSON.stringify(request) };
    return {
      category: 'wrong-frame-kind',
      payload: msgpackCodec.encode(request as never),
    };
  }

  private invalidUtf8(): HostileFrame {
    const bytes = this.random.bytes(this.random.int(1, 40));
    // 0xff never occurs in UTF-8, so the text is invalid wherever it lands.
    bytes[this.random.int(0, bytes.length - 1)] = 0xff;
    if (!this.binary) return { category: 'invalid-utf8', payload: bytes, asText: true };
    // A MessagePack request whose op is a str holding those bytes (fixstr/str8 header).
    const head = msgpackCodec.encode({ type: 'request', id: 9, op: '' } as never);
    const strHeader = bytes.length < 32 ? [0xa0 | bytes.length] : [0xd9, bytes.length];
    // `head` ends with the empty op (0xa0); replace it with the invalid string.
    const frame = new Uint8Array(head.length - 1 + strHeader.length + bytes.length);
    frame.set(head.subarray(0, head.length - 1), 0);
    frame.set(strHeader, head.length - 1);
    frame.set(bytes, head.length - 1 + strHeader.length);
    return { category: 'invalid-utf8', payload: frame };
  }
}

/**
 * An endless stream of malformed frames for `subprotocol`, each of a category drawn at random
 * by {@link CATEGORY_SHARES}, the same for the same seed. A broken request may by chance be
 * valid after all: the caller filters those out with its oracle (see `expectedOutcome`), so
 * no frame ever runs an op.
 */
export function* hostileFrames(
  subprotocol: Subprotocol,
  seed: number,
): Generator<HostileFrame, never, undefined> {
  const random = new SeededRandom(seed);
  const factory = new FrameFactory(subprotocol, random);
  const cumulative: [HostileCategory, number][] = [];
  let sum = 0;
  for (const category of HOSTILE_CATEGORIES) {
    sum += CATEGORY_SHARES[category];
    cumulative.push([category, sum]);
  }
  for (;;) {
    const roll = random.next() * sum;
    const found = cumulative.find(([, upTo]) => roll < upTo) ?? cumulative[cumulative.length - 1];
    if (found === undefined) throw new Error('no categories');
    yield factory.make(found[0]);
  }
}
