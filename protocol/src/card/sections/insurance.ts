import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type CancelFlagFields,
  type HolderFields,
  readCancelFlag,
  readHolderFields,
  writeCancelFlag,
  writeHolderFields,
} from './holder-fields.js';
import { writeExpiryAndVisits } from './insurance-brief.js';

/** Size of the `hisGetRegisterBasic` buffer. */
export const INSURANCE_BYTES = 78;

/**
 * Insured-status codes (保險對象身分註記) as one public HIS reads them; the NHI publishes no
 * other table in our sources, so other codes keep their raw value and warn.
 */
export type InsuredStatus =
  | 'low-income'
  | 'veteran'
  | 'primary-care'
  | 'lower-middle-income'
  | 'disaster-victim';

/**
 * Registration data (`hisGetRegisterBasic`): the basic data plus the insurance fields a
 * registration desk needs. Section id `insurance`.
 *
 * Layout (0-based offset:width): bytes 0–57 as the basic data (cardNumber 0:12 · name 12:20 ·
 * idNumber 32:10 · birthDate 42:7 · sex 49:1 · issueDate 50:7 · cancelFlag 57:1), then
 * insurerCode 58:2 · insuredStatus 60:1 · cardExpiry 61:7 · visitsLeft 68:2 ·
 * newbornBirthDate 70:7 · newbornMultipleBirth 77:1.
 */
export interface Insurance extends HolderFields, CancelFlagFields {
  /** Insurer code (保險人代碼), 2 characters, e.g. `01`; `''` when blank. */
  insurerCode: string;
  /** Insured status decoded where the code is known; null when blank or unknown. */
  insuredStatus: InsuredStatus | null;
  /** Insured-status code as stored (`1` low income, `2` veteran, …); `''` when blank. */
  insuredStatusRaw: string;
  /** Card expiry (卡片有效期限) as ISO `YYYY-MM-DD`; null when blank or invalid. */
  cardExpiryDate: string | null;
  /** Card expiry as stored, ROC `YYYMMDD`; `''` when blank. */
  cardExpiryDateRoc: string;
  /** Visits left before the card must be renewed (就醫可用次數), 0–99; null when blank. */
  visitsLeft: number | null;
  /** A newborn's birth date when the newborn is treated on this (a parent's) card; ISO. */
  newbornBirthDate: string | null;
  /** The newborn's birth date as stored, ROC `YYYMMDD`; `''` when blank. */
  newbornBirthDateRoc: string;
  /**
   * Newborn multiple-birth mark (新生兒胞胎註記), 1 character as stored; `''` when blank.
   * Our sources give no value table, so it stays raw.
   */
  newbornMultipleBirthMark: string;
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'insurance';
const INSURER_CODE = [58, 2] as const;
const INSURED_STATUS = 60;
const CARD_EXPIRY = 61;
const VISITS_LEFT = [68, 2] as const;
const NEWBORN_BIRTH_DATE = 70;
const NEWBORN_MULTIPLE_BIRTH = 77;

const INSURED_STATUS_BY_CODE: Readonly<Record<string, InsuredStatus>> = {
  '1': 'low-income',
  '2': 'veteran',
  '3': 'primary-care',
  '4': 'lower-middle-income',
  '8': 'disaster-victim',
};
const CODE_BY_INSURED_STATUS = Object.fromEntries(
  Object.entries(INSURED_STATUS_BY_CODE).map(([code, status]) => [status, code]),
) as Record<InsuredStatus, string>;

/**
 * Decodes a `hisGetRegisterBasic` buffer.
 * @throws DecodeError when it is not 78 bytes or holds bytes that cannot be decoded.
 */
export function decodeInsurance(bytes: Uint8Array): Insurance {
  const reader = new SectionReader(SECTION, bytes, INSURANCE_BYTES);
  const holder = readHolderFields(reader);
  const cancelFlag = readCancelFlag(reader);
  const insurerCode = reader.ascii(...INSURER_CODE, 'insurerCode');
  const insuredStatusRaw = reader.ascii(INSURED_STATUS, 1, 'insuredStatus');
  const insuredStatus = INSURED_STATUS_BY_CODE[insuredStatusRaw] ?? null;
  if (insuredStatusRaw !== '' && insuredStatus === null) {
    reader.warnUnknownCode('insuredStatus', insuredStatusRaw, 'insured-status code');
  }
  const expiry = reader.rocDate(CARD_EXPIRY, 'cardExpiryDate');
  const visitsLeft = reader.integer(...VISITS_LEFT, 'visitsLeft');
  const newbornBirth = reader.rocDate(NEWBORN_BIRTH_DATE, 'newbornBirthDate');
  const newbornMultipleBirthMark = reader.ascii(
    NEWBORN_MULTIPLE_BIRTH,
    1,
    'newbornMultipleBirthMark',
  );
  const value: Insurance = {
    cardNumber: holder.cardNumber,
    name: holder.name,
    idNumber: holder.idNumber,
    birthDate: holder.birthDate,
    birthDateRoc: holder.birthDateRoc,
    sex: holder.sex,
    sexRaw: holder.sexRaw,
    issueDate: holder.issueDate,
    issueDateRoc: holder.issueDateRoc,
    cancelled: cancelFlag.cancelled,
    cancelFlagRaw: cancelFlag.cancelFlagRaw,
    insurerCode,
    insuredStatus,
    insuredStatusRaw,
    cardExpiryDate: expiry.iso,
    cardExpiryDateRoc: expiry.roc,
    visitsLeft,
    newbornBirthDate: newbornBirth.iso,
    newbornBirthDateRoc: newbornBirth.roc,
    newbornMultipleBirthMark,
    warnings: reader.warnings,
  };
  // Written out rather than spread: see readHolderFields.
  if (holder.nameRawHex !== undefined) value.nameRawHex = holder.nameRawHex;
  return value;
}

/**
 * Encodes registration data as the 78-byte `hisGetRegisterBasic` buffer. Raw values win over
 * decoded ones (`insuredStatusRaw` over `insuredStatus`, `…Roc` over ISO dates).
 * @throws RangeError when a value does not fit its field.
 */
export function encodeInsurance(value: Insurance): Uint8Array {
  const writer = new SectionWriter(SECTION, INSURANCE_BYTES);
  writeHolderFields(writer, value);
  writeCancelFlag(writer, value);
  writer.ascii(...INSURER_CODE, value.insurerCode, 'insurerCode');
  const statusCode =
    value.insuredStatusRaw !== ''
      ? value.insuredStatusRaw
      : value.insuredStatus
        ? CODE_BY_INSURED_STATUS[value.insuredStatus]
        : '';
  writer.ascii(INSURED_STATUS, 1, statusCode, 'insuredStatus');
  writeExpiryAndVisits(writer, CARD_EXPIRY, value); // cardExpiry 61:7 · visitsLeft 68:2
  writer.rocDate(
    NEWBORN_BIRTH_DATE,
    7,
    { iso: value.newbornBirthDate, roc: value.newbornBirthDateRoc },
    'newbornBirthDate',
  );
  writer.ascii(
    NEWBORN_MULTIPLE_BIRTH,
    1,
    value.newbornMultipleBirthMark,
    'newbornMultipleBirthMark',
  );
  return writer.bytes;
}
