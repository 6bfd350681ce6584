import { readQuantity, writeQuantity } from './quantity.js';
import { decodeRecordList, encodeRecordList, type RecordList } from './record-list.js';
import type { RecordCodec, SlotRecord } from './record-slots.js';

const SECTION = 'importantOrders';

/** Bytes of one `hisReadPrescriptHVE` record; the card holds up to 10 of them. */
export const IMPORTANT_ORDER_RECORD_BYTES = 36;

/** One important order (重要醫令): a major examination or procedure that was carried out. */
export interface ImportantOrderRecord extends SlotRecord {
  /** Date it was carried out (實施日期, ISO), e.g. `2025-11-03`; null when blank or invalid. */
  executionDate: string | null;
  /** The execution date as on the card (ROC `YYYMMDD`), e.g. `1141103`; '' when blank. */
  executionDateRoc: string;
  /** The provider's 10-character NHI code (醫事機構代碼), e.g. `3501200000`. */
  hospitalId: string;
  /** Important-order item code (重要醫令項目代碼), up to 6 characters, e.g. `33070B`. */
  orderCode: string;
  /** Body site code (實施部位代碼), up to 6 characters; '' when none. */
  site: string;
  /** Total quantity (總量) in the order's unit, e.g. `1`; null when blank or not a number. */
  total: number | null;
  /** The total as on the card, only when it is not plainly an integer, e.g. `1.5`. */
  totalRaw?: string;
}

/** The `importantOrders` section: the records `hisReadPrescriptHVE` returned. */
export type ImportantOrders = RecordList<ImportantOrderRecord>;

const RECORD: RecordCodec<ImportantOrderRecord> = {
  read(reader, offset, slot, path) {
    const executed = reader.rocDate(offset, `${path}.executionDate`); // date 0:7
    const hospitalId = reader.ascii(offset + 7, 10, `${path}.hospitalId`); // hospitalId 7:10
    const orderCode = reader.ascii(offset + 17, 6, `${path}.orderCode`); // code 17:6
    const site = reader.ascii(offset + 23, 6, `${path}.site`); // site 23:6
    const total = readQuantity(reader, offset + 29, 7, `${path}.total`); // total 29:7
    return {
      slot,
      executionDate: executed.iso,
      executionDateRoc: executed.roc,
      hospitalId,
      orderCode,
      site,
      total: total.value,
      ...(total.raw === undefined ? {} : { totalRaw: total.raw }),
    };
  },
  write(writer, offset, record, path) {
    const executed = { iso: record.executionDate, roc: record.executionDateRoc };
    writer.rocDate(offset, 7, executed, `${path}.executionDate`);
    writer.ascii(offset + 7, 10, record.hospitalId, `${path}.hospitalId`);
    writer.ascii(offset + 17, 6, record.orderCode, `${path}.orderCode`);
    writer.ascii(offset + 23, 6, record.site, `${path}.site`);
    const total = { value: record.total, raw: record.totalRaw };
    writeQuantity(writer, offset + 29, 7, total, `${path}.total`);
  },
};

/**
 * Decodes the records `hisReadPrescriptHVE` returned (36 bytes each, any number of them).
 * Blank records are left out; every record keeps its `slot` in the buffer.
 * @throws DecodeError at the first byte of a trailing partial record, or where a field holds
 * bytes that are not ASCII.
 */
export function decodeImportantOrders(bytes: Uint8Array): ImportantOrders {
  return decodeRecordList(SECTION, bytes, IMPORTANT_ORDER_RECORD_BYTES, RECORD.read);
}

/**
 * Encodes `recordCount` records of 36 bytes, each record at its slot, the rest blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeImportantOrders(value: ImportantOrders): Uint8Array {
  return encodeRecordList(SECTION, IMPORTANT_ORDER_RECORD_BYTES, value, RECORD.write);
}
