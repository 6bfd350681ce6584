import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiBytes,
  asciiCodeArb,
  asciiFieldBytes,
  bytesOfLength,
  expectDecodeError,
  hex,
  onlyResultOrDecodeError,
} from './card-fixtures.test-helpers.js';
import {
  decodeOrganDonation,
  encodeOrganDonation,
  ORGAN_DONATION_BYTES,
  type OrganDonation,
} from './organ-donation.js';

describe('decodeOrganDonation', () => {
  it('keeps the flag character as stored', () => {
    expect(decodeOrganDonation(hex('59' /* flag 0:1, "Y" */))).toStrictEqual({
      flag: 'Y',
      warnings: [],
    } satisfies OrganDonation);
  });

  it('reads a space or a NUL as blank (the NUL is not canonical, so it re-encodes as a space)', () => {
    expect(decodeOrganDonation(hex('20'))).toStrictEqual({ flag: '', warnings: [] });
    expect(decodeOrganDonation(hex('00'))).toStrictEqual({ flag: '', warnings: [] });
  });

  it.each([
    [0, 0],
    [2, 1],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeOrganDonation(new Uint8Array(length).fill(0x31)),
      'organDonation',
      offset,
    );
  });

  it('a byte above 0x7F is a DecodeError at offset 0', () => {
    expectDecodeError(() => decodeOrganDonation(hex('a4')), 'organDonation', 0);
  });
});

describe('organ donation round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    fc.assert(
      fc.property(asciiCodeArb(1), (flag) => {
        const value: OrganDonation = { flag, warnings: [] };
        expect(decodeOrganDonation(encodeOrganDonation(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    fc.assert(
      fc.property(asciiFieldBytes(1), (text) => {
        const bytes = asciiBytes(text);
        expect(encodeOrganDonation(decodeOrganDonation(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(ORGAN_DONATION_BYTES), anyBytes(4)), (bytes) =>
        onlyResultOrDecodeError(decodeOrganDonation, bytes),
      ),
    );
  });
});
