import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLERGY_RECORD_BYTES,
  type Allergies,
  decodeAllergies,
  encodeAllergies,
} from './allergies.js';
import {
  asciiHex,
  bytesOfLength,
  concatFields,
  expectDecodeError,
  hex,
  isBlankRecord,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  big5FieldBytes,
  big5TextArb,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';

/** The three records the card holds; the middle one is blank. */
const RECORDS = hex(
  // record 0: allergy text 40 (Big5)
  'bd4ca5a7a6e8aa4c', // 盤尼西林
  spacesHex(32), // padding
  // record 1: blank
  spacesHex(40),
  // record 2: Latin and Big5 text
  asciiHex('Aspirin '), // "Aspirin "
  'aafcb4b5a4c7c646', // 阿斯匹靈
  spacesHex(24), // padding
);

const RECORDS_DECODED: Allergies = {
  recordCount: 3,
  records: [
    { slot: 0, allergy: '盤尼西林' },
    { slot: 2, allergy: 'Aspirin 阿斯匹靈' },
  ],
  warnings: [],
};

describe('decodeAllergies', () => {
  it('decodes the records, leaving blank ones out and keeping each slot', () => {
    expect(RECORDS.length).toBe(3 * ALLERGY_RECORD_BYTES);
    expect(decodeAllergies(RECORDS)).toStrictEqual(RECORDS_DECODED);
  });

  it('keeps the raw hex of a text with a character from outside standard Big5, with a warning', () => {
    const bytes = hex(
      'c144d369c3fe', // 磺胺類
      'fb69', // 堃 (HKSCS)
      spacesHex(32), // padding
    );
    const rawHex = `c144d369c3fefb69${'20'.repeat(32)}`;
    const decoded = decodeAllergies(bytes);
    expect(decoded).toStrictEqual({
      recordCount: 1,
      records: [{ slot: 0, allergy: '磺胺類堃', allergyRawHex: rawHex }],
      warnings: [
        {
          kind: 'non-standard-char',
          field: 'records[0].allergy',
          message: 'characters outside standard Big5: 堃 (fb69)',
          raw: rawHex,
        },
      ],
    });
    expect(encodeAllergies(decoded)).toStrictEqual(bytes);
  });

  it('reads NUL padding as blank (not canonical: re-encodes with spaces)', () => {
    const bytes = hex('bd4ca5a7a6e8aa4c', '00'.repeat(32), '00'.repeat(40)); // 盤尼西林 + NULs, then NULs
    const decoded = decodeAllergies(bytes);
    expect(decoded).toStrictEqual({
      recordCount: 2,
      records: [{ slot: 0, allergy: '盤尼西林' }],
      warnings: [],
    });
    expect(encodeAllergies(decoded)).toStrictEqual(hex('bd4ca5a7a6e8aa4c', spacesHex(72)));
  });

  it('rejects a trailing partial record and bytes that are not Big5, at their offsets', () => {
    expectDecodeError(() => decodeAllergies(new Uint8Array(41)), 'allergies', 40);
    const bytes = RECORDS.slice();
    bytes[80 + 8] = 0xff; // record 2, the lead byte of 阿
    expectDecodeError(() => decodeAllergies(bytes), 'allergies', 88);
  });
});

describe('encodeAllergies', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodeAllergies(RECORDS_DECODED)).toStrictEqual(RECORDS);
  });

  it('rejects text longer than 40 bytes or that Big5 cannot encode', () => {
    const encode = (allergy: string) =>
      encodeAllergies({ recordCount: 1, records: [{ slot: 0, allergy }], warnings: [] });
    expect(() => encode('盤尼西林'.repeat(6))).toThrow(RangeError);
    expect(() => encode('🙂')).toThrow(RangeError);
  });
});

const valueArb: fc.Arbitrary<Allergies> = fc.integer({ min: 0, max: 3 }).chain((recordCount) =>
  fc.record(
    {
      recordCount: fc.constant(recordCount),
      records:
        recordCount === 0
          ? fc.constant([])
          : slottedRecordsArb(
              recordCount,
              big5TextArb(40)
                .filter((text) => /[^ 0]/.test(text))
                .map((allergy) => ({ allergy })),
            ),
      warnings: fc.constant([]),
    },
    { noNullPrototype: true },
  ),
);

const recordBytesArb = fc.oneof(
  fc.constant(new Uint8Array(40).fill(0x20)),
  big5FieldBytes(40).filter((record) => !isBlankRecord(record)),
);

describe('allergies round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeAllergies(encodeAllergies(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(recordBytesArb, { maxLength: 3 })
      .map((records) => concatFields(...records));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeAllergies(decodeAllergies(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of whole records give a result or a DecodeError, nothing else', () => {
    const anyRecords = fc
      .integer({ min: 0, max: 4 })
      .chain((count) => bytesOfLength(count * ALLERGY_RECORD_BYTES));
    fc.assert(fc.property(anyRecords, (bytes) => onlyResultOrDecodeError(decodeAllergies, bytes)));
  });

  it('random bytes with a partial record give a DecodeError at its first byte', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 4 * ALLERGY_RECORD_BYTES })
          .filter((bytes) => bytes.length % ALLERGY_RECORD_BYTES !== 0),
        (bytes) => {
          const partialAt = bytes.length - (bytes.length % ALLERGY_RECORD_BYTES);
          expectDecodeError(() => decodeAllergies(bytes), 'allergies', partialAt);
        },
      ),
    );
  });
});
