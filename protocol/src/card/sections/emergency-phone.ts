import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';

/** Size of the `hisGetEmergentTel` buffer. */
export const EMERGENCY_PHONE_BYTES = 14;

/**
 * The emergency contact phone (`hisGetEmergentTel`). Section id `emergencyPhone`.
 * Layout: phone 0:14.
 */
export interface EmergencyPhone {
  /** The phone number as stored, trimmed, e.g. `0912345678` or `02-12345678`; `''` when blank. */
  phone: string;
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'emergencyPhone';

/**
 * Decodes a `hisGetEmergentTel` buffer.
 * @throws DecodeError when it is not 14 bytes or holds bytes that are not ASCII.
 */
export function decodeEmergencyPhone(bytes: Uint8Array): EmergencyPhone {
  const reader = new SectionReader(SECTION, bytes, EMERGENCY_PHONE_BYTES);
  return { phone: reader.ascii(0, EMERGENCY_PHONE_BYTES, 'phone'), warnings: reader.warnings };
}

/**
 * Encodes the 14-byte `hisGetEmergentTel` buffer, left-aligned and space-padded.
 * @throws RangeError when the phone is longer than 14 characters or not ASCII.
 */
export function encodeEmergencyPhone(value: EmergencyPhone): Uint8Array {
  const writer = new SectionWriter(SECTION, EMERGENCY_PHONE_BYTES);
  writer.ascii(0, EMERGENCY_PHONE_BYTES, value.phone, 'phone');
  return writer.bytes;
}
