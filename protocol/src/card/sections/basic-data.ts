import type { CardWarning } from '../card-warning.js';
import { DecodeError } from '../decode-error.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type HolderFields,
  readCancelFlag,
  readHolderFields,
  writeCancelFlag,
  writeHolderFields,
} from './holder-fields.js';

/** Size of the `hisGetBasicData` buffer. */
export const BASIC_DATA_BYTES = 72;
/** Size of the basic data read over PC/SC (`00 CA 11 00 02 00 00`), without a SAM. */
export const PCSC_BASIC_DATA_BYTES = 57;

/**
 * Which source the basic data came from: `cshis` (`hisGetBasicData`, 72 bytes) or `pcsc` (the
 * APDU read, 57 bytes, which lacks the cancel flag and the emergency phone).
 */
export type BasicDataLayout = 'cshis' | 'pcsc';

/**
 * The basic data section (基本資料): who holds the card. Section id `basic`.
 *
 * Layout (0-based offset:width): cardNumber 0:12 · name 12:20 (Big5) · idNumber 32:10 ·
 * birthDate 42:7 · sex 49:1 · issueDate 50:7, then in the csHIS layout only
 * cancelFlag 57:1 · emergencyPhone 58:14.
 */
export interface BasicData extends HolderFields {
  /** Which layout was decoded, and which one the encoder writes. */
  layout: BasicDataLayout;
  /**
   * Whether the card is cancelled (卡片註銷註記), where the flag is unambiguous: `0` → false,
   * `2` → true; null when blank, `1` (sources disagree) or in the `pcsc` layout.
   */
  cancelled: boolean | null;
  /** The cancel flag as stored (`0`, `1`, `2`, `''` when blank); null in the `pcsc` layout. */
  cancelFlagRaw: string | null;
  /** Emergency contact phone (緊急聯絡電話), e.g. `0912345678`; `''` when blank; null in `pcsc`. */
  emergencyPhone: string | null;
  /** Problems found while decoding (bad ID check digit, unknown code, invalid date, …). */
  warnings: CardWarning[];
}

const SECTION = 'basic';
const EMERGENCY_PHONE = [58, 14] as const;

/**
 * Decodes basic data from either source: 72 bytes (`hisGetBasicData`) or 57 bytes (PC/SC).
 * @throws DecodeError for any other length or bytes that cannot be decoded.
 */
export function decodeBasicData(bytes: Uint8Array): BasicData {
  if (bytes.length !== BASIC_DATA_BYTES && bytes.length !== PCSC_BASIC_DATA_BYTES) {
    throw new DecodeError(
      SECTION,
      Math.min(bytes.length, BASIC_DATA_BYTES),
      `expected ${BASIC_DATA_BYTES} bytes (hisGetBasicData) or ${PCSC_BASIC_DATA_BYTES} (PC/SC), got ${bytes.length}`,
    );
  }
  const reader = new SectionReader(SECTION, bytes);
  const holder = readHolderFields(reader);
  const pcsc = bytes.length === PCSC_BASIC_DATA_BYTES;
  const cancelFlag = pcsc ? null : readCancelFlag(reader);
  const emergencyPhone = pcsc ? null : reader.ascii(...EMERGENCY_PHONE, 'emergencyPhone');
  const value: BasicData = {
    layout: pcsc ? 'pcsc' : 'cshis',
    cardNumber: holder.cardNumber,
    name: holder.name,
    idNumber: holder.idNumber,
    birthDate: holder.birthDate,
    birthDateRoc: holder.birthDateRoc,
    sex: holder.sex,
    sexRaw: holder.sexRaw,
    issueDate: holder.issueDate,
    issueDateRoc: holder.issueDateRoc,
    cancelled: cancelFlag?.cancelled ?? null,
    cancelFlagRaw: cancelFlag?.cancelFlagRaw ?? null,
    emergencyPhone,
    warnings: reader.warnings,
  };
  if (holder.nameRawHex !== undefined) value.nameRawHex = holder.nameRawHex;
  return value;
}

/**
 * Encodes basic data in the layout `value.layout` names (72 or 57 bytes).
 * @throws RangeError when a value does not fit its field, or a `pcsc` value carries a cancel
 * flag or emergency phone (that layout has no room for them).
 */
export function encodeBasicData(value: BasicData): Uint8Array {
  if (value.layout === 'pcsc') {
    if (value.cancelFlagRaw !== null || value.cancelled !== null || value.emergencyPhone !== null) {
      throw new RangeError(
        `${SECTION}: the pcsc layout has no cancel flag or emergency phone; set them to null`,
      );
    }
    const writer = new SectionWriter(SECTION, PCSC_BASIC_DATA_BYTES);
    writeHolderFields(writer, value);
    return writer.bytes;
  }
  const writer = new SectionWriter(SECTION, BASIC_DATA_BYTES);
  writeHolderFields(writer, value);
  writeCancelFlag(writer, { cancelled: value.cancelled, cancelFlagRaw: value.cancelFlagRaw ?? '' });
  writer.ascii(...EMERGENCY_PHONE, value.emergencyPhone ?? '', 'emergencyPhone');
  return writer.bytes;
}
