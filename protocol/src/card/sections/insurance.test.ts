import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  expectDecodeError,
  hex,
  holderFieldsArb,
  holderFieldsBytes,
  numberFieldBytes,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import { decodeInsurance, encodeInsurance, INSURANCE_BYTES, type Insurance } from './insurance.js';

describe('decodeInsurance: hand-written fixtures', () => {
  it('decodes a full 78-byte hisGetRegisterBasic buffer', () => {
    const bytes = hex(
      asciiHex('000012345678'), // cardNumber 0:12
      'a4fd a470 a9fa', // name 12:20, 王小明 ...
      spacesHex(14), // ... space-padded
      asciiHex('A123456789'), // idNumber 32:10
      asciiHex('0790517'), // birthDate 42:7
      asciiHex('M'), // sex 49:1
      asciiHex('1050301'), // issueDate 50:7
      asciiHex('0'), // cancelFlag 57:1
      asciiHex('01'), // insurerCode 58:2
      asciiHex('1'), // insuredStatus 60:1 (1 = low income)
      asciiHex('1191231'), // cardExpiry 61:7 (ROC 119-12-31)
      asciiHex('05'), // visitsLeft 68:2
      asciiHex('1140210'), // newbornBirthDate 70:7
      asciiHex('1'), // newbornMultipleBirth 77:1
    );
    expect(bytes.length).toBe(INSURANCE_BYTES);
    expect(decodeInsurance(bytes)).toStrictEqual({
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
    } satisfies Insurance);
  });

  it('decodes blanks and zeros as absent, and warns on an unknown status and a non-number', () => {
    const bytes = hex(
      asciiHex('000011112222'), // cardNumber 0:12
      'b3af a4e5', // name 12:20, 陳文 ...
      spacesHex(16), // ... space-padded
      asciiHex('B223456782'), // idNumber 32:10
      asciiHex('0850228'), // birthDate 42:7
      asciiHex('F'), // sex 49:1
      asciiHex('1120801'), // issueDate 50:7
      spacesHex(1), // cancelFlag 57:1, blank
      spacesHex(2), // insurerCode 58:2, blank
      asciiHex('7'), // insuredStatus 60:1, not in the known table
      asciiHex('0000000'), // cardExpiry 61:7, zeros = absent
      asciiHex('0A'), // visitsLeft 68:2, not a number
      spacesHex(7), // newbornBirthDate 70:7, blank
      spacesHex(1), // newbornMultipleBirth 77:1, blank
    );
    expect(decodeInsurance(bytes)).toStrictEqual({
      cardNumber: '000011112222',
      name: '陳文',
      idNumber: 'B223456782',
      birthDate: '1996-02-28',
      birthDateRoc: '0850228',
      sex: 'female',
      sexRaw: 'F',
      issueDate: '2023-08-01',
      issueDateRoc: '1120801',
      cancelled: null,
      cancelFlagRaw: '',
      insurerCode: '',
      insuredStatus: null,
      insuredStatusRaw: '7',
      cardExpiryDate: null,
      cardExpiryDateRoc: '0000000',
      visitsLeft: null,
      newbornBirthDate: null,
      newbornBirthDateRoc: '',
      newbornMultipleBirthMark: '',
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
    } satisfies Insurance);
  });
});

describe('decodeInsurance: errors', () => {
  it.each([
    [0, 0],
    [72, 72],
    [77, 77],
    [79, 78],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeInsurance(new Uint8Array(length).fill(0x20)),
      'insurance',
      offset,
    );
  });

  it('names the byte offset of a non-ASCII byte in the insurer code', () => {
    const bytes = new Uint8Array(INSURANCE_BYTES).fill(0x20);
    bytes[59] = 0xa4;
    expectDecodeError(() => decodeInsurance(bytes), 'insurance', 59);
  });
});

describe('encodeInsurance', () => {
  it('writes the status code and dates from decoded values alone', () => {
    const value = decodeInsurance(new Uint8Array(INSURANCE_BYTES).fill(0x20));
    const bytes = encodeInsurance({
      ...value,
      insuredStatus: 'disaster-victim',
      cardExpiryDate: '2030-12-31',
      visitsLeft: 6,
    });
    // insurerCode blank · status 8 · expiry 1191231 · visitsLeft 06 · newborn blank · mark blank
    expect(Array.from(bytes.subarray(58, 78), (b) => String.fromCharCode(b)).join('')).toBe(
      `  8119123106${' '.repeat(8)}`,
    );
  });
});

const statusArb = fc.constantFrom(
  { insuredStatus: 'low-income', insuredStatusRaw: '1' },
  { insuredStatus: 'veteran', insuredStatusRaw: '2' },
  { insuredStatus: 'primary-care', insuredStatusRaw: '3' },
  { insuredStatus: 'lower-middle-income', insuredStatusRaw: '4' },
  { insuredStatus: 'disaster-victim', insuredStatusRaw: '8' },
  { insuredStatus: null, insuredStatusRaw: '' },
) as fc.Arbitrary<Pick<Insurance, 'insuredStatus' | 'insuredStatusRaw'>>;

const validInsuranceArb: fc.Arbitrary<Insurance> = fc
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
  .map((v) => ({
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
  }));

const canonicalInsuranceArb = fc
  .tuple(
    holderFieldsBytes,
    asciiFieldBytes(1), // cancelFlag
    asciiFieldBytes(2), // insurerCode
    asciiFieldBytes(1), // insuredStatus
    dateFieldBytes, // cardExpiry
    numberFieldBytes(2), // visitsLeft
    dateFieldBytes, // newbornBirthDate
    asciiFieldBytes(1), // newbornMultipleBirth
  )
  .map((fields) => concatFields(...fields));

describe('insurance round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    fc.assert(
      fc.property(validInsuranceArb, (value) => {
        expect(decodeInsurance(encodeInsurance(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    fc.assert(
      fc.property(canonicalInsuranceArb, (bytes) => {
        expect(encodeInsurance(decodeInsurance(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(INSURANCE_BYTES), anyBytes(100)), (bytes) =>
        onlyResultOrDecodeError(decodeInsurance, bytes),
      ),
    );
  });
});
