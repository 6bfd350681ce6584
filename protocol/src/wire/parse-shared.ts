import { isSectionId, type SectionId } from '../card/section-ids.js';
import { ERROR_CODE_LIST } from '../errors/error-codes.js';
import type { CardSectionsData, MaskedHolder, SectionErrors } from './card-data.js';
import {
  childPath,
  expectArray,
  expectBoolean,
  expectInteger,
  expectOneOf,
  expectRecord,
  expectString,
  fail,
  ownField,
  type PlainRecord,
  requiredField,
} from './field-reader.js';
import {
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

/** A {@link ReaderInfo}. */
export function readReaderInfo(value: unknown, path: string): ReaderInfo {
  const record = expectRecord(value, path);
  return {
    id: readReaderId(requiredField(record, 'id', path), childPath(path, 'id')),
    name: expectString(requiredField(record, 'name', path), childPath(path, 'name'), {
      min: 1,
      max: MAX_READER_NAME_LENGTH,
    }),
    driver: expectOneOf(
      requiredField(record, 'driver', path),
      childPath(path, 'driver'),
      DRIVER_NAMES,
      'driver',
    ),
  };
}

/** A list of {@link ReaderInfo}. */
export function readReaderList(value: unknown, path: string): ReaderInfo[] {
  return expectArray(value, path, 0, MAX_READERS).map((item, index) =>
    readReaderInfo(item, `${path}[${index}]`),
  );
}

/** A text field of an error: non-empty, bounded. */
function readErrorText(value: unknown, path: string): string {
  return expectString(value, path, { min: 1, max: MAX_ERROR_TEXT_LENGTH });
}

function readNativeDetail(value: unknown, path: string): NativeErrorDetail {
  const record = expectRecord(value, path);
  return {
    source: expectOneOf(
      requiredField(record, 'source', path),
      childPath(path, 'source'),
      NATIVE_SOURCES,
      'native source',
    ),
    code: expectInteger(
      requiredField(record, 'code', path),
      childPath(path, 'code'),
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
    ),
    message: readErrorText(requiredField(record, 'message', path), childPath(path, 'message')),
  };
}

/** A {@link WireError}. */
export function readWireError(value: unknown, path: string): WireError {
  const record = expectRecord(value, path);
  const error: WireError = {
    code: expectOneOf(
      requiredField(record, 'code', path),
      childPath(path, 'code'),
      ERROR_CODE_LIST,
      'error code',
    ),
    message: readErrorText(requiredField(record, 'message', path), childPath(path, 'message')),
    retryable: expectBoolean(
      requiredField(record, 'retryable', path),
      childPath(path, 'retryable'),
    ),
  };
  const native = ownField(record, 'native', path);
  if (native !== undefined) error.native = readNativeDetail(native, childPath(path, 'native'));
  const hint = ownField(record, 'hint', path);
  if (hint !== undefined) error.hint = readErrorText(hint, childPath(path, 'hint'));
  const hintZh = ownField(record, 'hintZh', path);
  if (hintZh !== undefined) error.hintZh = readErrorText(hintZh, childPath(path, 'hintZh'));
  return error;
}

/** A {@link MaskedHolder} or `null`. */
export function readHolder(value: unknown, path: string): MaskedHolder | null {
  if (value === null) return null;
  const record = expectRecord(value, path);
  const maskedName = requiredField(record, 'maskedName', path);
  return {
    maskedName: expectString(maskedName, childPath(path, 'maskedName'), {
      min: 1,
      max: MAX_MASKED_NAME_LENGTH,
    }),
  };
}

/**
 * Copies an optional `insertion` id from `record` into `target` (an opaque string, compared
 * for equality only).
 */
export function readInsertion<T extends object>(
  record: PlainRecord,
  path: string,
  target: T,
): T & { insertion?: string } {
  const insertion = ownField(record, 'insertion', path);
  if (insertion !== undefined) {
    (target as { insertion?: string }).insertion = expectString(
      insertion,
      childPath(path, 'insertion'),
      {
        min: 1,
        max: MAX_INSERTION_LENGTH,
      },
    );
  }
  return target;
}

/** A {@link CardState}. */
function readCardState(value: unknown, path: string): CardState {
  const record = expectRecord(value, path);
  const state: CardState = {
    presence: expectOneOf(
      requiredField(record, 'presence', path),
      childPath(path, 'presence'),
      CARD_PRESENCE,
      'card presence',
    ),
    since: readIsoTime(requiredField(record, 'since', path), childPath(path, 'since')),
    holder: readHolder(requiredField(record, 'holder', path), childPath(path, 'holder')),
  };
  const error = ownField(record, 'error', path);
  if (error !== undefined) state.error = readWireError(error, childPath(path, 'error'));
  return readInsertion(record, path, state);
}

/** A {@link ReaderStatus}. */
export function readReaderStatus(value: unknown, path: string): ReaderStatus {
  const record = expectRecord(value, path);
  return {
    reader: readReaderInfo(requiredField(record, 'reader', path), childPath(path, 'reader')),
    card: readCardState(requiredField(record, 'card', path), childPath(path, 'card')),
  };
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
  const record = expectRecord(value, path);
  const sections: Partial<Record<SectionId, unknown>> = {};
  for (const key of Object.keys(record)) {
    if (!isSectionId(key)) continue;
    const section = ownField(record, key, path);
    if (section !== undefined) sections[key] = copyPlainData(section, childPath(path, key));
  }
  return sections as CardSectionsData;
}

/** Per-section errors by id; unknown keys are dropped as in {@link readSectionsData}. */
export function readSectionErrors(value: unknown, path: string): SectionErrors {
  const record = expectRecord(value, path);
  const errors: SectionErrors = {};
  for (const key of Object.keys(record)) {
    if (!isSectionId(key)) continue;
    const error = ownField(record, key, path);
    if (error !== undefined) errors[key] = readWireError(error, childPath(path, key));
  }
  return errors;
}
