import type { CardWarning } from '../card-warning.js';
import { DecodeError } from '../decode-error.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import { PREVENT_RECORD, PREVENT_RECORD_BYTES, type PreventRecord } from './prevent.js';
import { readSlots, slotLayout, writeSlots } from './record-slots.js';

/**
 * The `RegisterPrevent` string that BhpNhi.dll's `GetPersonData()` returns: preventive-care
 * records of 21 characters each (the `hisGetRegisterPrevent` record layout), concatenated,
 * of any length. Not a card section of its own (BhpNhi is not one of our drivers); it is
 * decoded for HIS code that already holds such a string.
 */
export interface RegisterPreventString {
  /** The filled records; `slot` is the record's position in the string (0-based). */
  records: PreventRecord[];
  /** How many whole 21-character records the string holds, blank ones included. */
  recordCount: number;
  /**
   * Text after the last whole record (1–20 characters), exactly as given; null when the
   * length is a multiple of 21. Also reported as a `partial-record` warning.
   */
  partialRecord: string | null;
  /** Problems found while decoding, including the partial record. */
  warnings: CardWarning[];
}

const SECTION = 'registerPreventString';

function toBytes(text: string, checkedLength: number): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // Only whole records are decoded; the partial tail is kept as text whatever it holds.
    if (code > 0x7f && index < checkedLength) {
      throw new DecodeError(SECTION, index, `character U+${code.toString(16)} is not ASCII`);
    }
    bytes[index] = code & 0xff;
  }
  return bytes;
}

/**
 * Decodes a RegisterPrevent string (or its bytes). A trailing partial record is never
 * dropped or thrown: it is kept in `partialRecord` and reported as a warning with its text.
 * @throws DecodeError when a whole record holds characters that cannot be decoded.
 */
export function decodeRegisterPreventString(input: string | Uint8Array): RegisterPreventString {
  const recordCount = Math.floor(input.length / PREVENT_RECORD_BYTES);
  const wholeLength = recordCount * PREVENT_RECORD_BYTES;
  const bytes = typeof input === 'string' ? toBytes(input, wholeLength) : input;
  const reader = new SectionReader(SECTION, bytes);
  const layout = slotLayout('records', PREVENT_RECORD_BYTES, recordCount);
  const records = readSlots(reader, layout, PREVENT_RECORD.read);
  let partialRecord: string | null = null;
  if (wholeLength < input.length) {
    partialRecord =
      typeof input === 'string'
        ? input.slice(wholeLength)
        : String.fromCharCode(...input.subarray(wholeLength));
    reader.warn(
      'partial-record',
      'partialRecord',
      `the last ${partialRecord.length} characters (after ${recordCount} whole records) do not make a whole ${PREVENT_RECORD_BYTES}-character record`,
      partialRecord,
    );
  }
  return { records, recordCount, partialRecord, warnings: reader.warnings };
}

/**
 * Builds the RegisterPrevent string: `recordCount` records of 21 characters (slots without a
 * record are spaces), then `partialRecord` if any.
 * @throws RangeError when a value does not fit, a slot is not below `recordCount`, or the
 * partial record is 21 characters or longer.
 */
export function encodeRegisterPreventString(value: RegisterPreventString): string {
  if (!Number.isSafeInteger(value.recordCount) || value.recordCount < 0) {
    throw new RangeError(`${SECTION}: recordCount ${value.recordCount} is not a count`);
  }
  const partial = value.partialRecord ?? '';
  if (partial.length >= PREVENT_RECORD_BYTES) {
    throw new RangeError(
      `${SECTION}: a partial record must be shorter than ${PREVENT_RECORD_BYTES}`,
    );
  }
  const writer = new SectionWriter(SECTION, value.recordCount * PREVENT_RECORD_BYTES);
  const layout = slotLayout('records', PREVENT_RECORD_BYTES, value.recordCount);
  writeSlots(writer, layout, value.records, PREVENT_RECORD.write);
  let text = '';
  for (const byte of writer.bytes) text += String.fromCharCode(byte);
  return text + partial;
}
