/**
 * Test-only helpers for the section tests of basic, insurance, prevent, pregnancy, cumulative
 * and the small sections: hex fixtures written by hand, fast-check arbitraries for valid
 * objects and canonical buffers, and a DecodeError assertion.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { DecodeError } from '../decode-error.js';
import { checkTaiwanId } from '../taiwan-id.js';
import type { CancelFlagFields, HolderFields } from './holder-fields.js';

/** Bytes from hex parts (spaces ignored), so a fixture can be written one field per line. */
export function hex(...parts: string[]): Uint8Array {
  const digits = parts.join('').replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** Hex of ASCII text, for the digit and code fields of a hand-written fixture. */
export function asciiHex(text: string): string {
  return Array.from(text, (char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/** `count` space bytes, as hex. */
export const spacesHex = (count: number): string => '20'.repeat(count);

/** Bytes of an ASCII string (tests only). */
export const asciiBytes = (text: string): Uint8Array =>
  Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Asserts that `run` throws a DecodeError for `section` at `offset`. */
export function expectDecodeError(run: () => unknown, section: string, offset: number): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect({
    section: (thrown as DecodeError).section,
    offset: (thrown as DecodeError).offset,
  }).toEqual({
    section,
    offset,
  });
}

/** Runs `decode` and fails the property on anything thrown except a DecodeError. */
export function onlyResultOrDecodeError<Raw>(decode: (raw: Raw) => unknown, raw: Raw): void {
  try {
    decode(raw);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

/** Random bytes of any length up to `maxLength`. */
export const anyBytes = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: 0, maxLength });

/** Random bytes of exactly `length`, biased towards the printable and Big5 bytes cards hold. */
export const bytesOfLength = (length: number): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0x30, max: 0x39 }),
        fc.constantFrom(0x20, 0x00),
      ),
      { minLength: length, maxLength: length },
    )
    .map((values) => Uint8Array.from(values));

// ---------------------------------------------------------------- valid values for objects

/** A ROC date and its ISO form, ROC years 1–199 (1912–2110). */
export const rocDateArb: fc.Arbitrary<{ iso: string; roc: string }> = fc
  .record({
    rocYear: fc.integer({ min: 1, max: 199 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ rocYear, month, day }) => {
    const year = rocYear + 1911;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const d = Math.min(day, lastDay);
    const pad = (value: number, width: number): string => String(value).padStart(width, '0');
    return {
      iso: `${year}-${pad(month, 2)}-${pad(d, 2)}`,
      roc: `${pad(rocYear, 3)}${pad(month, 2)}${pad(d, 2)}`,
    };
  });

/** A date field of a valid object: a real date, or blank (`iso` null, `roc` ''). */
export const dateFieldArb: fc.Arbitrary<{ iso: string | null; roc: string }> = fc.oneof(
  rocDateArb,
  fc.constant({ iso: null, roc: '' }),
);

/** Printable ASCII without leading or trailing spaces, at most `maxLength` characters. */
export const asciiCodeArb = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc
    .string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength,
      maxLength,
    })
    .map((text) => text.trim())
    .filter((text) => text.length >= minLength);

/** Exactly `length` decimal digits. */
export const digitsArb = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** A valid national ID or resident number, with its check digit computed. */
const validIdArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    fc.constantFrom('1', '2', '8', '9', 'A', 'B', 'C', 'D'),
    digitsArb(7),
  )
  .map(([letter, second, body]) => {
    for (const check of '0123456789') {
      const id = `${letter}${second}${body}${check}`;
      if (checkTaiwanId(id).valid) return id;
    }
    throw new Error('no check digit fits');
  });

/** Characters of standard Big5 that names use. */
const NAME_CHARS = [...'王小明陳林李張黃吳劉蔡楊許鄭謝歐陽娜美華大文志偉淑芬怡君'];

/** A name that fits 20 bytes: 1–10 standard Big5 characters, or upper-case Latin words. */
const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 10 }).map((c) => c.join('')),
  fc
    .array(fc.stringMatching(/^[A-Z][A-Z-]{0,5}$/), { minLength: 1, maxLength: 3 })
    .map((words) => words.join(' '))
    .filter((name) => name.length <= 20),
);

// ---------------------------------------------------------------- canonical buffer fields

/** A canonical ASCII field of `width` bytes: left-aligned printable text, space-padded. */
export const asciiFieldBytes = (width: number): fc.Arbitrary<string> =>
  asciiCodeArb(width).map((text) => text.padEnd(width, ' '));

/** A canonical date field: a real date, an impossible one, all zeros or blank. */
export const dateFieldBytes: fc.Arbitrary<string> = fc.oneof(
  rocDateArb.map((date) => date.roc),
  fc.constantFrom('1150230', '0000000', '       ', '0991301'),
  digitsArb(7),
);

