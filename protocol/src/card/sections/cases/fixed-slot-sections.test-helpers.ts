/** Rows of the section suite for the fixed-slot sections: vaccinations, critical illnesses and treatments read with an HPC. */
import fc from 'fast-check';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  dateFieldBytes,
  hex,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import {
  CRITICAL_ILLNESS_BYTES,
  type CriticalIllness,
  decodeCriticalIllness,
  encodeCriticalIllness,
} from '../critical-illness.js';
import {
  dateTimeFieldBytes,
  dateTimeValueArb,
  dateValueArb,
  slottedRecordsArb,
} from '../treatment-fixtures.test-helpers.js';
import {
  decodeTreatmentsHpc,
  encodeTreatmentsHpc,
  type SecondaryDiagnoses,
  TREATMENTS_HPC_BYTES,
  type TreatmentsHpc,
  type VisitDiagnoses,
} from '../treatments-hpc.js';
import {
  decodeVaccinations,
  encodeVaccinations,
  VACCINATIONS_BYTES,
  type Vaccination,
  type Vaccinations,
} from '../vaccinations.js';
import { fixedLayoutArbitraries } from './fixed-layout-arbs.test-helpers.js';
import {
  type Dated,
  illness,
  illnessArb,
  illnessesHex,
  illnessesOf,
  illnessText,
  SIX_ILLNESSES,
} from './illness-rows.test-helpers.js';
import {
  sectionCase,
  withBytes,
  withoutWarningsArb,
  wrongLengthCases,
} from './section-case.test-helpers.js';

/** A vaccination as decoded. */
function vaccination(
  slot: number,
  vaccineCode: string,
  [vaccinationDate, vaccinationDateRoc]: Dated,
  hospitalId: string,
  lotNumber: string,
): Vaccination {
  return { slot, vaccineCode, vaccinationDate, vaccinationDateRoc, hospitalId, lotNumber };
}
/** Hex of one vaccination slot: vaccine 6 · date 7 · hospital 10 · lot 12. */
const vaccinationHex = (code: string, date: string, hospitalId: string, lot: string): string =>
  asciiHex(`${code.padEnd(6)}${date}${hospitalId}${lot.padEnd(12)}`);

/** Slots 0, 1, 2, 17 and 39 filled; the rest empty. */
const VACCINATION_CARD = hex(
  vaccinationHex('HepB1', '0930101', '3501200000', 'AB1234'),
  vaccinationHex('HepB2', '0930201', '3501200000', 'AB1299'),
  vaccinationHex('DTaP1', '0930301', '3501200001', ''), // lot number not recorded
  spacesHex(35 * 14),
  vaccinationHex('Flu', '1131015', '3501200002', 'FLU-24-0099A'), // a lot of all 12 characters
  spacesHex(35 * 21),
  vaccinationHex('COV19', '1150105', '3501200003', 'C19X7'), // the last slot
);
const FIRST_VACCINATION = vaccination(
  0,
  'HepB1',
  ['2004-01-01', '0930101'],
  '3501200000',
  'AB1234',
);

