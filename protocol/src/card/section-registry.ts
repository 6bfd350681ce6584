import { DecodeError } from './decode-error.js';
import type { SectionDataMap } from './section-data-map.js';
import { isSectionId, SECTION_IDS, type SectionId } from './section-ids.js';
import type { SectionInfo } from './section-info.js';
import { SECTION_REGISTRY } from './section-table.js';

/** The section table as a list, in `SECTION_IDS` order. */
export const SECTIONS: readonly SectionInfo[] = SECTION_IDS.map(
  (id) => SECTION_REGISTRY[id] as SectionInfo,
);

/**
 * The table row of a section.
 * @throws RangeError when `id` is not a section id.
 */
export function getSection<K extends SectionId>(id: K): SectionInfo<K> {
  if (!isSectionId(id)) throw new RangeError(`unknown section id ${JSON.stringify(id)}`);
  return SECTION_REGISTRY[id];
}

/**
 * Decodes a section's raw bytes through its table row.
 * @throws DecodeError only: for bytes that do not decode, and for an unknown id (offset 0).
 */
export function decodeSection<K extends SectionId>(id: K, bytes: Uint8Array): SectionDataMap[K] {
  if (!isSectionId(id)) throw new DecodeError(String(id), 0, 'unknown section id');
  return SECTION_REGISTRY[id].decode(bytes);
}

/**
 * Encodes a typed section value through its table row.
 * @throws RangeError for an unknown id or a value that does not fit the layout.
 */
export function encodeSection<K extends SectionId>(id: K, value: SectionDataMap[K]): Uint8Array {
  return getSection(id).encode(value);
}
