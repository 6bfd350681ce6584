import type { ParseFailureCode } from './parse-result.js';
import { hasLoneSurrogate } from './utf8.js';

/**
 * Thrown inside the parsers to unwind to the entry point, which turns it into a
 * ParseFailure. It never escapes a parser.
 */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  readonly code: ParseFailureCode;
  readonly field: string;

  constructor(field: string, message: string, code: ParseFailureCode = 'BAD_REQUEST') {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** Stops parsing with a failure at `field`. */
export function fail(field: string, message: string): never {
  throw new FieldError(field, message);
}

/** The path of `key` inside the object at `path`. */
export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The path of element `index` of the array at `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A record whose fields are read only through {@link ownField}. */
export type PlainRecord = Readonly<Record<string, unknown>>;

/**
 * Whether `value` is a plain object: not null, not an array, and made by an object literal,
 * `JSON.parse`, a decoder or `Object.create(null)`. Class instances (Date, Map, Buffer …)
 * are not.
 */
export function isPlainRecord(value: unknown): value is PlainRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `value` as a plain object, or a failure at `path`. */
export function expectRecord(value: unknown, path: string): PlainRecord {
  if (!isPlainRecord(value)) fail(path, 'must be an object');
  return value;
}

/**
 * True while {@link readDecoded} reads a value one of this package's codecs decoded: plain
 * data only (own data properties, plain prototypes, dense arrays, no proxies, no `__proto__`
 * keys), so fields are read directly instead of through a property descriptor, which costs
 * an object per field and made most of the garbage of a request.
 */
let readingDecodedData = false;

/**
 * Runs `read(value)` for a `value` exactly as `jsonCodec.decode` or `msgpackCodec.decode`
 * returned it, so the field readers may skip their guards against getters and holes.
 */
export function readDecoded<A, T>(read: (value: A) => T, value: A): T {
  if (readingDecodedData) return read(value);
  readingDecodedData = true;
  try {
    return read(value);
  } finally {
    readingDecodedData = false;
  }
}

/**
 * The value of `record`'s own data property `key`, or `undefined` when there is none.
 * Inherited properties are never seen (so a `__proto__` trick cannot add a field) and a
 * getter is refused rather than run.
 */
export function ownField(record: PlainRecord, key: string, path: string): unknown {
  // Decoded data has only own data properties: no descriptor needed to know that.
  if (readingDecodedData) return Object.hasOwn(record, key) ? record[key] : undefined;
  const descriptor = Object.getOwnPropertyDescriptor(record, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) fail(childPath(path, key), 'must be a data property');
  return descriptor.value;
}

/** Own field `key` that must be present (not `undefined`). */
export function requiredField(record: PlainRecord, key: string, path: string): unknown {
  const value = ownField(record, key, path);
  if (value === undefined) fail(childPath(path, key), 'is required');
  return value;
}

/** Reads one value at its path: the signature every field and item reader here shares. */
export type ValueReader<T> = (value: unknown, path: string) => T;

/** Required field `key` of `record`, read by `read` at the field's own path. */
export function readField<T>(
  record: PlainRecord,
  key: string,
  path: string,
  read: ValueReader<T>,
): T {
  return read(requiredField(record, key, path), childPath(path, key));
}

/** Required field `key` of `record` as one of `set`. */
export function readOneOfField<const T extends string>(
  record: PlainRecord,
  key: string,
  path: string,
  set: readonly T[],
  what: string,
): T {
  return expectOneOf(requiredField(record, key, path), childPath(path, key), set, what);
}

/**
 * Sets `target[key]` to field `key` of `record` read by `read` when the field is there; an
 * absent optional field stays absent. Returns `target`.
 */
export function copyOptionalField<T extends object, K extends keyof T & string>(
  target: T,
  record: PlainRecord,
  key: K,
  path: string,
  read: ValueReader<NonNullable<T[K]>>,
): T {
  const value = ownField(record, key, path);
  if (value !== undefined) target[key] = read(value, childPath(path, key));
  return target;
}

/** Bounds of a string field, in UTF-16 code units. */
export interface StringBounds {
  /** Shortest allowed. */
  min: number;
  /** Longest allowed. */
  max: number;
}

/** Why a string with a lone surrogate is refused. */
export const NOT_UNICODE = 'must be well-formed Unicode (no lone surrogates)';

/** `value` as a string within `bounds`, or a failure at `path`. */
export function expectString(value: unknown, path: string, bounds: StringBounds): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (value.length < bounds.min) {
    fail(path, bounds.min === 1 ? 'must not be empty' : `must be at least ${bounds.min} long`);
  }
  if (value.length > bounds.max) fail(path, `must be at most ${bounds.max} long`);
  if (hasLoneSurrogate(value)) fail(path, NOT_UNICODE);
  return value;
}

/** `value` as an integer in `[min, max]` (`-0` becomes `0`), or a failure at `path`. */
export function expectInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'must be an integer');
  if (value < min || value > max) fail(path, `must be from ${min} to ${max}`);
  // Object.is(-0, 0) is false; a decoded -0 would not round-trip identically.
  return value === 0 ? 0 : value;
}

/** `value` as a boolean, or a failure at `path`. */
export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

/** `value` as one of `set`, or a failure at `path`. */
export function expectOneOf<const T extends string>(
  value: unknown,
  path: string,
  set: readonly T[],
  what: string,
): T {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (!(set as readonly string[]).includes(value)) fail(path, `is not a known ${what}`);
  return value as T;
}

/**
 * `value` as a dense array of `min..max` elements, read without running getters, or a
 * failure at `path`. The length is checked before any element is looked at.
 */
export function expectArray(
  value: unknown,
  path: string,
  min: number,
  max: number,
): readonly unknown[] {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) {
    fail(path, 'must be an array');
  }
  const length: unknown = value.length;
  if (typeof length !== 'number') fail(path, 'must be an array');
  if (length < min) fail(path, min === 1 ? 'must not be empty' : `must have at least ${min} items`);
  if (length > max) fail(path, `must have at most ${max} items`);
  // A decoder's arrays are dense data, and nobody else holds them.
  if (readingDecodedData) return value;
  const items: unknown[] = [];
  for (let index = 0; index < length; index += 1) {
    const descriptor = Object.getOwnPropertyDescriptor(value, index);
    if (descriptor === undefined) fail(indexPath(path, index), 'is missing');
    if (!('value' in descriptor)) fail(indexPath(path, index), 'must be a data property');
    items.push(descriptor.value);
  }
  return items;
}

/** `value` as an array of `min..max` items (see {@link expectArray}), each read by `readItem`. */
export function readArray<T>(
  value: unknown,
  path: string,
  min: number,
  max: number,
  readItem: ValueReader<T>,
): T[] {
  return expectArray(value, path, min, max).map((item, index) =>
    readItem(item, indexPath(path, index)),
  );
}

/**
 * A list of `min..max` distinct values from `set`: the count is checked first, then each item,
 * then that no item repeats (reported at the repeat).
 */
export function expectDistinct<const T extends string>(
  value: unknown,
  path: string,
  set: readonly T[],
  min: number,
  max: number,
  what: string,
): T[] {
  const items = expectArray(value, path, min, max);
  // A handful of items at most: a scan of those read so far beats a Set, and item paths are
  // only made for a failure.
  const known: T[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (typeof item !== 'string' || !(set as readonly unknown[]).includes(item)) {
      expectOneOf(item, indexPath(path, index), set, what);
    }
    if (known.includes(item as T)) fail(indexPath(path, index), `repeats ${JSON.stringify(item)}`);
    known.push(item as T);
  }
  return known;
}
