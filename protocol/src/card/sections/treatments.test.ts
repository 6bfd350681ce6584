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
  amountArb,
  asciiLikeBytes,
  dateTimeFieldBytes,
  dateTimeValueArb,
  dateValueArb,
  hasContent,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';
import {
  decodeTreatments,
  encodeTreatments,
  TREATMENTS_BYTES,
  type Treatments,
} from './treatments.js';
import { VISIT_TYPES, type VisitTypeCode } from './visit-types.js';

/** One visit record (69 bytes), field by field, for fixtures that repeat the zero fees. */
const outpatientVisitHex = (
  visitType: string,
  visitDateTime: string,
  visitSeq: string,
  hospitalId: string,
  outpatientFee: string,
  outpatientCopay: string,
): string =>
  [
    asciiHex(visitType), // visitType 0:2
    spacesHex(1), // newborn mark 2:1: blank
    asciiHex(visitDateTime), // visitDateTime 3:13
    asciiHex('1'), // afterCheck 16:1: normal
    asciiHex(visitSeq), // visitSeq 17:4
    asciiHex(hospitalId), // hospitalId 21:10
    asciiHex(outpatientFee), // outpatientFee 31:8
    asciiHex(outpatientCopay), // outpatientCopay 39:8
    asciiHex('00000000'), // inpatientFee 47:8
    asciiHex('0000000'), // inpatientCopayShort 55:7
    asciiHex('0000000'), // inpatientCopayLong 62:7
  ].join('');

/** All six critical-illness slots and all six visit slots used. */
const FULL_CARD = hex(
  // critical-illness validity: 6 × (start 7 · end 7)
  asciiHex('1120801'), // [0] start 2023-08-01
  asciiHex('1170731'), // [0] end 2028-07-31
  asciiHex('1100115'), // [1] start 2021-01-15
  asciiHex('1150114'), // [1] end 2026-01-14
  asciiHex('1090520'), // [2] start 2020-05-20
  asciiHex('1140519'), // [2] end 2025-05-19
  asciiHex('1111001'), // [3] start 2022-10-01
  asciiHex('1160930'), // [3] end 2027-09-30
  asciiHex('1130301'), // [4] start 2024-03-01
  asciiHex('1180228'), // [4] end 2029-02-28
  asciiHex('1140701'), // [5] start 2025-07-01
  asciiHex('0000000'), // [5] end: all zeros, no end date
  // visit slot 0: western outpatient, written field by field
  '3031', // visitType "01"
  '20', // newborn mark: blank
  asciiHex('1150216093005'), // visitDateTime 2026-02-16 09:30:05
  '31', // afterCheck "1": normal
  asciiHex('0012'), // visitSeq
  asciiHex('3501200000'), // hospitalId
  asciiHex('00000520'), // outpatientFee NT$520
  asciiHex('00000050'), // outpatientCopay NT$50
  asciiHex('00000000'), // inpatientFee 0
  asciiHex('0000000'), // inpatientCopayShort 0
  asciiHex('0000000'), // inpatientCopayLong 0
  // visit slot 1: dental
  outpatientVisitHex('02', '1150110143000', '0011', '3501200001', '00001200', '00000050'),
  // visit slot 2: Chinese medicine, card presented afterwards (補卡)
  '3033', // visitType "03"
  '20', // newborn mark: blank
  asciiHex('1141225100510'), // visitDateTime 2025-12-25 10:05:10
  '32', // afterCheck "2": retroactive
  asciiHex('0010'), // visitSeq
  asciiHex('3501200002'), // hospitalId
  asciiHex('00000350'), // outpatientFee
  asciiHex('00000050'), // outpatientCopay
  asciiHex('00000000'), // inpatientFee
  asciiHex('0000000'), // inpatientCopayShort
  asciiHex('0000000'), // inpatientCopayLong
  // visit slot 3: emergency
  outpatientVisitHex('04', '1141120230015', '0009', '3501200000', '00002480', '00000150'),
  // visit slot 4: inpatient stay
  '3035', // visitType "05"
  '20', // newborn mark: blank
  asciiHex('1141001080000'), // visitDateTime 2025-10-01 08:00:00
  '31', // afterCheck "1"
  asciiHex('0008'), // visitSeq
  asciiHex('3501200003'), // hospitalId
  asciiHex('00000000'), // outpatientFee 0
  asciiHex('00000000'), // outpatientCopay 0
  asciiHex('00085000'), // inpatientFee NT$85,000
  asciiHex('0008500'), // inpatientCopayShort NT$8,500
  asciiHex('0000000'), // inpatientCopayLong 0
  // visit slot 5: chronic-prescription refill of a newborn on the parent's card
  '4145', // visitType "AE"
  '59', // newborn mark "Y"
  asciiHex('1140815111111'), // visitDateTime 2025-08-15 11:11:11
  '31', // afterCheck "1"
  asciiHex('IC08'), // visitSeq: exception code
  asciiHex('3501200001'), // hospitalId
  asciiHex('00000280'), // outpatientFee
  asciiHex('00000000'), // outpatientCopay
  asciiHex('00000000'), // inpatientFee
  asciiHex('0000000'), // inpatientCopayShort
  asciiHex('0000000'), // inpatientCopayLong
);

