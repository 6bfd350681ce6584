/** The section suite's row for treatments read without an HPC: critical-illness validity and six visits. */
import fc from 'fast-check';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  dateFieldBytes,
  hex,
  numberFieldBytes,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import {
  amountArb,
  dateTimeFieldBytes,
  dateTimeValueArb,
  dateValueArb,
  slottedRecordsArb,
} from '../treatment-fixtures.test-helpers.js';
import {
  decodeTreatments,
  encodeTreatments,
  TREATMENTS_BYTES,
  type Treatments,
  type TreatmentVisit,
} from '../treatments.js';
import { VISIT_TYPES, type VisitTypeCode } from '../visit-types.js';
import { fixedLayoutArbitraries } from './fixed-layout-arbs.test-helpers.js';
import { type Dated, SIX_ILLNESSES, validity, validityHex } from './illness-rows.test-helpers.js';
import {
  sectionCase,
  withBytes,
  withoutWarningsArb,
  wrongLengthCases,
} from './section-case.test-helpers.js';

type Fees = readonly [number | null, number | null, number | null, number | null, number | null];

/**
 * A visit as decoded: type and kind · newborn mark · date-time · after-check and its mark ·
 * sequence · hospital · outpatient fee and copay, inpatient fee and short and long copays.
 */
function visit(
  slot: number,
  [visitType, visitKind]: readonly [string, TreatmentVisit['visitKind']],
  newbornMark: string,
  [visitDateTime, visitDateTimeRoc]: Dated,
  [afterCheck, afterCheckRaw]: readonly [TreatmentVisit['afterCheck'], string],
  [visitSeq, hospitalId]: readonly [string, string],
  fees: Fees,
): TreatmentVisit {
  const [outpatientFee, outpatientCopay, inpatientFee, inpatientCopayShort, inpatientCopayLong] =
    fees;
  return {
    slot,
    visitType,
    visitKind,
    newbornMark,
    visitDateTime,
    visitDateTimeRoc,
    afterCheck,
    afterCheckRaw,
    visitSeq,
    hospitalId,
    outpatientFee,
    outpatientCopay,
    inpatientFee,
    inpatientCopayShort,
    inpatientCopayLong,
  };
}

/**
 * Hex of one 69-byte visit: type 2 · newborn 1 · dateTime 13 · afterCheck 1 · seq 4 ·
 * hospital 10 · outpatient fee 8 and copay 8 · inpatient fee 8, copays 7 and 7.
 */
const visitHex = (head: string, seqAndHospital: string, fees: string): string =>
  asciiHex(`${head}${seqAndHospital}${fees}`);
const ZERO_INPATIENT = '0'.repeat(22);

const NORMAL = ['normal', '1'] as const;
const FIRST_VISIT = visit(
  0,
  ['01', 'western-outpatient'],
  '',
  ['2026-02-16T09:30:05+08:00', '1150216093005'],
  NORMAL,
  ['0012', '3501200000'],
  [520, 50, 0, 0, 0],
);
const FIRST_VISIT_HEX = visitHex(
  '01 11502160930051',
  '00123501200000',
  `0000052000000050${ZERO_INPATIENT}`,
);

/** All six critical-illness slots and all six visit slots used. */
const FULL_CARD = hex(
  validityHex(SIX_ILLNESSES),
  FIRST_VISIT_HEX, // western outpatient
  visitHex('02 11501101430001', '00113501200001', `0000120000000050${ZERO_INPATIENT}`), // dental
  visitHex('03 11412251005102', '00103501200002', `0000035000000050${ZERO_INPATIENT}`), // Chinese medicine, presented afterwards
  visitHex('04 11411202300151', '00093501200000', `0000248000000150${ZERO_INPATIENT}`), // emergency
  visitHex('05 11410010800001', '00083501200003', `0000000000000000${'000850000008500'}0000000`), // inpatient stay
  visitHex('AEY11408151111111', 'IC083501200001', `0000028000000000${ZERO_INPATIENT}`), // newborn's chronic refill
);

/** Empty slots between filled ones, and fields that need a warning. */
const SPARSE_CARD = hex(
  spacesHex(14), // critical-illness slot 0: empty
  asciiHex('1130301'), // [1] start, end blank
  spacesHex(7),
  spacesHex(14 * 4),
  spacesHex(69), // visit slot 0: empty
  visitHex('Q9 11502300930007', '00013501200000', ' '.repeat(38)), // unknown type and mark, 30 February
  spacesHex(69 * 4),
);

const treatmentsOf = (...visits: TreatmentVisit[]): Treatments => ({
  criticalIllnessValidity: [],
  visits,
  warnings: [],
});
const KNOWN_CODES = Object.keys(VISIT_TYPES) as VisitTypeCode[];
const AFTER_CHECK_BY_MARK = { '1': 'normal', '2': 'retroactive' } as const;

