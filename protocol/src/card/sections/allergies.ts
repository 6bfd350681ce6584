import { decodeRecordList, encodeRecordList, type RecordList } from './record-list.js';
import type { RecordCodec, SlotRecord } from './record-slots.js';

const SECTION = 'allergies';

/** Bytes of one `hisReadPrescriptAllergic` record; the card holds at most 3 of them. */
export const ALLERGY_RECORD_BYTES = 40;

/**
 * One recorded drug allergy (過敏藥物). The card keeps at most three, so an empty list does not
 * mean the holder has no allergies.
 */
export interface AllergyRecord extends SlotRecord {
  /** The drug or ingredient the holder is allergic to, Big5 text up to 40 bytes, e.g. `盤尼西林`. */
  allergy: string;
  /** Hex of the field's bytes, only when it held characters from outside standard Big5. */
  allergyRawHex?: string;
}

/** The `allergies` section: the records `hisReadPrescriptAllergic` returned. */
export type Allergies = RecordList<AllergyRecord>;

const RECORD: RecordCodec<AllergyRecord> = {
  read(reader, offset, slot, path) {
    const allergy = reader.text(offset, ALLERGY_RECORD_BYTES, `${path}.allergy`); // 0:40
    return {
      slot,
      allergy: allergy.text,
      ...(allergy.rawHex === undefined ? {} : { allergyRawHex: allergy.rawHex }),
    };
  },
  write(writer, offset, record, path) {
    const allergy = { text: record.allergy, rawHex: record.allergyRawHex };
    writer.text(offset, ALLERGY_RECORD_BYTES, allergy, `${path}.allergy`);
  },
};

/**
 * Decodes the records `hisReadPrescriptAllergic` returned (40 bytes each, any number of them,
 * though the card holds at most 3). Blank records are left out; each keeps its `slot`.
 * @throws DecodeError at the first byte of a trailing partial record, or where the text holds
 * bytes that are not Big5.
 */
export function decodeAllergies(bytes: Uint8Array): Allergies {
  return decodeRecordList(SECTION, bytes, ALLERGY_RECORD_BYTES, RECORD.read);
}

/**
 * Encodes `recordCount` records of 40 bytes, each record at its slot, the rest blank (spaces).
 * @throws RangeError when a text cannot be encoded in Big5 or does not fit, or a slot is out of
 * range or repeated.
 */
export function encodeAllergies(value: Allergies): Uint8Array {
  return encodeRecordList(SECTION, ALLERGY_RECORD_BYTES, value, RECORD.write);
}
