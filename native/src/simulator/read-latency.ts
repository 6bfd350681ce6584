import type { SectionId } from '@nhicard/protocol';

/**
 * How long a simulated section read takes, in milliseconds: one number for every section, or
 * a map of the sections to change (the others keep {@link DEFAULT_READ_LATENCY_MS}).
 */
export type ReadLatencyMs = number | Partial<Record<SectionId, number>>;

/**
 * Default read time per section. These are estimates in the range HIS programs see with a
 * USB reader and csHIS.dll (a few hundred milliseconds for a short section, more for the long
 * ones and for those that need the SAM or an HPC), not measurements of one device. They only
 * make demos feel real; tests pass `readLatencyMs: 0`.
 */
export const DEFAULT_READ_LATENCY_MS: Readonly<Record<SectionId, number>> = {
  basic: 300,
  insurance: 400,
  insuranceBrief: 250,
  prevent: 350,
  pregnancy: 400,
  treatments: 700,
  treatmentsHpc: 900,
  criticalIllness: 450,
  cumulative: 450,
  vaccinations: 1200,
  organDonation: 200,
  emergencyPhone: 200,
  lastVisitSeq: 200,
  prescriptions: 1500,
  longTermPrescriptions: 900,
  importantOrders: 800,
  allergies: 500,
};

function checkLatency(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`readLatencyMs${what}: ${value} is not a duration in ms (>= 0)`);
  }
  return value;
}

/**
 * The latency table the simulator uses for `option`.
 * @throws RangeError for a negative or non-finite value, or an unknown section id.
 */
export function resolveReadLatency(
  option: ReadLatencyMs | undefined,
): Readonly<Record<SectionId, number>> {
  const table: Record<SectionId, number> = { ...DEFAULT_READ_LATENCY_MS };
  if (option === undefined) return table;
  if (typeof option === 'number') {
    checkLatency(option, '');
    for (const section of Object.keys(table) as SectionId[]) table[section] = option;
    return table;
  }
  for (const [section, value] of Object.entries(option)) {
    if (!Object.hasOwn(table, section)) {
      throw new RangeError(`readLatencyMs.${section}: unknown section`);
    }
    table[section as SectionId] = checkLatency(value, `.${section}`);
  }
  return table;
}
