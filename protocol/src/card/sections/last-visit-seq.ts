import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';

/** Size of the `hisGetLastSeqNum` buffer. */
export const LAST_VISIT_SEQ_BYTES = 7;

/**
 * The last visit sequence number written to the card (`hisGetLastSeqNum`). Section id
 * `lastVisitSeq`.
 *
 * Layout: prefix 0:3 · visitSeq 3:4. Our reference gives only the size (7); the split follows
 * public HIS code, which takes the sequence number from bytes 3–6 and ignores the first three.
 */
export interface LastVisitSeq {
  /** The first 3 characters as stored; their meaning is not documented in our sources. */
  prefixRaw: string;
  /**
   * The visit sequence number (就醫序號), 4 characters as stored, e.g. `0012`; a code, not a
   * number, because exceptional visits carry letters (e.g. `IC09`). `''` when blank.
   */
  visitSeq: string;
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'lastVisitSeq';
const PREFIX = [0, 3] as const;
const VISIT_SEQ = [3, 4] as const;

/**
 * Decodes a `hisGetLastSeqNum` buffer.
 * @throws DecodeError when it is not 7 bytes or holds bytes that are not ASCII.
 */
export function decodeLastVisitSeq(bytes: Uint8Array): LastVisitSeq {
  const reader = new SectionReader(SECTION, bytes, LAST_VISIT_SEQ_BYTES);
  return {
    prefixRaw: reader.ascii(...PREFIX, 'prefixRaw'),
    visitSeq: reader.ascii(...VISIT_SEQ, 'visitSeq'),
    warnings: reader.warnings,
  };
}

/**
 * Encodes the 7-byte `hisGetLastSeqNum` buffer.
 * @throws RangeError when a value does not fit its field.
 */
export function encodeLastVisitSeq(value: LastVisitSeq): Uint8Array {
  const writer = new SectionWriter(SECTION, LAST_VISIT_SEQ_BYTES);
  writer.ascii(...PREFIX, value.prefixRaw, 'prefixRaw');
  writer.ascii(...VISIT_SEQ, value.visitSeq, 'visitSeq');
  return writer.bytes;
}
