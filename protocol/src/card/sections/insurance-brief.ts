import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';

/** Size of the `hisGetRegisterBasic2` buffer. */
export const INSURANCE_BRIEF_BYTES = 9;

/**
 * Card expiry and visits left (`hisGetRegisterBasic2`), readable without the PIN check that
 * the full registration data may need. Section id `insuranceBrief`.
 *
 * Layout (0-based offset:width): cardExpiry 0:7 · visitsLeft 7:2.
 */
export interface InsuranceBrief {
  /** Card expiry (卡片有效期限) as ISO `YYYY-MM-DD`, e.g. `2030-12-31`; null when blank or invalid. */
  cardExpiryDate: string | null;
  /** Card expiry as stored, ROC `YYYMMDD`, e.g. `1191231`; `''` when blank. */
  cardExpiryDateRoc: string;
  /** Visits left before the card must be renewed (就醫可用次數), 0–99; null when blank. */
  visitsLeft: number | null;
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'insuranceBrief';
const CARD_EXPIRY = 0;
const VISITS_LEFT = [7, 2] as const;

/**
 * Decodes a `hisGetRegisterBasic2` buffer.
 * @throws DecodeError when it is not 9 bytes or holds bytes that cannot be decoded.
 */
export function decodeInsuranceBrief(bytes: Uint8Array): InsuranceBrief {
  const reader = new SectionReader(SECTION, bytes, INSURANCE_BRIEF_BYTES);
  const expiry = reader.rocDate(CARD_EXPIRY, 'cardExpiryDate');
  const visitsLeft = reader.integer(...VISITS_LEFT, 'visitsLeft');
  return {
    cardExpiryDate: expiry.iso,
    cardExpiryDateRoc: expiry.roc,
    visitsLeft,
    warnings: reader.warnings,
  };
}

/**
 * Encodes the 9-byte `hisGetRegisterBasic2` buffer.
 * @throws RangeError when a value does not fit its field.
 */
export function encodeInsuranceBrief(value: InsuranceBrief): Uint8Array {
  const writer = new SectionWriter(SECTION, INSURANCE_BRIEF_BYTES);
  writeExpiryAndVisits(writer, 0, value);
  return writer.bytes;
}

/**
 * Writes the card expiry and visits left at `offset`: the whole of `hisGetRegisterBasic2`, and
 * bytes 61–69 of `hisGetRegisterBasic`, which hold the same two fields.
 */
export function writeExpiryAndVisits(
  writer: SectionWriter,
  offset: number,
  value: Pick<InsuranceBrief, 'cardExpiryDate' | 'cardExpiryDateRoc' | 'visitsLeft'>,
): void {
  const expiry = { iso: value.cardExpiryDate, roc: value.cardExpiryDateRoc };
  writer.rocDate(offset + CARD_EXPIRY, 7, expiry, 'cardExpiryDate'); // cardExpiry 0:7
  writer.integer(offset + VISITS_LEFT[0], VISITS_LEFT[1], value.visitsLeft, 'visitsLeft'); // 7:2
}
