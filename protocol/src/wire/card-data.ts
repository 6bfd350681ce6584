import type { SectionId } from '../card/section-ids.js';
import type { WireError } from './wire-error.js';

/**
 * Decoded card sections by section id, typed by the section registry (type-only: the wire
 * pulls in no decoder code). The wire validates each section's value as JSON-compatible plain
 * data, not by shape.
 */
export type { CardSectionsData } from '../card/section-data-map.js';

/** Per-section failures of a read that partly succeeded. */
export type SectionErrors = Partial<Record<SectionId, WireError>>;

/**
 * What a `presence`-scope connection learns about the holder: the masked name only
 * (e.g. `王○明`), never the ID number or birth date.
 */
export interface MaskedHolder {
  /** The holder's name masked by `maskName`: first character and (from three on) the last kept. */
  maskedName: string;
}
