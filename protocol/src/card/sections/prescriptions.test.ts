import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  expectDecodeError,
  hex,
  isBlankRecord,
  numberFieldBytes,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodePrescriptions,
  encodePrescriptions,
  PRESCRIPTION_RECORD_BYTES,
  type Prescriptions,
} from './prescriptions.js';
import {
  amountArb,
  asciiLikeBytes,
  big5FieldBytes,
  big5TextArb,
  dateTimeFieldBytes,
  dateTimeValueArb,
  hasContent,
  quantityFieldBytes,
  quantityValueArb,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';

/** Four records as `hisReadPrescriptMain` returns them; the second is blank. */
const RECORDS = hex(
  // record 0: visitDateTime 13 · type 1 · code 12 · site 6 · usage 18 · days 2 · total 7 · dispensing 2
  asciiHex('1150216093005'), // visitDateTime 2026-02-16 09:30:05
  asciiHex('1'), // order type
  asciiHex('AC45856100  '), // order code: a 10-character drug code
  spacesHex(6), // site: none
  asciiHex('TID'), // usage
  spacesHex(15), // usage padding
  asciiHex('07'), // days
  asciiHex('0000021'), // total 21
  asciiHex('01'), // dispensing mark
  // record 1: blank
  spacesHex(61),
  // record 2: Big5 usage and a decimal total
  asciiHex('1150216093005'), // visitDateTime
  asciiHex('1'), // order type
  asciiHex('BC23456789  '), // order code
  spacesHex(6), // site: none
  'a843a4e9a454a6b8', // usage 每日三次 (Big5)
  spacesHex(10), // usage padding
  asciiHex('05'), // days
  asciiHex('2.5    '), // total 2.5, left-aligned with an explicit point
  asciiHex('02'), // dispensing mark
  // record 3: a treatment order with a body site and no days
  asciiHex('1150110143000'), // visitDateTime 2026-01-10 14:30:00
  asciiHex('2'), // order type
  asciiHex('48011C      '), // order code
  asciiHex('L-ARM '), // site
  spacesHex(18), // usage: blank
  spacesHex(2), // days: blank
  asciiHex('0000001'), // total 1
  spacesHex(2), // dispensing mark: blank
);

const RECORDS_DECODED: Prescriptions = {
  recordCount: 4,
  records: [
    {
      slot: 0,
      visitDateTime: '2026-02-16T09:30:05+08:00',
      visitDateTimeRoc: '1150216093005',
      orderType: '1',
      orderCode: 'AC45856100',
      site: '',
      usage: 'TID',
      days: 7,
      total: 21,
      dispensing: '01',
    },
    {
      slot: 2,
      visitDateTime: '2026-02-16T09:30:05+08:00',
      visitDateTimeRoc: '1150216093005',
      orderType: '1',
      orderCode: 'BC23456789',
      site: '',
      usage: '每日三次',
      days: 5,
      total: 2.5,
      totalRaw: '2.5',
      dispensing: '02',
    },
    {
      slot: 3,
      visitDateTime: '2026-01-10T14:30:00+08:00',
      visitDateTimeRoc: '1150110143000',
      orderType: '2',
      orderCode: '48011C',
      site: 'L-ARM',
      usage: '',
      days: null,
      total: 1,
      dispensing: '',
    },
  ],
  warnings: [],
};

describe('decodePrescriptions', () => {
  it('decodes N whole records, leaving blank ones out and keeping each slot', () => {
    expect(RECORDS.length).toBe(4 * PRESCRIPTION_RECORD_BYTES);
    expect(decodePrescriptions(RECORDS)).toStrictEqual(RECORDS_DECODED);
  });

  it('decodes an empty buffer as no records', () => {
    expect(decodePrescriptions(new Uint8Array(0))).toStrictEqual({
      recordCount: 0,
      records: [],
      warnings: [],
    });
  });

  it('keeps a total that is not a number as raw text, with a warning', () => {
    const bytes = hex(
      asciiHex('1150216093005'), // visitDateTime
      asciiHex('1'), // order type
      asciiHex('AC45856100  '), // order code
      spacesHex(6), // site
      asciiHex('QID'.padEnd(18)), // usage
      asciiHex('x7'), // days: not a number
      asciiHex('N/A    '), // total: not a number
      asciiHex('01'), // dispensing mark
    );
    expect(decodePrescriptions(bytes)).toStrictEqual({
      recordCount: 1,
      records: [
        {
          slot: 0,
          visitDateTime: '2026-02-16T09:30:05+08:00',
          visitDateTimeRoc: '1150216093005',
          orderType: '1',
          orderCode: 'AC45856100',
          site: '',
          usage: 'QID',
          days: null,
          total: null,
          totalRaw: 'N/A',
          dispensing: '01',
        },
      ],
      warnings: [
        {
          kind: 'invalid-number',
          field: 'records[0].days',
          message: 'not a decimal number: "x7"',
          raw: 'x7',
        },
        {
          kind: 'invalid-number',
          field: 'records[0].total',
          message: 'not a decimal number: "N/A"',
          raw: 'N/A',
        },
      ],
    });
  });

  it('reads a space-padded total as the same number (not canonical: re-encodes zero-padded)', () => {
    const bytes = RECORDS.slice(0, 61);
    bytes.set(hex(asciiHex('21     ')), 52); // total "21" left-aligned
    const decoded = decodePrescriptions(bytes);
    expect(decoded.records[0]?.total).toBe(21);
    expect(decoded.records[0]).not.toHaveProperty('totalRaw');
    expect(encodePrescriptions(decoded)).toStrictEqual(RECORDS.slice(0, 61));
  });

  it('rejects a trailing partial record at its first byte', () => {
    expectDecodeError(() => decodePrescriptions(new Uint8Array(60)), 'prescriptions', 0);
    expectDecodeError(
      () => decodePrescriptions(RECORDS.slice(0, 61 * 2 + 5)),
      'prescriptions',
      122,
    );
  });

  it('names the offset of a byte that cannot be decoded', () => {
    const bytes = RECORDS.slice();
    bytes[61 * 3 + 14] = 0xe0; // record 3, first byte of the order code
    expectDecodeError(() => decodePrescriptions(bytes), 'prescriptions', 61 * 3 + 14);
  });
});

describe('encodePrescriptions', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodePrescriptions(RECORDS_DECODED)).toStrictEqual(RECORDS);
  });

  it('writes a decimal total given without its text zero-padded', () => {
    const [first] = RECORDS_DECODED.records;
    if (!first) throw new Error('fixture has records');
    const bytes = encodePrescriptions({
      recordCount: 1,
      records: [{ ...first, total: 2.5 }],
      warnings: [],
    });
    expect(bytes.subarray(52, 59)).toStrictEqual(hex(asciiHex('00002.5')));
  });

  it('rejects slots beyond recordCount, a bad recordCount, and a usage that needs more than 18 bytes', () => {
    const [first] = RECORDS_DECODED.records;
    if (!first) throw new Error('fixture has records');
    expect(() =>
      encodePrescriptions({ recordCount: 1, records: [{ ...first, slot: 1 }], warnings: [] }),
    ).toThrow(RangeError);
    expect(() => encodePrescriptions({ recordCount: -1, records: [], warnings: [] })).toThrow(
      RangeError,
    );
    const longUsage = { ...first, usage: '每日三次每日三次每日三次' };
    expect(() =>
      encodePrescriptions({ recordCount: 1, records: [longUsage], warnings: [] }),
    ).toThrow(RangeError);
  });
});

