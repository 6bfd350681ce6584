import { readQuantity, writeQuantity } from './quantity.js';
import { decodeRecordList, encodeRecordList, type RecordList } from './record-list.js';
import type { RecordCodec, SlotRecord } from './record-slots.js';

const SECTION = 'prescriptions';

/** Bytes of one `hisReadPrescriptMain` record; the card holds up to 60 of them. */
export const PRESCRIPTION_RECORD_BYTES = 61;

/** One outpatient order (門診處方箋): a drug, treatment or item ordered at a visit. */
export interface PrescriptionRecord extends SlotRecord {
  /** Date and time of the visit it belongs to (ISO, Taiwan time); null when blank. */
  visitDateTime: string | null;
  /** The visit date-time as on the card (ROC `YYYMMDDHHMMSS`), e.g. `1150216093005`. */
  visitDateTimeRoc: string;
  /** Order type (醫令類別), the 1-character code as on the card, e.g. `1`; '' when blank. */
  orderType: string;
  /** Order code (診療項目代號): NHI drug or treatment code, up to 12 characters. */
  orderCode: string;
  /** Body site (診療部位) code, up to 6 characters; '' when none. */
  site: string;
  /** Usage / frequency (用法), e.g. `TID`; Big5 text, up to 18 bytes. */
  usage: string;
  /** Hex of the usage field's bytes, only when it held characters from outside standard Big5. */
  usageRawHex?: string;
  /** Days supplied (天數), e.g. `7`; null when blank. */
  days: number | null;
  /**
   * Total quantity (總量) in the unit of the ordered item (tablets, mL, …), e.g. `21` or `2.5`;
   * null when blank or not a number.
   */
  total: number | null;
  /** The total as on the card, only when it is not plainly an integer, e.g. `2.5`. */
  totalRaw?: string;
  /** Dispensing mark (交付處方註記), the 2-character code as on the card, e.g. `01`. */
  dispensing: string;
}

/** The `prescriptions` section: the records `hisReadPrescriptMain` returned. */
export type Prescriptions = RecordList<PrescriptionRecord>;

const RECORD: RecordCodec<PrescriptionRecord> = {
  read(reader, offset, slot, path) {
    const visitDateTime = reader.rocDateTime(offset, `${path}.visitDateTime`); // 0:13
    const orderType = reader.ascii(offset + 13, 1, `${path}.orderType`); // type 13:1
    const orderCode = reader.ascii(offset + 14, 12, `${path}.orderCode`); // code 14:12
    const site = reader.ascii(offset + 26, 6, `${path}.site`); // site 26:6
    const usage = reader.text(offset + 32, 18, `${path}.usage`); // usage 32:18
    const days = reader.integer(offset + 50, 2, `${path}.days`); // days 50:2
    const total = readQuantity(reader, offset + 52, 7, `${path}.total`); // total 52:7
    const dispensing = reader.ascii(offset + 59, 2, `${path}.dispensing`); // dispensing 59:2
    return {
      slot,
      visitDateTime: visitDateTime.iso,
      visitDateTimeRoc: visitDateTime.roc,
      orderType,
      orderCode,
      site,
      usage: usage.text,
      ...(usage.rawHex === undefined ? {} : { usageRawHex: usage.rawHex }),
      days,
      total: total.value,
      ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
      dispensing,
    };
  },
  write(writer, offset, record, path) {
    const dateTime = { iso: record.visitDateTime, roc: record.visitDateTimeRoc };
    writer.rocDate(offset, 13, dateTime, `${path}.visitDateTime`);
    writer.ascii(offset + 13, 1, record.orderType, `${path}.orderType`);
    writer.ascii(offset + 14, 12, record.orderCode, `${path}.orderCode`);
    writer.ascii(offset + 26, 6, record.site, `${path}.site`);
    const usage = { text: record.usage, rawHex: record.usageRawHex };
    writer.text(offset + 32, 18, usage, `${path}.usage`);
    writer.integer(offset + 50, 2, record.days, `${path}.days`);
    const total = { value: record.total, raw: record.totalRaw };
    writeQuantity(writer, offset + 52, 7, total, `${path}.total`);
    writer.ascii(offset + 59, 2, record.dispensing, `${path}.dispensing`);
  },
};

/**
 * Decodes the records `hisReadPrescriptMain` returned (61 bytes each, any number of them).
 * Blank records are left out; every record keeps its `slot` in the buffer.
 * @throws DecodeError at the first byte of a trailing partial record, or where a field holds
 * bytes that cannot be decoded.
 */
export function decodePrescriptions(bytes: Uint8Array): Prescriptions {
  return decodeRecordList(SECTION, bytes, PRESCRIPTION_RECORD_BYTES, RECORD.read);
}

/**
 * Encodes `recordCount` records of 61 bytes, each record at its slot, the rest blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodePrescriptions(value: Prescriptions): Uint8Array {
  return encodeRecordList(SECTION, PRESCRIPTION_RECORD_BYTES, value, RECORD.write);
}