const zeroInpatient = { inpatientFee: 0, inpatientCopayShort: 0, inpatientCopayLong: 0 };

const FULL_CARD_DECODED: Treatments = {
  criticalIllnessValidity: [
    {
      slot: 0,
      startDate: '2023-08-01',
      startDateRoc: '1120801',
      endDate: '2028-07-31',
      endDateRoc: '1170731',
    },
    {
      slot: 1,
      startDate: '2021-01-15',
      startDateRoc: '1100115',
      endDate: '2026-01-14',
      endDateRoc: '1150114',
    },
    {
      slot: 2,
      startDate: '2020-05-20',
      startDateRoc: '1090520',
      endDate: '2025-05-19',
      endDateRoc: '1140519',
    },
    {
      slot: 3,
      startDate: '2022-10-01',
      startDateRoc: '1111001',
      endDate: '2027-09-30',
      endDateRoc: '1160930',
    },
    {
      slot: 4,
      startDate: '2024-03-01',
      startDateRoc: '1130301',
      endDate: '2029-02-28',
      endDateRoc: '1180228',
    },
    {
      slot: 5,
      startDate: '2025-07-01',
      startDateRoc: '1140701',
      endDate: null,
      endDateRoc: '0000000',
    },
  ],
  visits: [
    {
      slot: 0,
      visitType: '01',
      visitKind: 'western-outpatient',
      newbornMark: '',
      visitDateTime: '2026-02-16T09:30:05+08:00',
      visitDateTimeRoc: '1150216093005',
      afterCheck: 'normal',
      afterCheckRaw: '1',
      visitSeq: '0012',
      hospitalId: '3501200000',
      outpatientFee: 520,
      outpatientCopay: 50,
      ...zeroInpatient,
    },
    {
      slot: 1,
      visitType: '02',
      visitKind: 'dental',
      newbornMark: '',
      visitDateTime: '2026-01-10T14:30:00+08:00',
      visitDateTimeRoc: '1150110143000',
      afterCheck: 'normal',
      afterCheckRaw: '1',
      visitSeq: '0011',
      hospitalId: '3501200001',
      outpatientFee: 1200,
      outpatientCopay: 50,
      ...zeroInpatient,
    },
    {
      slot: 2,
      visitType: '03',
      visitKind: 'chinese-medicine',
      newbornMark: '',
      visitDateTime: '2025-12-25T10:05:10+08:00',
      visitDateTimeRoc: '1141225100510',
      afterCheck: 'retroactive',
      afterCheckRaw: '2',
      visitSeq: '0010',
      hospitalId: '3501200002',
      outpatientFee: 350,
      outpatientCopay: 50,
      ...zeroInpatient,
    },
    {
      slot: 3,
      visitType: '04',
      visitKind: 'emergency',
      newbornMark: '',
      visitDateTime: '2025-11-20T23:00:15+08:00',
      visitDateTimeRoc: '1141120230015',
      afterCheck: 'normal',
      afterCheckRaw: '1',
      visitSeq: '0009',
      hospitalId: '3501200000',
      outpatientFee: 2480,
      outpatientCopay: 150,
      ...zeroInpatient,
    },
    {
      slot: 4,
      visitType: '05',
      visitKind: 'inpatient',
      newbornMark: '',
      visitDateTime: '2025-10-01T08:00:00+08:00',
      visitDateTimeRoc: '1141001080000',
      afterCheck: 'normal',
      afterCheckRaw: '1',
      visitSeq: '0008',
      hospitalId: '3501200003',
      outpatientFee: 0,
      outpatientCopay: 0,
      inpatientFee: 85000,
      inpatientCopayShort: 8500,
      inpatientCopayLong: 0,
    },
    {
      slot: 5,
      visitType: 'AE',
      visitKind: 'chronic-refill',
      newbornMark: 'Y',
      visitDateTime: '2025-08-15T11:11:11+08:00',
      visitDateTimeRoc: '1140815111111',
      afterCheck: 'normal',
      afterCheckRaw: '1',
      visitSeq: 'IC08',
      hospitalId: '3501200001',
      outpatientFee: 280,
      outpatientCopay: 0,
      ...zeroInpatient,
    },
  ],
  warnings: [],
};

