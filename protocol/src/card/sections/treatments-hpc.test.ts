import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../decode-error.js';
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
  asciiLikeBytes,
  dateTimeFieldBytes,
  dateTimeValueArb,
  dateValueArb,
  hasContent,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';
import {
  decodeTreatmentsHpc,
  encodeTreatmentsHpc,
  type SecondaryDiagnoses,
  TREATMENTS_HPC_BYTES,
  type TreatmentsHpc,
} from './treatments-hpc.js';

const FULL_CARD = hex(
  // critical illnesses: 6 × (code 5 · start 7 · end 7)
  asciiHex('1749 '), // [0] code 174.9
  asciiHex('1120801'), // [0] start 2023-08-01
  asciiHex('1170731'), // [0] end 2028-07-31
  asciiHex('585  '), // [1] code 585
  asciiHex('1100115'), // [1] start 2021-01-15
  asciiHex('1150114'), // [1] end 2026-01-14
  asciiHex('7140 '), // [2] code 714.0
  asciiHex('1090520'), // [2] start 2020-05-20
  asciiHex('1140519'), // [2] end 2025-05-19
  asciiHex('2824 '), // [3] code 282.4
  asciiHex('1111001'), // [3] start 2022-10-01
  asciiHex('1160930'), // [3] end 2027-09-30
  asciiHex('3430 '), // [4] code 343.0
  asciiHex('1130301'), // [4] start 2024-03-01
  asciiHex('1180228'), // [4] end 2029-02-28
  asciiHex('340  '), // [5] code 340
  asciiHex('1140701'), // [5] start 2025-07-01
  asciiHex('0000000'), // [5] end: zeros, no end date
  // visit slot 0: visitDateTime 13 · main 5 · 5 × secondary 5
  asciiHex('1150216093005'), // visitDateTime 2026-02-16 09:30:05
  asciiHex('4659 '), // main diagnosis 465.9
  asciiHex('4019 '), // secondary 1: 401.9
  spacesHex(5 * 4), // secondary 2–5: blank
  // visit slot 1
  asciiHex('1150110143000'), // visitDateTime 2026-01-10 14:30:00
  asciiHex('5210 '), // main diagnosis 521.0
  spacesHex(5 * 5), // secondary 1–5: blank
  // visit slot 2: empty
  spacesHex(43),
  // visit slot 3: all five secondary diagnoses
  asciiHex('1141120230015'), // visitDateTime 2025-11-20 23:00:15
  asciiHex('78650'), // main diagnosis 786.50
  asciiHex('4019 '), // secondary 1
  asciiHex('25000'), // secondary 2
  asciiHex('2724 '), // secondary 3
  spacesHex(5), // secondary 4: blank, a gap kept in place
  asciiHex('V5861'), // secondary 5
  // visit slots 4–5: empty
  spacesHex(43 * 2),
);

const blanks = (...codes: string[]): SecondaryDiagnoses =>
  [...codes, '', '', '', '', ''].slice(0, 5) as SecondaryDiagnoses;

const FULL_CARD_DECODED: TreatmentsHpc = {
  criticalIllnesses: [
    {
      slot: 0,
      code: '1749',
      startDate: '2023-08-01',
      startDateRoc: '1120801',
      endDate: '2028-07-31',
      endDateRoc: '1170731',
    },
    {
      slot: 1,
      code: '585',
      startDate: '2021-01-15',
      startDateRoc: '1100115',
      endDate: '2026-01-14',
      endDateRoc: '1150114',
    },
    {
      slot: 2,
      code: '7140',
      startDate: '2020-05-20',
      startDateRoc: '1090520',
      endDate: '2025-05-19',
      endDateRoc: '1140519',
    },
    {
      slot: 3,
      code: '2824',
      startDate: '2022-10-01',
      startDateRoc: '1111001',
      endDate: '2027-09-30',
      endDateRoc: '1160930',
    },
    {
      slot: 4,
      code: '3430',
      startDate: '2024-03-01',
      startDateRoc: '1130301',
      endDate: '2029-02-28',
      endDateRoc: '1180228',
    },
    {
      slot: 5,
      code: '340',
      startDate: '2025-07-01',
      startDateRoc: '1140701',
      endDate: null,
      endDateRoc: '0000000',
    },
  ],
  visits: [
    {
      slot: 0,
      visitDateTime: '2026-02-16T09:30:05+08:00',
      visitDateTimeRoc: '1150216093005',
      mainDiagnosis: '4659',
      secondaryDiagnoses: blanks('4019'),
    },
    {
      slot: 1,
      visitDateTime: '2026-01-10T14:30:00+08:00',
      visitDateTimeRoc: '1150110143000',
      mainDiagnosis: '5210',
      secondaryDiagnoses: blanks(),
    },
    {
      slot: 3,
      visitDateTime: '2025-11-20T23:00:15+08:00',
      visitDateTimeRoc: '1141120230015',
      mainDiagnosis: '78650',
      secondaryDiagnoses: ['4019', '25000', '2724', '', 'V5861'],
    },
  ],
  warnings: [],
};

