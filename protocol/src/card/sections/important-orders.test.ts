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
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodeImportantOrders,
  encodeImportantOrders,
  IMPORTANT_ORDER_RECORD_BYTES,
  type ImportantOrders,
} from './important-orders.js';
import {
  asciiLikeBytes,
  dateValueArb,
  hasContent,
  quantityFieldBytes,
  quantityValueArb,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';

/** Two records and a blank one at the end. */
const RECORDS = hex(
  // record 0: date 7 · hospitalId 10 · code 6 · site 6 · total 7
  asciiHex('1141103'), // executed 2025-11-03
  asciiHex('3501200000'), // hospitalId
  asciiHex('33070B'), // order code
  spacesHex(6), // site: none
  asciiHex('0000001'), // total 1
  // record 1
  asciiHex('1140915'), // executed 2025-09-15
  asciiHex('3501200002'), // hospitalId
  asciiHex('68035B'), // order code
  asciiHex('R     '), // site
  asciiHex('0000002'), // total 2
  // record 2: blank
  spacesHex(36),
);

const RECORDS_DECODED: ImportantOrders = {
  recordCount: 3,
  records: [
    {
      slot: 0,
      executionDate: '2025-11-03',
      executionDateRoc: '1141103',
      hospitalId: '3501200000',
      orderCode: '33070B',
      site: '',
      total: 1,
    },
    {
      slot: 1,
      executionDate: '2025-09-15',
      executionDateRoc: '1140915',
      hospitalId: '3501200002',
      orderCode: '68035B',
      site: 'R',
      total: 2,
    },
  ],
  warnings: [],
};

describe('decodeImportantOrders', () => {
  it('decodes N whole records, leaving blank ones out and keeping each slot', () => {
    expect(RECORDS.length).toBe(3 * IMPORTANT_ORDER_RECORD_BYTES);
    expect(decodeImportantOrders(RECORDS)).toStrictEqual(RECORDS_DECODED);
  });

  it('keeps a decimal total with its text and warns about an impossible date', () => {
    const bytes = hex(
      asciiHex('1140231'), // executed: 31 February
      asciiHex('3501200000'), // hospitalId
      asciiHex('33070B'), // order code
      spacesHex(6), // site
      asciiHex('0001.50'), // total 1.5, zero-padded with an explicit point
    );
    expect(decodeImportantOrders(bytes)).toStrictEqual({
      recordCount: 1,
      records: [
        {
          slot: 0,
          executionDate: null,
          executionDateRoc: '1140231',
          hospitalId: '3501200000',
          orderCode: '33070B',
          site: '',
          total: 1.5,
          totalRaw: '0001.50',
        },
      ],
      warnings: [
        {
          kind: 'invalid-date',
          field: 'records[0].executionDate',
          message: '1140231 is not a calendar date',
          raw: '1140231',
        },
      ],
    });
    expect(encodeImportantOrders(decodeImportantOrders(bytes))).toStrictEqual(bytes);
  });

  it('rejects a trailing partial record at its first byte', () => {
    expectDecodeError(() => decodeImportantOrders(new Uint8Array(37)), 'importantOrders', 36);
    expectDecodeError(() => decodeImportantOrders(new Uint8Array(35)), 'importantOrders', 0);
  });

  it('names the offset of a byte that is not ASCII', () => {
    const bytes = RECORDS.slice();
    bytes[36 + 17] = 0x80; // record 1, first byte of the order code
    expectDecodeError(() => decodeImportantOrders(bytes), 'importantOrders', 36 + 17);
  });
});

describe('encodeImportantOrders', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodeImportantOrders(RECORDS_DECODED)).toStrictEqual(RECORDS);
  });

  it('rejects a total that does not fit 7 characters', () => {
    const [first] = RECORDS_DECODED.records;
    if (!first) throw new Error('fixture has records');
    const encode = (total: number) =>
      encodeImportantOrders({ recordCount: 1, records: [{ ...first, total }], warnings: [] });
    expect(() => encode(12345678)).toThrow(RangeError);
    expect(() => encode(1.234567)).toThrow(RangeError);
    expect(() => encode(-1)).toThrow(RangeError);
  });
});

const recordArb = fc
  .tuple(dateValueArb, asciiCodeArb(10), asciiCodeArb(6), asciiCodeArb(6), quantityValueArb(7))
  .map(([date, hospitalId, orderCode, site, total]) => ({
    executionDate: date.iso,
    executionDateRoc: date.roc,
    hospitalId,
    orderCode,
    site,
    total: total.value,
    ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<ImportantOrders> = fc
  .integer({ min: 0, max: 10 })
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
  fc.constant(' '.repeat(36)),
  fc
    .tuple(
      dateFieldBytes,
      asciiFieldBytes(10),
      asciiFieldBytes(6),
      asciiFieldBytes(6),
      quantityFieldBytes(7),
    )
    .map((fields) => fields.join(''))
    .filter((record) => !isBlankRecord(concatFields(record))),
);

describe('importantOrders round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeImportantOrders(encodeImportantOrders(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(recordBytesArb, { maxLength: 10 })
      .map((records) => concatFields(...records));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeImportantOrders(decodeImportantOrders(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of whole records give a result or a DecodeError, nothing else', () => {
    const size = IMPORTANT_ORDER_RECORD_BYTES;
    const anyRecords = fc
      .integer({ min: 0, max: 10 })
      .chain((count) => fc.oneof(bytesOfLength(count * size), asciiLikeBytes(count * size)));
    fc.assert(
      fc.property(anyRecords, (bytes) => onlyResultOrDecodeError(decodeImportantOrders, bytes)),
    );
  });

  it('random bytes with a partial record give a DecodeError at its first byte', () => {
    const size = IMPORTANT_ORDER_RECORD_BYTES;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 10 * size }).filter((bytes) => bytes.length % size !== 0),
        (bytes) => {
          const partialAt = bytes.length - (bytes.length % size);
          expectDecodeError(() => decodeImportantOrders(bytes), 'importantOrders', partialAt);
        },
      ),
    );
  });
});