const recordArb = fc
  .record({
    visitDateTime: dateTimeValueArb,
    orderType: asciiCodeArb(1),
    orderCode: asciiCodeArb(12),
    site: asciiCodeArb(6),
    usage: big5TextArb(18),
    days: amountArb(2),
    total: quantityValueArb(7),
    dispensing: asciiCodeArb(2),
  })
  .map(({ visitDateTime, total, ...record }) => ({
    visitDateTime: visitDateTime.iso,
    visitDateTimeRoc: visitDateTime.roc,
    orderType: record.orderType,
    orderCode: record.orderCode,
    site: record.site,
    usage: record.usage,
    days: record.days,
    total: total.value,
    ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
    dispensing: record.dispensing,
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<Prescriptions> = fc.integer({ min: 0, max: 8 }).chain((recordCount) =>
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
  fc.constant(new Uint8Array(61).fill(0x20)),
  fc
    .tuple(
      dateTimeFieldBytes, // visitDateTime
      asciiFieldBytes(1), // order type
      asciiFieldBytes(12), // order code
      asciiFieldBytes(6), // site
      big5FieldBytes(18), // usage
      numberFieldBytes(2), // days
      quantityFieldBytes(7), // total
      asciiFieldBytes(2), // dispensing
    )
    .map((fields) => concatFields(...fields))
    .filter((record) => !isBlankRecord(record)),
);

describe('prescriptions round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodePrescriptions(encodePrescriptions(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(recordBytesArb, { maxLength: 8 })
      .map((records) => concatFields(...records));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodePrescriptions(decodePrescriptions(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of whole records give a result or a DecodeError, nothing else', () => {
    const anyRecords = fc
      .integer({ min: 0, max: 6 })
      .chain((count) =>
        fc.oneof(
          bytesOfLength(count * PRESCRIPTION_RECORD_BYTES),
          asciiLikeBytes(count * PRESCRIPTION_RECORD_BYTES),
        ),
      );
    fc.assert(
      fc.property(anyRecords, (bytes) => onlyResultOrDecodeError(decodePrescriptions, bytes)),
    );
  });

  it('random bytes with a partial record give a DecodeError at its first byte', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 6 * PRESCRIPTION_RECORD_BYTES })
          .filter((b) => b.length % PRESCRIPTION_RECORD_BYTES !== 0),
        (bytes) => {
          const partialAt = bytes.length - (bytes.length % PRESCRIPTION_RECORD_BYTES);
          expectDecodeError(() => decodePrescriptions(bytes), 'prescriptions', partialAt);
        },
      ),
    );
  });
});
