/**
 * The round-trip arbitraries of the fixed-length sections made of slot areas (vaccinations,
 * critical illnesses, treatments): canonical buffers slot by slot, random buffers of the
 * right length, and buffers of any other length, whose DecodeError names the shorter end.
 */
import fc from 'fast-check';
import { bytesOfLength, concatFields, isBlankRecord } from '../card-fixtures.test-helpers.js';
import { asciiLikeBytes } from '../treatment-fixtures.test-helpers.js';
import type { SectionCase } from './section-case.test-helpers.js';

/** One area of fixed slots. */
export interface SlotArea {
  readonly slots: number;
  readonly recordBytes: number;
  /** A canonical record's text; the blank ones are filtered out here. */
  readonly record: fc.Arbitrary<string>;
  /** How much more often a slot is empty than filled. */
  readonly blankWeight?: number;
}

/** The arbitraries of a fixed-length section's row, past its valid values. */
export function fixedLayoutArbitraries(
  totalBytes: number,
  areas: readonly SlotArea[],
  maxOtherLength = 2 * totalBytes,
): Pick<SectionCase<unknown>, 'canonicalBuffers' | 'randomBuffers' | 'wrongLengths'> {
  const areaArbs = areas.map(({ slots, recordBytes, record, blankWeight = 1 }) =>
    fc.array(
      fc.oneof(
        { arbitrary: fc.constant(' '.repeat(recordBytes)), weight: blankWeight },
        { arbitrary: record.filter((text) => !isBlankRecord(concatFields(text))), weight: 1 },
      ),
      { minLength: slots, maxLength: slots },
    ),
  );
  return {
    canonicalBuffers: fc.tuple(...areaArbs).map((records) => concatFields(...records.flat())),
    randomBuffers: fc.oneof(bytesOfLength(totalBytes), asciiLikeBytes(totalBytes)),
    wrongLengths: {
      buffers: fc
        .uint8Array({ maxLength: maxOtherLength })
        .filter((bytes) => bytes.length !== totalBytes),
      offset: (bytes) => Math.min((bytes as Uint8Array).length, totalBytes),
    },
  };
}
