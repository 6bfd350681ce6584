import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type RecordCodec,
  readSlots,
  type SlotLayout,
  type SlotRecord,
  writeSlots,
} from './record-slots.js';

/** Bytes of one prenatal-check record. */
export const PRENATAL_CHECK_BYTES = 19;
/** Number of prenatal-check slots on the card. */
export const PRENATAL_CHECK_SLOTS = 11;
/** Size of the `hisGetRegisterPregnant` buffer: 11 records × 19 bytes. */
export const PREGNANCY_BYTES = PRENATAL_CHECK_SLOTS * PRENATAL_CHECK_BYTES;

/**
 * One prenatal check (孕婦產前檢查紀錄).
 *
 * Layout (offset:width within the record): examDate 0:7 · hospitalId 7:10 · examCode 17:2.
 */
export interface PrenatalCheck extends SlotRecord {
  /** Examination date as ISO `YYYY-MM-DD`, e.g. `2025-03-14`; null when blank or invalid. */
  examDate: string | null;
  /** Examination date as stored, ROC `YYYMMDD`, e.g. `1140314`; `''` when blank. */
  examDateRoc: string;
  /** ID of the hospital or clinic that did it (醫事機構代碼), 10 characters. */
  hospitalId: string;
  /** Examination code (檢查項目代碼), 2 characters as stored, e.g. `41`. */
  examCode: string;
}

/**
 * Prenatal checks (`hisGetRegisterPregnant`). Section id `pregnancy`.
 * Layout: 11 slots × 19 bytes (see {@link PrenatalCheck}); empty slots are left out.
 */
export interface Pregnancy {
  /** The filled slots, in slot order. */
  checks: PrenatalCheck[];
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'pregnancy';
const LAYOUT: SlotLayout = {
  listField: 'checks',
  firstOffset: 0,
  recordBytes: PRENATAL_CHECK_BYTES,
  slotCount: PRENATAL_CHECK_SLOTS,
};

const CHECK_RECORD: RecordCodec<PrenatalCheck> = {
  read(reader, offset, slot, path) {
    const examDate = reader.rocDate(offset, `${path}.examDate`); // date 0:7
    return {
      slot,
      examDate: examDate.iso,
      examDateRoc: examDate.roc,
      hospitalId: reader.ascii(offset + 7, 10, `${path}.hospitalId`), // hospitalId 7:10
      examCode: reader.ascii(offset + 17, 2, `${path}.examCode`), // code 17:2
    };
  },
  write(writer, offset, check, path) {
    writer.rocDate(offset, 7, { iso: check.examDate, roc: check.examDateRoc }, `${path}.examDate`);
    writer.ascii(offset + 7, 10, check.hospitalId, `${path}.hospitalId`);
    writer.ascii(offset + 17, 2, check.examCode, `${path}.examCode`);
  },
};

/**
 * Decodes a `hisGetRegisterPregnant` buffer.
 * @throws DecodeError when it is not 209 bytes or holds bytes that cannot be decoded.
 */
export function decodePregnancy(bytes: Uint8Array): Pregnancy {
  const reader = new SectionReader(SECTION, bytes, PREGNANCY_BYTES);
  return { checks: readSlots(reader, LAYOUT, CHECK_RECORD.read), warnings: reader.warnings };
}

/**
 * Encodes the 209-byte `hisGetRegisterPregnant` buffer; slots without a check stay spaces.
 * @throws RangeError when a value does not fit, or a slot is out of range, repeated or blank.
 */
export function encodePregnancy(value: Pregnancy): Uint8Array {
  const writer = new SectionWriter(SECTION, PREGNANCY_BYTES);
  writeSlots(writer, LAYOUT, value.checks, CHECK_RECORD.write);
  return writer.bytes;
}
