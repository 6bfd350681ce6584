import type { SectionDataMap } from './section-data-map.js';
import type { SectionId } from './section-ids.js';
import type { SectionNeeds } from './section-needs.js';

/** A section's size: one fixed buffer, or N whole records (the prescription readers). */
export type SectionSize =
  | { readonly kind: 'fixed'; readonly bytes: number }
  | { readonly kind: 'records'; readonly recordBytes: number; readonly maxRecords: number };

/** One row of the section table. */
export interface SectionInfo<K extends SectionId = SectionId> {
  /** The stable id clients ask for. */
  readonly id: K;
  /** The section's size on the card: the buffer a driver reads it into. */
  readonly size: SectionSize;
  /** What the read needs (see {@link SectionNeeds}). */
  readonly needs: SectionNeeds;
  /** The PC/SC read's size when the section can be read over PC/SC without csHIS; else null. */
  readonly pcsc: { readonly bytes: number } | null;
  /** One line saying what the section holds. */
  readonly description: string;
  /** Bytes → typed value; throws only `DecodeError`. */
  readonly decode: (bytes: Uint8Array) => SectionDataMap[K];
  /** Typed value → bytes (for the simulator and tests); throws `RangeError` on values that do not fit. */
  readonly encode: (value: SectionDataMap[K]) => Uint8Array;
}
