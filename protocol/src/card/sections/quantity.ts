import type { SectionReader } from '../section-reader.js';
import type { SectionWriter } from '../section-writer.js';

/**
 * A quantity field such as a prescription's total (`總量`, 7 characters). Public HIS code reads
 * it as decimal text with an explicit decimal point when there is one (`14`, `0000014`, `2.5`);
 * nothing suggests an implied decimal point, so digits alone are a whole number.
 */
export interface DecodedQuantity {
  /** The quantity as a number; null when the field is blank or does not hold a number. */
  value: number | null;
  /**
   * The trimmed text as on the card, present only when it is not plainly an integer (a decimal
   * such as `2.5`, or something that is not a number at all), so nothing is lost.
   */
  raw?: string;
}

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+\.\d*|\.\d+)$/;

/**
 * Reads a quantity field. Plain digits give a number; a decimal gives a number and keeps its
 * text; anything else gives null, keeps its text and adds an `invalid-number` warning.
 */
export function readQuantity(
  reader: SectionReader,
  offset: number,
  width: number,
  field: string,
): DecodedQuantity {
  const raw = reader.ascii(offset, width, field);
  if (raw === '') return { value: null };
  if (INTEGER.test(raw)) return { value: Number(raw) };
  if (DECIMAL.test(raw)) return { value: Number(raw), raw };
  reader.warn('invalid-number', field, `not a decimal number: ${JSON.stringify(raw)}`, raw);
  return { value: null, raw };
}

/**
 * Writes a quantity field: the raw text when given (left-aligned, as read), otherwise the
 * number right-aligned and zero-padded (`0000014`, `00002.5`); null leaves the field blank.
 * @throws RangeError when the value does not fit the field.
 */
export function writeQuantity(
  writer: SectionWriter,
  offset: number,
  width: number,
  quantity: DecodedQuantity,
  field: string,
): void {
  if (quantity.raw !== undefined && quantity.raw !== '') {
    writer.ascii(offset, width, quantity.raw, field);
    return;
  }
  const { value } = quantity;
  if (value === null || Number.isSafeInteger(value)) {
    writer.integer(offset, width, value, field);
    return;
  }
  const text = String(value);
  if (!DECIMAL.test(text) || text.length > width) {
    throw new RangeError(
      `${writer.section}.${field}: ${value} does not fit in ${width} characters`,
    );
  }
  writer.ascii(offset, width, text.padStart(width, '0'), field);
}
