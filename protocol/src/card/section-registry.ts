import { DecodeError } from './decode-error.js';
import { isSectionId, SECTION_IDS, type SectionId } from './section-ids.js';
import { SECTION_NEEDS, type SectionNeeds } from './section-needs.js';
import {
  ALLERGY_RECORD_BYTES,
  type Allergies,
  decodeAllergies,
  encodeAllergies,
} from './sections/allergies.js';
import {
  BASIC_DATA_BYTES,
  type BasicData,
  decodeBasicData,
  encodeBasicData,
  PCSC_BASIC_DATA_BYTES,
} from './sections/basic-data.js';
import {
  CRITICAL_ILLNESS_BYTES,
  type CriticalIllness,
  decodeCriticalIllness,
  encodeCriticalIllness,
} from './sections/critical-illness.js';
import {
  CUMULATIVE_BYTES,
  type Cumulative,
  decodeCumulative,
  encodeCumulative,
} from './sections/cumulative.js';
import {
  decodeEmergencyPhone,
  EMERGENCY_PHONE_BYTES,
  type EmergencyPhone,
  encodeEmergencyPhone,
} from './sections/emergency-phone.js';
import {
  decodeImportantOrders,
  encodeImportantOrders,
  IMPORTANT_ORDER_RECORD_BYTES,
  type ImportantOrders,
} from './sections/important-orders.js';
import {
  decodeInsurance,
  encodeInsurance,
  INSURANCE_BYTES,
  type Insurance,
} from './sections/insurance.js';
import {
  decodeInsuranceBrief,
  encodeInsuranceBrief,
  INSURANCE_BRIEF_BYTES,
  type InsuranceBrief,
} from './sections/insurance-brief.js';
import {
  decodeLastVisitSeq,
  encodeLastVisitSeq,
  LAST_VISIT_SEQ_BYTES,
  type LastVisitSeq,
} from './sections/last-visit-seq.js';
import {
  decodeLongTermPrescriptions,
  encodeLongTermPrescriptions,
  LONG_TERM_PRESCRIPTION_RECORD_BYTES,
  type LongTermPrescriptions,
} from './sections/long-term-prescriptions.js';
import {
  decodeOrganDonation,
  encodeOrganDonation,
  ORGAN_DONATION_BYTES,
  type OrganDonation,
} from './sections/organ-donation.js';
import {
  decodePregnancy,
  encodePregnancy,
  PREGNANCY_BYTES,
  type Pregnancy,
} from './sections/pregnancy.js';
import {
  decodePrescriptions,
  encodePrescriptions,
  PRESCRIPTION_RECORD_BYTES,
  type Prescriptions,
} from './sections/prescriptions.js';
import { decodePrevent, encodePrevent, PREVENT_BYTES, type Prevent } from './sections/prevent.js';
import {
  decodeTreatments,
  encodeTreatments,
  TREATMENTS_BYTES,
  type Treatments,
} from './sections/treatments.js';
import {
  decodeTreatmentsHpc,
  encodeTreatmentsHpc,
  TREATMENTS_HPC_BYTES,
  type TreatmentsHpc,
} from './sections/treatments-hpc.js';
import {
  decodeVaccinations,
  encodeVaccinations,
  VACCINATIONS_BYTES,
  type Vaccinations,
} from './sections/vaccinations.js';

/** The decoded type of every section, by id: `SectionDataMap['basic']` is `BasicData`. */
export interface SectionDataMap {
  basic: BasicData;
  insurance: Insurance;
  insuranceBrief: InsuranceBrief;
  prevent: Prevent;
  pregnancy: Pregnancy;
  treatments: Treatments;
  treatmentsHpc: TreatmentsHpc;
  criticalIllness: CriticalIllness;
  cumulative: Cumulative;
  vaccinations: Vaccinations;
  organDonation: OrganDonation;
  emergencyPhone: EmergencyPhone;
  lastVisitSeq: LastVisitSeq;
  prescriptions: Prescriptions;
  longTermPrescriptions: LongTermPrescriptions;
  importantOrders: ImportantOrders;
  allergies: Allergies;
}

/** Some or all of a card's decoded sections, by id (what a `card.read` result carries). */
export type CardSectionsData = Partial<{ [K in SectionId]: SectionDataMap[K] }>;

/** A section's size: one fixed buffer, or N whole records (the prescription readers). */
export type SectionSize =
  | { readonly kind: 'fixed'; readonly bytes: number }
  | { readonly kind: 'records'; readonly recordBytes: number; readonly maxRecords: number };

