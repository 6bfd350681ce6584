import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  CRITICAL_ILLNESS_SLOT_COUNT,
  CRITICAL_ILLNESS_VALIDITY_BYTES,
  type CriticalIllnessValidity,
  readCriticalIllnessValidity,
  writeCriticalIllnessValidity,
} from './critical-illness-slots.js';
import { type RecordCodec, readSlots, type SlotRecord, writeSlots } from './record-slots.js';
import { type VisitKind, visitKindOf, visitTypeCodeOf } from './visit-types.js';

const SECTION = 'treatments';
/** The six critical-illness validity slots come first. */
const VISITS_OFFSET = CRITICAL_ILLNESS_SLOT_COUNT * CRITICAL_ILLNESS_VALIDITY_BYTES;
/** Bytes of one visit record. */
const VISIT_BYTES = 69;
/** The card keeps the last six visits. */
const VISIT_SLOT_COUNT = 6;
const VISIT_LAYOUT = {
  listField: 'visits',
  firstOffset: VISITS_OFFSET,
  recordBytes: VISIT_BYTES,
  slotCount: VISIT_SLOT_COUNT,
};

/** Size of `hisGetTreatmentNoNeedHPC`'s buffer: 6 × 14 validity bytes, then 6 × 69 visit bytes. */
export const TREATMENTS_BYTES = 498;

/** Whether the card was presented at the visit or afterwards (補卡註記). */
export type AfterCheck = 'normal' | 'retroactive';

/** One of the last six visits, as readable with the SAM alone. Amounts are whole NT$. */
export interface TreatmentVisit extends SlotRecord {
  /** Visit type code (就醫類別) as on the card, e.g. `01`; '' when blank. */
  visitType: string;
  /** What the visit type means, e.g. `western-outpatient`; null when blank or not known. */
  visitKind: VisitKind | null;
  /**
   * Newborn mark (新生兒就醫註記) as on the card, '' when blank; set when a newborn's visit was
   * recorded on this (a parent's) card.
   */
  newbornMark: string;
  /** Visit date and time (ISO, Taiwan time), e.g. `2026-02-16T09:30:05+08:00`; null when blank. */
  visitDateTime: string | null;
  /** The visit date-time as on the card (ROC `YYYMMDDHHMMSS`), e.g. `1150216093005`. */
  visitDateTimeRoc: string;
  /** `normal` (`1`) or `retroactive` (`2`, the card was presented later, 補卡); else null. */
  afterCheck: AfterCheck | null;
  /** The after-check mark as on the card, e.g. `1`; '' when blank. */
  afterCheckRaw: string;
  /** Visit sequence number (就醫序號), e.g. `0012`, or an exception code such as `IC08`. */
  visitSeq: string;
  /** The provider's 10-character NHI code (醫事機構代碼), e.g. `3501200000`. */
  hospitalId: string;
  /** Outpatient medical fee of this visit (門診醫療費用), NT$, e.g. `520`; null when blank. */
  outpatientFee: number | null;
  /** Outpatient copayment of this visit (門診部分負擔), NT$, e.g. `50`; null when blank. */
  outpatientCopay: number | null;
  /** Inpatient medical fee of this stay (住院醫療費用), NT$; null when blank. */
  inpatientFee: number | null;
  /**
   * Inpatient copayment for the short part of the stay (acute ≤ 30 days, chronic ≤ 180 days),
   * NT$; null when blank.
   */
  inpatientCopayShort: number | null;
  /**
   * Inpatient copayment for the long part of the stay (acute ≥ 31 days, chronic ≥ 181 days),
   * NT$; null when blank.
   */
  inpatientCopayLong: number | null;
}

/** The `treatments` section: critical-illness validity and the last six visits (SAM only). */
export interface Treatments {
  /**
   * Validity periods of the holder's critical illnesses, filled slots only. The codes need a
   * health-professional card: see the `criticalIllness` and `treatmentsHpc` sections.
   */
  criticalIllnessValidity: CriticalIllnessValidity[];
  /** The last six visits, filled slots only, in card slot order (not necessarily by date). */
  visits: TreatmentVisit[];
  /** Problems found while decoding, in field order. */
  warnings: CardWarning[];
}

/** The after-check marks whose meaning is known (public HIS code: 1 normal, 2 補卡). */
const AFTER_CHECK_CODES: Record<AfterCheck, string> = { normal: '1', retroactive: '2' };

function readAfterCheck(reader: SectionReader, raw: string, field: string): AfterCheck | null {
  if (raw === AFTER_CHECK_CODES.normal) return 'normal';
  if (raw === AFTER_CHECK_CODES.retroactive) return 'retroactive';
  if (raw !== '') reader.warnUnknownCode(field, raw, 'after-check mark');
  return null;
}