describe('decodeTreatmentsHpc', () => {
  it('decodes six coded critical illnesses and the visit diagnoses, leaving empty visit slots out', () => {
    expect(FULL_CARD.length).toBe(TREATMENTS_HPC_BYTES);
    expect(decodeTreatmentsHpc(FULL_CARD)).toStrictEqual(FULL_CARD_DECODED);
  });

  it('warns about an impossible date and keeps its raw text', () => {
    const bytes = hex(
      asciiHex('1749 '), // [0] code
      asciiHex('1121301'), // [0] start: month 13
      asciiHex('1170731'), // [0] end
      spacesHex(19 * 5), // slots 1–5: empty
      '00'.repeat(43 * 6), // visit slots: NULs (not canonical)
    );
    expect(decodeTreatmentsHpc(bytes)).toStrictEqual({
      criticalIllnesses: [
        {
          slot: 0,
          code: '1749',
          startDate: null,
          startDateRoc: '1121301',
          endDate: '2028-07-31',
          endDateRoc: '1170731',
        },
      ],
      visits: [],
      warnings: [
        {
          kind: 'invalid-date',
          field: 'criticalIllnesses[0].startDate',
          message: '1121301 is not a calendar date',
          raw: '1121301',
        },
      ],
    });
  });

  it('says the 540-byte ICD-10 layout is not supported yet', () => {
    let thrown: unknown;
    try {
      decodeTreatmentsHpc(new Uint8Array(540).fill(0x20));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect(thrown).toMatchObject({ section: 'treatmentsHpc', offset: 372 });
    expect((thrown as DecodeError).message).toBe(
      'treatmentsHpc @372: the ICD-10 layout (540 bytes) is not supported yet; expected the legacy 372-byte layout',
    );
  });

  it('rejects buffers of other lengths with the offset where they differ', () => {
    expectDecodeError(() => decodeTreatmentsHpc(new Uint8Array(371)), 'treatmentsHpc', 371);
    expectDecodeError(() => decodeTreatmentsHpc(new Uint8Array(373)), 'treatmentsHpc', 372);
  });
});

describe('encodeTreatmentsHpc', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodeTreatmentsHpc(FULL_CARD_DECODED)).toStrictEqual(FULL_CARD);
  });

  it('rejects more than five secondary diagnoses and slots out of range', () => {
    const [visit] = FULL_CARD_DECODED.visits;
    if (!visit) throw new Error('fixture has visits');
    const tooMany = { ...visit, secondaryDiagnoses: [...visit.secondaryDiagnoses, 'X'] };
    const encode = (visits: unknown[]) =>
      encodeTreatmentsHpc({
        criticalIllnesses: [],
        visits: visits as TreatmentsHpc['visits'],
        warnings: [],
      });
    expect(() => encode([tooMany])).toThrow(RangeError);
    expect(() => encode([{ ...visit, slot: -1 }])).toThrow(RangeError);
    expect(() => encode([{ ...visit, mainDiagnosis: '123456' }])).toThrow(RangeError);
  });
});

const entryArb = fc
  .tuple(fc.option(asciiCodeArb(5, 1), { nil: null }), dateValueArb, dateValueArb)
  .map(([code, start, end]) => ({
    code,
    startDate: start.iso,
    startDateRoc: start.roc,
    endDate: end.iso,
    endDateRoc: end.roc,
  }))
  .filter(hasContent);

const visitArb = fc
  .tuple(
    dateTimeValueArb,
    asciiCodeArb(5),
    fc.array(asciiCodeArb(5), { minLength: 5, maxLength: 5 }),
  )
  .map(([dateTime, mainDiagnosis, secondary]) => ({
    visitDateTime: dateTime.iso,
    visitDateTimeRoc: dateTime.roc,
    mainDiagnosis,
    secondaryDiagnoses: secondary as SecondaryDiagnoses,
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<TreatmentsHpc> = fc.record(
  {
    criticalIllnesses: slottedRecordsArb(6, entryArb),
    visits: slottedRecordsArb(6, visitArb),
    warnings: fc.constant([]),
  },
  { noNullPrototype: true },
);

const nonBlank = (record: string): boolean => !isBlankRecord(concatFields(record));

const entryBytesArb = fc.oneof(
  fc.constant(' '.repeat(19)),
  fc
    .tuple(asciiFieldBytes(5), dateFieldBytes, dateFieldBytes)
    .map((f) => f.join(''))
    .filter(nonBlank),
);

const visitBytesArb = fc.oneof(
  fc.constant(' '.repeat(43)),
  fc
    .tuple(dateTimeFieldBytes, fc.array(asciiFieldBytes(5), { minLength: 6, maxLength: 6 }))
    .map(([dateTime, codes]) => dateTime + codes.join(''))
    .filter(nonBlank),
);

const canonicalArb = fc
  .tuple(
    fc.array(entryBytesArb, { minLength: 6, maxLength: 6 }),
    fc.array(visitBytesArb, { minLength: 6, maxLength: 6 }),
  )
  .map(([entries, visits]) => concatFields(...entries, ...visits));

describe('treatmentsHpc round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeTreatmentsHpc(encodeTreatmentsHpc(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeTreatmentsHpc(decodeTreatmentsHpc(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right length give a result or a DecodeError, nothing else', () => {
    const anyOfLength = fc.oneof(
      bytesOfLength(TREATMENTS_HPC_BYTES),
      asciiLikeBytes(TREATMENTS_HPC_BYTES),
    );
    fc.assert(
      fc.property(anyOfLength, (bytes) => onlyResultOrDecodeError(decodeTreatmentsHpc, bytes)),
    );
  });

  it('random bytes of any other length give a DecodeError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }).filter((bytes) => bytes.length !== TREATMENTS_HPC_BYTES),
        (bytes) => {
          expectDecodeError(
            () => decodeTreatmentsHpc(bytes),
            'treatmentsHpc',
            Math.min(bytes.length, TREATMENTS_HPC_BYTES),
          );
        },
      ),
    );
  });
});
