import type { SectionId } from './section-ids.js';

/**
 * What a section read needs, from least to most (each includes the ones before):
 * - `none`: a card in the reader (basic data; also readable over PC/SC);
 * - `sam`: the card authenticated with the clinic's SAM (csHIS card status ≥ 2);
 * - `pin`: as `sam`, plus the holder's PIN when the holder set one;
 * - `hpc`: as `sam`, plus a health-professional card with its PIN verified.
 */
export type SectionNeeds = 'none' | 'sam' | 'pin' | 'hpc';

/**
 * The `needs` column of the section registry, apart from its decoders, so that the client's
 * deadline arithmetic does not pull every section decoder into a browser bundle.
 */
export const SECTION_NEEDS: { readonly [K in SectionId]: SectionNeeds } = {
  basic: 'none',
  insurance: 'pin',
  // The csHIS API manual says only "no PIN check"; the insurance segment is read after SAM authentication.
  insuranceBrief: 'sam',
  prevent: 'pin',
  pregnancy: 'pin',
  treatments: 'sam',
  treatmentsHpc: 'hpc',
  criticalIllness: 'hpc',
  cumulative: 'sam',
  vaccinations: 'sam',
  organDonation: 'sam',
  emergencyPhone: 'sam',
  lastVisitSeq: 'sam',
  prescriptions: 'hpc',
  longTermPrescriptions: 'hpc',
  importantOrders: 'hpc',
  allergies: 'hpc',
};