const VISIT_RECORD: RecordCodec<TreatmentVisit> = {
  read(reader, offset, slot, path) {
    const visitType = reader.ascii(offset, 2, `${path}.visitType`); // visitType 0:2
    const visitKind = visitKindOf(visitType);
    if (visitType !== '' && visitKind === null) {
      reader.warnUnknownCode(`${path}.visitType`, visitType, 'visit type');
    }
    const newbornMark = reader.ascii(offset + 2, 1, `${path}.newbornMark`); // newborn 2:1
    const visitDateTime = reader.rocDateTime(offset + 3, `${path}.visitDateTime`); // 3:13
    const afterCheckRaw = reader.ascii(offset + 16, 1, `${path}.afterCheck`); // afterCheck 16:1
    return {
      slot,
      visitType,
      visitKind,
      newbornMark,
      visitDateTime: visitDateTime.iso,
      visitDateTimeRoc: visitDateTime.roc,
      afterCheck: readAfterCheck(reader, afterCheckRaw, `${path}.afterCheck`),
      afterCheckRaw,
      visitSeq: reader.ascii(offset + 17, 4, `${path}.visitSeq`), // visitSeq 17:4
      hospitalId: reader.ascii(offset + 21, 10, `${path}.hospitalId`), // hospitalId 21:10
      outpatientFee: reader.integer(offset + 31, 8, `${path}.outpatientFee`), // 31:8
      outpatientCopay: reader.integer(offset + 39, 8, `${path}.outpatientCopay`), // 39:8
      inpatientFee: reader.integer(offset + 47, 8, `${path}.inpatientFee`), // 47:8
      inpatientCopayShort: reader.integer(offset + 55, 7, `${path}.inpatientCopayShort`), // 55:7
      inpatientCopayLong: reader.integer(offset + 62, 7, `${path}.inpatientCopayLong`), // 62:7
    };
  },
  write(writer, offset, visit, path) {
    // A hand-written card file may give only the decoded meaning; the raw code wins when given.
    const visitType =
      visit.visitType === '' && visit.visitKind !== null
        ? visitTypeCodeOf(visit.visitKind)
        : visit.visitType;
    const afterCheckRaw =
      visit.afterCheckRaw === '' && visit.afterCheck !== null
        ? AFTER_CHECK_CODES[visit.afterCheck]
        : visit.afterCheckRaw;
    writer.ascii(offset, 2, visitType, `${path}.visitType`);
    writer.ascii(offset + 2, 1, visit.newbornMark, `${path}.newbornMark`);
    const dateTime = { iso: visit.visitDateTime, roc: visit.visitDateTimeRoc };
    writer.rocDate(offset + 3, 13, dateTime, `${path}.visitDateTime`);
    writer.ascii(offset + 16, 1, afterCheckRaw, `${path}.afterCheck`);
    writer.ascii(offset + 17, 4, visit.visitSeq, `${path}.visitSeq`);
    writer.ascii(offset + 21, 10, visit.hospitalId, `${path}.hospitalId`);
    writer.integer(offset + 31, 8, visit.outpatientFee, `${path}.outpatientFee`);
    writer.integer(offset + 39, 8, visit.outpatientCopay, `${path}.outpatientCopay`);
    writer.integer(offset + 47, 8, visit.inpatientFee, `${path}.inpatientFee`);
    writer.integer(offset + 55, 7, visit.inpatientCopayShort, `${path}.inpatientCopayShort`);
    writer.integer(offset + 62, 7, visit.inpatientCopayLong, `${path}.inpatientCopayLong`);
  },
};

/**
 * Decodes `hisGetTreatmentNoNeedHPC` (498 bytes). Empty slots are left out; every record keeps
 * its `slot`.
 * @throws DecodeError when the buffer is not 498 bytes or holds bytes that are not ASCII.
 */
export function decodeTreatments(bytes: Uint8Array): Treatments {
  const reader = new SectionReader(SECTION, bytes, TREATMENTS_BYTES);
  return {
    criticalIllnessValidity: readCriticalIllnessValidity(reader),
    visits: readSlots(reader, VISIT_LAYOUT, VISIT_RECORD.read),
    warnings: reader.warnings,
  };
}

/**
 * Encodes the `treatments` section into the 498 bytes csHIS returns; slots no record names are
 * left blank (spaces).
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeTreatments(value: Treatments): Uint8Array {
  const writer = new SectionWriter(SECTION, TREATMENTS_BYTES);
  writeCriticalIllnessValidity(writer, value.criticalIllnessValidity);
  writeSlots(writer, VISIT_LAYOUT, value.visits, VISIT_RECORD.write);
  return writer.bytes;
}
