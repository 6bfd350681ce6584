import { isJsonObject } from './section-value-normaliser.js';

/** Where a card file's section value and the decoding of its bytes first part. */
export interface ValueDifference {
  /** The field path, e.g. `sections.basic.sex`. */
  field: string;
  /** What differs, in English. */
  reason: string;
}

/**
 * Fields the decoder derives from the bytes alone: a card file may leave them out and accept
 * whatever the decoder reports (its `warnings`; `…RawHex` of text with HKSCS characters).
 */
const mayBeOmitted = (key: string): boolean => key === 'warnings' || key.endsWith('RawHex');

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

function differenceOfObjects(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  path: string,
): ValueDifference | undefined {
  for (const key of Object.keys(expected)) {
    if (!Object.hasOwn(actual, key)) {
      return {
        field: `${path}.${key}`,
        reason: 'is not a field of this section (or does not apply to its value)',
      };
    }
    const difference = firstDifference(expected[key], actual[key], `${path}.${key}`);
    if (difference) return difference;
  }
  for (const key of Object.keys(actual)) {
    if (!Object.hasOwn(expected, key) && !mayBeOmitted(key)) {
      return {
        field: `${path}.${key}`,
        reason: `missing (the bytes decode as ${show(actual[key])})`,
      };
    }
  }
  return undefined;
}

/**
 * The first place where `expected` (a normalised card-file value) and `actual` (the decoding
 * of the bytes made from it) differ, or undefined when the value survives the round trip.
 * A difference means the card file holds something the card cannot store as written: a value
 * that disagrees with its raw companion (`sex` vs `sexRaw`), an unknown field, records out of
 * slot order, text that does not fit.
 */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  path: string,
): ValueDifference | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return {
        field: path,
        reason: `holds ${expected.length} entries, but its bytes decode into ${actual.length}`,
      };
    }
    for (let index = 0; index < expected.length; index += 1) {
      const difference = firstDifference(expected[index], actual[index], `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isJsonObject(expected) && isJsonObject(actual)) {
    return differenceOfObjects(expected, actual, path);
  }
  if (Object.is(expected, actual)) return undefined;
  return {
    field: path,
    reason: `is ${show(expected)} in the card file, but its bytes decode as ${show(actual)}`,
  };
}
