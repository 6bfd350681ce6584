import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  CRITICAL_ILLNESS_ENTRY_BYTES,
  CRITICAL_ILLNESS_SLOT_COUNT,
  type CriticalIllnessEntry,
  readCriticalIllnesses,
  refuseIcd10Layout,
  writeCriticalIllnesses,
} from './critical-illness-slots.js';
import { type RecordCodec, readSlots, type SlotRecord, writeSlots } from './record-slots.js';

const SECTION = 'treatmentsHpc';
/** The six critical-illness slots (code, start, end) come first. */
const VISITS_OFFSET = CRITICAL_ILLNESS_SLOT_COUNT * CRITICAL_ILLNESS_ENTRY_BYTES;
/** Bytes of a diagnosis code in the legacy (ICD-9-CM) layout. */
const DIAGNOSIS_BYTES = 5;
/** Secondary diagnoses per visit. */
const SECONDARY_DIAGNOSIS_COUNT = 5;
/** visitDateTime 13 · mainDiagnosis 5 · 5 × secondary 5. */
const VISIT_BYTES = 13 + DIAGNOSIS_BYTES + SECONDARY_DIAGNOSIS_COUNT * DIAGNOSIS_BYTES;
const VISIT_LAYOUT = {
  listField: 'visits',
  firstOffset: VISITS_OFFSET,
  recordBytes: VISIT_BYTES,
  slotCount: 6,
};

/** Size of `hisGetTreatmentNeedHPC`'s buffer in the legacy layout: 6 × 19, then 6 × 43. */
export const TREATMENTS_HPC_BYTES = 372;
/** Size of the ICD-10 layout of the same call, which is not decoded yet. */
const TREATMENTS_HPC_ICD10_BYTES = 540;

/** The five secondary diagnosis codes of a visit, by position; '' where blank. */
export type SecondaryDiagnoses = [string, string, string, string, string];

/** The diagnoses of one of the last six visits (the slots match the `treatments` visits). */
export interface VisitDiagnoses extends SlotRecord {
  /** Visit date and time (ISO, Taiwan time), e.g. `2026-02-16T09:30:05+08:00`; null when blank. */
  visitDateTime: string | null;
  /** The visit date-time as on the card (ROC `YYYMMDDHHMMSS`), e.g. `1150216093005`. */
  visitDateTimeRoc: string;
  /** Main diagnosis code (ICD-9-CM, no dot), e.g. `4659`; '' when blank. */
  mainDiagnosis: string;
  /** Secondary diagnosis codes 1–5 by position, e.g. `['4019', '', '', '', '']`. */
  secondaryDiagnoses: SecondaryDiagnoses;
}

/** The `treatmentsHpc` section: critical illnesses with codes and the diagnoses of six visits. */
export interface TreatmentsHpc {
  /** The holder's critical illnesses with codes and validity, filled slots only. */
  criticalIllnesses: CriticalIllnessEntry[];
  /** Diagnoses of the last six visits, filled slots only. */
  visits: VisitDiagnoses[];
  /** Problems found while decoding, in field order. */
  warnings: CardWarning[];
}

const VISIT_RECORD: RecordCodec<VisitDiagnoses> = {
  read(reader, offset, slot, path) {
    const visitDateTime = reader.rocDateTime(offset, `${path}.visitDateTime`); // 0:13
    const mainDiagnosis = reader.ascii(offset + 13, DIAGNOSIS_BYTES, `${path}.mainDiagnosis`); // 13:5
    const secondary = (index: number): string =>
      // secondary diagnosis n at 18 + 5n : 5
      reader.ascii(
        offset + 18 + index * DIAGNOSIS_BYTES,
        DIAGNOSIS_BYTES,
        `${path}.secondaryDiagnoses[${index}]`,
      );
    return {
      slot,
      visitDateTime: visitDateTime.iso,
      visitDateTimeRoc: visitDateTime.roc,
      mainDiagnosis,
      secondaryDiagnoses: [secondary(0), secondary(1), secondary(2), secondary(3), secondary(4)],
    };
  },
  write(writer, offset, visit, path) {
    const dateTime = { iso: visit.visitDateTime, roc: visit.visitDateTimeRoc };
    writer.rocDate(offset, 13, dateTime, `${path}.visitDateTime`);
    writer.ascii(offset + 13, DIAGNOSIS_BYTES, visit.mainDiagnosis, `${path}.mainDiagnosis`);
    if (visit.secondaryDiagnoses.length > SECONDARY_DIAGNOSIS_COUNT) {
      throw new RangeError(`${SECTION}.${path}.secondaryDiagnoses: at most 5 codes`);
    }
    visit.secondaryDiagnoses.forEach((code, index) => {
      const field = `${path}.secondaryDiagnoses[${index}]`;
      writer.ascii(offset + 18 + index * DIAGNOSIS_BYTES, DIAGNOSIS_BYTES, code, field);
    });
  },
};

/**
 * Decodes `hisGetTreatmentNeedHPC` in its legacy layout (372 bytes). Empty slots are left out;
 * every record keeps its `slot`.
 * @throws DecodeError when the buffer is not 372 bytes (the 540-byte ICD-10 layout gets its
 * own message: it is not supported yet) or holds bytes that are not ASCII.
 */
export function decodeTreatmentsHpc(bytes: Uint8Array): TreatmentsHpc {
  refuseIcd10Layout(SECTION, bytes, TREATMENTS_HPC_BYTES, TREATMENTS_HPC_ICD10_BYTES);
  const reader = new SectionReader(SECTION, bytes, TREATMENTS_HPC_BYTES);
  return {
    criticalIllnesses: readCriticalIllnesses(reader),
    visits: readSlots(reader, VISIT_LAYOUT, VISIT_RECORD.read),
    warnings: reader.warnings,
  };
}

/**
 * Encodes the `treatmentsHpc` section into the legacy 372-byte layout; slots no record names
 * are left blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeTreatmentsHpc(value: TreatmentsHpc): Uint8Array {
  const writer = new SectionWriter(SECTION, TREATMENTS_HPC_BYTES);
  writeCriticalIllnesses(writer, value.criticalIllnesses);
  writeSlots(writer, VISIT_LAYOUT, value.visits, VISIT_RECORD.write);
  return writer.bytes;
}
