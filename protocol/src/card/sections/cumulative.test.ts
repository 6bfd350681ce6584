import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  digitsArb,
  expectDecodeError,
  hex,
  numberFieldBytes,
  onlyResultOrDecodeError,
  slotBufferArb,
  slotListArb,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  CUMULATIVE_BYTES,
  CUMULATIVE_YEAR_BYTES,
  CUMULATIVE_YEAR_SLOTS,
  type Cumulative,
  type CumulativeYear,
  decodeCumulative,
  encodeCumulative,
} from './cumulative.js';

describe('decodeCumulative: hand-written fixtures', () => {
  it('decodes two years of totals', () => {
    const bytes = hex(
      // slot 0
      asciiHex('113'), // year 0:3 (ROC 113 = 2024)
      asciiHex('0012'), // visits 3:4
      asciiHex('0000023456'), // outpatientFee 7:10
      asciiHex('0000150000'), // inpatientFee 17:10
      asciiHex('00001800'), // outpatientCopay 27:8
      asciiHex('00007500'), // inpatientCopayShort 35:8
      asciiHex('00000000'), // inpatientCopayLong 43:8
      asciiHex('00009300'), // totalCopay 51:8
      asciiHex('00009300'), // outpatientPlusShortCopay 59:8
      // slot 1
      asciiHex('114'), // year (ROC 114 = 2025)
      asciiHex('0003'), // visits
      asciiHex('0000001200'), // outpatientFee
      spacesHex(10), // inpatientFee, blank
      asciiHex('00000150'), // outpatientCopay
      spacesHex(8), // inpatientCopayShort, blank
      spacesHex(8), // inpatientCopayLong, blank
      asciiHex('00000150'), // totalCopay
      asciiHex('000001 0'), // outpatientPlusShortCopay, not a number
    );
    expect(bytes.length).toBe(CUMULATIVE_BYTES);
    expect(decodeCumulative(bytes)).toStrictEqual({
      years: [
        {
          slot: 0,
          year: 2024,
          yearRoc: '113',
          visits: 12,
          outpatientFee: 23456,
          inpatientFee: 150000,
          outpatientCopay: 1800,
          inpatientCopayShort: 7500,
          inpatientCopayLong: 0,
          totalCopay: 9300,
          outpatientPlusShortCopay: 9300,
        },
        {
          slot: 1,
          year: 2025,
          yearRoc: '114',
          visits: 3,
          outpatientFee: 1200,
          inpatientFee: null,
          outpatientCopay: 150,
          inpatientCopayShort: null,
          inpatientCopayLong: null,
          totalCopay: 150,
          outpatientPlusShortCopay: null,
        },
      ],
      warnings: [
        {
          kind: 'invalid-number',
          field: 'years[1].outpatientPlusShortCopay',
          message: 'not a decimal number: "000001 0"',
          raw: '000001 0',
        },
      ],
    } satisfies Cumulative);
  });

  it('leaves out an all-zero year and warns on a year that is not a number', () => {
    const bytes = hex(
      asciiHex('0'.repeat(67)), // slot 0: all zeros = empty
      asciiHex('1A4'), // slot 1 year: not digits
      asciiHex('0001'), // visits
      spacesHex(60), // every amount blank
    );
    expect(decodeCumulative(bytes)).toStrictEqual({
      years: [
        {
          slot: 1,
          year: null,
          yearRoc: '1A4',
          visits: 1,
          outpatientFee: null,
          inpatientFee: null,
          outpatientCopay: null,
          inpatientCopayShort: null,
          inpatientCopayLong: null,
          totalCopay: null,
          outpatientPlusShortCopay: null,
        },
      ],
      warnings: [
        {
          kind: 'invalid-date',
          field: 'years[0].year',
          message: 'not a ROC year: "1A4"',
          raw: '1A4',
        },
      ],
    } satisfies Cumulative);
  });

  it.each([
    [0, 0],
    [67, 67],
    [133, 133],
    [135, 134],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeCumulative(new Uint8Array(length).fill(0x20)),
      'cumulative',
      offset,
    );
  });

  it('names the byte offset of a non-ASCII byte in the second year', () => {
    const bytes = new Uint8Array(CUMULATIVE_BYTES).fill(0x31);
    bytes[67 + 30] = 0xa4;
    expectDecodeError(() => decodeCumulative(bytes), 'cumulative', 97);
  });
});

describe('encodeCumulative', () => {
  it('writes the ROC year from the AD year when yearRoc is empty, and zero-pads amounts', () => {
    const year: CumulativeYear = {
      slot: 1,
      year: 2025,
      yearRoc: '',
      visits: 3,
      outpatientFee: 1200,
      inpatientFee: null,
      outpatientCopay: 150,
      inpatientCopayShort: null,
      inpatientCopayLong: null,
      totalCopay: 150,
      outpatientPlusShortCopay: 150,
    };
    expect(encodeCumulative({ years: [year], warnings: [] })).toStrictEqual(
      hex(
        spacesHex(67),
        asciiHex('11400030000001200'),
        spacesHex(10),
        asciiHex('00000150'),
        spacesHex(16),
        asciiHex('0000015000000150'),
      ),
    );
  });
});

const amount = (width: number): fc.Arbitrary<number | null> =>
  fc.oneof(fc.integer({ min: 0, max: 10 ** Math.min(width, 9) - 1 }), fc.constant(null));

const validYearArb = (slot: number): fc.Arbitrary<CumulativeYear> =>
  fc
    .record({
      rocYear: fc.integer({ min: 1, max: 999 }),
      visits: amount(4),
      outpatientFee: amount(10),
      inpatientFee: amount(10),
      outpatientCopay: amount(8),
      inpatientCopayShort: amount(8),
      inpatientCopayLong: amount(8),
      totalCopay: amount(8),
      outpatientPlusShortCopay: amount(8),
    })
    .map(({ rocYear, ...amounts }) => ({
      slot,
      year: rocYear + 1911,
      yearRoc: String(rocYear).padStart(3, '0'),
      ...amounts,
    }));

describe('cumulative round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = slotListArb(CUMULATIVE_YEAR_SLOTS, validYearArb).map(
      (years): Cumulative => ({ years, warnings: [] }),
    );
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodeCumulative(encodeCumulative(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    const record = fc
      .tuple(
        fc.oneof(digitsArb(3), asciiFieldBytes(3)),
        numberFieldBytes(4),
        numberFieldBytes(10),
        numberFieldBytes(10),
        numberFieldBytes(8),
        numberFieldBytes(8),
        numberFieldBytes(8),
        numberFieldBytes(8),
        numberFieldBytes(8),
      )
      .map((fields) => concatFields(...fields));
    fc.assert(
      fc.property(slotBufferArb(CUMULATIVE_YEAR_SLOTS, CUMULATIVE_YEAR_BYTES, record), (bytes) => {
        expect(encodeCumulative(decodeCumulative(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(CUMULATIVE_BYTES), anyBytes(200)), (bytes) =>
        onlyResultOrDecodeError(decodeCumulative, bytes),
      ),
    );
  });
});
