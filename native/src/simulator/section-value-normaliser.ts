import {
  decodeSection,
  getSection,
  isoToRocDate,
  isoToRocDateTime,
  type SectionId,
} from '@nhicard/protocol';

/** A JSON object as read from a card file. */
export type JsonObject = Record<string, unknown>;

/** Reports a problem with one field (a path such as `sections.basic.sexRaw`); never returns. */
export type FieldFailure = (field: string, reason: string) => never;

/** Every byte `'1'`: every field non-blank and every date real (ROC 111-11-11, 11:11:11). */
const PROBE_BYTE = 0x31;
const ROC_YEAR_OFFSET = 1911;
const shapes = new Map<SectionId, JsonObject>();

/** Whether `value` is a plain (non-array) object. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A fully populated decoded value of `section` (from a buffer, or one record, of `'1'`s): it
 * lists every field the decoder always produces, each record's fields, and the width of each
 * raw ROC companion (`…Roc`: 7 for dates, 13 for date-times, 3 for years). Reading the
 * decoder's own output keeps the card-file checks in step with the protocol's types.
 */
function sectionShape(section: SectionId): JsonObject {
  let shape = shapes.get(section);
  if (shape === undefined) {
    const { size } = getSection(section);
    const length = size.kind === 'fixed' ? size.bytes : size.recordBytes;
    shape = decodeSection(
      section,
      new Uint8Array(length).fill(PROBE_BYTE),
    ) as unknown as JsonObject;
    shapes.set(section, shape);
  }
  return shape;
}

const describeType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;

function rocOf(base: unknown, rocWidth: number, field: string, fail: FieldFailure): string {
  if (base === null) return '';
  if (rocWidth === 3) {
    if (typeof base !== 'number' || !Number.isInteger(base) || base <= ROC_YEAR_OFFSET) {
      return fail(field, `${JSON.stringify(base)} is not an AD year after 1911`);
    }
    return String(base - ROC_YEAR_OFFSET).padStart(3, '0');
  }
  if (typeof base !== 'string') return fail(field, `must be an ISO date string or null`);
  try {
    return rocWidth === 13 ? isoToRocDateTime(base) : isoToRocDate(base);
  } catch (error) {
    return fail(field, error instanceof Error ? error.message : String(error));
  }
}

function normaliseField(
  shapeValue: unknown,
  value: unknown,
  field: string,
  fail: FieldFailure,
  fillWarnings: boolean,
): unknown {
  if (Array.isArray(shapeValue)) {
    if (!Array.isArray(value)) return fail(field, `must be a list, got ${describeType(value)}`);
    const [recordShape] = shapeValue;
    if (!isJsonObject(recordShape)) return value;
    return value.map((record, index) =>
      normaliseNode(recordShape, record, `${field}[${index}]`, index, fail, fillWarnings),
    );
  }
  if (isJsonObject(shapeValue)) {
    return normaliseNode(shapeValue, value, field, undefined, fail, fillWarnings);
  }
  if (shapeValue !== null && value !== null && typeof value !== typeof shapeValue) {
    return fail(field, `must be a ${typeof shapeValue} or null, got ${describeType(value)}`);
  }
  return value;
}

function normaliseNode(
  shape: JsonObject,
  value: unknown,
  path: string,
  slot: number | undefined,
  fail: FieldFailure,
  fillWarnings: boolean,
): JsonObject {
  if (!isJsonObject(value)) return fail(path, `must be an object, got ${describeType(value)}`);
  const result: JsonObject = { ...value };
  for (const [key, shapeValue] of Object.entries(shape)) {
    const field = `${path}.${key}`;
    if (Object.hasOwn(value, key)) {
      if (key !== 'warnings') {
        result[key] = normaliseField(shapeValue, value[key], field, fail, fillWarnings);
      }
    } else if (key === 'warnings') {
      if (fillWarnings) result.warnings = [];
    } else if (key === 'slot' && slot !== undefined) {
      result.slot = slot;
    } else if (key.endsWith('Roc') && typeof shapeValue === 'string') {
      const base = key.slice(0, -'Roc'.length);
      if (!Object.hasOwn(value, base)) return fail(`${path}.${base}`, 'missing');
      result[key] = rocOf(value[base], shapeValue.length, `${path}.${base}`, fail);
    } else {
      return fail(field, 'missing');
    }
  }
  return result;
}

/**
 * Completes one section value from a card file into the exact decoded value the protocol's
 * decoder gives for it: adds `warnings: []` where omitted (unless `fillWarnings` is false),
 * numbers records in list order where `slot` is omitted, and derives each omitted raw ROC
 * companion (`birthDateRoc`, `visitDateTimeRoc`, `yearRoc`) from its ISO date or AD year.
 * Every other field of the decoded type must be given, with the right JSON type.
 *
 * @param path the path of the value in the card file, e.g. `sections.basic`.
 * @param fail called with the field path and the reason of the first problem found.
 */
export function normaliseSectionValue(
  section: SectionId,
  value: unknown,
  path: string,
  fail: FieldFailure,
  fillWarnings = true,
): JsonObject {
  return normaliseNode(sectionShape(section), value, path, undefined, fail, fillWarnings);
}
