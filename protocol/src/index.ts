/** @packageDocumentation The nhicard wire protocol. Pure and browser-safe. */

export { isSectionId, SECTION_IDS, type SectionId } from './card/section-ids.js';
export { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode, isErrorCode } from './errors/error-codes.js';
