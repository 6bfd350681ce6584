import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldBytes,
  digitsArb,
  expectDecodeError,
  hex,
  onlyResultOrDecodeError,
  rocDateArb,
  slotBufferArb,
  slotListArb,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodePrevent,
  encodePrevent,
  PREVENT_BYTES,
  PREVENT_RECORD_BYTES,
  PREVENT_SLOTS,
  type Prevent,
  type PreventRecord,
} from './prevent.js';

describe('decodePrevent: hand-written fixture', () => {
  it('keeps only filled slots, each with its slot number; blank, NUL and zero slots are absent', () => {
    const bytes = hex(
      // slot 0
      asciiHex('01'), // serviceItem 0:2
      asciiHex('1130415'), // examDate 2:7 (ROC 113-04-15)
      asciiHex('3501200000'), // hospitalId 9:10
      asciiHex('21'), // examItem 19:2
      // slot 1: empty (spaces)
      spacesHex(21),
      // slot 2
      asciiHex('02'), // serviceItem
      asciiHex('1140102'), // examDate (ROC 114-01-02)
      asciiHex('0401180014'), // hospitalId
      spacesHex(2), // examItem, blank
      // slot 3: empty (NULs)
      '00'.repeat(21),
      // slot 4: empty (ASCII zeros)
      asciiHex('0'.repeat(21)),
      // slot 5
      asciiHex('03'), // serviceItem
      asciiHex('1140231'), // examDate: 31 February
      asciiHex('3501200001'), // hospitalId
      asciiHex('22'), // examItem
    );
    expect(bytes.length).toBe(PREVENT_BYTES);
    expect(decodePrevent(bytes)).toStrictEqual({
      records: [
        {
          slot: 0,
          serviceItem: '01',
          examDate: '2024-04-15',
          examDateRoc: '1130415',
          hospitalId: '3501200000',
          examItem: '21',
        },
        {
          slot: 2,
          serviceItem: '02',
          examDate: '2025-01-02',
          examDateRoc: '1140102',
          hospitalId: '0401180014',
          examItem: '',
        },
        {
          slot: 5,
          serviceItem: '03',
          examDate: null,
          examDateRoc: '1140231',
          hospitalId: '3501200001',
          examItem: '22',
        },
      ],
      warnings: [
        {
          kind: 'invalid-date',
          field: 'records[2].examDate',
          message: '1140231 is not a calendar date',
          raw: '1140231',
        },
      ],
    } satisfies Prevent);
  });

  it('decodes an all-blank buffer as no records', () => {
    expect(decodePrevent(new Uint8Array(PREVENT_BYTES).fill(0x20))).toStrictEqual({
      records: [],
      warnings: [],
    });
  });
});

describe('decodePrevent: errors', () => {
  it.each([
    [0, 0],
    [21, 21],
    [125, 125],
    [127, 126],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(() => decodePrevent(new Uint8Array(length).fill(0x20)), 'prevent', offset);
  });

  it('names the byte offset of a non-ASCII byte in slot 3', () => {
    const bytes = new Uint8Array(PREVENT_BYTES).fill(0x31);
    bytes[3 * 21 + 12] = 0xc8;
    expectDecodeError(() => decodePrevent(bytes), 'prevent', 75);
  });
});

describe('encodePrevent', () => {
  const record: PreventRecord = {
    slot: 4,
    serviceItem: '01',
    examDate: '2024-04-15',
    examDateRoc: '',
    hospitalId: '3501200000',
    examItem: '21',
  };

  it('puts a record back in its slot and leaves the others as spaces', () => {
    const bytes = encodePrevent({ records: [record], warnings: [] });
    expect(bytes).toStrictEqual(
      hex(spacesHex(4 * 21), asciiHex('011130415350120000021'), spacesHex(21)),
    );
  });

  it('refuses a slot out of range, a slot used twice and a record that would read as empty', () => {
    expect(() => encodePrevent({ records: [{ ...record, slot: 6 }], warnings: [] })).toThrow(
      RangeError,
    );
    expect(() => encodePrevent({ records: [record, record], warnings: [] })).toThrow(RangeError);
    const empty: PreventRecord = {
      slot: 0,
      serviceItem: '00',
      examDate: null,
      examDateRoc: '',
      hospitalId: '',
      examItem: '',
    };
    expect(() => encodePrevent({ records: [empty], warnings: [] })).toThrow(RangeError);
  });
});

/** A valid record for `slot`: the exam date is always set, so it never reads as empty. */
const validRecordArb = (slot: number): fc.Arbitrary<PreventRecord> =>
  fc
    .record({
      serviceItem: fc.oneof(digitsArb(2), fc.constant('')),
      date: rocDateArb,
      hospitalId: fc.oneof(digitsArb(10), fc.constant('')),
      examItem: fc.oneof(digitsArb(2), fc.constant('')),
    })
    .map((v) => ({
      slot,
      serviceItem: v.serviceItem,
      examDate: v.date.iso,
      examDateRoc: v.date.roc,
      hospitalId: v.hospitalId,
      examItem: v.examItem,
    }));

const canonicalRecordBytes = fc
  .tuple(asciiFieldBytes(2), dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(2))
  .map((fields) => concatFields(...fields));

describe('prevent round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = slotListArb(PREVENT_SLOTS, validRecordArb).map(
      (records): Prevent => ({ records, warnings: [] }),
    );
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodePrevent(encodePrevent(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    const canonical = slotBufferArb(PREVENT_SLOTS, PREVENT_RECORD_BYTES, canonicalRecordBytes);
    fc.assert(
      fc.property(canonical, (bytes) => {
        expect(encodePrevent(decodePrevent(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(PREVENT_BYTES), anyBytes(200)), (bytes) =>
        onlyResultOrDecodeError(decodePrevent, bytes),
      ),
    );
  });
});
