import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldBytes,
  expectDecodeError,
  hex,
  isBlankRecord,
  numberFieldBytes,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodeLongTermPrescriptions,
  encodeLongTermPrescriptions,
  LONG_TERM_PRESCRIPTION_RECORD_BYTES,
  type LongTermPrescriptions,
} from './long-term-prescriptions.js';
import {
  amountArb,
  asciiLikeBytes,
  big5FieldBytes,
  big5TextArb,
  dateValueArb,
  hasContent,
  quantityFieldBytes,
  quantityValueArb,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';

/** Three records; the middle one is blank. */
const RECORDS = hex(
  // record 0: date 7 · drug 10 · usage 18 · days 2 · total 7
  asciiHex('1150216'), // prescribed 2026-02-16
  asciiHex('AC45856100'), // drug code
  asciiHex('QD'), // usage
  spacesHex(16), // usage padding
  asciiHex('28'), // days
  asciiHex('0000028'), // total 28
  // record 1: blank
  spacesHex(44),
  // record 2: Big5 usage, decimal total
  asciiHex('1150110'), // prescribed 2026-01-10
  asciiHex('BC23456789'), // drug code
  'baceab65', // usage 睡前 (Big5)
  spacesHex(14), // usage padding
  asciiHex('28'), // days
  asciiHex('14.5   '), // total 14.5
);

const RECORDS_DECODED: LongTermPrescriptions = {
  recordCount: 3,
  records: [
    {
      slot: 0,
      prescribedDate: '2026-02-16',
      prescribedDateRoc: '1150216',
      drugCode: 'AC45856100',
      usage: 'QD',
      days: 28,
      total: 28,
    },
    {
      slot: 2,
      prescribedDate: '2026-01-10',
      prescribedDateRoc: '1150110',
      drugCode: 'BC23456789',
      usage: '睡前',
      days: 28,
      total: 14.5,
      totalRaw: '14.5',
    },
  ],
  warnings: [],
};

describe('decodeLongTermPrescriptions', () => {
  it('decodes N whole records, leaving blank ones out and keeping each slot', () => {
    expect(RECORDS.length).toBe(3 * LONG_TERM_PRESCRIPTION_RECORD_BYTES);
    expect(decodeLongTermPrescriptions(RECORDS)).toStrictEqual(RECORDS_DECODED);
  });

  it('reads a record of zeros as blank (not canonical: re-encodes with spaces)', () => {
    const bytes = hex(asciiHex('0'.repeat(44)), '00'.repeat(44)); // zeros, then NULs
    expect(decodeLongTermPrescriptions(bytes)).toStrictEqual({
      recordCount: 2,
      records: [],
      warnings: [],
    });
    expect(encodeLongTermPrescriptions(decodeLongTermPrescriptions(bytes))).toStrictEqual(
      hex(spacesHex(88)),
    );
  });

  it('rejects a trailing partial record at its first byte', () => {
    expectDecodeError(
      () => decodeLongTermPrescriptions(new Uint8Array(45)),
      'longTermPrescriptions',
      44,
    );
    expectDecodeError(
      () => decodeLongTermPrescriptions(new Uint8Array(43)),
      'longTermPrescriptions',
      0,
    );
  });

  it('names the offset of a byte that cannot be decoded', () => {
    const bytes = RECORDS.slice();
    bytes[88 + 17] = 0xff; // record 2, first byte of the usage
    expectDecodeError(() => decodeLongTermPrescriptions(bytes), 'longTermPrescriptions', 88 + 17);
  });
});

describe('encodeLongTermPrescriptions', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodeLongTermPrescriptions(RECORDS_DECODED)).toStrictEqual(RECORDS);
  });

  it('rejects a drug code longer than 10 characters and slots used twice', () => {
    const [first] = RECORDS_DECODED.records;
    if (!first) throw new Error('fixture has records');
    const encode = (records: LongTermPrescriptions['records']) =>
      encodeLongTermPrescriptions({ recordCount: 3, records, warnings: [] });
    expect(() => encode([{ ...first, drugCode: 'AC45856100X' }])).toThrow(RangeError);
    expect(() => encode([first, { ...first }])).toThrow(RangeError);
  });
});

const recordArb = fc
  .tuple(dateValueArb, asciiCodeArb(10), big5TextArb(18), amountArb(2), quantityValueArb(7))
  .map(([date, drugCode, usage, days, total]) => ({
    prescribedDate: date.iso,
    prescribedDateRoc: date.roc,
    drugCode,
    usage,
    days,
    total: total.value,
    ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<LongTermPrescriptions> = fc
  .integer({ min: 0, max: 8 })
  .chain((recordCount) =>
    fc.record(
      {
        recordCount: fc.constant(recordCount),
        records: recordCount === 0 ? fc.constant([]) : slottedRecordsArb(recordCount, recordArb),
        warnings: fc.constant([]),
      },
      { noNullPrototype: true },
    ),
  );

const recordBytesArb = fc.oneof(
  fc.constant(new Uint8Array(44).fill(0x20)),
  fc
    .tuple(
      dateFieldBytes,
      asciiFieldBytes(10),
      big5FieldBytes(18),
      numberFieldBytes(2),
      quantityFieldBytes(7),
    )
    .map((fields) => concatFields(...fields))
    .filter((record) => !isBlankRecord(record)),
);

describe('longTermPrescriptions round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeLongTermPrescriptions(encodeLongTermPrescriptions(value))).toStrictEqual(
          value,
        );
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(recordBytesArb, { maxLength: 8 })
      .map((records) => concatFields(...records));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeLongTermPrescriptions(decodeLongTermPrescriptions(bytes))).toStrictEqual(
          bytes,
        );
      }),
    );
  });

  it('random bytes of whole records give a result or a DecodeError, nothing else', () => {
    const size = LONG_TERM_PRESCRIPTION_RECORD_BYTES;
    const anyRecords = fc
      .integer({ min: 0, max: 6 })
      .chain((count) => fc.oneof(bytesOfLength(count * size), asciiLikeBytes(count * size)));
    fc.assert(
      fc.property(anyRecords, (bytes) =>
        onlyResultOrDecodeError(decodeLongTermPrescriptions, bytes),
      ),
    );
  });

  it('random bytes with a partial record give a DecodeError at its first byte', () => {
    const size = LONG_TERM_PRESCRIPTION_RECORD_BYTES;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 6 * size }).filter((bytes) => bytes.length % size !== 0),
        (bytes) => {
          const partialAt = bytes.length - (bytes.length % size);
          expectDecodeError(
            () => decodeLongTermPrescriptions(bytes),
            'longTermPrescriptions',
            partialAt,
          );
        },
      ),
    );
  });
});
