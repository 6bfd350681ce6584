import type { SectionReader } from '../section-reader.js';
import type { SectionWriter } from '../section-writer.js';
import { readSlots, type SlotRecord, writeSlots } from './record-slots.js';

/** The card holds six critical-illness (重大傷病) slots. */
export const CRITICAL_ILLNESS_SLOT_COUNT = 6;
/** One slot with its code: code 5 · start date 7 · end date 7. */
export const CRITICAL_ILLNESS_ENTRY_BYTES = 19;
/** One slot without its code, as `hisGetTreatmentNoNeedHPC` gives it: start 7 · end 7. */
export const CRITICAL_ILLNESS_VALIDITY_BYTES = 14;

/** The validity period of one critical-illness certificate (重大傷病證明). */
export interface CriticalIllnessValidity extends SlotRecord {
  /** First day the certificate is valid (ISO), e.g. `2023-08-01`; null when blank or invalid. */
  startDate: string | null;
  /** The start date as on the card (ROC `YYYMMDD`), e.g. `1120801`; '' when blank. */
  startDateRoc: string;
  /** Last day the certificate is valid (ISO), e.g. `2028-07-31`; null when blank or invalid. */
  endDate: string | null;
  /** The end date as on the card (ROC `YYYMMDD`), e.g. `1170731`; '' when blank. */
  endDateRoc: string;
}

/** One critical illness with its code, as the HPC-protected reads give it. */
export interface CriticalIllnessEntry extends CriticalIllnessValidity {
  /**
   * The illness code (ICD-9-CM in the legacy layout, without the dot), e.g. `1749`; null when
   * the code is blank, as csHIS leaves it when no health-professional card is present.
   */
  code: string | null;
}

type ValidityDates = Omit<CriticalIllnessValidity, 'slot'>;

function readDates(reader: SectionReader, offset: number, path: string): ValidityDates {
  const start = reader.rocDate(offset, `${path}.startDate`); // start 0:7
  const end = reader.rocDate(offset + 7, `${path}.endDate`); // end 7:7
  return { startDate: start.iso, startDateRoc: start.roc, endDate: end.iso, endDateRoc: end.roc };
}

function writeDates(
  writer: SectionWriter,
  offset: number,
  value: ValidityDates,
  path: string,
): void {
  writer.rocDate(offset, 7, { iso: value.startDate, roc: value.startDateRoc }, `${path}.startDate`);
  writer.rocDate(offset + 7, 7, { iso: value.endDate, roc: value.endDateRoc }, `${path}.endDate`);
}

const layoutOf = (listField: string, firstOffset: number, recordBytes: number) => ({
  listField,
  firstOffset,
  recordBytes,
  slotCount: CRITICAL_ILLNESS_SLOT_COUNT,
});

/** Reads the six validity-only slots (14 bytes each) starting at `offset`. */
export function readCriticalIllnessValidity(
  reader: SectionReader,
  offset: number,
  listField: string,
): CriticalIllnessValidity[] {
  const layout = layoutOf(listField, offset, CRITICAL_ILLNESS_VALIDITY_BYTES);
  return readSlots(reader, layout, (at, slot, path) => ({ slot, ...readDates(reader, at, path) }));
}

/** Writes validity-only slots (14 bytes each) starting at `offset`. */
export function writeCriticalIllnessValidity(
  writer: SectionWriter,
  offset: number,
  values: readonly CriticalIllnessValidity[],
  listField: string,
): void {
  const layout = layoutOf(listField, offset, CRITICAL_ILLNESS_VALIDITY_BYTES);
  writeSlots(writer, layout, values, (at, value, path) => writeDates(writer, at, value, path));
}

/** Reads the six slots with codes (19 bytes each) starting at `offset`. */
export function readCriticalIllnessEntries(
  reader: SectionReader,
  offset: number,
  listField: string,
): CriticalIllnessEntry[] {
  const layout = layoutOf(listField, offset, CRITICAL_ILLNESS_ENTRY_BYTES);
  return readSlots(reader, layout, (at, slot, path) => {
    const code = reader.ascii(at, 5, `${path}.code`); // code 0:5, then the dates at 5
    return { slot, code: code === '' ? null : code, ...readDates(reader, at + 5, path) };
  });
}

/** Writes slots with codes (19 bytes each) starting at `offset`; a null code stays blank. */
export function writeCriticalIllnessEntries(
  writer: SectionWriter,
  offset: number,
  entries: readonly CriticalIllnessEntry[],
  listField: string,
): void {
  const layout = layoutOf(listField, offset, CRITICAL_ILLNESS_ENTRY_BYTES);
  writeSlots(writer, layout, entries, (at, entry, path) => {
    writer.ascii(at, 5, entry.code ?? '', `${path}.code`);
    writeDates(writer, at + 5, entry, path);
  });
}
