/** @packageDocumentation Card data: section types, the section registry, and the primitives. */

export {
  Big5DecodeError,
  type DecodedBig5,
  decodeAscii,
  decodeBig5,
  encodeBig5,
  encodeBig5Field,
  type NonStandardBig5Char,
} from './big5.js';
export type { CardWarning, CardWarningKind } from './card-warning.js';
export { DecodeError } from './decode-error.js';
export { maskBirthDate, maskIdNumber, maskName } from './masking.js';
export {
  isoToRocDate,
  isoToRocDateTime,
  parseRocDate,
  parseRocDateTime,
  type RocDateParse,
} from './roc-date.js';
export { isSectionId, SECTION_IDS, type SectionId } from './section-ids.js';
export type { SectionNeeds } from './section-needs.js';
export {
  decodeSection,
  encodeSection,
  getSection,
  SECTION_REGISTRY,
  SECTIONS,
  type SectionDataMap,
  type SectionInfo,
  type SectionSize,
} from './section-registry.js';
export type { Allergies, AllergyRecord } from './sections/allergies.js';
export type { BasicData, BasicDataLayout } from './sections/basic-data.js';
export type { CriticalIllness } from './sections/critical-illness.js';
export type {
  CriticalIllnessEntry,
  CriticalIllnessValidity,
} from './sections/critical-illness-slots.js';
export type { Cumulative, CumulativeYear } from './sections/cumulative.js';
export type { EmergencyPhone } from './sections/emergency-phone.js';
export type { CancelFlagFields, HolderFields, Sex } from './sections/holder-fields.js';
export type { ImportantOrderRecord, ImportantOrders } from './sections/important-orders.js';
export type { Insurance, InsuredStatus } from './sections/insurance.js';
export type { InsuranceBrief } from './sections/insurance-brief.js';
export type { LastVisitSeq } from './sections/last-visit-seq.js';
export type {
  LongTermPrescriptionRecord,
  LongTermPrescriptions,
} from './sections/long-term-prescriptions.js';
export type { OrganDonation } from './sections/organ-donation.js';
export type { Pregnancy, PrenatalCheck } from './sections/pregnancy.js';
export type { PrescriptionRecord, Prescriptions } from './sections/prescriptions.js';
export type { Prevent, PreventRecord } from './sections/prevent.js';
export type { RecordList } from './sections/record-list.js';
export type { SlotRecord } from './sections/record-slots.js';
export {
  decodeRegisterPreventString,
  encodeRegisterPreventString,
  type RegisterPreventString,
} from './sections/register-prevent-string.js';
export type { AfterCheck, Treatments, TreatmentVisit } from './sections/treatments.js';
export type {
  SecondaryDiagnoses,
  TreatmentsHpc,
  VisitDiagnoses,
} from './sections/treatments-hpc.js';
export type { Vaccination, Vaccinations } from './sections/vaccinations.js';
export { VISIT_TYPES, type VisitKind, type VisitTypeCode } from './sections/visit-types.js';
export { checkTaiwanId, type TaiwanIdCheck, type TaiwanIdKind } from './taiwan-id.js';
