import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';

/** Size of the `hisGetOrganDonate` buffer. */
export const ORGAN_DONATION_BYTES = 1;

/**
 * The organ-donation / hospice-care wish flag (`hisGetOrganDonate`). Section id
 * `organDonation`. Layout: flag 0:1.
 */
export interface OrganDonation {
  /**
   * The flag character as stored; `''` when blank. Our sources give no table of its values,
   * so it is not interpreted.
   */
  flag: string;
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'organDonation';

/**
 * Decodes a `hisGetOrganDonate` buffer.
 * @throws DecodeError when it is not 1 byte or the byte is not printable ASCII.
 */
export function decodeOrganDonation(bytes: Uint8Array): OrganDonation {
  const reader = new SectionReader(SECTION, bytes, ORGAN_DONATION_BYTES);
  return { flag: reader.ascii(0, 1, 'flag'), warnings: reader.warnings };
}

/**
 * Encodes the 1-byte `hisGetOrganDonate` buffer.
 * @throws RangeError when the flag is not one ASCII character (or empty).
 */
export function encodeOrganDonation(value: OrganDonation): Uint8Array {
  const writer = new SectionWriter(SECTION, ORGAN_DONATION_BYTES);
  writer.ascii(0, 1, value.flag, 'flag');
  return writer.bytes;
}
