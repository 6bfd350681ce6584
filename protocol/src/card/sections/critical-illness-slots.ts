import { DecodeError } from '../decode-error.js';
import type { SectionReader } from '../section-reader.js';
import type { SectionWriter } from '../section-writer.js';
import { type RecordCodec, readSlots, type SlotRecord, writeSlots } from './record-slots.js';

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

/**
 * Refuses a buffer of `icd10Bytes`: the ICD-10 layout of an HPC-protected read, which is not
 * decoded yet, gets a message naming both layouts rather than a bare length mismatch.
 * @throws DecodeError when `bytes` has the ICD-10 layout's length.
 */
export function refuseIcd10Layout(
  section: string,
  bytes: Uint8Array,
  legacyBytes: number,
  icd10Bytes: number,
): void {
  if (bytes.length === icd10Bytes) {
    throw new DecodeError(
      section,
      legacyBytes,
      `the ICD-10 layout (${icd10Bytes} bytes) is not supported yet; expected the legacy ${legacyBytes}-byte layout`,
    );
  }
}

function readDates(reader: SectionReader, offset: number, path: string): ValidityDates {
  const start = reader.rocDate(offset, `${path}.startDate`); // start 0:7
  const end = reader.rocDate(offset + 7, `${path}.endDate`); // end 7:7
  return { startDate: start.iso, startDateRoc: start.roc, endDate: end.iso, endDateRoc: end.roc };
}

function writeDates(writer: SectionWriter, offset: number, value: ValidityDates, path: string) {
  writer.rocDate(offset, 7, { iso: value.startDate, roc: value.startDateRoc }, `${path}.startDate`);
  writer.rocDate(offset + 7, 7, { iso: value.endDate, roc: value.endDateRoc }, `${path}.endDate`);
}

/** A validity-only slot: start 7 · end 7. */
const CRITICAL_ILLNESS_VALIDITY: RecordCodec<CriticalIllnessValidity> = {
  read: (reader, offset, slot, path) => ({ slot, ...readDates(reader, offset, path) }),
  write: writeDates,
};

/** A slot with its code: code 5 · start 7 · end 7; a blank code is null, and null stays blank. */
const CRITICAL_ILLNESS_ENTRY: RecordCodec<CriticalIllnessEntry> = {
  read(reader, offset, slot, path) {
    const code = reader.ascii(offset, 5, `${path}.code`); // code 0:5, then the dates at 5
    return { slot, code: code === '' ? null : code, ...readDates(reader, offset + 5, path) };
  },
  write(writer, offset, entry, path) {
    writer.ascii(offset, 5, entry.code ?? '', `${path}.code`);
    writeDates(writer, offset + 5, entry, path);
  },
};

/**
 * The six validity-only slots (14 bytes each) that open `hisGetTreatmentNoNeedHPC`, listed as
 * `criticalIllnessValidity`.
 */
const CRITICAL_ILLNESS_VALIDITY_SLOTS = {
  listField: 'criticalIllnessValidity',
  firstOffset: 0,
  recordBytes: CRITICAL_ILLNESS_VALIDITY_BYTES,
  slotCount: CRITICAL_ILLNESS_SLOT_COUNT,
};

/** The six slots with codes (19 bytes each) that open the HPC reads, listed as `criticalIllnesses`. */
const CRITICAL_ILLNESS_ENTRY_SLOTS = {
  listField: 'criticalIllnesses',
  firstOffset: 0,
  recordBytes: CRITICAL_ILLNESS_ENTRY_BYTES,
  slotCount: CRITICAL_ILLNESS_SLOT_COUNT,
};

/** Reads the six validity-only slots that open `hisGetTreatmentNoNeedHPC`. */
export function readCriticalIllnessValidity(reader: SectionReader): CriticalIllnessValidity[] {
  return readSlots(reader, CRITICAL_ILLNESS_VALIDITY_SLOTS, CRITICAL_ILLNESS_VALIDITY.read);
}

/** Writes the six validity-only slots. */
export function writeCriticalIllnessValidity(
  writer: SectionWriter,
  values: readonly CriticalIllnessValidity[],
): void {
  writeSlots(writer, CRITICAL_ILLNESS_VALIDITY_SLOTS, values, CRITICAL_ILLNESS_VALIDITY.write);
}

/** Reads the six coded slots that open `hisGetCriticalIllness` and `hisGetTreatmentNeedHPC`. */
export function readCriticalIllnesses(reader: SectionReader): CriticalIllnessEntry[] {
  return readSlots(reader, CRITICAL_ILLNESS_ENTRY_SLOTS, CRITICAL_ILLNESS_ENTRY.read);
}

/** Writes the six coded slots; a null code stays blank. */
export function writeCriticalIllnesses(
  writer: SectionWriter,
  entries: readonly CriticalIllnessEntry[],
): void {
  writeSlots(writer, CRITICAL_ILLNESS_ENTRY_SLOTS, entries, CRITICAL_ILLNESS_ENTRY.write);
}