const treatments = sectionCase<Treatments>({
  section: 'treatments',
  decode: decodeTreatments,
  encode: encodeTreatments,
  decodes: [
    {
      title: 'a card with all six critical-illness slots and six full visits',
      bytes: FULL_CARD,
      length: TREATMENTS_BYTES,
      decoded: {
        criticalIllnessValidity: SIX_ILLNESSES.map(([, start, end], slot) =>
          validity(slot, start, end),
        ),
        visits: [
          FIRST_VISIT,
          visit(
            1,
            ['02', 'dental'],
            '',
            ['2026-01-10T14:30:00+08:00', '1150110143000'],
            NORMAL,
            ['0011', '3501200001'],
            [1200, 50, 0, 0, 0],
          ),
          visit(
            2,
            ['03', 'chinese-medicine'],
            '',
            ['2025-12-25T10:05:10+08:00', '1141225100510'],
            ['retroactive', '2'],
            ['0010', '3501200002'],
            [350, 50, 0, 0, 0],
          ),
          visit(
            3,
            ['04', 'emergency'],
            '',
            ['2025-11-20T23:00:15+08:00', '1141120230015'],
            NORMAL,
            ['0009', '3501200000'],
            [2480, 150, 0, 0, 0],
          ),
          visit(
            4,
            ['05', 'inpatient'],
            '',
            ['2025-10-01T08:00:00+08:00', '1141001080000'],
            NORMAL,
            ['0008', '3501200003'],
            [0, 0, 85000, 8500, 0],
          ),
          visit(
            5,
            ['AE', 'chronic-refill'],
            'Y',
            ['2025-08-15T11:11:11+08:00', '1140815111111'],
            NORMAL,
            ['IC08', '3501200001'],
            [280, 0, 0, 0, 0],
          ),
        ],
        warnings: [],
      },
    },
    {
      title: 'empty slots left out, each record slot kept, warnings on unknown codes and bad dates',
      bytes: SPARSE_CARD,
      length: TREATMENTS_BYTES,
      decoded: {
        criticalIllnessValidity: [validity(1, ['2024-03-01', '1130301'], [null, ''])],
        visits: [
          visit(
            1,
            ['Q9', null],
            '',
            [null, '1150230093000'],
            [null, '7'],
            ['0001', '3501200000'],
            [null, null, null, null, null],
          ),
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
      },
    },
    {
      title: 'slots of NULs or zeros as empty too (not canonical: re-encodes with spaces)',
      bytes: hex(
        '00'.repeat(14), // critical-illness slot 0: NULs
        asciiHex('0'.repeat(14)), // [1]: zeros
        spacesHex(14 * 4),
        asciiHex('0'.repeat(69)), // visit slot 0: zeros
        '00'.repeat(69), // visit slot 1: NULs
        spacesHex(69 * 4),
      ),
      decoded: treatmentsOf(),
      reencoded: hex(spacesHex(TREATMENTS_BYTES)),
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0, [
      [497, 497],
      [499, 498],
      [0, 0],
    ]),
    {
      title: 'a byte that is not ASCII (visit slot 1, first byte of the hospital)',
      bytes: withBytes(FULL_CARD, 84 + 69 + 21, 0xa4),
      offset: 84 + 69 + 21,
    },
  ],
  encodes: [
    {
      title: 'the codes of decoded meanings when the raw codes are not given',
      value: treatmentsOf({ ...FIRST_VISIT, visitType: '', afterCheckRaw: '' }),
      bytes: hex(spacesHex(84), FIRST_VISIT_HEX, spacesHex(69 * 5)),
    },
  ],
  encodeErrors: [
    { title: 'a slot outside 0–5', value: treatmentsOf({ ...FIRST_VISIT, slot: 6 }) },
    { title: 'a slot used twice', value: treatmentsOf(FIRST_VISIT, { ...FIRST_VISIT }) },
    {
      title: 'a record that would read back as empty',
      value: treatmentsOf(
        visit(0, ['', null], '', [null, ''], [null, ''], ['', ''], [0, null, 0, 0, 0]),
      ),
    },
  ],
  validValues: withoutWarningsArb({
    criticalIllnessValidity: slottedRecordsArb(
      6,
      fc.tuple(dateValueArb, dateValueArb).map(([start, end]) => ({
        startDate: start.iso,
        startDateRoc: start.roc,
        endDate: end.iso,
        endDateRoc: end.roc,
      })),
    ),
    visits: slottedRecordsArb(
      6,
      fc
        .record({
          visitType: fc.constantFrom('', ...KNOWN_CODES),
          newbornMark: fc.constantFrom('', 'Y', '1', '2'),
          dateTime: dateTimeValueArb,
          afterCheckRaw: fc.constantFrom('', '1', '2'),
          visitSeq: asciiCodeArb(4),
          hospitalId: asciiCodeArb(10),
          fees: fc.tuple(amountArb(8), amountArb(8), amountArb(8), amountArb(7), amountArb(7)),
        })
        .map((v) => {
          const { slot: _slot, ...record } = visit(
            0,
            [
              v.visitType,
              v.visitType === '' ? null : VISIT_TYPES[v.visitType as VisitTypeCode].kind,
            ],
            v.newbornMark,
            [v.dateTime.iso, v.dateTime.roc],
            [v.afterCheckRaw === '' ? null : AFTER_CHECK_BY_MARK[v.afterCheckRaw], v.afterCheckRaw],
            [v.visitSeq, v.hospitalId],
            v.fees,
          );
          return record;
        }),
    ),
  }),
  ...fixedLayoutArbitraries(TREATMENTS_BYTES, [
    {
      slots: 6,
      recordBytes: 14,
      record: fc.tuple(dateFieldBytes, dateFieldBytes).map((fields) => fields.join('')),
    },
    {
      slots: 6,
      recordBytes: 69,
      record: fc
        .tuple(
          asciiFieldBytes(2), // visit type
          asciiFieldBytes(1), // newborn mark
          dateTimeFieldBytes,
          asciiFieldBytes(1), // after-check mark
          asciiFieldBytes(4), // sequence
          asciiFieldBytes(10), // hospital
          ...[8, 8, 8, 7, 7].map(numberFieldBytes), // fees and copays
        )
        .map((fields) => fields.join('')),
    },
  ]),
});

/** The suite's row for treatments read without an HPC. */
export const TREATMENTS_SECTION_CASES = [treatments];
