import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../decode-error.js';
import {
  anyBytes,
  asciiBytes,
  asciiFieldBytes,
  concatFields,
  dateFieldBytes,
  digitsArb,
  expectDecodeError,
  isBlankRecord,
  rocDateArb,
  slotListArb,
} from './card-fixtures.test-helpers.js';
import type { PreventRecord } from './prevent.js';
import {
  decodeRegisterPreventString,
  encodeRegisterPreventString,
  type RegisterPreventString,
} from './register-prevent-string.js';

const partialWarning = (text: string, recordCount: number) => ({
  kind: 'partial-record' as const,
  field: 'partialRecord',
  message: `the last ${text.length} characters (after ${recordCount} whole records) do not make a whole 21-character record`,
  raw: text,
});

/** The sample from nhi-card-fields.md: 77 characters = 3 whole records + 14 characters. */
const SAMPLE = '00102010135012000002101102010235012000012202102010335012000022301020104350120';

describe('decodeRegisterPreventString', () => {
  it('decodes the reference sample to 3 records plus a warning carrying the partial fourth', () => {
    expect(SAMPLE.length).toBe(77);
    expect(decodeRegisterPreventString(SAMPLE)).toStrictEqual({
      records: [
        {
          slot: 0,
          serviceItem: '00',
          examDate: '2013-01-01',
          examDateRoc: '1020101',
          hospitalId: '3501200000',
          examItem: '21',
        },
        {
          slot: 1,
          serviceItem: '01',
          examDate: '2013-01-02',
          examDateRoc: '1020102',
          hospitalId: '3501200001',
          examItem: '22',
        },
        {
          slot: 2,
          serviceItem: '02',
          examDate: '2013-01-03',
          examDateRoc: '1020103',
          hospitalId: '3501200002',
          examItem: '23',
        },
      ],
      recordCount: 3,
      partialRecord: '01020104350120',
      warnings: [partialWarning('01020104350120', 3)],
    } satisfies RegisterPreventString);
  });

  it('gives the same result for the string as bytes', () => {
    expect(decodeRegisterPreventString(asciiBytes(SAMPLE))).toStrictEqual(
      decodeRegisterPreventString(SAMPLE),
    );
  });

  it('decodes an empty string, and a string shorter than one record', () => {
    expect(decodeRegisterPreventString('')).toStrictEqual({
      records: [],
      recordCount: 0,
      partialRecord: null,
      warnings: [],
    });
    expect(decodeRegisterPreventString('0110201')).toStrictEqual({
      records: [],
      recordCount: 0,
      partialRecord: '0110201',
      warnings: [partialWarning('0110201', 0)],
    });
  });

  it('skips a blank record but keeps the positions of the others', () => {
    const text = `${' '.repeat(21)}011130415350120000021`;
    expect(decodeRegisterPreventString(text)).toStrictEqual({
      records: [
        {
          slot: 1,
          serviceItem: '01',
          examDate: '2024-04-15',
          examDateRoc: '1130415',
          hospitalId: '3501200000',
          examItem: '21',
        },
      ],
      recordCount: 2,
      partialRecord: null,
      warnings: [],
    });
  });

  it('keeps any text in a partial record, but a whole record must be ASCII', () => {
    expect(decodeRegisterPreventString('王').partialRecord).toBe('王');
    expectDecodeError(
      () => decodeRegisterPreventString(`0110201王${'0'.repeat(13)}`),
      'registerPreventString',
      7,
    );
  });

  it('random strings and bytes of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), anyBytes(120)), (input) => {
        try {
          decodeRegisterPreventString(input);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});

describe('encodeRegisterPreventString', () => {
  it('rebuilds the reference sample exactly', () => {
    expect(encodeRegisterPreventString(decodeRegisterPreventString(SAMPLE))).toBe(SAMPLE);
  });

  it('refuses a partial record of 21 characters or more, and a slot beyond recordCount', () => {
    const value = decodeRegisterPreventString(SAMPLE);
    expect(() => encodeRegisterPreventString({ ...value, partialRecord: '0'.repeat(21) })).toThrow(
      RangeError,
    );
    expect(() => encodeRegisterPreventString({ ...value, recordCount: 2 })).toThrow(RangeError);
  });
});

const recordArb = (slot: number): fc.Arbitrary<PreventRecord> =>
  fc
    .record({ serviceItem: digitsArb(2), date: rocDateArb, hospitalId: digitsArb(10) })
    .map((v) => ({
      slot,
      serviceItem: v.serviceItem,
      examDate: v.date.iso,
      examDateRoc: v.date.roc,
      hospitalId: v.hospitalId,
      examItem: '',
    }));

describe('RegisterPrevent string round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = fc
      .record({
        recordCount: fc.integer({ min: 0, max: 8 }),
        partial: fc.option(fc.string({ minLength: 1, maxLength: 20 })),
      })
      .chain(({ recordCount, partial }) =>
        slotListArb(recordCount, recordArb).map(
          (records): RegisterPreventString => ({
            records,
            recordCount,
            partialRecord: partial,
            warnings: partial === null ? [] : [partialWarning(partial, recordCount)],
          }),
        ),
      );
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodeRegisterPreventString(encodeRegisterPreventString(value))).toStrictEqual(
          value,
        );
      }),
    );
  });

  it('encode(decode(text)) equals every canonical string', () => {
    const record = fc
      .tuple(asciiFieldBytes(2), dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(2))
      .map((fields) => concatFields(...fields))
      .map((bytes) => (isBlankRecord(bytes) ? ' '.repeat(21) : String.fromCharCode(...bytes)));
    const canonical = fc
      .tuple(
        fc.array(fc.oneof(record, fc.constant(' '.repeat(21))), { maxLength: 8 }),
        fc.string({ maxLength: 20 }),
      )
      .map(([records, partial]) => records.join('') + partial);
    fc.assert(
      fc.property(canonical, (text) => {
        expect(encodeRegisterPreventString(decodeRegisterPreventString(text))).toBe(text);
      }),
    );
  });
});