/** Empty slots (spaces) between filled ones, and fields that need a warning. */
const SPARSE_CARD = hex(
  spacesHex(14), // critical-illness slot 0: empty
  asciiHex('1130301'), // [1] start 2024-03-01
  spacesHex(7), // [1] end: blank
  spacesHex(14 * 4), // slots 2–5: empty
  spacesHex(69), // visit slot 0: empty
  // visit slot 1
  asciiHex('Q9'), // visitType "Q9": not a known code
  spacesHex(1), // newborn mark: blank
  asciiHex('1150230093000'), // visitDateTime: 30 February, not a date
  asciiHex('7'), // afterCheck "7": not a known mark
  asciiHex('0001'), // visitSeq
  asciiHex('3501200000'), // hospitalId
  spacesHex(8), // outpatientFee: blank
  spacesHex(8), // outpatientCopay: blank
  spacesHex(8), // inpatientFee: blank
  spacesHex(7), // inpatientCopayShort: blank
  spacesHex(7), // inpatientCopayLong: blank
  spacesHex(69 * 4), // visit slots 2–5: empty
);

const SPARSE_CARD_DECODED: Treatments = {
  criticalIllnessValidity: [
    { slot: 1, startDate: '2024-03-01', startDateRoc: '1130301', endDate: null, endDateRoc: '' },
  ],
  visits: [
    {
      slot: 1,
      visitType: 'Q9',
      visitKind: null,
      newbornMark: '',
      visitDateTime: null,
      visitDateTimeRoc: '1150230093000',
      afterCheck: null,
      afterCheckRaw: '7',
      visitSeq: '0001',
      hospitalId: '3501200000',
      outpatientFee: null,
      outpatientCopay: null,
      inpatientFee: null,
      inpatientCopayShort: null,
      inpatientCopayLong: null,
    },
  ],
  warnings: [
    {
      kind: 'unknown-code',
      field: 'visits[0].visitType',
      message: 'unknown visit type "Q9"',
      raw: 'Q9',
    },
    {
      kind: 'invalid-date',
      field: 'visits[0].visitDateTime',
      message: '1150230093000: 1150230 is not a calendar date',
      raw: '1150230093000',
    },
    {
      kind: 'unknown-code',
      field: 'visits[0].afterCheck',
      message: 'unknown after-check mark "7"',
      raw: '7',
    },
  ],
};

