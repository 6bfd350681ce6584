/**
 * The section suite: every card section runs the same checks from its row in `cases/`. The
 * rows hold the hand-written fixtures, exact decoded values, malformed input with the exact
 * DecodeError offset, and the arbitraries for the round-trip properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectDecodeError, onlyResultOrDecodeError } from './card-fixtures.test-helpers.js';
import { SECTION_CASES } from './cases/section-cases.test-helpers.js';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got a result');
}

describe.each(SECTION_CASES)('section $section', (row) => {
  it.each(row.decodes)('decodes: $title', ({ bytes, decoded, length, reencoded }) => {
    if (length !== undefined) expect(bytes.length).toBe(length);
    expect(row.decode(bytes)).toStrictEqual(decoded);
    if (reencoded !== null) expect(row.encode(decoded)).toStrictEqual(reencoded ?? bytes);
  });

  it.each(row.decodeErrors)('refuses: $title', ({ bytes, offset, message }) => {
    expectDecodeError(() => row.decode(bytes), row.section, offset);
    if (message !== undefined)
      expect((thrownBy(() => row.decode(bytes)) as Error).message).toContain(message);
  });

  // Rows without such cases get no test at all (not a skipped one: CI allows no skips).
  if (row.encodes?.length)
    it('encodes the hand-written values exactly', () => {
      for (const { value, bytes } of row.encodes ?? [])
        expect(row.encode(value)).toStrictEqual(bytes);
    });

  if (row.encodeErrors?.length)
    it('refuses to encode invalid values', () => {
      for (const { title, value, error = RangeError, message } of row.encodeErrors ?? []) {
        const thrown = thrownBy(() => row.encode(value));
        expect(thrown, title).toBeInstanceOf(error);
        if (message !== undefined) expect((thrown as Error).message, title).toMatch(message);
      }
    });

  it('decode(encode(value)) equals every valid value', () => {
    fc.assert(
      fc.property(row.validValues, (value) => {
        expect(row.decode(row.encode(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) equals every canonical buffer', () => {
    fc.assert(
      fc.property(row.canonicalBuffers, (bytes) => {
        expect(row.encode(row.decode(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random input gives a result or a DecodeError, nothing else', () => {
    fc.assert(
      fc.property(row.randomBuffers, (bytes) => {
        onlyResultOrDecodeError(row.decode, bytes);
      }),
    );
  });

  if (row.wrongLengths)
    it('input of a wrong length is a DecodeError at the right offset', () => {
      const wrong = row.wrongLengths;
      if (!wrong) return;
      fc.assert(
        fc.property(wrong.buffers, (bytes) => {
          expectDecodeError(() => row.decode(bytes), row.section, wrong.offset(bytes));
        }),
      );
    });
});
