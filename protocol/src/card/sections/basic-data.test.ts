import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BASIC_DATA_BYTES,
  type BasicData,
  decodeBasicData,
  encodeBasicData,
  PCSC_BASIC_DATA_BYTES,
} from './basic-data.js';
import {
  anyBytes,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  cancelFlagArb,
  concatFields,
  digitsArb,
  expectDecodeError,
  hex,
  holderFieldsArb,
  holderFieldsBytes,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';

describe('decodeBasicData: hand-written fixtures', () => {
  it('decodes a 72-byte hisGetBasicData buffer with a 3-character name', () => {
    const bytes = hex(
      asciiHex('000012345678'), // cardNumber 0:12
      'a4fd a470 a9fa', // name 12:20, 王小明 in Big5 ...
      spacesHex(14), // ... space-padded to 20 bytes
      asciiHex('A123456789'), // idNumber 32:10
      asciiHex('0790517'), // birthDate 42:7 (ROC 79-05-17)
      asciiHex('M'), // sex 49:1
      asciiHex('1050301'), // issueDate 50:7 (ROC 105-03-01)
      asciiHex('0'), // cancelFlag 57:1 (normal)
      asciiHex('0912345678'), // emergencyPhone 58:14 ...
      spacesHex(4), // ... space-padded
    );
    expect(bytes.length).toBe(BASIC_DATA_BYTES);
    expect(decodeBasicData(bytes)).toStrictEqual({
      layout: 'cshis',
      cardNumber: '000012345678',
      name: '王小明',
      idNumber: 'A123456789',
      birthDate: '1990-05-17',
      birthDateRoc: '0790517',
      sex: 'male',
      sexRaw: 'M',
      issueDate: '2016-03-01',
      issueDateRoc: '1050301',
      cancelled: false,
      cancelFlagRaw: '0',
      emergencyPhone: '0912345678',
      warnings: [],
    } satisfies BasicData);
  });

  it('decodes a 57-byte PC/SC buffer with a 2-character HKSCS name, keeping the raw hex', () => {
    const nameHex = `aa4cfb69${spacesHex(16)}`; // 林 (AA 4C), 堃 (FB 69, HKSCS), 16 spaces
    const bytes = hex(
      asciiHex('000098765432'), // cardNumber 0:12
      nameHex, // name 12:20
      asciiHex('B223456782'), // idNumber 32:10
      asciiHex('0850228'), // birthDate 42:7 (ROC 85-02-28)
      asciiHex('2'), // sex 49:1 (field-reference convention: 2 = female)
      asciiHex('1120801'), // issueDate 50:7
    );
    expect(bytes.length).toBe(PCSC_BASIC_DATA_BYTES);
    expect(decodeBasicData(bytes)).toStrictEqual({
      layout: 'pcsc',
      cardNumber: '000098765432',
      name: '林堃',
      nameRawHex: nameHex,
      idNumber: 'B223456782',
      birthDate: '1996-02-28',
      birthDateRoc: '0850228',
      sex: 'female',
      sexRaw: '2',
      issueDate: '2023-08-01',
      issueDateRoc: '1120801',
      cancelled: null,
      cancelFlagRaw: null,
      emergencyPhone: null,
      warnings: [
        {
          kind: 'non-standard-char',
          field: 'name',
          message: 'characters outside standard Big5: 堃 (fb69)',
          raw: nameHex,
        },
      ],
    } satisfies BasicData);
  });

  it('decodes a NUL-padded buffer with a 4-character name (NULs read as blanks; not canonical, so no byte-exact re-encode)', () => {
    const bytes = hex(
      asciiHex('000011112222'), // cardNumber 0:12
      'bcda b6a7 ae52 ae52', // name 12:20, 歐陽娜娜 ...
      '00'.repeat(12), // ... NUL-padded, as some cards do
      asciiHex('C212345671'), // idNumber 32:10
      asciiHex('0001231'), // birthDate 42:7: ROC year 0 is not a date
      asciiHex('F'), // sex 49:1 (manual convention)
      '00'.repeat(7), // issueDate 50:7, NULs = absent
      asciiHex('1'), // cancelFlag 57:1: "1" means cancelled or normal depending on the source
      '00'.repeat(14), // emergencyPhone 58:14, NULs = blank
    );
    expect(decodeBasicData(bytes)).toStrictEqual({
      layout: 'cshis',
      cardNumber: '000011112222',
      name: '歐陽娜娜',
      idNumber: 'C212345671',
      birthDate: null,
      birthDateRoc: '0001231',
      sex: 'female',
      sexRaw: 'F',
      issueDate: null,
      issueDateRoc: '',
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
    } satisfies BasicData);
  });

  it('decodes an English name, a resident number and a cancelled card', () => {
    const bytes = hex(
      asciiHex('000055556666'), // cardNumber 0:12
      asciiHex('WANG HSIAO MING'), // name 12:20 ...
      spacesHex(5), // ... space-padded
      asciiHex('F800123455'), // idNumber 32:10 (resident certificate, 2021 format)
      asciiHex('0701111'), // birthDate 42:7
      asciiHex('1'), // sex 49:1 (1 = male)
      asciiHex('1100105'), // issueDate 50:7
      asciiHex('2'), // cancelFlag 57:1 (2 = cancelled, public-HIS convention)
      asciiHex('02-23456789'), // emergencyPhone 58:14 ...
      spacesHex(3), // ... space-padded
    );
    expect(decodeBasicData(bytes)).toStrictEqual({
      layout: 'cshis',
      cardNumber: '000055556666',
      name: 'WANG HSIAO MING',
      idNumber: 'F800123455',
      birthDate: '1981-11-11',
      birthDateRoc: '0701111',
      sex: 'male',
      sexRaw: '1',
      issueDate: '2021-01-05',
      issueDateRoc: '1100105',
      cancelled: true,
      cancelFlagRaw: '2',
      emergencyPhone: '02-23456789',
      warnings: [],
    } satisfies BasicData);
  });

  it('warns on a bad check digit, an impossible date, unknown sex and cancel codes, keeping raw values', () => {
    const bytes = hex(
      asciiHex('000012345678'), // cardNumber 0:12
      'a4fd a9fa', // name 12:20, 王明 (2 characters) ...
      spacesHex(16), // ... space-padded
      asciiHex('A123456788'), // idNumber 32:10, last digit wrong
      asciiHex('1150230'), // birthDate 42:7, 30 February
      asciiHex('X'), // sex 49:1, unknown
      spacesHex(7), // issueDate 50:7, blank
      asciiHex('9'), // cancelFlag 57:1, unknown
      spacesHex(14), // emergencyPhone 58:14, blank
    );
    expect(decodeBasicData(bytes)).toStrictEqual({
      layout: 'cshis',
      cardNumber: '000012345678',
      name: '王明',
      idNumber: 'A123456788',
      birthDate: null,
      birthDateRoc: '1150230',
      sex: null,
      sexRaw: 'X',
      issueDate: null,
      issueDateRoc: '',
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
        { kind: 'unknown-code', field: 'cancelled', message: 'unknown cancel flag "9"', raw: '9' },
      ],
    } satisfies BasicData);
  });
});

