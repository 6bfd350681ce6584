/** Every row of the table-driven section suite, one per card section. */
import { FIXED_SLOT_SECTION_CASES } from './fixed-slot-sections.test-helpers.js';
import { HOLDER_SECTION_CASES } from './holder-sections.test-helpers.js';
import { RECORD_LIST_SECTION_CASES } from './record-list-sections.test-helpers.js';
import { SLOT_SECTION_CASES } from './slot-sections.test-helpers.js';
import { SMALL_SECTION_CASES } from './small-sections.test-helpers.js';
import { TREATMENTS_SECTION_CASES } from './treatments-section.test-helpers.js';

/** The suite's table: each section's fixtures, malformed input and arbitraries. */
export const SECTION_CASES = [
  ...HOLDER_SECTION_CASES,
  ...SLOT_SECTION_CASES,
  ...SMALL_SECTION_CASES,
  ...RECORD_LIST_SECTION_CASES,
  ...FIXED_SLOT_SECTION_CASES,
  ...TREATMENTS_SECTION_CASES,
];
