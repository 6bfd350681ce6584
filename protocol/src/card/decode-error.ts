import type { SectionId } from './section-ids.js';

/**
 * The one error a card-section decoder throws: the buffer has the wrong length or holds bytes
 * that cannot be decoded. It names the section and the byte offset where decoding failed, so a
 * dump from a real card can be inspected at that place.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** The section (or layout) being decoded, e.g. `basic`. */
  readonly section: SectionId | (string & {});
  /** 0-based offset into the section's buffer where the problem is. */
  readonly offset: number;

  constructor(section: SectionId | (string & {}), offset: number, message: string) {
    super(`${section} @${offset}: ${message}`);
    this.section = section;
    this.offset = offset;
  }
}