describe('decodeBasicData: errors', () => {
  it.each([
    [0, 0],
    [56, 56],
    [58, 58],
    [71, 71],
    [73, 72],
    [200, 72],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(() => decodeBasicData(new Uint8Array(length).fill(0x20)), 'basic', offset);
  });

  it('names the byte offset of a non-ASCII byte in the card number', () => {
    const bytes = new Uint8Array(BASIC_DATA_BYTES).fill(0x20);
    bytes[3] = 0x80;
    expectDecodeError(() => decodeBasicData(bytes), 'basic', 3);
  });

  it('names the byte offset of an invalid Big5 byte inside the name', () => {
    const bytes = new Uint8Array(PCSC_BASIC_DATA_BYTES).fill(0x20);
    bytes.set([0xa4, 0xfd, 0xff], 12); // 王 then 0xFF, which is never a Big5 byte
    expectDecodeError(() => decodeBasicData(bytes), 'basic', 14);
  });

  it('names the byte offset of a control byte in the ID number', () => {
    const bytes = new Uint8Array(BASIC_DATA_BYTES).fill(0x20);
    bytes[35] = 0x07;
    expectDecodeError(() => decodeBasicData(bytes), 'basic', 35);
  });
});

describe('encodeBasicData', () => {
  it('writes the layout the value names, from decoded values only (hand-written card file)', () => {
    const value: BasicData = {
      layout: 'pcsc',
      cardNumber: '000012345678',
      name: '王小明',
      idNumber: 'A123456789',
      birthDate: '1990-05-17',
      birthDateRoc: '',
      sex: 'male',
      sexRaw: '',
      issueDate: null,
      issueDateRoc: '',
      cancelled: null,
      cancelFlagRaw: null,
      emergencyPhone: null,
      warnings: [],
    };
    expect(encodeBasicData(value)).toStrictEqual(
      hex(
        asciiHex('000012345678'),
        `a4fda470a9fa${spacesHex(14)}`,
        asciiHex('A123456789'),
        asciiHex('0790517'),
        asciiHex('M'),
        spacesHex(7),
      ),
    );
    expect(encodeBasicData({ ...value, layout: 'cshis', cancelled: true }).length).toBe(72);
    expect(encodeBasicData({ ...value, layout: 'cshis', cancelled: true })[57]).toBe(0x32);
  });

  it('refuses a pcsc value that carries csHIS-only fields', () => {
    const value = decodeBasicData(new Uint8Array(PCSC_BASIC_DATA_BYTES).fill(0x20));
    expect(() => encodeBasicData({ ...value, emergencyPhone: '0912345678' })).toThrow(RangeError);
  });
});

const validBasicArb: fc.Arbitrary<BasicData> = fc
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
  );

const canonicalBasicArb = fc
  .record({
    holder: holderFieldsBytes,
    cancelFlag: asciiFieldBytes(1),
    emergencyPhone: asciiFieldBytes(14),
    pcsc: fc.boolean(),
  })
  .map((f) => (f.pcsc ? f.holder : concatFields(f.holder, f.cancelFlag, f.emergencyPhone)));

describe('basic data round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    fc.assert(
      fc.property(validBasicArb, (value) => {
        expect(decodeBasicData(encodeBasicData(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer of either layout', () => {
    fc.assert(
      fc.property(canonicalBasicArb, (bytes) => {
        expect(encodeBasicData(decodeBasicData(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytesOfLength(BASIC_DATA_BYTES),
          bytesOfLength(PCSC_BASIC_DATA_BYTES),
          anyBytes(100),
        ),
        (bytes) => onlyResultOrDecodeError(decodeBasicData, bytes),
      ),
    );
  });
});