/** One row of the section table. */
export interface SectionInfo<K extends SectionId = SectionId> {
  /** The stable id clients ask for. */
  readonly id: K;
  /** The csHIS.dll export that reads it. */
  readonly cshisFunction: string;
  /** Buffer size of the csHIS read. */
  readonly size: SectionSize;
  /** What the read needs (see {@link SectionNeeds}). */
  readonly needs: SectionNeeds;
  /** The PC/SC read's size when the section can be read over PC/SC without csHIS; else null. */
  readonly pcsc: { readonly bytes: number } | null;
  /** One line saying what the section holds. */
  readonly description: string;
  /** Bytes → typed value; throws only `DecodeError`. */
  readonly decode: (bytes: Uint8Array) => SectionDataMap[K];
  /** Typed value → bytes (for the simulator and tests); throws `RangeError` on values that do not fit. */
  readonly encode: (value: SectionDataMap[K]) => Uint8Array;
}

const fixed = (bytes: number): SectionSize => ({ kind: 'fixed', bytes });
const records = (recordBytes: number, maxRecords: number): SectionSize => ({
  kind: 'records',
  recordBytes,
  maxRecords,
});

/**
 * The section table: every id in `SECTION_IDS`, in that order. The server, the drivers and the
 * docs read it instead of repeating sizes and requirements.
 *
 * Record maximums of the prescription readers: the card holds 60 outpatient prescription
 * entries, 30 long-term ones, 15 important orders and 3 allergies (cshis-api.md states only the
 * last; the others follow the NHI card-content specification as commonly cited).
 */
