/** Rows of the section suite for the fixed-slot health records: cumulative totals, prenatal checks and preventive care. */
import fc from 'fast-check';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldBytes,
  digitsArb,
  hex,
  numberFieldBytes,
  rocDateArb,
  slotBufferArb,
  slotListArb,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import {
  CUMULATIVE_BYTES,
  CUMULATIVE_YEAR_BYTES,
  CUMULATIVE_YEAR_SLOTS,
  type Cumulative,
  type CumulativeYear,
  decodeCumulative,
  encodeCumulative,
} from '../cumulative.js';
import {
  decodePregnancy,
  encodePregnancy,
  PREGNANCY_BYTES,
  PRENATAL_CHECK_BYTES,
  PRENATAL_CHECK_SLOTS,
  type Pregnancy,
  type PrenatalCheck,
} from '../pregnancy.js';
import {
  decodePrevent,
  encodePrevent,
  PREVENT_BYTES,
  PREVENT_RECORD_BYTES,
  PREVENT_SLOTS,
  type Prevent,
  type PreventRecord,
} from '../prevent.js';
import { sectionCase, withBytes, wrongLengthCases } from './section-case.test-helpers.js';

type Dated = readonly [iso: string | null, roc: string];
type Amount = number | null;

/** A year of totals as decoded: visits, fees, then copays in card order. */
function year(
  slot: number,
  [adYear, yearRoc]: readonly [number | null, string],
  visits: Amount,
  [outpatientFee, inpatientFee]: readonly [Amount, Amount],
  copays: readonly [Amount, Amount, Amount, Amount, Amount],
): CumulativeYear {
  const [outpatientCopay, inpatientCopayShort, inpatientCopayLong, totalCopay, plusShort] = copays;
  return {
    slot,
    year: adYear,
    yearRoc,
    visits,
    outpatientFee,
    inpatientFee,
    outpatientCopay,
    inpatientCopayShort,
    inpatientCopayLong,
    totalCopay,
    outpatientPlusShortCopay: plusShort,
  };
}

const amount = (width: number): fc.Arbitrary<Amount> =>
  fc.oneof(fc.integer({ min: 0, max: 10 ** Math.min(width, 9) - 1 }), fc.constant(null));