/** A canonical number field: zero-padded digits, or blank. */
export const numberFieldBytes = (width: number): fc.Arbitrary<string> =>
  fc.oneof(digitsArb(width), fc.constant(' '.repeat(width)));

/** Big5 names, space-padded to 20 bytes, some with the HKSCS character 堃 (FB 69). */
const nameFieldBytes: fc.Arbitrary<Uint8Array> = fc
  .oneof(nameArb, nameArb.map((name) => `${Array.from(name).slice(0, 9).join('')}堃`).filter(isCjk))
  .map((name) => {
    const encoded = iconv.encode(name, 'big5');
    const field = new Uint8Array(20).fill(0x20);
    field.set(encoded.subarray(0, 20));
    return field;
  })
  .filter((field) => {
    // Cutting at 20 bytes may split a character; keep only whole-character names.
    const text = iconv.decode(Buffer.from(field), 'big5');
    return !text.includes('\ufffd');
  });

function isCjk(name: string): boolean {
  return !/[A-Z]/.test(name);
}

/** Concatenates ASCII text and byte parts into one buffer. */
export function concatFields(...parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? asciiBytes(part) : part));
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Whether a record's text would read as an empty slot (only spaces, NULs and zeros). */
export const isBlankRecord = (bytes: Uint8Array): boolean =>
  bytes.every((byte) => byte === 0x20 || byte === 0x00 || byte === 0x30);

// ---------------------------------------------------------------- holder fields (basic, insurance)

/** Valid, consistent sex pairs. */
const sexArb = fc.constantFrom(
  { sex: 'male', sexRaw: 'M' },
  { sex: 'female', sexRaw: 'F' },
  { sex: 'male', sexRaw: '1' },
  { sex: 'female', sexRaw: '2' },
  { sex: null, sexRaw: '' },
) as fc.Arbitrary<Pick<HolderFields, 'sex' | 'sexRaw'>>;

/** Valid, consistent cancel-flag pairs. */
export const cancelFlagArb = fc.constantFrom(
  { cancelled: false, cancelFlagRaw: '0' },
  { cancelled: null, cancelFlagRaw: '1' },
  { cancelled: true, cancelFlagRaw: '2' },
  { cancelled: null, cancelFlagRaw: '' },
) as fc.Arbitrary<CancelFlagFields>;

/** Valid holder fields (bytes 0–56 of every basic layout), with no warnings to expect. */
export const holderFieldsArb: fc.Arbitrary<HolderFields> = fc
  .record({
    cardNumber: fc.oneof(digitsArb(12), fc.constant('')),
    name: fc.oneof(nameArb, fc.constant('')),
    idNumber: fc.oneof(validIdArb, fc.constant('')),
    birth: dateFieldArb,
    sex: sexArb,
    issue: dateFieldArb,
  })
  .map((v) => ({
    cardNumber: v.cardNumber,
    name: v.name,
    idNumber: v.idNumber,
    birthDate: v.birth.iso,
    birthDateRoc: v.birth.roc,
    ...v.sex,
    issueDate: v.issue.iso,
    issueDateRoc: v.issue.roc,
  }));

/** Canonical bytes 0–56 of a basic layout, including odd codes, bad IDs and HKSCS names. */
export const holderFieldsBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    asciiFieldBytes(12),
    nameFieldBytes,
    asciiFieldBytes(10),
    dateFieldBytes,
    asciiFieldBytes(1),
    dateFieldBytes,
  )
  .map((fields) => concatFields(...fields));

// ---------------------------------------------------------------- fixed-slot sections

/** Records in a random subset of `slotCount` slots, in slot order, each made for its slot. */
export function slotListArb<T>(
  slotCount: number,
  recordArb: (slot: number) => fc.Arbitrary<T>,
): fc.Arbitrary<T[]> {
  const slots = Array.from({ length: slotCount }, (_, slot) => slot);
  return fc
    .subarray(slots)
    .chain((chosen) =>
      chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map(recordArb)),
    );
}

/**
 * A canonical fixed-slot buffer: each slot is all spaces (empty) or a record built from
 * `recordArb` that does not read as empty.
 */
export function slotBufferArb(
  slotCount: number,
  recordBytes: number,
  recordArb: fc.Arbitrary<Uint8Array>,
): fc.Arbitrary<Uint8Array> {
  const filled = recordArb.filter((record) => !isBlankRecord(record));
  const empty = fc.constant(new Uint8Array(recordBytes).fill(0x20));
  return fc
    .array(fc.oneof(filled, empty), { minLength: slotCount, maxLength: slotCount })
    .map((records) => concatFields(...records));
}
