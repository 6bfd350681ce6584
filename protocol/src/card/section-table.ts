import { SECTION_IDS, type SectionId } from './section-ids.js';
import type { SectionInfo, SectionSize } from './section-info.js';
import { SECTION_NEEDS } from './section-needs.js';
import { ALLERGY_RECORD_BYTES, decodeAllergies, encodeAllergies } from './sections/allergies.js';
import {
  BASIC_DATA_BYTES,
  decodeBasicData,
  encodeBasicData,
  PCSC_BASIC_DATA_BYTES,
} from './sections/basic-data.js';
import {
  CRITICAL_ILLNESS_BYTES,
  decodeCriticalIllness,
  encodeCriticalIllness,
} from './sections/critical-illness.js';
import { CUMULATIVE_BYTES, decodeCumulative, encodeCumulative } from './sections/cumulative.js';
import {
  decodeEmergencyPhone,
  EMERGENCY_PHONE_BYTES,
  encodeEmergencyPhone,
} from './sections/emergency-phone.js';
import {
  decodeImportantOrders,
  encodeImportantOrders,
  IMPORTANT_ORDER_RECORD_BYTES,
} from './sections/important-orders.js';
import { decodeInsurance, encodeInsurance, INSURANCE_BYTES } from './sections/insurance.js';
import {
  decodeInsuranceBrief,
  encodeInsuranceBrief,
  INSURANCE_BRIEF_BYTES,
} from './sections/insurance-brief.js';
import {
  decodeLastVisitSeq,
  encodeLastVisitSeq,
  LAST_VISIT_SEQ_BYTES,
} from './sections/last-visit-seq.js';
import {
  decodeLongTermPrescriptions,
  encodeLongTermPrescriptions,
  LONG_TERM_PRESCRIPTION_RECORD_BYTES,
} from './sections/long-term-prescriptions.js';
import {
  decodeOrganDonation,
  encodeOrganDonation,
  ORGAN_DONATION_BYTES,
} from './sections/organ-donation.js';
import { decodePregnancy, encodePregnancy, PREGNANCY_BYTES } from './sections/pregnancy.js';
import {
  decodePrescriptions,
  encodePrescriptions,
  PRESCRIPTION_RECORD_BYTES,
} from './sections/prescriptions.js';
import { decodePrevent, encodePrevent, PREVENT_BYTES } from './sections/prevent.js';
import { decodeTreatments, encodeTreatments, TREATMENTS_BYTES } from './sections/treatments.js';
import {
  decodeTreatmentsHpc,
  encodeTreatmentsHpc,
  TREATMENTS_HPC_BYTES,
} from './sections/treatments-hpc.js';
import {
  decodeVaccinations,
  encodeVaccinations,
  VACCINATIONS_BYTES,
} from './sections/vaccinations.js';

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
 * entries, 30 long-term ones, 15 important orders and 3 allergies (the csHIS API manual states only the
 * last; the others follow the NHI card-content specification as commonly cited).
 */
