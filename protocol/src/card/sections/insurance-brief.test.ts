import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldArb,
  dateFieldBytes,
  expectDecodeError,
  hex,
  numberFieldBytes,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodeInsuranceBrief,
  encodeInsuranceBrief,
  INSURANCE_BRIEF_BYTES,
  type InsuranceBrief,
} from './insurance-brief.js';

describe('decodeInsuranceBrief', () => {
  it('decodes a hand-written 9-byte hisGetRegisterBasic2 buffer', () => {
    const bytes = hex(
      asciiHex('1191231'), // cardExpiry 0:7 (ROC 119-12-31)
      asciiHex('03'), // visitsLeft 7:2
    );
    expect(decodeInsuranceBrief(bytes)).toStrictEqual({
      cardExpiryDate: '2030-12-31',
      cardExpiryDateRoc: '1191231',
      visitsLeft: 3,
      warnings: [],
    } satisfies InsuranceBrief);
  });

  it('decodes a blank buffer as absent values', () => {
    expect(decodeInsuranceBrief(hex(spacesHex(7), spacesHex(2)))).toStrictEqual({
      cardExpiryDate: null,
      cardExpiryDateRoc: '',
      visitsLeft: null,
      warnings: [],
    } satisfies InsuranceBrief);
  });

  it('warns on an impossible expiry date, keeping the raw text', () => {
    expect(decodeInsuranceBrief(hex(asciiHex('1191331'), asciiHex('00')))).toStrictEqual({
      cardExpiryDate: null,
      cardExpiryDateRoc: '1191331',
      visitsLeft: 0,
      warnings: [
        {
          kind: 'invalid-date',
          field: 'cardExpiryDate',
          message: '1191331 is not a calendar date',
          raw: '1191331',
        },
      ],
    } satisfies InsuranceBrief);
  });

  it.each([
    [0, 0],
    [8, 8],
    [10, 9],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeInsuranceBrief(new Uint8Array(length).fill(0x30)),
      'insuranceBrief',
      offset,
    );
  });

  it('names the byte offset of a non-ASCII byte', () => {
    expectDecodeError(
      () => decodeInsuranceBrief(hex(asciiHex('1191231'), '30ff')),
      'insuranceBrief',
      8,
    );
  });
});

describe('insurance brief round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    const valid = fc
      .record({
        expiry: dateFieldArb,
        visitsLeft: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(null)),
      })
      .map(
        (v): InsuranceBrief => ({
          cardExpiryDate: v.expiry.iso,
          cardExpiryDateRoc: v.expiry.roc,
          visitsLeft: v.visitsLeft,
          warnings: [],
        }),
      );
    fc.assert(
      fc.property(valid, (value) => {
        expect(decodeInsuranceBrief(encodeInsuranceBrief(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    const canonical = fc
      .tuple(dateFieldBytes, numberFieldBytes(2))
      .map((fields) => concatFields(...fields));
    fc.assert(
      fc.property(canonical, (bytes) => {
        expect(encodeInsuranceBrief(decodeInsuranceBrief(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(INSURANCE_BRIEF_BYTES), anyBytes(20)), (bytes) =>
        onlyResultOrDecodeError(decodeInsuranceBrief, bytes),
      ),
    );
  });
});
