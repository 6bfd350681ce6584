/** Rows of the section suite for the sections that open with the holder's fields: basic data and insurance. */
import fc from 'fast-check';
import {
  BASIC_DATA_BYTES,
  type BasicData,
  decodeBasicData,
  encodeBasicData,
  PCSC_BASIC_DATA_BYTES,
} from '../basic-data.js';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  cancelFlagArb,
  concatFields,
  dateFieldArb,
  dateFieldBytes,
  digitsArb,
  hex,
  holderFieldsArb,
  holderFieldsBytes,
  numberFieldBytes,
  spacesHex,
} from '../card-fixtures.test-helpers.js';
import type { HolderFields } from '../holder-fields.js';
import { decodeInsurance, encodeInsurance, INSURANCE_BYTES, type Insurance } from '../insurance.js';
import { sectionCase, withBytes, wrongLengthCases } from './section-case.test-helpers.js';

type Dated = readonly [iso: string | null, roc: string];

/** The holder's fields as decoded, one argument per field pair. */
function holder(
  cardNumber: string,
  name: string,
  idNumber: string,
  [birthDate, birthDateRoc]: Dated,
  [sex, sexRaw]: readonly [HolderFields['sex'], string],
  [issueDate, issueDateRoc]: Dated,
): HolderFields {
  return {
    cardNumber,
    name,
    idNumber,
    birthDate,
    birthDateRoc,
    sex,
    sexRaw,
    issueDate,
    issueDateRoc,
  };
}

const WANG = holder(
  '000012345678',
  '王小明',
  'A123456789',
  ['1990-05-17', '0790517'],
  ['male', 'M'],
  ['2016-03-01', '1050301'],
);
/** WANG's holder bytes: card number · 王小明 in Big5, space-padded · ID · birth · sex · issue. */
const WANG_HEX = [
  asciiHex('000012345678'),
  `a4fda470a9fa${spacesHex(14)}`,
  asciiHex('A123456789'),
  asciiHex('0790517'),
  asciiHex('M'),
  asciiHex('1050301'),
];
const HKSCS_NAME_HEX = `aa4cfb69${spacesHex(16)}`; // 林 (AA 4C), 堃 (FB 69, HKSCS)
const BLANK_PCSC: BasicData = {
  layout: 'pcsc',
  ...holder('', '', '', [null, ''], [null, ''], [null, '']),
  cancelled: null,
  cancelFlagRaw: null,
  emergencyPhone: null,
  warnings: [],
};
/** A value written from decoded fields only, as a hand-written card file gives it. */
const WANG_FROM_FILE: BasicData = {
  ...BLANK_PCSC,
  ...WANG,
  birthDateRoc: '',
  sexRaw: '',
  issueDate: null,
  issueDateRoc: '',
};

