import type { SectionReader } from '../section-reader.js';
import type { SectionWriter } from '../section-writer.js';
import { checkTaiwanId } from '../taiwan-id.js';

/**
 * The card holder's fields that open every basic-data layout (`hisGetBasicData`, the PC/SC
 * basic read and `hisGetRegisterBasic`): bytes 0–56, identical in all three.
 */
export interface HolderFields {
  /** Card number (卡片號碼), 12 characters, e.g. `000012345678`. */
  cardNumber: string;
  /** Holder's name (姓名), Big5 decoded and trimmed, e.g. `王小明` or `WANG HSIAO MING`. */
  name: string;
  /**
   * Hex of the 20 raw name bytes, present only when the name holds characters from outside
   * standard Big5 (HKSCS / user-defined), so an HIS can apply its own rare-character table.
   */
  nameRawHex?: string;
  /** ID number (身分證號 or resident certificate number), e.g. `A123456789`. */
  idNumber: string;
  /** Birth date (出生日期) as ISO `YYYY-MM-DD`, e.g. `1990-05-17`; null when blank or invalid. */
  birthDate: string | null;
  /** Birth date as stored, ROC `YYYMMDD`, e.g. `0790517`; `''` when blank. */
  birthDateRoc: string;
  /** Sex (性別), decoded from either convention (`M`/`1` male, `F`/`2` female); null if unknown. */
  sex: Sex | null;
  /** The sex character as stored: `M`, `F`, `1` or `2` (sources disagree); `''` when blank. */
  sexRaw: string;
  /** Card issue date (發卡日期) as ISO `YYYY-MM-DD`; null when blank or invalid. */
  issueDate: string | null;
  /** Card issue date as stored, ROC `YYYMMDD`; `''` when blank. */
  issueDateRoc: string;
}

/** The holder's sex. */
export type Sex = 'male' | 'female';

/** Byte layout of the holder fields: [offset, width]. */
const CARD_NUMBER = [0, 12] as const;
const NAME = [12, 20] as const;
const ID_NUMBER = [32, 10] as const;
const BIRTH_DATE = 42;
const SEX = 49;
const ISSUE_DATE = 50;
/** The cancel flag follows the holder fields in the csHIS layouts only (not over PC/SC). */
const CANCEL_FLAG = 57;

/** The manual writes `M`/`F`, the field reference `1`/`2`; both are seen, so both are read. */
const SEX_BY_CODE: Readonly<Record<string, Sex>> = {
  M: 'male',
  '1': 'male',
  F: 'female',
  '2': 'female',
};
/** What the writer puts down when only `sex` is given: the manual's letters. */
const CODE_BY_SEX: Readonly<Record<Sex, string>> = { male: 'M', female: 'F' };

/** Reads bytes 0–56 of a basic-data buffer, warning on a bad ID number or an unknown sex code. */
export function readHolderFields(reader: SectionReader): HolderFields {
  const cardNumber = reader.ascii(...CARD_NUMBER, 'cardNumber');
  const name = reader.text(...NAME, 'name');
  const idNumber = reader.ascii(...ID_NUMBER, 'idNumber');
  if (idNumber !== '') {
    const check = checkTaiwanId(idNumber);
    if (!check.valid) {
      // The message leaves the number out so the warning can be logged; raw keeps it for the HIS.
      reader.warn('invalid-id', 'idNumber', `ID number is not valid: ${check.reason}`, idNumber);
    }
  }
  const birth = reader.rocDate(BIRTH_DATE, 'birthDate');
  const sexRaw = reader.ascii(SEX, 1, 'sex');
  const sex = SEX_BY_CODE[sexRaw] ?? null;
  if (sexRaw !== '' && sex === null) {
    reader.warnUnknownCode('sex', sexRaw, 'sex code');
  }
  const issue = reader.rocDate(ISSUE_DATE, 'issueDate');
  // Object literals are written out in full: in V8 a spread followed by many properties takes
  // a slow path that made these decoders ten times slower (see docs/benchmarks.md).
  const holder: HolderFields = {
    cardNumber,
    name: name.text,
    idNumber,
    birthDate: birth.iso,
    birthDateRoc: birth.roc,
    sex,
    sexRaw,
    issueDate: issue.iso,
    issueDateRoc: issue.roc,
  };
  if (name.rawHex !== undefined) holder.nameRawHex = name.rawHex;
  return holder;
}

/**
 * Writes bytes 0–56. Raw values win over decoded ones (`sexRaw` over `sex`, `…Roc` over the ISO
 * date), so a card dump is written back as it was read; a decoded value alone is enough for a
 * hand-written card file.
 */
export function writeHolderFields(writer: SectionWriter, value: HolderFields): void {
  writer.ascii(...CARD_NUMBER, value.cardNumber, 'cardNumber');
  writer.text(...NAME, { text: value.name, rawHex: value.nameRawHex }, 'name');
  writer.ascii(...ID_NUMBER, value.idNumber, 'idNumber');
  writer.rocDate(BIRTH_DATE, 7, { iso: value.birthDate, roc: value.birthDateRoc }, 'birthDate');
  const sexCode = value.sexRaw !== '' ? value.sexRaw : value.sex ? CODE_BY_SEX[value.sex] : '';
  writer.ascii(SEX, 1, sexCode, 'sex');
  writer.rocDate(ISSUE_DATE, 7, { iso: value.issueDate, roc: value.issueDateRoc }, 'issueDate');
}

/** The card's cancel flag (卡片註銷註記), as stored and as far as it can be read. */
export interface CancelFlagFields {
  /**
   * Whether the card is cancelled, where the flag is unambiguous: `0` → false (field
   * reference), `2` → true (one public HIS). null when blank or `1`, which means "cancelled"
   * in the field reference but "normal" in that HIS.
   */
  cancelled: boolean | null;
  /** The flag character as stored (`0`, `1`, `2`); `''` when blank. */
  cancelFlagRaw: string;
}

const CANCELLED_BY_CODE: Readonly<Record<string, boolean | null>> = {
  '0': false,
  '1': null,
  '2': true,
};

/** Reads the cancel flag at byte 57 of the csHIS layouts; a code outside 0/1/2 warns. */
export function readCancelFlag(reader: SectionReader): CancelFlagFields {
  const cancelFlagRaw = reader.ascii(CANCEL_FLAG, 1, 'cancelled');
  const cancelled = CANCELLED_BY_CODE[cancelFlagRaw];
  if (cancelFlagRaw !== '' && cancelled === undefined) {
    reader.warnUnknownCode('cancelled', cancelFlagRaw, 'cancel flag');
  }
  return { cancelled: cancelled ?? null, cancelFlagRaw };
}

/** Writes the cancel flag: the raw character, else `0`/`2` from `cancelled`, else blank. */
export function writeCancelFlag(writer: SectionWriter, value: CancelFlagFields): void {
  const code =
    value.cancelFlagRaw !== ''
      ? value.cancelFlagRaw
      : value.cancelled === null
        ? ''
        : value.cancelled
          ? '2'
          : '0';
  writer.ascii(CANCEL_FLAG, 1, code, 'cancelled');
}