const ROWS: { readonly [K in SectionId]: Omit<SectionInfo<K>, 'id' | 'needs'> } = {
  basic: {
    size: fixed(BASIC_DATA_BYTES),
    pcsc: { bytes: PCSC_BASIC_DATA_BYTES },
    description: 'Card number, name, ID number, birth date, sex, issue date, cancel flag, phone.',
    decode: decodeBasicData,
    encode: encodeBasicData,
  },
  insurance: {
    size: fixed(INSURANCE_BYTES),
    pcsc: null,
    description:
      'Basic data plus insurer, insured status, card expiry, visits left and newborn data.',
    decode: decodeInsurance,
    encode: encodeInsurance,
  },
  insuranceBrief: {
    size: fixed(INSURANCE_BRIEF_BYTES),
    pcsc: null,
    description: 'Card expiry and visits left, without the PIN check.',
    decode: decodeInsuranceBrief,
    encode: encodeInsuranceBrief,
  },
  prevent: {
    size: fixed(PREVENT_BYTES),
    pcsc: null,
    description: 'Adult preventive-care records (6 slots).',
    decode: decodePrevent,
    encode: encodePrevent,
  },
  pregnancy: {
    size: fixed(PREGNANCY_BYTES),
    pcsc: null,
    description: 'Prenatal check records (11 slots).',
    decode: decodePregnancy,
    encode: encodePregnancy,
  },
  treatments: {
    size: fixed(TREATMENTS_BYTES),
    pcsc: null,
    description: 'Critical-illness validity dates and the last 6 visits with their fees.',
    decode: decodeTreatments,
    encode: encodeTreatments,
  },
  treatmentsHpc: {
    size: fixed(TREATMENTS_HPC_BYTES),
    pcsc: null,
    description: 'Critical-illness codes and the diagnoses of the last 6 visits (legacy layout).',
    decode: decodeTreatmentsHpc,
    encode: encodeTreatmentsHpc,
  },
  criticalIllness: {
    size: fixed(CRITICAL_ILLNESS_BYTES),
    pcsc: null,
    description: 'Critical illnesses: codes (with an HPC) and validity dates (6 slots).',
    decode: decodeCriticalIllness,
    encode: encodeCriticalIllness,
  },
  cumulative: {
    size: fixed(CUMULATIVE_BYTES),
    pcsc: null,
    description: 'Visits, fees and copayments totalled per year, for two years.',
    decode: decodeCumulative,
    encode: encodeCumulative,
  },
  vaccinations: {
    size: fixed(VACCINATIONS_BYTES),
    pcsc: null,
    description: 'Vaccinations: vaccine, date, hospital and lot (40 slots).',
    decode: decodeVaccinations,
    encode: encodeVaccinations,
  },
  organDonation: {
    size: fixed(ORGAN_DONATION_BYTES),
    pcsc: null,
    description: 'Organ-donation / hospice-care wish flag.',
    decode: decodeOrganDonation,
    encode: encodeOrganDonation,
  },
  emergencyPhone: {
    size: fixed(EMERGENCY_PHONE_BYTES),
    pcsc: null,
    description: 'Emergency contact phone number.',
    decode: decodeEmergencyPhone,
    encode: encodeEmergencyPhone,
  },
  lastVisitSeq: {
    size: fixed(LAST_VISIT_SEQ_BYTES),
    pcsc: null,
    description: 'The last visit sequence number written to the card.',
    decode: decodeLastVisitSeq,
    encode: encodeLastVisitSeq,
  },
  prescriptions: {
    size: records(PRESCRIPTION_RECORD_BYTES, 60),
    pcsc: null,
    description: 'Outpatient prescription entries.',
    decode: decodePrescriptions,
    encode: encodePrescriptions,
  },
  longTermPrescriptions: {
    size: records(LONG_TERM_PRESCRIPTION_RECORD_BYTES, 30),
    pcsc: null,
    description: 'Long-term (chronic) prescription entries.',
    decode: decodeLongTermPrescriptions,
    encode: encodeLongTermPrescriptions,
  },
  importantOrders: {
    size: records(IMPORTANT_ORDER_RECORD_BYTES, 15),
    pcsc: null,
    description: 'Important orders (high-cost examinations and procedures).',
    decode: decodeImportantOrders,
    encode: encodeImportantOrders,
  },
  allergies: {
    size: records(ALLERGY_RECORD_BYTES, 3),
    pcsc: null,
    description: 'Drug allergies (3 at most; an empty list does not mean none).',
    decode: decodeAllergies,
    encode: encodeAllergies,
  },
};

/**
 * The section table, by id: each row with its id and its `needs` (from `SECTION_NEEDS`, which
 * the client's deadline arithmetic reads without pulling in the decoders).
 */
export const SECTION_REGISTRY = Object.fromEntries(
  SECTION_IDS.map((id) => [id, { id, needs: SECTION_NEEDS[id], ...ROWS[id] }]),
) as unknown as { readonly [K in SectionId]: SectionInfo<K> };
