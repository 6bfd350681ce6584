/**
 * Test-only helpers for the treatment, critical-illness, vaccination and prescription section
 * tests: arbitraries for valid objects and canonical buffers beyond the shared ones in
 * `card-fixtures.test-helpers.ts`.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { rocDateArb } from './card-fixtures.test-helpers.js';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** A ROC date-time and its ISO form (Taiwan time). */
const rocDateTimeArb: fc.Arbitrary<{ iso: string; roc: string }> = fc
  .tuple(
    rocDateArb,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([date, hours, minutes, seconds]) => ({
    iso: `${date.iso}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}+08:00`,
    roc: `${date.roc}${pad(hours, 2)}${pad(minutes, 2)}${pad(seconds, 2)}`,
  }));

/** A date of a valid object: a real date, blank, or the all-zero form csHIS uses for blank. */
export const dateValueArb: fc.Arbitrary<{ iso: string | null; roc: string }> = fc.oneof(
  rocDateArb,
  fc.constantFrom({ iso: null, roc: '' }, { iso: null, roc: '0000000' }),
);

/** A date-time of a valid object: a real one, blank, or all zeros. */
export const dateTimeValueArb: fc.Arbitrary<{ iso: string | null; roc: string }> = fc.oneof(
  rocDateTimeArb,
  fc.constantFrom({ iso: null, roc: '' }, { iso: null, roc: '0000000000000' }),
);

/** A canonical date-time field: a real one, an impossible one, all zeros, or blank. */
export const dateTimeFieldBytes: fc.Arbitrary<string> = fc.oneof(
  rocDateTimeArb.map((dateTime) => dateTime.roc),
  fc.constantFrom('1150230093000', '1150216250000', '0000000000000', ' '.repeat(13)),
);

/** An amount or count of a valid object: null, or a whole number that fits `width` digits. */
export const amountArb = (width: number): fc.Arbitrary<number | null> =>
  fc.option(fc.integer({ min: 0, max: 10 ** width - 1 }), { nil: null });

/** A quantity of a valid object: blank, a whole number, or a decimal kept with its text. */
export const quantityValueArb = (
  width: number,
): fc.Arbitrary<{ value: number | null; raw?: string }> =>
  fc.oneof(
    amountArb(width).map((value) => ({ value })),
    decimalTextArb(width).map((raw) => ({ value: Number(raw), raw })),
  );

/** Decimal text with a point that fits `width` characters, e.g. `2.5`, `0.25`, `120.`. */
const decimalTextArb = (width: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.stringMatching(/^\d{0,4}$/), fc.stringMatching(/^\d{0,3}$/))
    .filter(([whole, fraction]) => whole.length + fraction.length > 0)
    .map(([whole, fraction]) => `${whole}.${fraction}`)
    .filter((text) => text.length <= width);

/**
 * A canonical quantity field: zero-padded digits, blank, decimal text or non-numeric text
 * (left-aligned, as kept raw), never digits that are not zero-padded.
 */
export const quantityFieldBytes = (width: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.stringMatching(new RegExp(`^\\d{${width}}$`)),
    fc.constant(' '.repeat(width)),
    decimalTextArb(width).map((text) => text.padEnd(width, ' ')),
    fc.stringMatching(/^[A-Z*-][0-9A-Z .*-]{0,5}$/).map((text) => text.trim().padEnd(width, ' ')),
  );

/** Standard Big5 characters used in drug names and usages. */
const TEXT_CHARS = [...'盤尼西林青黴素阿斯匹靈磺胺類藥物飯後每日三次睡前'];

/** Big5 text of a valid object: standard characters and ASCII, no padding at the ends. */
export const big5TextArb = (maxBytes: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...TEXT_CHARS),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 ()-'),
      ),
      { maxLength: maxBytes },
    )
    .map((chars) => chars.join('').trim())
    .filter((text) => iconv.encode(text, 'big5').length <= maxBytes);

/**
 * A canonical Big5 field of `width` bytes, left-aligned and space-padded; some hold the
 * HKSCS character 堃 (FB 69), which decodes with its raw hex and encodes back from it.
 */
export const big5FieldBytes = (width: number): fc.Arbitrary<Uint8Array> =>
  fc
    .oneof(
      big5TextArb(width),
      big5TextArb(width - 2).map((text) => `堃${text}`),
    )
    .map((text) => {
      const field = new Uint8Array(width).fill(0x20);
      field.set(iconv.encode(text, 'big5'));
      return field;
    });

/**
 * Whether a record of a valid object holds anything, so that it does not encode to an empty
 * slot: some text with a character other than space or zero, or a number above zero.
 */
function hasContent(record: object): boolean {
  return Object.entries(record).some(([key, value]) => {
    if (key === 'slot') return false;
    if (typeof value === 'number') return value > 0;
    if (typeof value === 'string') return /[^ 0]/.test(value);
    if (Array.isArray(value))
      return value.some((item) => typeof item === 'string' && /[^ 0]/.test(item));
    return false;
  });
}

/** Distinct slots for `count` records out of `slotCount`, in ascending order. */
const slotsArb = (slotCount: number, maxRecords = slotCount): fc.Arbitrary<number[]> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: slotCount - 1 }), {
      maxLength: Math.min(maxRecords, slotCount),
    })
    .map((slots) => slots.sort((a, b) => a - b));

/**
 * `T[]` records for distinct, ascending slots taken from `slotsArb`, each with content (a
 * record without any would read back as an empty slot).
 */
export function slottedRecordsArb<T extends object>(
  slotCount: number,
  recordArb: fc.Arbitrary<T>,
): fc.Arbitrary<(T & { slot: number })[]> {
  const filled = recordArb.filter(hasContent);
  return slotsArb(slotCount).chain((slots) =>
    fc.tuple(...slots.map((slot) => filled.map((record) => ({ slot, ...record })))),
  );
}

/**
 * Random bytes of exactly `length` that look like a card buffer (digits, letters, spaces,
 * NULs), sometimes with one byte that is not ASCII, so decoding gets deep into the buffer.
 */
export const asciiLikeBytes = (length: number): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.array(
        fc.oneof(
          { arbitrary: fc.integer({ min: 0x30, max: 0x39 }), weight: 10 },
          { arbitrary: fc.constantFrom(0x20, 0x41, 0x2e, 0x59, 0x00), weight: 5 },
        ),
        { minLength: length, maxLength: length },
      ),
      fc.option(
        fc.tuple(fc.nat(Math.max(0, length - 1)), fc.constantFrom(0x07, 0x7f, 0xa4, 0xff)),
        {
          freq: 1,
        },
      ),
    )
    .map(([values, corruption]) => {
      const bytes = Uint8Array.from(values);
      if (corruption && length > 0) bytes[corruption[0]] = corruption[1];
      return bytes;
    });
