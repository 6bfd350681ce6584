import type { SectionId } from './section-ids.js';
import type { Allergies } from './sections/allergies.js';
import type { BasicData } from './sections/basic-data.js';
import type { CriticalIllness } from './sections/critical-illness.js';
import type { Cumulative } from './sections/cumulative.js';
import type { EmergencyPhone } from './sections/emergency-phone.js';
import type { ImportantOrders } from './sections/important-orders.js';
import type { Insurance } from './sections/insurance.js';
import type { InsuranceBrief } from './sections/insurance-brief.js';
import type { LastVisitSeq } from './sections/last-visit-seq.js';
import type { LongTermPrescriptions } from './sections/long-term-prescriptions.js';
import type { OrganDonation } from './sections/organ-donation.js';
import type { Pregnancy } from './sections/pregnancy.js';
import type { Prescriptions } from './sections/prescriptions.js';
import type { Prevent } from './sections/prevent.js';
import type { Treatments } from './sections/treatments.js';
import type { TreatmentsHpc } from './sections/treatments-hpc.js';
import type { Vaccinations } from './sections/vaccinations.js';

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
