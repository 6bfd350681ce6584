/**
 * The shape of one row of the table-driven section suite (`sections.test.ts`): a section's
 * hand-written byte fixtures with the exact values they decode to, the malformed buffers it
 * must refuse (with the exact offset), the values its encoder must write or refuse, and the
 * arbitraries its round-trip properties run on. Every section gets the same checks.
 */
import fc from 'fast-check';

/** A hand-written buffer and the exact value it decodes to. */
interface DecodeCase<T> {
  readonly title: string;
  readonly bytes: Uint8Array;
  readonly decoded: T;
  /** The buffer's length, pinned where the fixture stands for a whole layout. */
  readonly length?: number;
  /**
   * What the encoder writes for `decoded`: the same bytes when omitted (a canonical buffer),
   * other bytes for a non-canonical one (NUL or zero padding), `null` when not checked.
   */
  readonly reencoded?: Uint8Array | null;
}

/** A buffer the decoder must refuse with a DecodeError for this section at `offset`. */
export interface DecodeErrorCase {
  readonly title: string;
  readonly bytes: Uint8Array | string;
  readonly offset: number;
  /** Text the error message must contain. */
  readonly message?: string;
}

/** A value the encoder must write as exactly `bytes`. */
interface EncodeCase<T> {
  readonly title: string;
  readonly value: T;
  readonly bytes: Uint8Array | string;
}

/** A value the encoder must refuse with `error` (a RangeError unless said). */
interface EncodeErrorCase<T> {
  readonly title: string;
  readonly value: T;
  readonly error?: new (...args: never[]) => Error;
  readonly message?: string | RegExp;
}

/** One section's row of the suite. */
export interface SectionCase<T, Raw = Uint8Array> {
  /** The section name a DecodeError carries. */
  readonly section: string;
  readonly decode: (raw: Raw) => T;
  readonly encode: (value: T) => Raw;
  readonly decodes: readonly DecodeCase<T>[];
  readonly decodeErrors: readonly DecodeErrorCase[];
  readonly encodes?: readonly EncodeCase<T>[];
  readonly encodeErrors?: readonly EncodeErrorCase<T>[];
  /** Valid values: decode(encode(value)) must give each back. */
  readonly validValues: fc.Arbitrary<T>;
  /** Canonical buffers: encode(decode(bytes)) must give each back. */
  readonly canonicalBuffers: fc.Arbitrary<Raw>;
  /** Random input: the decoder must give a result or a DecodeError, nothing else. */
  readonly randomBuffers: fc.Arbitrary<Raw>;
  /** Input of a wrong length, and the offset its DecodeError must name. */
  readonly wrongLengths?: {
    readonly buffers: fc.Arbitrary<Raw>;
    readonly offset: (raw: Raw) => number;
  };
}

/** A row typed for its own section, widened for the table. */
export function sectionCase<T, Raw = Uint8Array>(
  row: SectionCase<T, Raw>,
): SectionCase<unknown, unknown> {
  return row as unknown as SectionCase<unknown, unknown>;
}

/** DecodeError cases for buffers of `fill` bytes at the wrong lengths: [length, offset] pairs. */
export function wrongLengthCases(
  fill: number,
  lengthsAndOffsets: readonly (readonly [number, number])[],
): DecodeErrorCase[] {
  return lengthsAndOffsets.map(([length, offset]) => ({
    title: `a ${length}-byte buffer, at offset ${offset}`,
    bytes: new Uint8Array(length).fill(fill),
    offset,
  }));
}

/**
 * The DecodeErrors every record list has: a trailing partial record fails where it starts, a
 * buffer shorter than one record at offset 0.
 */
export function partialRecordCases(recordBytes: number): DecodeErrorCase[] {
  return [
    {
      title: 'a trailing partial record',
      bytes: new Uint8Array(recordBytes + 1),
      offset: recordBytes,
    },
    {
      title: 'a buffer shorter than one record',
      bytes: new Uint8Array(recordBytes - 1),
      offset: 0,
    },
  ];
}

/** A copy of `bytes` with `values` written at `offset`. */
export function withBytes(bytes: Uint8Array, offset: number, ...values: number[]): Uint8Array {
  const copy = bytes.slice();
  copy.set(values, offset);
  return copy;
}

/** Decoded values of a section made of the given lists, without warnings, as plain objects. */
export function withoutWarningsArb<T extends object>(
  lists: {
    [K in keyof T]: fc.Arbitrary<T[K]>;
  },
): fc.Arbitrary<T & { warnings: [] }> {
  const model = { ...lists, warnings: fc.constant([] as []) };
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T & { warnings: [] }>;
}
