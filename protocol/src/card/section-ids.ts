/**
 * Stable ids of the card sections a client can ask for. The section registry
 * (`section-registry.ts`) maps each id to its byte layout, size, requirements, decoder and
 * encoder; this list exists on its own so the wire layer can validate `card.read` params
 * without pulling in the decoders.
 */
export const SECTION_IDS = [
  /** Basic data: `hisGetBasicData` (72 bytes) or the PC/SC basic read (57 bytes). */
  'basic',
  /** Basic data plus insurance fields: `hisGetRegisterBasic` (78 bytes). */
  'insurance',
  /** Card expiry and visits left: `hisGetRegisterBasic2` (9 bytes). */
  'insuranceBrief',
  /** Adult preventive-care records: `hisGetRegisterPrevent` (126 bytes). */
  'prevent',
  /** Prenatal check records: `hisGetRegisterPregnant` (209 bytes). */
  'pregnancy',
  /** Critical-illness validity and the last 6 visits: `hisGetTreatmentNoNeedHPC` (498 bytes). */
  'treatments',
  /** Critical-illness codes and visit diagnoses: `hisGetTreatmentNeedHPC` (372 bytes, HPC). */
  'treatmentsHpc',
  /** Critical illnesses with codes: `hisGetCriticalIllness` (114 bytes). */
  'criticalIllness',
  /** Cumulative visits and fees of two years: `hisGetCumulativeData` (134 bytes). */
  'cumulative',
  /** Vaccinations: `hisGetInoculateData` (1400 bytes). */
  'vaccinations',
  /** Organ-donation / hospice flag: `hisGetOrganDonate` (1 byte). */
  'organDonation',
  /** Emergency contact phone: `hisGetEmergentTel` (14 bytes). */
  'emergencyPhone',
  /** Last visit sequence number: `hisGetLastSeqNum` (7 bytes). */
  'lastVisitSeq',
  /** Outpatient prescriptions: `hisReadPrescriptMain` (61 bytes a record, HPC). */
  'prescriptions',
  /** Long-term prescriptions: `hisReadPrescriptLongTerm` (44 bytes a record, HPC). */
  'longTermPrescriptions',
  /** Important orders: `hisReadPrescriptHVE` (36 bytes a record, HPC). */
  'importantOrders',
  /** Drug allergies: `hisReadPrescriptAllergic` (40 bytes a record, HPC). */
  'allergies',
] as const;

/** A card section id. */
export type SectionId = (typeof SECTION_IDS)[number];

/** Whether `value` is a known section id. */
export function isSectionId(value: unknown): value is SectionId {
  return typeof value === 'string' && (SECTION_IDS as readonly string[]).includes(value);
}
