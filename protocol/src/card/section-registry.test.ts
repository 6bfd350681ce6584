import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { SECTION_IDS, type SectionId } from './section-ids.js';
import type { SectionInfo } from './section-info.js';
import { decodeSection, encodeSection, getSection, SECTIONS } from './section-registry.js';
import { SECTION_SAMPLES } from './section-samples.test-helpers.js';
import { SECTION_REGISTRY } from './section-table.js';
import { ALLERGY_RECORD_BYTES } from './sections/allergies.js';
import { BASIC_DATA_BYTES, PCSC_BASIC_DATA_BYTES } from './sections/basic-data.js';
import { CRITICAL_ILLNESS_BYTES } from './sections/critical-illness.js';
import { CUMULATIVE_BYTES } from './sections/cumulative.js';
import { EMERGENCY_PHONE_BYTES } from './sections/emergency-phone.js';
import { IMPORTANT_ORDER_RECORD_BYTES } from './sections/important-orders.js';
import { INSURANCE_BYTES } from './sections/insurance.js';
import { INSURANCE_BRIEF_BYTES } from './sections/insurance-brief.js';
import { LAST_VISIT_SEQ_BYTES } from './sections/last-visit-seq.js';
import { LONG_TERM_PRESCRIPTION_RECORD_BYTES } from './sections/long-term-prescriptions.js';
import { ORGAN_DONATION_BYTES } from './sections/organ-donation.js';
import { PREGNANCY_BYTES } from './sections/pregnancy.js';
import { PRESCRIPTION_RECORD_BYTES } from './sections/prescriptions.js';
import { PREVENT_BYTES } from './sections/prevent.js';
import { TREATMENTS_BYTES } from './sections/treatments.js';
import { TREATMENTS_HPC_BYTES } from './sections/treatments-hpc.js';
import { VACCINATIONS_BYTES } from './sections/vaccinations.js';

/** What the table must say, written out from the csHIS API manual. */
const EXPECTED: Record<SectionId, Pick<SectionInfo, 'size' | 'needs'>> = {
  basic: { size: { kind: 'fixed', bytes: 72 }, needs: 'none' },
  insurance: {
    size: { kind: 'fixed', bytes: 78 },
    needs: 'pin',
  },
  insuranceBrief: {
    size: { kind: 'fixed', bytes: 9 },
    needs: 'sam',
  },
  prevent: {
    size: { kind: 'fixed', bytes: 126 },
    needs: 'pin',
  },
  pregnancy: {
    size: { kind: 'fixed', bytes: 209 },
    needs: 'pin',
  },
  treatments: {
    size: { kind: 'fixed', bytes: 498 },
    needs: 'sam',
  },
  treatmentsHpc: {
    size: { kind: 'fixed', bytes: 372 },
    needs: 'hpc',
  },
  criticalIllness: {
    size: { kind: 'fixed', bytes: 114 },
    needs: 'hpc',
  },
  cumulative: {
    size: { kind: 'fixed', bytes: 134 },
    needs: 'sam',
  },
  vaccinations: {
    size: { kind: 'fixed', bytes: 1400 },
    needs: 'sam',
  },
  organDonation: {
    size: { kind: 'fixed', bytes: 1 },
    needs: 'sam',
  },
  emergencyPhone: {
    size: { kind: 'fixed', bytes: 14 },
    needs: 'sam',
  },
  lastVisitSeq: {
    size: { kind: 'fixed', bytes: 7 },
    needs: 'sam',
  },
  prescriptions: {
    size: { kind: 'records', recordBytes: 61, maxRecords: 60 },
    needs: 'hpc',
  },
  longTermPrescriptions: {
    size: { kind: 'records', recordBytes: 44, maxRecords: 30 },
    needs: 'hpc',
  },
  importantOrders: {
    size: { kind: 'records', recordBytes: 36, maxRecords: 15 },
    needs: 'hpc',
  },
  allergies: {
    size: { kind: 'records', recordBytes: 40, maxRecords: 3 },
    needs: 'hpc',
  },
};

