import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyBytes,
  asciiBytes,
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  expectDecodeError,
  hex,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  decodeEmergencyPhone,
  EMERGENCY_PHONE_BYTES,
  type EmergencyPhone,
  encodeEmergencyPhone,
} from './emergency-phone.js';

describe('decodeEmergencyPhone', () => {
  it('decodes a hand-written phone field', () => {
    const bytes = hex(
      asciiHex('02-23456789'), // phone 0:14 ...
      spacesHex(3), // ... space-padded
    );
    expect(decodeEmergencyPhone(bytes)).toStrictEqual({
      phone: '02-23456789',
      warnings: [],
    } satisfies EmergencyPhone);
  });

  it('reads a NUL-padded field (not canonical: re-encodes with spaces)', () => {
    const bytes = hex(asciiHex('0912345678'), '00000000');
    expect(decodeEmergencyPhone(bytes)).toStrictEqual({ phone: '0912345678', warnings: [] });
    expect(encodeEmergencyPhone(decodeEmergencyPhone(bytes))).toStrictEqual(
      hex(asciiHex('0912345678'), spacesHex(4)),
    );
  });

  it.each([
    [0, 0],
    [13, 13],
    [15, 14],
  ])('a %i-byte buffer is a DecodeError at offset %i', (length, offset) => {
    expectDecodeError(
      () => decodeEmergencyPhone(new Uint8Array(length).fill(0x30)),
      'emergencyPhone',
      offset,
    );
  });

  it('names the byte offset of a non-ASCII byte', () => {
    expectDecodeError(
      () => decodeEmergencyPhone(hex(asciiHex('0912'), 'a4fd', spacesHex(8))),
      'emergencyPhone',
      4,
    );
  });
});

describe('emergency phone round trips (fast-check)', () => {
  it('decode(encode(value)) equals every valid value', () => {
    fc.assert(
      fc.property(asciiCodeArb(EMERGENCY_PHONE_BYTES), (phone) => {
        const value: EmergencyPhone = { phone, warnings: [] };
        expect(decodeEmergencyPhone(encodeEmergencyPhone(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    fc.assert(
      fc.property(asciiFieldBytes(EMERGENCY_PHONE_BYTES), (text) => {
        const bytes = asciiBytes(text);
        expect(encodeEmergencyPhone(decodeEmergencyPhone(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right and of any length give a result or a DecodeError only', () => {
    fc.assert(
      fc.property(fc.oneof(bytesOfLength(EMERGENCY_PHONE_BYTES), anyBytes(30)), (bytes) =>
        onlyResultOrDecodeError(decodeEmergencyPhone, bytes),
      ),
    );
  });
});
