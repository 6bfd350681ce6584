import type { SectionId } from '@nhicard/protocol';

/**
 * The csHIS.dll export that reads each card section (the csHIS API manual). Driver knowledge,
 * so it lives here and not in the browser-safe protocol; `cshis-declarations.ts` declares each
 * with the section registry's buffer size (a test checks both).
 */
export const CSHIS_READ_FUNCTIONS: { readonly [K in SectionId]: string } = {
  basic: 'hisGetBasicData',
  insurance: 'hisGetRegisterBasic',
  insuranceBrief: 'hisGetRegisterBasic2',
  prevent: 'hisGetRegisterPrevent',
  pregnancy: 'hisGetRegisterPregnant',
  treatments: 'hisGetTreatmentNoNeedHPC',
  treatmentsHpc: 'hisGetTreatmentNeedHPC',
  criticalIllness: 'hisGetCriticalIllness',
  cumulative: 'hisGetCumulativeData',
  vaccinations: 'hisGetInoculateData',
  organDonation: 'hisGetOrganDonate',
  emergencyPhone: 'hisGetEmergentTel',
  lastVisitSeq: 'hisGetLastSeqNum',
  prescriptions: 'hisReadPrescriptMain',
  longTermPrescriptions: 'hisReadPrescriptLongTerm',
  importantOrders: 'hisReadPrescriptHVE',
  allergies: 'hisReadPrescriptAllergic',
};