/** The size constants the section modules export, by id. */
const MODULE_SIZES: Record<SectionId, number> = {
  basic: BASIC_DATA_BYTES,
  insurance: INSURANCE_BYTES,
  insuranceBrief: INSURANCE_BRIEF_BYTES,
  prevent: PREVENT_BYTES,
  pregnancy: PREGNANCY_BYTES,
  treatments: TREATMENTS_BYTES,
  treatmentsHpc: TREATMENTS_HPC_BYTES,
  criticalIllness: CRITICAL_ILLNESS_BYTES,
  cumulative: CUMULATIVE_BYTES,
  vaccinations: VACCINATIONS_BYTES,
  organDonation: ORGAN_DONATION_BYTES,
  emergencyPhone: EMERGENCY_PHONE_BYTES,
  lastVisitSeq: LAST_VISIT_SEQ_BYTES,
  prescriptions: PRESCRIPTION_RECORD_BYTES,
  longTermPrescriptions: LONG_TERM_PRESCRIPTION_RECORD_BYTES,
  importantOrders: IMPORTANT_ORDER_RECORD_BYTES,
  allergies: ALLERGY_RECORD_BYTES,
};

const sizeOf = (info: SectionInfo): number =>
  info.size.kind === 'fixed' ? info.size.bytes : info.size.recordBytes;

describe('section registry table', () => {
  it('has one row for every id in SECTION_IDS, in that order, and no other', () => {
    expect(Object.keys(SECTION_REGISTRY)).toStrictEqual([...SECTION_IDS]);
    expect(SECTIONS.map((info) => info.id)).toStrictEqual([...SECTION_IDS]);
  });

  it.each(SECTION_IDS.map((id) => [id]))('%s: size and needs as in the csHIS API manual', (id) => {
    const info = getSection(id);
    expect(info.id).toBe(id);
    expect({
      size: info.size,
      needs: info.needs,
    }).toStrictEqual(EXPECTED[id]);
    expect(sizeOf(info)).toBe(MODULE_SIZES[id]);
    expect(info.description).toMatch(/^[A-Z].{10,100}\.$/);
  });

  it('marks only the basic data as readable over PC/SC, with its 57-byte size', () => {
    const pcsc = SECTIONS.filter((info) => info.pcsc !== null);
    expect(pcsc.map((info) => [info.id, info.pcsc])).toStrictEqual([
      ['basic', { bytes: PCSC_BASIC_DATA_BYTES }],
    ]);
  });

  it('getSection refuses an unknown id with a RangeError', () => {
    expect(() => getSection('photo' as SectionId)).toThrow(RangeError);
  });
});

describe('decodeSection / encodeSection', () => {
  it.each(SECTION_IDS.map((id) => [id]))(
    '%s: a realistic sample decodes without warnings and re-encodes byte for byte',
    (id) => {
      const sample = SECTION_SAMPLES[id];
      const decoded = decodeSection(id, sample);
      expect(decoded.warnings).toStrictEqual([]);
      expect(encodeSection(id, decoded)).toStrictEqual(sample);
      expect(decodeSection(id, encodeSection(id, decoded))).toStrictEqual(decoded);
    },
  );

  it.each(SECTION_IDS.map((id) => [id]))('%s: an all-blank buffer round-trips too', (id) => {
    const size = sizeOf(getSection(id));
    const blank = new Uint8Array(size).fill(0x20);
    expect(encodeSection(id, decodeSection(id, blank))).toStrictEqual(blank);
  });

  it('decodes the sample with the basic decoder: the table wires the right functions', () => {
    expect(decodeSection('basic', SECTION_SAMPLES.basic)).toMatchObject({
      layout: 'cshis',
      name: '王小明',
      idNumber: 'A123456789',
    });
    expect(decodeSection('basic', SECTION_SAMPLES.basic.subarray(0, 57)).layout).toBe('pcsc');
  });

  it.each([
    ['cumulative', 10, 10],
    ['prevent', 125, 125],
    ['prescriptions', 62, 61],
  ] as const)('%s: a %i-byte buffer is a DecodeError at offset %i', (id, length, offset) => {
    let thrown: unknown;
    try {
      decodeSection(id, new Uint8Array(length).fill(0x20));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect(thrown).toMatchObject({ section: id, offset });
  });

  it('gives a DecodeError at offset 0 for an unknown id', () => {
    let thrown: unknown;
    try {
      decodeSection('photo' as SectionId, new Uint8Array(1));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect(thrown).toMatchObject({ section: 'photo', offset: 0 });
  });
});

describe('CARD-DATA.md', () => {
  const doc = readFileSync(new URL('../../CARD-DATA.md', import.meta.url), 'utf8');

  // The overview table's rows are checked in native (cshis-read-functions.test.ts): they name
  // each section's csHIS export, which is driver knowledge.
  it.each(SECTION_IDS.map((id) => [id]))('documents the %s section under its own heading', (id) => {
    expect(doc).toContain(`### \`${id}\`: `);
  });
});
