/** Rows of the section suite for the record lists: allergies, important orders, long-term prescriptions and prescriptions. */
import fc from 'fast-check';
import {
  ALLERGY_RECORD_BYTES,
  type Allergies,
  decodeAllergies,
  encodeAllergies,
} from '../allergies.js';
import {
  asciiBytes,
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  concatFields,
  dateFieldBytes,
  hex,
  numberFieldBytes,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import {
  decodeImportantOrders,
  encodeImportantOrders,
  IMPORTANT_ORDER_RECORD_BYTES,
  type ImportantOrderRecord,
  type ImportantOrders,
} from '../important-orders.js';
import {
  decodeLongTermPrescriptions,
  encodeLongTermPrescriptions,
  LONG_TERM_PRESCRIPTION_RECORD_BYTES,
  type LongTermPrescriptionRecord,
  type LongTermPrescriptions,
} from '../long-term-prescriptions.js';
import {
  decodePrescriptions,
  encodePrescriptions,
  PRESCRIPTION_RECORD_BYTES,
  type PrescriptionRecord,
  type Prescriptions,
} from '../prescriptions.js';
import {
  amountArb,
  big5FieldBytes,
  big5TextArb,
  dateTimeFieldBytes,
  dateTimeValueArb,
  dateValueArb,
  quantityFieldBytes,
  quantityValueArb,
} from '../treatment-fixtures.test-helpers.js';
import { recordListArbitraries } from './record-list-arbs.test-helpers.js';
import { partialRecordCases, sectionCase, withBytes } from './section-case.test-helpers.js';

/** A quantity as decoded: the number, and its text when the card wrote it another way. */
const quantity = (value: { value: number | null; raw?: string }) =>
  value.raw === undefined ? { total: value.value } : { total: value.value, totalRaw: value.raw };

/** Allergies: three records, the middle one blank. */
const ALLERGY_RECORDS = hex(
  'bd4ca5a7a6e8aa4c', // 盤尼西林
  spacesHex(32),
  spacesHex(40),
  asciiHex('Aspirin '),
  'aafcb4b5a4c7c646', // 阿斯匹靈
  spacesHex(24),
);
const HKSCS_ALLERGY_HEX = `c144d369c3fefb69${'20'.repeat(32)}`; // 磺胺類 then 堃 (HKSCS)
const allergyValue = (allergy: string): Allergies => ({
  recordCount: 1,
  records: [{ slot: 0, allergy }],
  warnings: [],
});

const allergies = sectionCase<Allergies>({
  section: 'allergies',
  decode: decodeAllergies,
  encode: encodeAllergies,
  decodes: [
    {
      title: 'the records, leaving blank ones out and keeping each slot',
      bytes: ALLERGY_RECORDS,
      length: 3 * ALLERGY_RECORD_BYTES,
      decoded: {
        recordCount: 3,
        records: [
          { slot: 0, allergy: '盤尼西林' },
          { slot: 2, allergy: 'Aspirin 阿斯匹靈' },
        ],
        warnings: [],
      },
    },
    {
      title: 'a text with a character from outside standard Big5: raw hex kept, with a warning',
      bytes: hex(HKSCS_ALLERGY_HEX),
      decoded: {
        recordCount: 1,
        records: [{ slot: 0, allergy: '磺胺類堃', allergyRawHex: HKSCS_ALLERGY_HEX }],
        warnings: [
          {
            kind: 'non-standard-char',
            field: 'records[0].allergy',
            message: 'characters outside standard Big5: 堃 (fb69)',
            raw: HKSCS_ALLERGY_HEX,
          },
        ],
      },
    },
    {
      title: 'NUL padding as blank (not canonical: re-encodes with spaces)',
      bytes: hex('bd4ca5a7a6e8aa4c', '00'.repeat(32), '00'.repeat(40)),
      decoded: { ...allergyValue('盤尼西林'), recordCount: 2 },
      reencoded: hex('bd4ca5a7a6e8aa4c', spacesHex(72)),
    },
  ],
  decodeErrors: [
    ...partialRecordCases(ALLERGY_RECORD_BYTES),
    {
      title: 'a byte that is not Big5 (record 2, the lead byte of 阿)',
      bytes: withBytes(ALLERGY_RECORDS, 80 + 8, 0xff),
      offset: 88,
    },
  ],
  encodeErrors: [
    { title: 'text longer than 40 bytes', value: allergyValue('盤尼西林'.repeat(6)) },
    { title: 'text Big5 cannot encode', value: allergyValue('🙂') },
  ],
  ...recordListArbitraries({
    recordBytes: ALLERGY_RECORD_BYTES,
    maxRecords: 3,
    maxRandomRecords: 4,
    record: big5TextArb(40).map((allergy) => ({ allergy })),
    recordBuffer: big5FieldBytes(40),
    asciiLike: false,
  }),
});

/** An important order as decoded (total 1 and no text unless said). */
function order(
  slot: number,
  [executionDate, executionDateRoc]: readonly [string | null, string],
  hospitalId: string,
  orderCode: string,
  site: string,
  total: { value: number; raw?: string },
): ImportantOrderRecord {
  return { slot, executionDate, executionDateRoc, hospitalId, orderCode, site, ...quantity(total) };
}
/** Important orders: date 7 · hospital 10 · code 6 · site 6 · total 7; two records, then a blank. */
const ORDER_RECORDS = hex(
  asciiHex('1141103 3501200000 33070B'.replaceAll(' ', '')),
  spacesHex(6),
  asciiHex('0000001'),
  asciiHex('1140915350120000268035BR     0000002'),
  spacesHex(36),
);
const ORDERS: ImportantOrders = {
  recordCount: 3,
  records: [
    order(0, ['2025-11-03', '1141103'], '3501200000', '33070B', '', { value: 1 }),
    order(1, ['2025-09-15', '1140915'], '3501200002', '68035B', 'R', { value: 2 }),
  ],
  warnings: [],
};
const withTotal = (total: number): ImportantOrders => ({
  recordCount: 1,
  records: [order(0, ['2025-11-03', '1141103'], '3501200000', '33070B', '', { value: total })],
  warnings: [],
});

const importantOrders = sectionCase<ImportantOrders>({
  section: 'importantOrders',
  decode: decodeImportantOrders,
  encode: encodeImportantOrders,
  decodes: [
    {
      title: 'N whole records, leaving blank ones out and keeping each slot',
      bytes: ORDER_RECORDS,
      length: 3 * IMPORTANT_ORDER_RECORD_BYTES,
      decoded: ORDERS,
    },
    {
      title: 'a decimal total kept with its text, and a warning on an impossible date',
      bytes: hex(
        asciiHex('1140231 3501200000 33070B'.replaceAll(' ', '')),
        spacesHex(6),
        asciiHex('0001.50'),
      ),
      decoded: {
        recordCount: 1,
        records: [
          order(0, [null, '1140231'], '3501200000', '33070B', '', { value: 1.5, raw: '0001.50' }),
        ],
        warnings: [
          {
            kind: 'invalid-date',
            field: 'records[0].executionDate',
            message: '1140231 is not a calendar date',
            raw: '1140231',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...partialRecordCases(IMPORTANT_ORDER_RECORD_BYTES),
    {
      title: 'a byte that is not ASCII (record 1, first byte of the order code)',
      bytes: withBytes(ORDER_RECORDS, 36 + 17, 0x80),
      offset: 36 + 17,
    },
  ],
  encodeErrors: [
    { title: 'a total of 8 digits', value: withTotal(12345678) },
    { title: 'a total with too many decimals for 7 characters', value: withTotal(1.234567) },
    { title: 'a negative total', value: withTotal(-1) },
  ],
  ...recordListArbitraries({
    recordBytes: IMPORTANT_ORDER_RECORD_BYTES,
    maxRecords: 10,
    maxRandomRecords: 10,
    record: fc
      .tuple(dateValueArb, asciiCodeArb(10), asciiCodeArb(6), asciiCodeArb(6), quantityValueArb(7))
      .map(([date, hospitalId, orderCode, site, total]) => ({
        executionDate: date.iso,
        executionDateRoc: date.roc,
        hospitalId,
        orderCode,
        site,
        ...quantity(total),
      })),
    recordBuffer: fc
      .tuple(
        dateFieldBytes,
        asciiFieldBytes(10),
        asciiFieldBytes(6),
        asciiFieldBytes(6),
        quantityFieldBytes(7),
      )
      .map((fields) => fields.join('')),
    asciiLike: true,
  }),
});

/** Long-term prescriptions: date 7 · drug 10 · usage 18 · days 2 · total 7; the middle record blank. */
const LONG_TERM_RECORDS = hex(
  asciiHex('1150216AC45856100QD'),
  spacesHex(16),
  asciiHex('280000028'),
  spacesHex(44),
  asciiHex('1150110BC23456789'),
  'baceab65', // usage 睡前 (Big5)
  spacesHex(14),
  asciiHex('2814.5   '), // days 28 · total 14.5, left-aligned
);
const LONG_TERM_FIRST: LongTermPrescriptionRecord = {
  slot: 0,
  prescribedDate: '2026-02-16',
  prescribedDateRoc: '1150216',
  drugCode: 'AC45856100',
  usage: 'QD',
  days: 28,
  total: 28,
};
const longTermOf = (...records: LongTermPrescriptionRecord[]): LongTermPrescriptions => ({
  recordCount: 3,
  records,
  warnings: [],
});

const longTermPrescriptions = sectionCase<LongTermPrescriptions>({
  section: 'longTermPrescriptions',
  decode: decodeLongTermPrescriptions,
  encode: encodeLongTermPrescriptions,
  decodes: [
    {
      title: 'N whole records, leaving blank ones out and keeping each slot',
      bytes: LONG_TERM_RECORDS,
      length: 3 * LONG_TERM_PRESCRIPTION_RECORD_BYTES,
      decoded: longTermOf(LONG_TERM_FIRST, {
        slot: 2,
        prescribedDate: '2026-01-10',
        prescribedDateRoc: '1150110',
        drugCode: 'BC23456789',
        usage: '睡前',
        days: 28,
        total: 14.5,
        totalRaw: '14.5',
      }),
    },
    {
      title: 'records of zeros and of NULs as blank (not canonical: re-encode with spaces)',
      bytes: hex(asciiHex('0'.repeat(44)), '00'.repeat(44)),
      decoded: { recordCount: 2, records: [], warnings: [] },
      reencoded: hex(spacesHex(88)),
    },
  ],
  decodeErrors: [
    ...partialRecordCases(LONG_TERM_PRESCRIPTION_RECORD_BYTES),
    {
      title: 'a byte that cannot be decoded (record 2, first byte of the usage)',
      bytes: withBytes(LONG_TERM_RECORDS, 88 + 17, 0xff),
      offset: 88 + 17,
    },
  ],
  encodeErrors: [
    {
      title: 'a drug code longer than 10 characters',
      value: longTermOf({ ...LONG_TERM_FIRST, drugCode: 'AC45856100X' }),
    },
    { title: 'a slot used twice', value: longTermOf(LONG_TERM_FIRST, { ...LONG_TERM_FIRST }) },
  ],
  ...recordListArbitraries({
    recordBytes: LONG_TERM_PRESCRIPTION_RECORD_BYTES,
    maxRecords: 8,
    maxRandomRecords: 6,
    record: fc
      .tuple(dateValueArb, asciiCodeArb(10), big5TextArb(18), amountArb(2), quantityValueArb(7))
      .map(([date, drugCode, usage, days, total]) => ({
        prescribedDate: date.iso,
        prescribedDateRoc: date.roc,
        drugCode,
        usage,
        days,
        ...quantity(total),
      })),
    recordBuffer: fc
      .tuple(
        dateFieldBytes,
        asciiFieldBytes(10),
        big5FieldBytes(18),
        numberFieldBytes(2),
        quantityFieldBytes(7),
      )
      .map((fields) => concatFields(...fields)),
    asciiLike: true,
  }),
});

/**
 * Prescriptions as `hisReadPrescriptMain` returns them: dateTime 13 · type 1 · code 12 ·
 * site 6 · usage 18 · days 2 · total 7 · dispensing 2. Record 1 is blank; record 2 has a
 * Big5 usage and a decimal total; record 3 is a treatment order with a site and no days.
 */
/** Record 0 up to its usage: the 10-character drug code and no site. */
const prescriptionHead = (usage: string): string =>
  asciiHex(`1150216093005${'1'}AC45856100${' '.repeat(8)}${usage.padEnd(18)}`);
const PRESCRIPTION_RECORDS = hex(
  prescriptionHead('TID'),
  asciiHex('07000002101'),
  spacesHex(61),
  asciiHex(`1150216093005${'1'}BC23456789${' '.repeat(8)}`),
  'a843a4e9a454a6b8', // usage 每日三次 (Big5)
  spacesHex(10),
  asciiHex('052.5    02'),
  asciiHex('1150110143000248011C      L-ARM '),
  spacesHex(20), // usage and days blank
  asciiHex('0000001'),
  spacesHex(2),
);
const FIRST_PRESCRIPTION: PrescriptionRecord = {
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
};
const prescriptionsOf = (recordCount: number, ...records: PrescriptionRecord[]): Prescriptions => ({
  recordCount,
  records,
  warnings: [],
});

const prescriptions = sectionCase<Prescriptions>({
  section: 'prescriptions',
  decode: decodePrescriptions,
  encode: encodePrescriptions,
  decodes: [
    {
      title: 'N whole records, leaving blank ones out and keeping each slot',
      bytes: PRESCRIPTION_RECORDS,
      length: 4 * PRESCRIPTION_RECORD_BYTES,
      decoded: prescriptionsOf(
        4,
        FIRST_PRESCRIPTION,
        {
          ...FIRST_PRESCRIPTION,
          slot: 2,
          orderCode: 'BC23456789',
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
      ),
    },
    {
      title: 'an empty buffer as no records',
      bytes: new Uint8Array(0),
      decoded: prescriptionsOf(0),
    },
    {
      title: 'days and a total that are not numbers as raw text, with warnings',
      bytes: hex(prescriptionHead('QID'), asciiHex('x7N/A    01')),
      reencoded: null,
      decoded: {
        ...prescriptionsOf(1, {
          ...FIRST_PRESCRIPTION,
          usage: 'QID',
          days: null,
          total: null,
          totalRaw: 'N/A',
        }),
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
      },
    },
    {
      title: 'a space-padded total as the same number (not canonical: re-encodes zero-padded)',
      bytes: withBytes(PRESCRIPTION_RECORDS.slice(0, 61), 52, ...asciiBytes('21     ')),
      decoded: prescriptionsOf(1, FIRST_PRESCRIPTION),
      reencoded: PRESCRIPTION_RECORDS.slice(0, 61),
    },
  ],
  decodeErrors: [
    ...partialRecordCases(PRESCRIPTION_RECORD_BYTES),
    {
      title: 'a trailing partial record of real bytes',
      bytes: PRESCRIPTION_RECORDS.slice(0, 61 * 2 + 5),
      offset: 122,
    },
    {
      title: 'a byte that cannot be decoded (record 3, first byte of the order code)',
      bytes: withBytes(PRESCRIPTION_RECORDS, 61 * 3 + 14, 0xe0),
      offset: 61 * 3 + 14,
    },
  ],
  encodes: [
    {
      title: 'a decimal total given without its text, zero-padded',
      value: prescriptionsOf(1, { ...FIRST_PRESCRIPTION, total: 2.5 }),
      bytes: withBytes(PRESCRIPTION_RECORDS.slice(0, 61), 52, ...asciiBytes('00002.5')),
    },
  ],
  encodeErrors: [
    {
      title: 'a slot beyond recordCount',
      value: prescriptionsOf(1, { ...FIRST_PRESCRIPTION, slot: 1 }),
    },
    { title: 'a negative recordCount', value: prescriptionsOf(-1) },
    {
      title: 'a usage that needs more than 18 bytes',
      value: prescriptionsOf(1, { ...FIRST_PRESCRIPTION, usage: '每日三次每日三次每日三次' }),
    },
  ],
  ...recordListArbitraries({
    recordBytes: PRESCRIPTION_RECORD_BYTES,
    maxRecords: 8,
    maxRandomRecords: 6,
    record: fc
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
        ...record,
        ...quantity(total),
      })),
    recordBuffer: fc
      .tuple(
        dateTimeFieldBytes,
        asciiFieldBytes(1), // order type
        asciiFieldBytes(12), // order code
        asciiFieldBytes(6), // site
        big5FieldBytes(18), // usage
        numberFieldBytes(2), // days
        quantityFieldBytes(7), // total
        asciiFieldBytes(2), // dispensing
      )
      .map((fields) => concatFields(...fields)),
    asciiLike: true,
  }),
});

/** The suite's rows for the record-list sections. */
export const RECORD_LIST_SECTION_CASES = [
  allergies,
  importantOrders,
  longTermPrescriptions,
  prescriptions,
];