const cumulative = sectionCase<Cumulative>({
  section: 'cumulative',
  decode: decodeCumulative,
  encode: encodeCumulative,
  decodes: [
    {
      title: 'two years of totals',
      bytes: hex(
        // slot 0: year (ROC 113) · visits · outpatient and inpatient fee · five copays
        asciiHex('113 0012 0000023456 0000150000'.replaceAll(' ', '')),
        asciiHex('00001800 00007500 00000000 00009300 00009300'.replaceAll(' ', '')),
        // slot 1: inpatient amounts blank, the last copay not a number
        asciiHex('114 0003 0000001200'.replaceAll(' ', '')),
        spacesHex(10),
        asciiHex('00000150'),
        spacesHex(16),
        asciiHex('00000150'),
        asciiHex('000001 0'),
      ),
      length: CUMULATIVE_BYTES,
      reencoded: null,
      decoded: {
        years: [
          year(0, [2024, '113'], 12, [23456, 150000], [1800, 7500, 0, 9300, 9300]),
          year(1, [2025, '114'], 3, [1200, null], [150, null, null, 150, null]),
        ],
        warnings: [
          {
            kind: 'invalid-number',
            field: 'years[1].outpatientPlusShortCopay',
            message: 'not a decimal number: "000001 0"',
            raw: '000001 0',
          },
        ],
      },
    },
    {
      title: 'an all-zero year left out, and a warning on a year that is not a number',
      bytes: hex(asciiHex('0'.repeat(67)), asciiHex('1A4'), asciiHex('0001'), spacesHex(60)),
      reencoded: null,
      decoded: {
        years: [year(1, [null, '1A4'], 1, [null, null], [null, null, null, null, null])],
        warnings: [
          {
            kind: 'invalid-date',
            field: 'years[0].year',
            message: 'not a ROC year: "1A4"',
            raw: '1A4',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x20, [
      [0, 0],
      [67, 67],
      [133, 133],
      [135, 134],
    ]),
    {
      title: 'a non-ASCII byte in the second year',
      bytes: withBytes(new Uint8Array(CUMULATIVE_BYTES).fill(0x31), 67 + 30, 0xa4),
      offset: 97,
    },
  ],
  encodes: [
    {
      title: 'the ROC year from the AD year when yearRoc is empty, amounts zero-padded',
      value: {
        years: [year(1, [2025, ''], 3, [1200, null], [150, null, null, 150, 150])],
        warnings: [],
      },
      bytes: hex(
        spacesHex(67),
        asciiHex('11400030000001200'),
        spacesHex(10),
        asciiHex('00000150'),
        spacesHex(16),
        asciiHex('0000015000000150'),
      ),
    },
  ],
  validValues: slotListArb(CUMULATIVE_YEAR_SLOTS, (slot) =>
    fc
      .record({
        rocYear: fc.integer({ min: 1, max: 999 }),
        visits: amount(4),
        fees: fc.tuple(amount(10), amount(10)),
        copays: fc.tuple(amount(8), amount(8), amount(8), amount(8), amount(8)),
      })
      .map((v) =>
        year(
          slot,
          [v.rocYear + 1911, String(v.rocYear).padStart(3, '0')],
          v.visits,
          v.fees,
          v.copays,
        ),
      ),
  ).map((years) => ({ years, warnings: [] })),
  canonicalBuffers: slotBufferArb(
    CUMULATIVE_YEAR_SLOTS,
    CUMULATIVE_YEAR_BYTES,
    fc
      .tuple(
        fc.oneof(digitsArb(3), asciiFieldBytes(3)),
        numberFieldBytes(4),
        numberFieldBytes(10),
        numberFieldBytes(10),
        ...[8, 8, 8, 8, 8].map(numberFieldBytes),
      )
      .map((fields) => concatFields(...fields)),
  ),
  randomBuffers: fc.oneof(bytesOfLength(CUMULATIVE_BYTES), anyBytes(200)),
});

/** A prenatal check as decoded. */
function check(slot: number, [examDate, examDateRoc]: Dated, hospitalId: string, examCode: string) {
  return { slot, examDate, examDateRoc, hospitalId, examCode } satisfies PrenatalCheck;
}

const pregnancy = sectionCase<Pregnancy>({
  section: 'pregnancy',
  decode: decodePregnancy,
  encode: encodePregnancy,
  decodes: [
    {
      title:
        'the filled slots of 11, each with its slot number (NULs and zero dates not canonical)',
      bytes: hex(
        asciiHex('1140314 3501200000 41'.replaceAll(' ', '')), // slot 0: date · hospital · code
        asciiHex('1140411 3501200000 42'.replaceAll(' ', '')), // slot 1
        spacesHex(7 * 19), // slots 2–8: empty
        '00'.repeat(19), // slot 9: NULs
        asciiHex('0000000 0401180014 4A'.replaceAll(' ', '')), // slot 10: zero date = absent
      ),
      length: PREGNANCY_BYTES,
      reencoded: null,
      decoded: {
        checks: [
          check(0, ['2025-03-14', '1140314'], '3501200000', '41'),
          check(1, ['2025-04-11', '1140411'], '3501200000', '42'),
          check(10, [null, '0000000'], '0401180014', '4A'),
        ],
        warnings: [],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x20, [
      [0, 0],
      [19, 19],
      [208, 208],
      [210, 209],
    ]),
    {
      title: 'a control byte in slot 2',
      bytes: withBytes(new Uint8Array(PREGNANCY_BYTES).fill(0x31), 2 * 19 + 17, 0x1b),
      offset: 55,
    },
  ],
  encodes: [
    {
      title: 'a check in its slot from the ISO date alone',
      value: { checks: [check(1, ['2025-03-14', ''], '3501200000', '41')], warnings: [] },
      bytes: hex(spacesHex(19), asciiHex('1140314350120000041'), spacesHex(9 * 19)),
    },
  ],
  validValues: slotListArb(PRENATAL_CHECK_SLOTS, (slot) =>
    fc
      .tuple(
        rocDateArb,
        fc.oneof(digitsArb(10), fc.constant('')),
        fc.oneof(digitsArb(2), fc.constant('')),
      )
      .map(([date, hospitalId, examCode]) =>
        check(slot, [date.iso, date.roc], hospitalId, examCode),
      ),
  ).map((checks) => ({ checks, warnings: [] })),
  canonicalBuffers: slotBufferArb(
    PRENATAL_CHECK_SLOTS,
    PRENATAL_CHECK_BYTES,
    fc
      .tuple(dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(2))
      .map((fields) => concatFields(...fields)),
  ),
  randomBuffers: fc.oneof(bytesOfLength(PREGNANCY_BYTES), anyBytes(300)),
});

/** A preventive-care record as decoded. */
function prevention(
  slot: number,
  serviceItem: string,
  [examDate, examDateRoc]: Dated,
  hospitalId: string,
  examItem: string,
): PreventRecord {
  return { slot, serviceItem, examDate, examDateRoc, hospitalId, examItem };
}
const FILE_RECORD = prevention(4, '01', ['2024-04-15', ''], '3501200000', '21');

const prevent = sectionCase<Prevent>({
  section: 'prevent',
  decode: decodePrevent,
  encode: encodePrevent,
  decodes: [
    {
      title: 'only the filled slots, each with its slot number; blank, NUL and zero slots absent',
      bytes: hex(
        asciiHex('01 1130415 3501200000 21'.replaceAll(' ', '')), // slot 0: item · date · hospital · exam
        spacesHex(21), // slot 1: empty (spaces)
        asciiHex('02 1140102 0401180014'.replaceAll(' ', '')), // slot 2: exam item blank ...
        spacesHex(2),
        '00'.repeat(21), // slot 3: empty (NULs)
        asciiHex('0'.repeat(21)), // slot 4: empty (ASCII zeros)
        asciiHex('03 1140231 3501200001 22'.replaceAll(' ', '')), // slot 5: 31 February
      ),
      length: PREVENT_BYTES,
      reencoded: null,
      decoded: {
        records: [
          prevention(0, '01', ['2024-04-15', '1130415'], '3501200000', '21'),
          prevention(2, '02', ['2025-01-02', '1140102'], '0401180014', ''),
          prevention(5, '03', [null, '1140231'], '3501200001', '22'),
        ],
        warnings: [
          {
            kind: 'invalid-date',
            field: 'records[2].examDate',
            message: '1140231 is not a calendar date',
            raw: '1140231',
          },
        ],
      },
    },
    {
      title: 'an all-blank buffer as no records',
      bytes: new Uint8Array(PREVENT_BYTES).fill(0x20),
      decoded: { records: [], warnings: [] },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x20, [
      [0, 0],
      [21, 21],
      [125, 125],
      [127, 126],
    ]),
    {
      title: 'a non-ASCII byte in slot 3',
      bytes: withBytes(new Uint8Array(PREVENT_BYTES).fill(0x31), 3 * 21 + 12, 0xc8),
      offset: 75,
    },
  ],
  encodes: [
    {
      title: 'a record back in its slot, the others as spaces',
      value: { records: [FILE_RECORD], warnings: [] },
      bytes: hex(spacesHex(4 * 21), asciiHex('011130415350120000021'), spacesHex(21)),
    },
  ],
  encodeErrors: [
    {
      title: 'a slot out of range',
      value: { records: [{ ...FILE_RECORD, slot: 6 }], warnings: [] },
    },
    { title: 'a slot used twice', value: { records: [FILE_RECORD, FILE_RECORD], warnings: [] } },
    {
      title: 'a record that would read as empty',
      value: { records: [prevention(0, '00', [null, ''], '', '')], warnings: [] },
    },
  ],
  validValues: slotListArb(PREVENT_SLOTS, (slot) =>
    fc
      .record({
        serviceItem: fc.oneof(digitsArb(2), fc.constant('')),
        date: rocDateArb, // always set, so a record never reads as empty
        hospitalId: fc.oneof(digitsArb(10), fc.constant('')),
        examItem: fc.oneof(digitsArb(2), fc.constant('')),
      })
      .map((v) =>
        prevention(slot, v.serviceItem, [v.date.iso, v.date.roc], v.hospitalId, v.examItem),
      ),
  ).map((records) => ({ records, warnings: [] })),
  canonicalBuffers: slotBufferArb(
    PREVENT_SLOTS,
    PREVENT_RECORD_BYTES,
    fc
      .tuple(asciiFieldBytes(2), dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(2))
      .map((fields) => concatFields(...fields)),
  ),
  randomBuffers: fc.oneof(bytesOfLength(PREVENT_BYTES), anyBytes(200)),
});

/** The suite's rows for cumulative totals, prenatal checks and preventive care. */
export const SLOT_SECTION_CASES = [cumulative, pregnancy, prevent];