describe('decodeTreatments', () => {
  it('decodes a card with all six critical-illness slots and six full visits', () => {
    expect(FULL_CARD.length).toBe(TREATMENTS_BYTES);
    expect(decodeTreatments(FULL_CARD)).toStrictEqual(FULL_CARD_DECODED);
  });

  it('leaves empty slots out, keeps each record slot, and warns about unknown codes and bad dates', () => {
    expect(SPARSE_CARD.length).toBe(TREATMENTS_BYTES);
    expect(decodeTreatments(SPARSE_CARD)).toStrictEqual(SPARSE_CARD_DECODED);
  });

  it('reads slots of NULs or zeros as empty too (not canonical: re-encodes with spaces)', () => {
    const bytes = hex(
      '00'.repeat(14), // critical-illness slot 0: NULs
      asciiHex('0000000'), // [1] start: zeros
      asciiHex('0000000'), // [1] end: zeros
      spacesHex(14 * 4), // slots 2–5: empty
      asciiHex('0'.repeat(69)), // visit slot 0: zeros
      '00'.repeat(69), // visit slot 1: NULs
      spacesHex(69 * 4), // visit slots 2–5: empty
    );
    expect(decodeTreatments(bytes)).toStrictEqual({
      criticalIllnessValidity: [],
      visits: [],
      warnings: [],
    });
    expect(encodeTreatments(decodeTreatments(bytes))).toStrictEqual(
      hex(spacesHex(TREATMENTS_BYTES)),
    );
  });

  it('rejects buffers of another length with the offset where they differ', () => {
    expectDecodeError(() => decodeTreatments(new Uint8Array(497)), 'treatments', 497);
    expectDecodeError(() => decodeTreatments(new Uint8Array(499)), 'treatments', 498);
    expectDecodeError(() => decodeTreatments(new Uint8Array(0)), 'treatments', 0);
  });

  it('names the offset of a byte that is not ASCII', () => {
    const bytes = FULL_CARD.slice();
    bytes[84 + 69 + 21] = 0xa4; // visit slot 1, first byte of hospitalId
    expectDecodeError(() => decodeTreatments(bytes), 'treatments', 84 + 69 + 21);
  });
});

describe('encodeTreatments', () => {
  it('writes the hand-written fixtures back byte for byte', () => {
    expect(encodeTreatments(FULL_CARD_DECODED)).toStrictEqual(FULL_CARD);
    expect(encodeTreatments(SPARSE_CARD_DECODED)).toStrictEqual(SPARSE_CARD);
  });

  it('writes the code of a decoded meaning when the raw code is not given', () => {
    const [visit] = FULL_CARD_DECODED.visits;
    if (!visit) throw new Error('fixture has visits');
    const handWritten = { ...visit, visitType: '', afterCheckRaw: '' };
    const bytes = encodeTreatments({
      criticalIllnessValidity: [],
      visits: [handWritten],
      warnings: [],
    });
    expect(decodeTreatments(bytes).visits).toStrictEqual([visit]);
  });

  it('rejects slots outside 0–5, used twice, or records that would read back as empty', () => {
    const [visit] = FULL_CARD_DECODED.visits;
    if (!visit) throw new Error('fixture has visits');
    const encode = (visits: Treatments['visits']) =>
      encodeTreatments({ criticalIllnessValidity: [], visits, warnings: [] });
    expect(() => encode([{ ...visit, slot: 6 }])).toThrow(RangeError);
    expect(() => encode([visit, { ...visit }])).toThrow(RangeError);
    const blank = {
      ...visit,
      visitType: '',
      visitKind: null,
      visitDateTime: null,
      visitDateTimeRoc: '',
      afterCheck: null,
      afterCheckRaw: '',
      visitSeq: '',
      hospitalId: '',
      outpatientFee: 0,
      outpatientCopay: null,
    };
    expect(() => encode([blank])).toThrow(RangeError);
  });
});

const KNOWN_CODES = Object.keys(VISIT_TYPES) as VisitTypeCode[];

