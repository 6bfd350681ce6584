/**
 * The round-trip arbitraries every record-list section shares (a `recordCount` of fixed-size
 * records, blank ones left out): valid values, canonical buffers, random whole records and
 * buffers ending in a partial record, whose DecodeError names the partial record's first byte.
 */
import fc from 'fast-check';
import { bytesOfLength, concatFields, isBlankRecord } from '../card-fixtures.test-helpers.js';
import { asciiLikeBytes, slottedRecordsArb } from '../treatment-fixtures.test-helpers.js';
import { type SectionCase, withoutWarningsArb } from './section-case.test-helpers.js';

type RecordList<R> = { recordCount: number; records: (R & { slot: number })[]; warnings: [] };

/** What a record-list section needs to build its arbitraries. */
export interface RecordListShape<R> {
  readonly recordBytes: number;
  /** Most records in a valid value or canonical buffer. */
  readonly maxRecords: number;
  /** Most whole records in a random buffer. */
  readonly maxRandomRecords: number;
  /** A valid record without its slot. */
  readonly record: fc.Arbitrary<R>;
  /** A canonical record's bytes; the blank ones are filtered out here. */
  readonly recordBuffer: fc.Arbitrary<Uint8Array | string>;
  /** Also draw random records that look like card text (digits, letters, spaces). */
  readonly asciiLike: boolean;
}

/** The arbitraries of a record-list section's row. */
export function recordListArbitraries<R extends object>(
  shape: RecordListShape<R>,
): Pick<
  SectionCase<RecordList<R>>,
  'validValues' | 'canonicalBuffers' | 'randomBuffers' | 'wrongLengths'
> {
  const size = shape.recordBytes;
  const blank = new Uint8Array(size).fill(0x20);
  const filled = shape.recordBuffer
    .map((record) => concatFields(record))
    .filter((record) => !isBlankRecord(record));
  return {
    validValues: fc.integer({ min: 0, max: shape.maxRecords }).chain((recordCount) =>
      withoutWarningsArb({
        recordCount: fc.constant(recordCount),
        records: recordCount === 0 ? fc.constant([]) : slottedRecordsArb(recordCount, shape.record),
      }),
    ),
    canonicalBuffers: fc
      .array(fc.oneof(fc.constant(blank), filled), { maxLength: shape.maxRecords })
      .map((records) => concatFields(...records)),
    randomBuffers: fc
      .integer({ min: 0, max: shape.maxRandomRecords })
      .chain((count) =>
        shape.asciiLike
          ? fc.oneof(bytesOfLength(count * size), asciiLikeBytes(count * size))
          : bytesOfLength(count * size),
      ),
    wrongLengths: {
      buffers: fc
        .uint8Array({ maxLength: shape.maxRandomRecords * size })
        .filter((bytes) => bytes.length % size !== 0),
      offset: (bytes) => bytes.length - (bytes.length % size),
    },
  };
}
