import type { SectionReader } from '../section-reader.js';
import type { SectionWriter } from '../section-writer.js';

/** A record read from a fixed slot on the card. */
export interface SlotRecord {
  /** 0-based position of the record on the card, so the encoder puts it back there. */
  slot: number;
}

/** Where a fixed-slot list sits in its buffer. */
export interface SlotLayout {
  /** The field name of the list in the decoded object, for warning paths (`records`). */
  listField: string;
  /** Offset of slot 0. */
  firstOffset: number;
  /** Bytes per slot. */
  recordBytes: number;
  /** Number of slots. */
  slotCount: number;
}

/** The layout of `slotCount` slots of `recordBytes` from `firstOffset`, listed as `listField`. */
export function slotLayout(
  listField: string,
  recordBytes: number,
  slotCount: number,
  firstOffset = 0,
): SlotLayout {
  return { listField, firstOffset, recordBytes, slotCount };
}

/** Reads one record at `offset`; `path` (`records[2]`) prefixes its warnings' field names. */
export type RecordReader<T> = (
  reader: SectionReader,
  offset: number,
  slot: number,
  path: string,
) => T;

/** Writes one record at `offset`; `path` (`records[2]`) prefixes field names in errors. */
export type RecordWriter<T> = (
  writer: SectionWriter,
  offset: number,
  record: T,
  path: string,
) => void;

/** How one record layout is read and written: the two halves of a record's codec. */
export interface RecordCodec<T> {
  readonly read: RecordReader<T>;
  readonly write: RecordWriter<T>;
}

/**
 * Reads every filled slot; a slot of only spaces, NULs or zeros is an empty place on the card
 * and is left out. `readRecord` gets the reader, the slot's offset and the path of the record
 * in the decoded list (`records[1]`) for its warnings.
 */
export function readSlots<T extends SlotRecord>(
  reader: SectionReader,
  layout: SlotLayout,
  readRecord: RecordReader<T>,
): T[] {
  const records: T[] = [];
  for (let slot = 0; slot < layout.slotCount; slot += 1) {
    const offset = layout.firstOffset + slot * layout.recordBytes;
    if (reader.isBlank(offset, layout.recordBytes)) continue;
    records.push(readRecord(reader, offset, slot, `${layout.listField}[${records.length}]`));
  }
  return records;
}

const isBlankByte = (byte: number): boolean => byte === 0x20 || byte === 0x00 || byte === 0x30;

/**
 * Writes records into their slots.
 * @throws RangeError when a slot is out of range or used twice, or when a record would read
 * back as an empty slot (all spaces or zeros) and so vanish on the next decode.
 */
export function writeSlots<T extends SlotRecord>(
  writer: SectionWriter,
  layout: SlotLayout,
  records: readonly T[],
  writeRecord: RecordWriter<T>,
): void {
  const used = new Set<number>();
  records.forEach((record, index) => {
    const path = `${writer.section}.${layout.listField}[${index}]`;
    const { slot } = record;
    if (!Number.isInteger(slot) || slot < 0 || slot >= layout.slotCount) {
      throw new RangeError(`${path}: slot ${slot} is outside 0–${layout.slotCount - 1}`);
    }
    if (used.has(slot)) throw new RangeError(`${path}: slot ${slot} is used twice`);
    used.add(slot);
    const offset = layout.firstOffset + slot * layout.recordBytes;
    writeRecord(writer, offset, record, `${layout.listField}[${index}]`);
    if (writer.bytes.subarray(offset, offset + layout.recordBytes).every(isBlankByte)) {
      throw new RangeError(
        `${path}: the record is all blanks or zeros, which reads as an empty slot`,
      );
    }
  });
}
