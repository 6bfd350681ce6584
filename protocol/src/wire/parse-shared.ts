import { isSectionId, SECTION_IDS, type SectionId } from '../card/section-ids.js';
import { ERROR_CODE_LIST } from '../errors/error-codes.js';
import type { CardSectionsData, MaskedHolder, SectionErrors } from './card-data.js';
import {
  childPath,
  copyOptionalField,
  expectBoolean,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
  ownField,
  type PlainRecord,
  readArray,
  readField,
  readOneOfField,
  requiredField,
  type ValueReader,
} from './field-reader.js';
import {
  CARD_NAME_PATTERN,
  MAX_CARD_NAME_LENGTH,
  MAX_ERROR_TEXT_LENGTH,
  MAX_INSERTION_LENGTH,
  MAX_MASKED_NAME_LENGTH,
  MAX_READER_ID_LENGTH,
  MAX_READER_NAME_LENGTH,
  MAX_READERS,
  MAX_TIME_LENGTH,
} from './message-limits.js';
import { copyPlainData } from './plain-data.js';
import type { CardState, ReaderInfo, ReaderStatus } from './reader-types.js';
import { CARD_PRESENCE, DRIVER_NAMES, NATIVE_SOURCES } from './value-sets.js';
import type { NativeErrorDetail, WireError } from './wire-error.js';

// Validators for the structures several messages share. Each takes the value and its path,
// returns a fresh object holding only the known fields, and throws FieldError otherwise.

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with seconds and a zone, e.g. `2025-03-14T01:02:03.456Z`. */
export function readIsoTime(value: unknown, path: string): string {
  const text = expectString(value, path, { min: 1, max: MAX_TIME_LENGTH });
  if (!ISO_TIME.test(text) || Number.isNaN(Date.parse(text))) {
    fail(path, 'must be an ISO 8601 time such as 2025-03-14T01:02:03.456Z');
  }
  return text;
}

/** A reader id. */
export function readReaderId(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_READER_ID_LENGTH });
}

/** An optional `reader` field of a record: absent (or undefined) stays absent. */
export function readOptionalReader(record: PlainRecord, path: string): { reader?: string } {
  const reader = ownField(record, 'reader', path);
  return reader === undefined ? {} : { reader: readReaderId(reader, childPath(path, 'reader')) };
}

/** A reader's display name. */
function readReaderName(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_READER_NAME_LENGTH });
}

/**
 * The `card` field of `sim.insert` (params and result): a card file's name; `rule` says why
 * a name that does not match {@link CARD_NAME_PATTERN} is refused.
 */
export function readCardName(record: PlainRecord, path: string, rule: string): string {
  const cardPath = childPath(path, 'card');
  const card = expectString(requiredField(record, 'card', path), cardPath, {
    min: 1,
    max: MAX_CARD_NAME_LENGTH,
  });
  if (!CARD_NAME_PATTERN.test(card)) fail(cardPath, rule);
  return card;
}

/** A {@link ReaderInfo}. */
export function readReaderInfo(value: unknown, path: string): ReaderInfo {
  const record = expectRecord(value, path);
  return {
    id: readField(record, 'id', path, readReaderId),
    name: readField(record, 'name', path, readReaderName),
    driver: readOneOfField(record, 'driver', path, DRIVER_NAMES, 'driver'),
  };
}

/** A list of {@link ReaderInfo}. */
export function readReaderList(value: unknown, path: string): ReaderInfo[] {
  return readArray(value, path, 0, MAX_READERS, readReaderInfo);
}

/** A text field of an error: non-empty, bounded. */
function readErrorText(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_ERROR_TEXT_LENGTH });
}

/** A native code: any safe integer (the tables hold negative PC/SC codes too). */
function readNativeCode(value: unknown, path: string): number {
  return expectInteger(value, path, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

function readNativeDetail(value: unknown, path: string): NativeErrorDetail {
  const record = expectRecord(value, path);
  return {
    source: readOneOfField(record, 'source', path, NATIVE_SOURCES, 'native source'),
    code: readField(record, 'code', path, readNativeCode),
    message: readField(record, 'message', path, readErrorText),
  };
}

/** A {@link WireError}. */
export function readWireError(value: unknown, path: string): WireError {
  const record = expectRecord(value, path);
  const error: WireError = {
    code: readOneOfField(record, 'code', path, ERROR_CODE_LIST, 'error code'),
    message: readField(record, 'message', path, readErrorText),
    retryable: readField(record, 'retryable', path, expectBoolean),
  };
  copyOptionalField(error, record, 'native', path, readNativeDetail);
  copyOptionalField(error, record, 'hint', path, readErrorText);
  return copyOptionalField(error, record, 'hintZh', path, readErrorText);
}

function readMaskedName(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_MASKED_NAME_LENGTH });
}

/** A {@link MaskedHolder} or `null`. */
export function readHolder(value: unknown, path: string): MaskedHolder | null {
  if (value === null) return null;
  return { maskedName: readField(expectRecord(value, path), 'maskedName', path, readMaskedName) };
}

/** An insertion id: an opaque string, compared for equality only. */
function readInsertionId(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_INSERTION_LENGTH });
}

/** Copies an optional `insertion` id from `record` into `target`. */
export function readInsertion<T extends object>(
  record: PlainRecord,
  path: string,
  target: T,
): T & { insertion?: string } {
  copyOptionalField(target as { insertion?: string }, record, 'insertion', path, readInsertionId);
  return target as T & { insertion?: string };
}

/** A {@link CardState}. */
function readCardState(value: unknown, path: string): CardState {
  const record = expectRecord(value, path);
  const state: CardState = {
    presence: readOneOfField(record, 'presence', path, CARD_PRESENCE, 'card presence'),
    since: readField(record, 'since', path, readIsoTime),
    holder: readField(record, 'holder', path, readHolder),
  };
  copyOptionalField(state, record, 'error', path, readWireError);
  return readInsertion(record, path, state);
}

/** A {@link ReaderStatus}. */
export function readReaderStatus(value: unknown, path: string): ReaderStatus {
  const record = expectRecord(value, path);
  return {
    reader: readField(record, 'reader', path, readReaderInfo),
    card: readField(record, 'card', path, readCardState),
  };
}

/** The values of `record` whose keys are section ids of this version, each read by `read`. */
function readBySection<T>(
  value: unknown,
  path: string,
  read: ValueReader<T>,
): Partial<Record<SectionId, T>> {
  const record = expectRecord(value, path);
  const bySection: Partial<Record<SectionId, T>> = {};
  for (const key of Object.keys(record)) {
    if (!isSectionId(key)) continue;
    const item = ownField(record, key, path);
    if (item !== undefined) bySection[key] = read(item, childPath(path, key));
  }
  return bySection;
}

/**
 * Decoded sections by id. Keys that are not section ids of this version are dropped (a newer
 * server may know more sections); values must be plain data.
 *
 * Each value is checked as plain data, not against its section's type: the shapes are the
 * decoders' contract with the broker, and re-validating every field of every section here
 * would duplicate the decoders. The result is typed as the decoders' output on that trust.
 */
export function readSectionsData(value: unknown, path: string): CardSectionsData {
  return readBySection(value, path, copyPlainData) as CardSectionsData;
}

/** Per-section errors by id; unknown keys are dropped as in {@link readSectionsData}. */
export function readSectionErrors(value: unknown, path: string): SectionErrors {
  return readBySection(value, path, readWireError);
}

/** A section id, as a field of an event. */
export function readSectionId(value: unknown, path: string): SectionId {
  return expectOneOf(value, path, SECTION_IDS, 'section');
}