export const SECTION_REGISTRY: { readonly [K in SectionId]: SectionInfo<K> } = {
  basic: {
    id: 'basic',
    cshisFunction: 'hisGetBasicData',
    size: fixed(BASIC_DATA_BYTES),
    needs: SECTION_NEEDS.basic,
    pcsc: { bytes: PCSC_BASIC_DATA_BYTES },
    description: 'Card number, name, ID number, birth date, sex, issue date, cancel flag, phone.',
    decode: decodeBasicData,
    encode: encodeBasicData,
  },
  insurance: {
    id: 'insurance',
    cshisFunction: 'hisGetRegisterBasic',
    size: fixed(INSURANCE_BYTES),
    needs: SECTION_NEEDS.insurance,
    pcsc: null,
    description:
      'Basic data plus insurer, insured status, card expiry, visits left and newborn data.',
    decode: decodeInsurance,
    encode: encodeInsurance,
  },
  insuranceBrief: {
    id: 'insuranceBrief',
    cshisFunction: 'hisGetRegisterBasic2',
    size: fixed(INSURANCE_BRIEF_BYTES),
    // cshis-api.md says only "no PIN check"; the insurance segment is read after SAM authentication.
    needs: SECTION_NEEDS.insuranceBrief,
    pcsc: null,
    description: 'Card expiry and visits left, without the PIN check.',
    decode: decodeInsuranceBrief,
    encode: encodeInsuranceBrief,
  },
  prevent: {
    id: 'prevent',
    cshisFunction: 'hisGetRegisterPrevent',
    size: fixed(PREVENT_BYTES),
    needs: SECTION_NEEDS.prevent,
    pcsc: null,
    description: 'Adult preventive-care records (6 slots).',
    decode: decodePrevent,
    encode: encodePrevent,
  },
  pregnancy: {
    id: 'pregnancy',
    cshisFunction: 'hisGetRegisterPregnant',
    size: fixed(PREGNANCY_BYTES),
    needs: SECTION_NEEDS.pregnancy,
    pcsc: null,
    description: 'Prenatal check records (11 slots).',
    decode: decodePregnancy,
    encode: encodePregnancy,
  },
  treatments: {
    id: 'treatments',
    cshisFunction: 'hisGetTreatmentNoNeedHPC',
    size: fixed(TREATMENTS_BYTES),
    needs: SECTION_NEEDS.treatments,
    pcsc: null,
    description: 'Critical-illness validity dates and the last 6 visits with their fees.',
    decode: decodeTreatments,
    encode: encodeTreatments,
  },
  treatmentsHpc: {
    id: 'treatmentsHpc',
    cshisFunction: 'hisGetTreatmentNeedHPC',
    size: fixed(TREATMENTS_HPC_BYTES),
    needs: SECTION_NEEDS.treatmentsHpc,
    pcsc: null,
    description: 'Critical-illness codes and the diagnoses of the last 6 visits (legacy layout).',
    decode: decodeTreatmentsHpc,
    encode: encodeTreatmentsHpc,
  },
  criticalIllness: {
    id: 'criticalIllness',
    cshisFunction: 'hisGetCriticalIllness',
    size: fixed(CRITICAL_ILLNESS_BYTES),
    needs: SECTION_NEEDS.criticalIllness,
    pcsc: null,
    description: 'Critical illnesses: codes (with an HPC) and validity dates (6 slots).',
    decode: decodeCriticalIllness,
    encode: encodeCriticalIllness,
  },
  cumulative: {
    id: 'cumulative',
    cshisFunction: 'hisGetCumulativeData',
    size: fixed(CUMULATIVE_BYTES),
    needs: SECTION_NEEDS.cumulative,
    pcsc: null,
    description: 'Visits, fees and copayments totalled per year, for two years.',
    decode: decodeCumulative,
    encode: encodeCumulative,
  },
  vaccinations: {
    id: 'vaccinations',
    cshisFunction: 'hisGetInoculateData',
    size: fixed(VACCINATIONS_BYTES),
    needs: SECTION_NEEDS.vaccinations,
    pcsc: null,
    description: 'Vaccinations: vaccine, date, hospital and lot (40 slots).',
    decode: decodeVaccinations,
    encode: encodeVaccinations,
  },
  organDonation: {
    id: 'organDonation',
    cshisFunction: 'hisGetOrganDonate',
    size: fixed(ORGAN_DONATION_BYTES),
    needs: SECTION_NEEDS.organDonation,
    pcsc: null,
    description: 'Organ-donation / hospice-care wish flag.',
    decode: decodeOrganDonation,
    encode: encodeOrganDonation,
  },
  emergencyPhone: {
    id: 'emergencyPhone',
    cshisFunction: 'hisGetEmergentTel',
    size: fixed(EMERGENCY_PHONE_BYTES),
    needs: SECTION_NEEDS.emergencyPhone,
    pcsc: null,
    description: 'Emergency contact phone number.',
    decode: decodeEmergencyPhone,
    encode: encodeEmergencyPhone,
  },
  lastVisitSeq: {
    id: 'lastVisitSeq',
    cshisFunction: 'hisGetLastSeqNum',
    size: fixed(LAST_VISIT_SEQ_BYTES),
    needs: SECTION_NEEDS.lastVisitSeq,
    pcsc: null,
    description: 'The last visit sequence number written to the card.',
    decode: decodeLastVisitSeq,
    encode: encodeLastVisitSeq,
  },
  prescriptions: {
    id: 'prescriptions',
    cshisFunction: 'hisReadPrescriptMain',
    size: records(PRESCRIPTION_RECORD_BYTES, 60),
    needs: SECTION_NEEDS.prescriptions,
    pcsc: null,
    description: 'Outpatient prescription entries.',
    decode: decodePrescriptions,
    encode: encodePrescriptions,
  },
  longTermPrescriptions: {
    id: 'longTermPrescriptions',
    cshisFunction: 'hisReadPrescriptLongTerm',
    size: records(LONG_TERM_PRESCRIPTION_RECORD_BYTES, 30),
    needs: SECTION_NEEDS.longTermPrescriptions,
    pcsc: null,
    description: 'Long-term (chronic) prescription entries.',
    decode: decodeLongTermPrescriptions,
    encode: encodeLongTermPrescriptions,
  },
  importantOrders: {
    id: 'importantOrders',
    cshisFunction: 'hisReadPrescriptHVE',
    size: records(IMPORTANT_ORDER_RECORD_BYTES, 15),
    needs: SECTION_NEEDS.importantOrders,
    pcsc: null,
    description: 'Important orders (high-cost examinations and procedures).',
    decode: decodeImportantOrders,
    encode: encodeImportantOrders,
  },
  allergies: {
    id: 'allergies',
    cshisFunction: 'hisReadPrescriptAllergic',
    size: records(ALLERGY_RECORD_BYTES, 3),
    needs: SECTION_NEEDS.allergies,
    pcsc: null,
    description: 'Drug allergies (3 at most; an empty list does not mean none).',
    decode: decodeAllergies,
    encode: encodeAllergies,
  },
};

/** The section table as a list, in `SECTION_IDS` order. */
export const SECTIONS: readonly SectionInfo[] = SECTION_IDS.map(
  (id) => SECTION_REGISTRY[id] as SectionInfo,
);

/**
 * The table row of a section.
 * @throws RangeError when `id` is not a section id.
 */
export function getSection<K extends SectionId>(id: K): SectionInfo<K> {
  if (!isSectionId(id)) throw new RangeError(`unknown section id ${JSON.stringify(id)}`);
  return SECTION_REGISTRY[id];
}

/**
 * Decodes a section's raw bytes through its table row.
 * @throws DecodeError only: for bytes that do not decode, and for an unknown id (offset 0).
 */
export function decodeSection<K extends SectionId>(id: K, bytes: Uint8Array): SectionDataMap[K] {
  if (!isSectionId(id)) throw new DecodeError(String(id), 0, 'unknown section id');
  return SECTION_REGISTRY[id].decode(bytes);
}

/**
 * Encodes a typed section value through its table row.
 * @throws RangeError for an unknown id or a value that does not fit the layout.
 */
export function encodeSection<K extends SectionId>(id: K, value: SectionDataMap[K]): Uint8Array {
  return getSection(id).encode(value);
}
