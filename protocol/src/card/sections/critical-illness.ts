import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type CriticalIllnessEntry,
  readCriticalIllnesses,
  refuseIcd10Layout,
  writeCriticalIllnesses,
} from './critical-illness-slots.js';

const SECTION = 'criticalIllness';

/** Size of `hisGetCriticalIllness`'s buffer in the legacy layout: 6 × (code 5, start 7, end 7). */
export const CRITICAL_ILLNESS_BYTES = 114;
/** Size of the ICD-10 layout of the same call (6 × 23), which is not decoded yet. */
const CRITICAL_ILLNESS_ICD10_BYTES = 138;

/**
 * The `criticalIllness` section: the holder's critical illnesses (重大傷病). Without a
 * health-professional card csHIS fills only the dates (and returns 5141): such slots decode
 * with `code: null` and their dates.
 */
export interface CriticalIllness {
  /** The critical illnesses, filled slots only, each with its card `slot` (0–5). */
  criticalIllnesses: CriticalIllnessEntry[];
  /** Problems found while decoding, in field order. */
  warnings: CardWarning[];
}

/**
 * Decodes `hisGetCriticalIllness` in its legacy layout (114 bytes).
 * @throws DecodeError when the buffer is not 114 bytes (the 138-byte ICD-10 layout gets its own
 * message: it is not supported yet) or holds bytes that are not ASCII.
 */
export function decodeCriticalIllness(bytes: Uint8Array): CriticalIllness {
  refuseIcd10Layout(SECTION, bytes, CRITICAL_ILLNESS_BYTES, CRITICAL_ILLNESS_ICD10_BYTES);
  const reader = new SectionReader(SECTION, bytes, CRITICAL_ILLNESS_BYTES);
  return { criticalIllnesses: readCriticalIllnesses(reader), warnings: reader.warnings };
}

/**
 * Encodes the `criticalIllness` section into the legacy 114-byte layout; a null code stays
 * blank, as csHIS leaves it without an HPC.
 * @throws RangeError when a value does not fit its field or a slot is out of range or repeated.
 */
export function encodeCriticalIllness(value: CriticalIllness): Uint8Array {
  const writer = new SectionWriter(SECTION, CRITICAL_ILLNESS_BYTES);
  writeCriticalIllnesses(writer, value.criticalIllnesses);
  return writer.bytes;
}
