import { maskBirthDate, maskIdNumber, maskName } from '@nhicard/protocol';
import type { PersonalValueMemory } from './personal-value-memory.js';

/**
 * Anything shaped like a Taiwan ID or resident certificate number: a letter, then `1`/`2`
 * (citizens), `8`/`9` (resident certificates since 2021) or `A`–`D` (older resident
 * certificates), then 8 digits, not inside a longer run of letters and digits. The check digit
 * is not verified on purpose: a mistyped number is just as personal.
 */
const ID_NUMBER_LIKE = /(?<![A-Za-z0-9])[A-Za-z][12ABCDabcd89]\d{8}(?!\d)/g;

/** Replaces every ID-number-like run in `text` with its masked form (`A12*****89`). */
export function scrubIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_LIKE, (match) => maskIdNumber(match));
}

const ID_NUMBER_KEY = /^(id_?number|id_?no|national_?id|personal_?id)$/i;
const BIRTH_KEY = /birth/i;
const NAME_KEY = /^(name|full_?name|holder_?name|patient_?name)$/i;
/** Raw text or bytes of a personal field (`nameRawHex`): nothing of it may show. */
const RAW_PERSONAL_KEY = /^(name|id_?number|birth_?date)_?raw(_?hex)?$/i;
const PHONE_KEY = /phone/i;
/** Field paths in card warnings whose `raw` and `message` quote personal data. */
const PERSONAL_WARNING_FIELD = /(^|\.)(name|idNumber|birthDate|phone)$/i;
/** What replaces a card warning's message when it is about a personal field. */
const WITHHELD_MESSAGE = '[withheld: about a personal field]';
/** Keys whose objects describe readers: their `name` is a device name, not a person's. */
const READER_KEYS = new Set(['reader', 'readers']);
/** Deepest nesting walked; deeper values are replaced (logs never need them). */
const MAX_DEPTH = 12;

interface WalkContext {
  /** Values masked so far, to mask them in free text too; null to keep nothing. */
  memory: PersonalValueMemory | null;
  /** Whether the value belongs to a reader description. */
  inReader: boolean;
  depth: number;
  /** Objects on the path from the root, to cut cycles. */
  ancestors: Set<object>;
}

/**
 * A copy of `value` safe to log: ID numbers, names and birth dates under their usual keys are
 * masked with the protocol's masking functions, raw name bytes and phone numbers are hidden,
 * ID-number-like text anywhere is masked, byte arrays are replaced by their length and
 * errors become plain objects (message, code, native details, cause) masked the same way.
 * With a `memory`, the values masked are remembered and masked wherever they show up again
 * in any string, this call's and later ones'.
 */
export function maskPersonalData(
  value: unknown,
  memory: PersonalValueMemory | null = null,
): unknown {
  return walk(value, null, { memory, inReader: false, depth: 0, ancestors: new Set() });
}

function walk(value: unknown, key: string | null, context: WalkContext): unknown {
  if (typeof value === 'string') return maskString(value, key, context);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    return `[${value.byteLength} bytes]`;
  }
  if (context.ancestors.has(value)) return '[circular]';
  if (context.depth >= MAX_DEPTH) return '[too deep]';
  const inner: WalkContext = {
    memory: context.memory,
    inReader: context.inReader || (key !== null && READER_KEYS.has(key)),
    depth: context.depth + 1,
    ancestors: new Set(context.ancestors).add(value),
  };
  if (Array.isArray(value)) return value.map((item) => walk(item, key, inner));
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const personalWarning =
    typeof source.field === 'string' && PERSONAL_WARNING_FIELD.test(source.field);
  const copy: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(source)) {
    if (personalWarning && childKey === 'raw') {
      copy[childKey] = typeof child === 'string' ? hideAll(child) : child;
    } else if (personalWarning && childKey === 'message') {
      // Decoders quote the odd characters of the field, which can be most of a short name.
      copy[childKey] = WITHHELD_MESSAGE;
    } else {
      copy[childKey] = walk(child, childKey, inner);
    }
  }
  return copy;
}

/** The mask characters: a value holding one was masked already (the line pass sees it again). */
const ALREADY_MASKED = /[*○]/;

function maskString(text: string, key: string | null, context: WalkContext): string {
  const personalMask =
    key === null || ALREADY_MASKED.test(text) ? null : maskForKey(text, key, context);
  if (personalMask !== null) {
    context.memory?.remember(text, personalMask);
    return personalMask;
  }
  return scrubIdNumbers(context.memory?.scrub(text) ?? text);
}

/** The mask of `text` when `key` marks it as personal, else null. */
function maskForKey(text: string, key: string, context: WalkContext): string | null {
  if (RAW_PERSONAL_KEY.test(key)) return hideAll(text);
  if (ID_NUMBER_KEY.test(key)) return maskIdNumber(text);
  if (BIRTH_KEY.test(key)) return maskBirthDate(text);
  if (NAME_KEY.test(key) && !context.inReader) return maskName(text);
  if (PHONE_KEY.test(key)) return maskPhone(text);
  return null;
}

function hideAll(text: string): string {
  return '*'.repeat(Array.from(text).length);
}

/** Keeps the last two digits, as a support call needs no more. */
function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, '').length;
  let seen = 0;
  return text.replace(/\d/g, (digit) => {
    seen += 1;
    return seen > digits - 2 ? digit : '*';
  });
}

/** The loggable fields of an error: its name, message, stack, own fields and cause. */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message };
  for (const [key, field] of Object.entries(error)) {
    if (field !== undefined) fields[key] = field;
  }
  if (error.stack !== undefined) fields.stack = error.stack;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}
