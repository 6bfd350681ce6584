import type { CardWarning } from '../card-warning.js';
import { DecodeError } from '../decode-error.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type RecordReader,
  type RecordWriter,
  readSlots,
  type SlotRecord,
  slotLayout,
  writeSlots,
} from './record-slots.js';

/**
 * A section made of N whole records, as the prescription readers return them
 * (`hisReadPrescriptMain` and its siblings fill one record per entry read).
 */
export interface RecordList<T extends SlotRecord> {
  /** How many records the buffer held, blank ones included (buffer length / record size). */
  recordCount: number;
  /** The filled records in buffer order; blank records are left out, `slot` says where each was. */
  records: T[];
  /** Problems found while decoding, in field order. */
  warnings: CardWarning[];
}

/**
 * Decodes a buffer of whole records; blank records (spaces, NULs, zeros) are left out.
 * @throws DecodeError at the first byte of a trailing partial record.
 */
export function decodeRecordList<T extends SlotRecord>(
  section: string,
  bytes: Uint8Array,
  recordBytes: number,
  readRecord: RecordReader<T>,
): RecordList<T> {
  const leftOver = bytes.length % recordBytes;
  if (leftOver !== 0) {
    throw new DecodeError(
      section,
      bytes.length - leftOver,
      `expected whole ${recordBytes}-byte records, got ${bytes.length} bytes (${leftOver} left over)`,
    );
  }
  const reader = new SectionReader(section, bytes);
  const recordCount = bytes.length / recordBytes;
  const records = readSlots(reader, slotLayout('records', recordBytes, recordCount), readRecord);
  return { recordCount, records, warnings: reader.warnings };
}

/**
 * Encodes a record list into `recordCount` records, each record at its slot, the rest blank.
 * @throws RangeError when `recordCount` is not a count, or a record does not fit, is blank, or
 * names a slot that is out of range or used twice.
 */
export function encodeRecordList<T extends SlotRecord>(
  section: string,
  recordBytes: number,
  list: Pick<RecordList<T>, 'recordCount' | 'records'>,
  writeRecord: RecordWriter<T>,
): Uint8Array {
  const { recordCount } = list;
  if (!Number.isSafeInteger(recordCount) || recordCount < 0) {
    throw new RangeError(`${section}.recordCount: ${recordCount} is not a record count`);
  }
  const writer = new SectionWriter(section, recordCount * recordBytes);
  writeSlots(writer, slotLayout('records', recordBytes, recordCount), list.records, writeRecord);
  return writer.bytes;
}