const visitArb = fc
  .record({
    visitType: fc.constantFrom('', ...KNOWN_CODES),
    newbornMark: fc.constantFrom('', 'Y', '1', '2'),
    visitDateTime: dateTimeValueArb,
    afterCheckRaw: fc.constantFrom('', '1', '2'),
    visitSeq: asciiCodeArb(4),
    hospitalId: asciiCodeArb(10),
    outpatientFee: amountArb(8),
    outpatientCopay: amountArb(8),
    inpatientFee: amountArb(8),
    inpatientCopayShort: amountArb(7),
    inpatientCopayLong: amountArb(7),
  })
  .map(({ visitDateTime, ...visit }) => ({
    visitType: visit.visitType,
    visitKind: visit.visitType === '' ? null : VISIT_TYPES[visit.visitType as VisitTypeCode].kind,
    newbornMark: visit.newbornMark,
    visitDateTime: visitDateTime.iso,
    visitDateTimeRoc: visitDateTime.roc,
    afterCheck:
      visit.afterCheckRaw === '1'
        ? ('normal' as const)
        : visit.afterCheckRaw === '2'
          ? ('retroactive' as const)
          : null,
    afterCheckRaw: visit.afterCheckRaw,
    visitSeq: visit.visitSeq,
    hospitalId: visit.hospitalId,
    outpatientFee: visit.outpatientFee,
    outpatientCopay: visit.outpatientCopay,
    inpatientFee: visit.inpatientFee,
    inpatientCopayShort: visit.inpatientCopayShort,
    inpatientCopayLong: visit.inpatientCopayLong,
  }))
  .filter(hasContent);

const validityArb = fc
  .tuple(dateValueArb, dateValueArb)
  .map(([start, end]) => ({
    startDate: start.iso,
    startDateRoc: start.roc,
    endDate: end.iso,
    endDateRoc: end.roc,
  }))
  .filter(hasContent);

const treatmentsArb: fc.Arbitrary<Treatments> = fc.record(
  {
    criticalIllnessValidity: slottedRecordsArb(6, validityArb),
    visits: slottedRecordsArb(6, visitArb),
    warnings: fc.constant([]),
  },
  { noNullPrototype: true },
);

/** A canonical visit record: every field as the writer writes it, or the whole slot blank. */
const visitBytesArb = fc.oneof(
  fc.constant(' '.repeat(69)),
  fc
    .tuple(
      asciiFieldBytes(2), // visitType
      asciiFieldBytes(1), // newborn mark
      dateTimeFieldBytes, // visitDateTime
      asciiFieldBytes(1), // afterCheck
      asciiFieldBytes(4), // visitSeq
      asciiFieldBytes(10), // hospitalId
      numberFieldBytes(8), // outpatientFee
      numberFieldBytes(8), // outpatientCopay
      numberFieldBytes(8), // inpatientFee
      numberFieldBytes(7), // inpatientCopayShort
      numberFieldBytes(7), // inpatientCopayLong
    )
    .map((fields) => fields.join(''))
    .filter((record) => !isBlankRecord(concatFields(record))),
);

const validityBytesArb = fc.oneof(
  fc.constant(' '.repeat(14)),
  fc
    .tuple(dateFieldBytes, dateFieldBytes)
    .map((fields) => fields.join(''))
    .filter((record) => !isBlankRecord(concatFields(record))),
);

const canonicalBufferArb = fc
  .tuple(
    fc.array(validityBytesArb, { minLength: 6, maxLength: 6 }),
    fc.array(visitBytesArb, { minLength: 6, maxLength: 6 }),
  )
  .map(([validity, visits]) => concatFields(...validity, ...visits));

describe('treatments round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(treatmentsArb, (value) => {
        expect(decodeTreatments(encodeTreatments(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    fc.assert(
      fc.property(canonicalBufferArb, (bytes) => {
        expect(encodeTreatments(decodeTreatments(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right length give a result or a DecodeError, nothing else', () => {
    const anyOfLength = fc.oneof(bytesOfLength(TREATMENTS_BYTES), asciiLikeBytes(TREATMENTS_BYTES));
    fc.assert(
      fc.property(anyOfLength, (bytes) => onlyResultOrDecodeError(decodeTreatments, bytes)),
    );
  });

  it('random bytes of any other length give a DecodeError at the end of the shorter layout', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 2 * TREATMENTS_BYTES })
          .filter((bytes) => bytes.length !== TREATMENTS_BYTES),
        (bytes) => {
          expectDecodeError(
            () => decodeTreatments(bytes),
            'treatments',
            Math.min(bytes.length, TREATMENTS_BYTES),
          );
        },
      ),
    );
  });
});
