import { childPath, fail, indexPath, isPlainRecord, NOT_UNICODE } from './field-reader.js';
import { MAX_DATA_DEPTH, MAX_DATA_VALUES } from './message-limits.js';
import { hasLoneSurrogate } from './utf8.js';

/** How many more values a copy may visit. */
interface CopyBudget {
  valuesLeft: number;
}

/**
 * A deep copy of `value` if it is plain JSON-compatible data: null, booleans, finite numbers
 * (`-0` becomes `0`), well-formed Unicode strings, dense arrays and plain objects of those,
 * at most {@link MAX_DATA_DEPTH} levels deep and {@link MAX_DATA_VALUES} values in all (an
 * in-memory object graph can share subtrees, so depth alone does not bound the work).
 * Anything else fails at its path: undefined, NaN, Infinity, bigint, symbols, functions,
 * class instances (Date, Map, typed arrays), getters, holes, and keys named `__proto__`
 * (harmless here, but an `Object.assign` downstream would turn one into a prototype change).
 *
 * Copying means the message a parser returns shares nothing with its (possibly hostile)
 * input.
 */
export function copyPlainData(value: unknown, path: string): unknown {
  return copyValue(value, path, 0, { valuesLeft: MAX_DATA_VALUES });
}

function copyValue(value: unknown, path: string, depth: number, budget: CopyBudget): unknown {
  budget.valuesLeft -= 1;
  if (budget.valuesLeft < 0) fail(path, `is past ${MAX_DATA_VALUES} values of data`);
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) fail(path, NOT_UNICODE);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(path, 'must be a finite number');
      return value === 0 ? 0 : value;
    case 'object':
      if (value === null) return null;
      if (depth >= MAX_DATA_DEPTH) fail(path, `is nested deeper than ${MAX_DATA_DEPTH} levels`);
      return Array.isArray(value)
        ? copyArray(value, path, depth + 1, budget)
        : copyRecord(value, path, depth + 1, budget);
    default:
      return fail(path, `must be plain data, not ${typeof value}`);
  }
}

function copyArray(
  array: readonly unknown[],
  path: string,
  depth: number,
  budget: CopyBudget,
): unknown[] {
  if (Object.getPrototypeOf(array) !== Array.prototype) fail(path, 'must be a plain array');
  const length: unknown = array.length;
  if (typeof length !== 'number') fail(path, 'must be a plain array');
  const copy: unknown[] = [];
  for (let index = 0; index < length; index += 1) {
    const descriptor = Object.getOwnPropertyDescriptor(array, index);
    const itemPath = indexPath(path, index);
    if (descriptor === undefined) fail(itemPath, 'is missing');
    if (!('value' in descriptor)) fail(itemPath, 'must be a data property');
    copy.push(copyValue(descriptor.value, itemPath, depth, budget));
  }
  return copy;
}

function copyRecord(
  record: object,
  path: string,
  depth: number,
  budget: CopyBudget,
): Record<string, unknown> {
  if (!isPlainRecord(record)) fail(path, 'must be a plain object');
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const keyPath = childPath(path, key);
    if (key === '__proto__') fail(keyPath, 'is not an allowed key');
    if (hasLoneSurrogate(key)) fail(keyPath, `key ${NOT_UNICODE}`);
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    if (descriptor === undefined) continue;
    if (!('value' in descriptor)) fail(keyPath, 'must be a data property');
    copy[key] = copyValue(descriptor.value, keyPath, depth, budget);
  }
  return copy;
}
