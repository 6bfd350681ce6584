import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type RecordCodec,
  readSlots,
  type SlotRecord,
  slotLayout,
  writeSlots,
} from './record-slots.js';

/** Bytes of one preventive-care record. */
export const PREVENT_RECORD_BYTES = 21;
/** Number of preventive-care slots on the card. */
export const PREVENT_SLOTS = 6;
/** Size of the `hisGetRegisterPrevent` buffer: 6 records × 21 bytes. */
export const PREVENT_BYTES = PREVENT_SLOTS * PREVENT_RECORD_BYTES;

/**
 * One adult preventive-care record (成人預防保健紀錄).
 *
 * Layout (offset:width within the record): serviceItem 0:2 · examDate 2:7 · hospitalId 9:10 ·
 * examItem 19:2.
 */
export interface PreventRecord extends SlotRecord {
  /** Service item code (服務項目), 2 characters as stored, e.g. `01`. */
  serviceItem: string;
  /** Examination date as ISO `YYYY-MM-DD`, e.g. `2013-01-01`; null when blank or invalid. */
  examDate: string | null;
  /** Examination date as stored, ROC `YYYMMDD`, e.g. `1020101`; `''` when blank. */
  examDateRoc: string;
  /** ID of the hospital or clinic that did it (醫事機構代碼), 10 characters, e.g. `3501200000`. */
  hospitalId: string;
  /** Examination item code (檢查項目), 2 characters as stored, e.g. `21`. */
  examItem: string;
}

/**
 * Adult preventive-care records (`hisGetRegisterPrevent`). Section id `prevent`.
 * Layout: 6 slots × 21 bytes (see {@link PreventRecord}); empty slots are left out.
 */
export interface Prevent {
  /** The filled slots, in slot order. */
  records: PreventRecord[];
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'prevent';
const LAYOUT = slotLayout('records', PREVENT_RECORD_BYTES, PREVENT_SLOTS);

/** Reads and writes one 21-byte record; shared with the BhpNhi RegisterPrevent string. */
export const PREVENT_RECORD: RecordCodec<PreventRecord> = {
  read(reader, offset, slot, path) {
    const serviceItem = reader.ascii(offset, 2, `${path}.serviceItem`);
    const examDate = reader.rocDate(offset + 2, `${path}.examDate`);
    return {
      slot,
      serviceItem,
      examDate: examDate.iso,
      examDateRoc: examDate.roc,
      hospitalId: reader.ascii(offset + 9, 10, `${path}.hospitalId`),
      examItem: reader.ascii(offset + 19, 2, `${path}.examItem`),
    };
  },
  write(writer, offset, record, path) {
    writer.ascii(offset, 2, record.serviceItem, `${path}.serviceItem`);
    writer.rocDate(
      offset + 2,
      7,
      { iso: record.examDate, roc: record.examDateRoc },
      `${path}.examDate`,
    );
    writer.ascii(offset + 9, 10, record.hospitalId, `${path}.hospitalId`);
    writer.ascii(offset + 19, 2, record.examItem, `${path}.examItem`);
  },
};

/**
 * Decodes a `hisGetRegisterPrevent` buffer.
 * @throws DecodeError when it is not 126 bytes or holds bytes that cannot be decoded.
 */
export function decodePrevent(bytes: Uint8Array): Prevent {
  const reader = new SectionReader(SECTION, bytes, PREVENT_BYTES);
  return { records: readSlots(reader, LAYOUT, PREVENT_RECORD.read), warnings: reader.warnings };
}

/**
 * Encodes the 126-byte `hisGetRegisterPrevent` buffer; slots without a record stay spaces.
 * @throws RangeError when a value does not fit, or a slot is out of range, repeated or blank.
 */
export function encodePrevent(value: Prevent): Uint8Array {
  const writer = new SectionWriter(SECTION, PREVENT_BYTES);
  writeSlots(writer, LAYOUT, value.records, PREVENT_RECORD.write);
  return writer.bytes;
}
