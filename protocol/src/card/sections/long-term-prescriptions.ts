import { readQuantity, writeQuantity } from './quantity.js';
import { decodeRecordList, encodeRecordList, type RecordList } from './record-list.js';
import type { RecordCodec, SlotRecord } from './record-slots.js';

const SECTION = 'longTermPrescriptions';

/** Bytes of one `hisReadPrescriptLongTerm` record; the card holds up to 30 of them. */
export const LONG_TERM_PRESCRIPTION_RECORD_BYTES = 44;

/** One long-term prescription (長期處方箋) drug. */
export interface LongTermPrescriptionRecord extends SlotRecord {
  /** Date the prescription was written (開立日期, ISO), e.g. `2026-02-16`; null when blank. */
  prescribedDate: string | null;
  /** The prescription date as on the card (ROC `YYYMMDD`), e.g. `1150216`; '' when blank. */
  prescribedDateRoc: string;
  /** NHI drug code (藥品代碼), up to 10 characters, e.g. `AC12345100`. */
  drugCode: string;
  /** Usage / frequency (用法), e.g. `QD`; Big5 text, up to 18 bytes. */
  usage: string;
  /** Hex of the usage field's bytes, only when it held characters from outside standard Big5. */
  usageRawHex?: string;
  /** Days supplied (天數), e.g. `28`; null when blank. */
  days: number | null;
  /** Total quantity (總量) in the drug's unit, e.g. `28` or `14.5`; null when blank or not a number. */
  total: number | null;
  /** The total as on the card, only when it is not plainly an integer, e.g. `14.5`. */
  totalRaw?: string;
}

/** The `longTermPrescriptions` section: the records `hisReadPrescriptLongTerm` returned. */
export type LongTermPrescriptions = RecordList<LongTermPrescriptionRecord>;

const RECORD: RecordCodec<LongTermPrescriptionRecord> = {
  read(reader, offset, slot, path) {
    const prescribed = reader.rocDate(offset, `${path}.prescribedDate`); // date 0:7
    const drugCode = reader.ascii(offset + 7, 10, `${path}.drugCode`); // drug 7:10
    const usage = reader.text(offset + 17, 18, `${path}.usage`); // usage 17:18
    const days = reader.integer(offset + 35, 2, `${path}.days`); // days 35:2
    const total = readQuantity(reader, offset + 37, 7, `${path}.total`); // total 37:7
    return {
      slot,
      prescribedDate: prescribed.iso,
      prescribedDateRoc: prescribed.roc,
      drugCode,
      usage: usage.text,
      ...(usage.rawHex === undefined ? {} : { usageRawHex: usage.rawHex }),
      days,
      total: total.value,
      ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
    };
  },
  write(writer, offset, record, path) {
    const prescribed = { iso: record.prescribedDate, roc: record.prescribedDateRoc };
    writer.rocDate(offset, 7, prescribed, `${path}.prescribedDate`);
    writer.ascii(offset + 7, 10, record.drugCode, `${path}.drugCode`);
    const usage = { text: record.usage, rawHex: record.usageRawHex };
    writer.text(offset + 17, 18, usage, `${path}.usage`);
    writer.integer(offset + 35, 2, record.days, `${path}.days`);
    const total = { value: record.total, raw: record.totalRaw };
    writeQuantity(writer, offset + 37, 7, total, `${path}.total`);
  },
};

/**
 * Decodes the records `hisReadPrescriptLongTerm` returned (44 bytes each, any number of them).
 * Blank records are left out; every record keeps its `slot` in the buffer.
 * @throws DecodeError at the first byte of a trailing partial record, or where a field holds
 * bytes that cannot be decoded.
 */
export function decodeLongTermPrescriptions(bytes: Uint8Array): LongTermPrescriptions {
  return decodeRecordList(SECTION, bytes, LONG_TERM_PRESCRIPTION_RECORD_BYTES, RECORD.read);
}

/**
 * Encodes `recordCount` records of 44 bytes, each record at its slot, the rest blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeLongTermPrescriptions(value: LongTermPrescriptions): Uint8Array {
  return encodeRecordList(SECTION, LONG_TERM_PRESCRIPTION_RECORD_BYTES, value, RECORD.write);
}