const basic = sectionCase<BasicData>({
  section: 'basic',
  decode: decodeBasicData,
  encode: encodeBasicData,
  decodes: [
    {
      title: 'a 72-byte hisGetBasicData buffer with a 3-character name',
      bytes: hex(...WANG_HEX, asciiHex('0'), asciiHex('0912345678'), spacesHex(4)),
      length: BASIC_DATA_BYTES,
      decoded: {
        layout: 'cshis',
        ...WANG,
        cancelled: false,
        cancelFlagRaw: '0',
        emergencyPhone: '0912345678',
        warnings: [],
      },
    },
    {
      title: 'a 57-byte PC/SC buffer with a 2-character HKSCS name, keeping the raw hex',
      bytes: hex(
        asciiHex('000098765432'),
        HKSCS_NAME_HEX,
        asciiHex('B223456782'),
        asciiHex('0850228'),
        asciiHex('2'), // field-reference convention: 2 = female
        asciiHex('1120801'),
      ),
      length: PCSC_BASIC_DATA_BYTES,
      decoded: {
        ...BLANK_PCSC,
        ...holder(
          '000098765432',
          '林堃',
          'B223456782',
          ['1996-02-28', '0850228'],
          ['female', '2'],
          ['2023-08-01', '1120801'],
        ),
        nameRawHex: HKSCS_NAME_HEX,
        warnings: [
          {
            kind: 'non-standard-char',
            field: 'name',
            message: 'characters outside standard Big5: 堃 (fb69)',
            raw: HKSCS_NAME_HEX,
          },
        ],
      },
    },
    {
      title: 'a NUL-padded buffer with a 4-character name (NULs read as blanks; not canonical)',
      bytes: hex(
        asciiHex('000011112222'),
        'bcda b6a7 ae52 ae52', // 歐陽娜娜 ...
        '00'.repeat(12), // ... NUL-padded, as some cards do
        asciiHex('C212345671'),
        asciiHex('0001231'), // ROC year 0 is not a date
        asciiHex('F'), // the manual's convention
        '00'.repeat(7), // issue date: NULs = absent
        asciiHex('1'), // "1" means cancelled or normal depending on the source
        '00'.repeat(14), // emergency phone: NULs = blank
      ),
      reencoded: null,
      decoded: {
        layout: 'cshis',
        ...holder(
          '000011112222',
          '歐陽娜娜',
          'C212345671',
          [null, '0001231'],
          ['female', 'F'],
          [null, ''],
        ),
        cancelled: null,
        cancelFlagRaw: '1',
        emergencyPhone: '',
        warnings: [
          {
            kind: 'invalid-date',
            field: 'birthDate',
            message: '0001231 has ROC year 0',
            raw: '0001231',
          },
        ],
      },
    },
    {
      title: 'an English name, a resident number and a cancelled card',
      bytes: hex(
        asciiHex('000055556666'),
        asciiHex('WANG HSIAO MING'),
        spacesHex(5),
        asciiHex('F800123455'), // resident certificate, 2021 format
        asciiHex('0701111'),
        asciiHex('1'), // 1 = male
        asciiHex('1100105'),
        asciiHex('2'), // 2 = cancelled, public-HIS convention
        asciiHex('02-23456789'),
        spacesHex(3),
      ),
      decoded: {
        layout: 'cshis',
        ...holder(
          '000055556666',
          'WANG HSIAO MING',
          'F800123455',
          ['1981-11-11', '0701111'],
          ['male', '1'],
          ['2021-01-05', '1100105'],
        ),
        cancelled: true,
        cancelFlagRaw: '2',
        emergencyPhone: '02-23456789',
        warnings: [],
      },
    },
    {
      title: 'a bad check digit, an impossible date, unknown sex and cancel codes, with warnings',
      bytes: hex(
        asciiHex('000012345678'),
        `a4fda9fa${spacesHex(16)}`, // 王明
        asciiHex('A123456788'), // last digit wrong
        asciiHex('1150230'), // 30 February
        asciiHex('X'),
        spacesHex(7),
        asciiHex('9'),
        spacesHex(14),
      ),
      reencoded: null,
      decoded: {
        layout: 'cshis',
        ...holder('000012345678', '王明', 'A123456788', [null, '1150230'], [null, 'X'], [null, '']),
        cancelled: null,
        cancelFlagRaw: '9',
        emergencyPhone: '',
        warnings: [
          {
            kind: 'invalid-id',
            field: 'idNumber',
            message: 'ID number is not valid: wrong check digit',
            raw: 'A123456788',
          },
          {
            kind: 'invalid-date',
            field: 'birthDate',
            message: '1150230 is not a calendar date',
            raw: '1150230',
          },
          { kind: 'unknown-code', field: 'sex', message: 'unknown sex code "X"', raw: 'X' },
          {
            kind: 'unknown-code',
            field: 'cancelled',
            message: 'unknown cancel flag "9"',
            raw: '9',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x20, [
      [0, 0],
      [56, 56],
      [58, 58],
      [71, 71],
      [73, 72],
      [200, 72],
    ]),
    {
      title: 'a non-ASCII byte in the card number',
      bytes: withBytes(new Uint8Array(BASIC_DATA_BYTES).fill(0x20), 3, 0x80),
      offset: 3,
    },
    {
      title: 'an invalid Big5 byte inside the name (王 then 0xFF, never a Big5 byte)',
      bytes: withBytes(new Uint8Array(PCSC_BASIC_DATA_BYTES).fill(0x20), 12, 0xa4, 0xfd, 0xff),
      offset: 14,
    },
    {
      title: 'a control byte in the ID number',
      bytes: withBytes(new Uint8Array(BASIC_DATA_BYTES).fill(0x20), 35, 0x07),
      offset: 35,
    },
  ],
  encodes: [
    {
      title: 'the layout the value names, from decoded values only (hand-written card file)',
      value: WANG_FROM_FILE,
      bytes: hex(...WANG_HEX.slice(0, 5), spacesHex(7)),
    },
    {
      title: 'the csHIS layout with the cancel flag written from `cancelled`',
      value: { ...WANG_FROM_FILE, layout: 'cshis', cancelled: true },
      bytes: hex(...WANG_HEX.slice(0, 5), spacesHex(7), asciiHex('2'), spacesHex(14)),
    },
  ],
  encodeErrors: [
    {
      title: 'a pcsc value that carries csHIS-only fields',
      value: { ...BLANK_PCSC, emergencyPhone: '0912345678' },
    },
  ],
  validValues: fc
    .record({
      layout: fc.constantFrom('cshis', 'pcsc') as fc.Arbitrary<BasicData['layout']>,
      holder: holderFieldsArb,
      cancel: cancelFlagArb,
      emergencyPhone: fc.oneof(digitsArb(10), fc.constant('')),
    })
    .map(
      (v): BasicData => ({
        layout: v.layout,
        ...v.holder,
        ...(v.layout === 'cshis'
          ? { ...v.cancel, emergencyPhone: v.emergencyPhone }
          : { cancelled: null, cancelFlagRaw: null, emergencyPhone: null }),
        warnings: [],
      }),
    ),
  canonicalBuffers: fc
    .record({
      holder: holderFieldsBytes,
      cancelFlag: asciiFieldBytes(1),
      emergencyPhone: asciiFieldBytes(14),
      pcsc: fc.boolean(),
    })
    .map((f) => (f.pcsc ? f.holder : concatFields(f.holder, f.cancelFlag, f.emergencyPhone))),
  randomBuffers: fc.oneof(
    bytesOfLength(BASIC_DATA_BYTES),
    bytesOfLength(PCSC_BASIC_DATA_BYTES),
    anyBytes(100),
  ),
});

/** An insurance value with every field after the holder's blank. */
const BLANK_INSURANCE_TAIL = {
  cancelled: null,
  cancelFlagRaw: '',
  insurerCode: '',
  insuredStatus: null,
  insuredStatusRaw: '',
  cardExpiryDate: null,
  cardExpiryDateRoc: '',
  visitsLeft: null,
  newbornBirthDate: null,
  newbornBirthDateRoc: '',
  newbornMultipleBirthMark: '',
  warnings: [],
} as const satisfies Omit<Insurance, keyof HolderFields>;
const BLANK_HOLDER = holder('', '', '', [null, ''], [null, ''], [null, '']);

const statusArb = fc.constantFrom(
  ...(
    [
      ['low-income', '1'],
      ['veteran', '2'],
      ['primary-care', '3'],
      ['lower-middle-income', '4'],
      ['disaster-victim', '8'],
      [null, ''],
    ] as const
  ).map(([insuredStatus, insuredStatusRaw]) => ({ insuredStatus, insuredStatusRaw })),
);

const insurance = sectionCase<Insurance>({
  section: 'insurance',
  decode: decodeInsurance,
  encode: encodeInsurance,
  decodes: [
    {
      title: 'a full 78-byte hisGetRegisterBasic buffer',
      bytes: hex(
        ...WANG_HEX,
        asciiHex('0'), // cancel flag
        asciiHex('01'), // insurer code
        asciiHex('1'), // insured status: 1 = low income
        asciiHex('1191231'), // card expiry ROC 119-12-31
        asciiHex('05'), // visits left
        asciiHex('1140210'), // newborn birth date
        asciiHex('1'), // newborn multiple-birth mark
      ),
      length: INSURANCE_BYTES,
      decoded: {
        ...WANG,
        cancelled: false,
        cancelFlagRaw: '0',
        insurerCode: '01',
        insuredStatus: 'low-income',
        insuredStatusRaw: '1',
        cardExpiryDate: '2030-12-31',
        cardExpiryDateRoc: '1191231',
        visitsLeft: 5,
        newbornBirthDate: '2025-02-10',
        newbornBirthDateRoc: '1140210',
        newbornMultipleBirthMark: '1',
        warnings: [],
      },
    },
    {
      title: 'blanks and zeros as absent, with warnings on an unknown status and a non-number',
      bytes: hex(
        asciiHex('000011112222'),
        `b3afa4e5${spacesHex(16)}`, // 陳文
        asciiHex('B223456782'),
        asciiHex('0850228'),
        asciiHex('F'),
        asciiHex('1120801'),
        spacesHex(3), // cancel flag, insurer code: blank
        asciiHex('7'), // insured status not in the known table
        asciiHex('0000000'), // card expiry: zeros = absent
        asciiHex('0A'), // visits left: not a number
        spacesHex(8), // newborn date and mark: blank
      ),
      reencoded: null,
      decoded: {
        ...holder(
          '000011112222',
          '陳文',
          'B223456782',
          ['1996-02-28', '0850228'],
          ['female', 'F'],
          ['2023-08-01', '1120801'],
        ),
        ...BLANK_INSURANCE_TAIL,
        insuredStatusRaw: '7',
        cardExpiryDateRoc: '0000000',
        warnings: [
          {
            kind: 'unknown-code',
            field: 'insuredStatus',
            message: 'unknown insured-status code "7"',
            raw: '7',
          },
          {
            kind: 'invalid-number',
            field: 'visitsLeft',
            message: 'not a decimal number: "0A"',
            raw: '0A',
          },
        ],
      },
    },
  ],
  decodeErrors: [
    ...wrongLengthCases(0x20, [
      [0, 0],
      [72, 72],
      [77, 77],
      [79, 78],
    ]),
    {
      title: 'a non-ASCII byte in the insurer code',
      bytes: withBytes(new Uint8Array(INSURANCE_BYTES).fill(0x20), 59, 0xa4),
      offset: 59,
    },
  ],
  encodes: [
    {
      title: 'the status code and dates from decoded values alone',
      value: {
        ...BLANK_HOLDER,
        ...BLANK_INSURANCE_TAIL,
        insuredStatus: 'disaster-victim',
        cardExpiryDate: '2030-12-31',
        visitsLeft: 6,
      },
      // holder, cancel flag and insurer code blank · status 8 · expiry · visits 06 · newborn blank
      bytes: hex(spacesHex(60), asciiHex('8119123106'), spacesHex(8)),
    },
  ],
  validValues: fc
    .record({
      holder: holderFieldsArb,
      cancel: cancelFlagArb,
      insurerCode: fc.oneof(digitsArb(2), fc.constant('')),
      status: statusArb,
      expiry: dateFieldArb,
      visitsLeft: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(null)),
      newborn: dateFieldArb,
      mark: fc.constantFrom('', '1', '2'),
    })
    .map(
      (v): Insurance => ({
        ...v.holder,
        ...v.cancel,
        insurerCode: v.insurerCode,
        ...v.status,
        cardExpiryDate: v.expiry.iso,
        cardExpiryDateRoc: v.expiry.roc,
        visitsLeft: v.visitsLeft,
        newbornBirthDate: v.newborn.iso,
        newbornBirthDateRoc: v.newborn.roc,
        newbornMultipleBirthMark: v.mark,
        warnings: [],
      }),
    ),
  canonicalBuffers: fc
    .tuple(
      holderFieldsBytes,
      asciiFieldBytes(1), // cancel flag
      asciiFieldBytes(2), // insurer code
      asciiFieldBytes(1), // insured status
      dateFieldBytes, // card expiry
      numberFieldBytes(2), // visits left
      dateFieldBytes, // newborn birth date
      asciiFieldBytes(1), // newborn multiple-birth mark
    )
    .map((fields) => concatFields(...fields)),
  randomBuffers: fc.oneof(bytesOfLength(INSURANCE_BYTES), anyBytes(100)),
});

/** The suite's rows for basic data and insurance. */
export const HOLDER_SECTION_CASES = [basic, insurance];