const vaccinations = sectionCase<Vaccinations>({
  section: 'vaccinations',
  decode: decodeVaccinations,
  encode: encodeVaccinations,
  decodes: [
    {
      title: 'the filled slots, leaving the empty ones out',
      bytes: VACCINATION_CARD,
      length: VACCINATIONS_BYTES,
      decoded: {
        vaccinations: [
          FIRST_VACCINATION,
          vaccination(1, 'HepB2', ['2004-02-01', '0930201'], '3501200000', 'AB1299'),
          vaccination(2, 'DTaP1', ['2004-03-01', '0930301'], '3501200001', ''),
          vaccination(17, 'Flu', ['2024-10-15', '1131015'], '3501200002', 'FLU-24-0099A'),
          vaccination(39, 'COV19', ['2026-01-05', '1150105'], '3501200003', 'C19X7'),
        ],
        warnings: [],
      },
    },
    {
      title: 'slots of zeros or NULs as empty (not canonical: re-encodes with spaces)',
      bytes: hex(
        asciiHex('HepB1 0930101'),
        '00'.repeat(22), // hospital and lot: NULs
        asciiHex('0'.repeat(35)), // slot 1: zeros
        '00'.repeat(35 * 38), // slots 2–39: NULs
      ),
      decoded: {
        vaccinations: [vaccination(0, 'HepB1', ['2004-01-01', '0930101'], '', '')],
        warnings: [],
      },
      reencoded: hex(asciiHex('HepB1 0930101'), spacesHex(22), spacesHex(35 * 39)),
    },
    {
      title: 'an impossible date with a warning, keeping the raw text',
      bytes: hex(vaccinationHex('MMR1', '1150230', '3501200000', 'M0001'), spacesHex(35 * 39)),
      reencoded: null,
      decoded: {
        vaccinations: [vaccination(0, 'MMR1', [null, '1150230'], '3501200000', 'M0001')],
        warnings: [
          {
            kind: 'invalid-date',
            field: 'vaccinations[0].vaccinationDate',
            message: '1150230 is not a calendar date',
            raw: '1150230',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0, [
      [1399, 1399],
      [1435, 1400],
    ]),
    {
      title: 'a byte that is not ASCII (slot 17, first byte of the lot number)',
      bytes: withBytes(VACCINATION_CARD, 17 * 35 + 23, 0xa4),
      offset: 17 * 35 + 23,
    },
  ],
  encodeErrors: [
    {
      title: 'slot 40',
      value: { vaccinations: [{ ...FIRST_VACCINATION, slot: 40 }], warnings: [] },
    },
    {
      title: 'a lot number longer than 12 characters',
      value: { vaccinations: [{ ...FIRST_VACCINATION, lotNumber: 'ABCDEFGHIJKLM' }], warnings: [] },
    },
  ],
  validValues: withoutWarningsArb({
    vaccinations: slottedRecordsArb(
      40,
      fc
        .tuple(asciiCodeArb(6), dateValueArb, asciiCodeArb(10), asciiCodeArb(12))
        .map(([vaccineCode, date, hospitalId, lotNumber]) => ({
          vaccineCode,
          vaccinationDate: date.iso,
          vaccinationDateRoc: date.roc,
          hospitalId,
          lotNumber,
        })),
    ),
  }),
  ...fixedLayoutArbitraries(VACCINATIONS_BYTES, [
    {
      slots: 40,
      recordBytes: 35,
      blankWeight: 3,
      record: fc
        .tuple(asciiFieldBytes(6), dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(12))
        .map((fields) => fields.join('')),
    },
  ]),
});

/** Read with an HPC: all six slots with codes. */
const SIX_CODED = SIX_ILLNESSES.map((row, slot) =>
  slot === 5 ? ([row[0], row[1], ['2030-06-30', '1190630']] as const) : row,
);
const FIRST_CODED = illness(0, '1749', ['2023-08-01', '1120801'], ['2028-07-31', '1170731']);
const ICD10_CRITICAL_ILLNESS = 'ICD-10 layout (138 bytes) is not supported yet';

const criticalIllness = sectionCase<CriticalIllness>({
  section: 'criticalIllness',
  decode: decodeCriticalIllness,
  encode: encodeCriticalIllness,
  decodes: [
    {
      title: 'all six slots with codes',
      bytes: hex(illnessesHex(SIX_CODED)),
      length: CRITICAL_ILLNESS_BYTES,
      decoded: { criticalIllnesses: illnessesOf(SIX_CODED), warnings: [] },
    },
    {
      title: 'a read without an HPC: code null with the dates, empty slots left out',
      bytes: hex(
        spacesHex(5), // [0] code blank
        asciiHex('11208011170731'),
        spacesHex(19), // [1] empty
        spacesHex(5), // [2] code blank
        asciiHex('1090520'),
        spacesHex(7), // [2] end blank
        spacesHex(19 * 3), // [3]–[5] empty
      ),
      decoded: {
        criticalIllnesses: [
          illness(0, null, ['2023-08-01', '1120801'], ['2028-07-31', '1170731']),
          illness(2, null, ['2020-05-20', '1090520'], [null, '']),
        ],
        warnings: [],
      },
    },
    {
      title: 'an all-zero or NUL card as none (not canonical: re-encodes with spaces)',
      bytes: hex(asciiHex('0'.repeat(19 * 3)), '00'.repeat(19 * 3)),
      decoded: { criticalIllnesses: [], warnings: [] },
      reencoded: hex(spacesHex(114)),
    },
  ],
  decodeErrors: [
    {
      title: 'the 138-byte ICD-10 layout, not supported yet',
      bytes: new Uint8Array(138),
      offset: 114,
      message: ICD10_CRITICAL_ILLNESS,
    },
    ...wrongLengthCases(0, [
      [113, 113],
      [115, 114],
    ]),
    {
      title: 'a byte that is not ASCII (slot 2, second byte of the code)',
      bytes: withBytes(hex(illnessesHex(SIX_CODED)), 19 * 2 + 1, 0xb0),
      offset: 39,
    },
  ],
  encodes: [
    {
      title: 'a date given only as ISO, as a hand-written card file gives it',
      value: {
        criticalIllnesses: [illness(3, '1749', ['2023-08-01', ''], [null, ''])],
        warnings: [],
      },
      bytes: hex(spacesHex(19 * 3), asciiHex('1749 1120801'), spacesHex(7), spacesHex(19 * 2)),
    },
  ],
  encodeErrors: [
    {
      title: 'a slot outside 0–5',
      value: { criticalIllnesses: [{ ...FIRST_CODED, slot: 6 }], warnings: [] },
    },
    {
      title: 'a code longer than 5 characters',
      value: { criticalIllnesses: [{ ...FIRST_CODED, code: '174.90' }], warnings: [] },
    },
  ],
  validValues: withoutWarningsArb({ criticalIllnesses: slottedRecordsArb(6, illnessArb) }),
  ...fixedLayoutArbitraries(
    CRITICAL_ILLNESS_BYTES,
    [{ slots: 6, recordBytes: 19, record: illnessText }],
    300,
  ),
});

/** A visit's diagnoses as decoded; the secondary ones padded with blanks to five. */
function diagnoses(
  slot: number,
  [visitDateTime, visitDateTimeRoc]: Dated,
  main: string,
  ...secondary: string[]
): VisitDiagnoses {
  const secondaryDiagnoses = [...secondary, '', '', '', '', ''].slice(0, 5) as SecondaryDiagnoses;
  return { slot, visitDateTime, visitDateTimeRoc, mainDiagnosis: main, secondaryDiagnoses };
}
/** Six coded illnesses, then visits: dateTime 13 · main 5 · 5 × secondary 5. */
const HPC_CARD = hex(
  illnessesHex(SIX_ILLNESSES),
  asciiHex('11502160930054659 4019 '),
  spacesHex(5 * 4),
  asciiHex('11501101430005210 '),
  spacesHex(5 * 5),
  spacesHex(43), // visit slot 2: empty
  asciiHex('1141120230015786504019 250002724 '), // visit slot 3: a gap kept in place ...
  spacesHex(5),
  asciiHex('V5861'), // ... before the fifth secondary diagnosis
  spacesHex(43 * 2),
);
const FIRST_HPC_VISIT = diagnoses(
  0,
  ['2026-02-16T09:30:05+08:00', '1150216093005'],
  '4659',
  '4019',
);
const HPC_VISITS = [
  FIRST_HPC_VISIT,
  diagnoses(1, ['2026-01-10T14:30:00+08:00', '1150110143000'], '5210'),
  diagnoses(
    3,
    ['2025-11-20T23:00:15+08:00', '1141120230015'],
    '78650',
    '4019',
    '25000',
    '2724',
    '',
    'V5861',
  ),
];
const hpcVisits = (...visits: unknown[]): TreatmentsHpc => ({
  criticalIllnesses: [],
  visits: visits as VisitDiagnoses[],
  warnings: [],
});

const treatmentsHpc = sectionCase<TreatmentsHpc>({
  section: 'treatmentsHpc',
  decode: decodeTreatmentsHpc,
  encode: encodeTreatmentsHpc,
  decodes: [
    {
      title: 'six coded critical illnesses and the visit diagnoses, empty visit slots left out',
      bytes: HPC_CARD,
      length: TREATMENTS_HPC_BYTES,
      decoded: { criticalIllnesses: illnessesOf(SIX_ILLNESSES), visits: HPC_VISITS, warnings: [] },
    },
    {
      title: 'an impossible date with a warning, keeping its raw text (NUL visits not canonical)',
      bytes: hex(asciiHex('1749 11213011170731'), spacesHex(19 * 5), '00'.repeat(43 * 6)),
      reencoded: null,
      decoded: {
        criticalIllnesses: [illness(0, '1749', [null, '1121301'], ['2028-07-31', '1170731'])],
        visits: [],
        warnings: [
          {
            kind: 'invalid-date',
            field: 'criticalIllnesses[0].startDate',
            message: '1121301 is not a calendar date',
            raw: '1121301',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    {
      title: 'the 540-byte ICD-10 layout, not supported yet',
      bytes: new Uint8Array(540).fill(0x20),
      offset: 372,
      message:
        'treatmentsHpc @372: the ICD-10 layout (540 bytes) is not supported yet; expected the legacy 372-byte layout',
    },
    ...wrongLengthCases(0, [
      [371, 371],
      [373, 372],
    ]),
  ],
  encodeErrors: [
    {
      title: 'more than five secondary diagnoses',
      value: hpcVisits({
        ...FIRST_HPC_VISIT,
        secondaryDiagnoses: [...FIRST_HPC_VISIT.secondaryDiagnoses, 'X'],
      }),
    },
    { title: 'a slot out of range', value: hpcVisits({ ...FIRST_HPC_VISIT, slot: -1 }) },
    {
      title: 'a main diagnosis of 6 characters',
      value: hpcVisits({ ...FIRST_HPC_VISIT, mainDiagnosis: '123456' }),
    },
  ],
  validValues: withoutWarningsArb({
    criticalIllnesses: slottedRecordsArb(6, illnessArb),
    visits: slottedRecordsArb(
      6,
      fc
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
        })),
    ),
  }),
  ...fixedLayoutArbitraries(
    TREATMENTS_HPC_BYTES,
    [
      { slots: 6, recordBytes: 19, record: illnessText },
      {
        slots: 6,
        recordBytes: 43,
        record: fc
          .tuple(dateTimeFieldBytes, fc.array(asciiFieldBytes(5), { minLength: 6, maxLength: 6 }))
          .map(([dateTime, codes]) => dateTime + codes.join('')),
      },
    ],
    600,
  ),
});

/** The suite's rows for vaccinations, critical illnesses and treatments read with an HPC. */
export const FIXED_SLOT_SECTION_CASES = [vaccinations, criticalIllness, treatmentsHpc];
