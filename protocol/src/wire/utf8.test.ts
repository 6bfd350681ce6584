import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedUtf8, utf8LengthOfText } from './utf8.js';

const bytes = (hex: string): Uint8Array =>
  Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const wellFormed = (hex: string): boolean => {
  const data = bytes(hex);
  return isWellFormedUtf8(data, 0, data.length);
};
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
const decodesFatally = (data: Uint8Array): boolean => {
  try {
    fatalDecoder.decode(data);
    return true;
  } catch {
    return false;
  }
};

describe('isWellFormedUtf8', () => {
  it.each([
    ['ASCII', '41 42', true],
    ['2-byte é', 'c3 a9', true],
    ['3-byte 林', 'e6 9e 97', true],
    ['4-byte 😀', 'f0 9f 98 80', true],
    ['U+10FFFF', 'f4 8f bf bf', true],
    ['overlong 2-byte', 'c0 80', false],
    ['overlong 3-byte', 'e0 80 80', false],
    ['overlong 4-byte', 'f0 80 80 80', false],
    ['a surrogate', 'ed a0 80', false],
    ['above U+10FFFF', 'f4 90 80 80', false],
    ['a lone continuation byte', '80', false],
    ['a truncated sequence', 'e6 9e', false],
    ['a bad continuation', 'c3 28', false],
    ['0xff', 'ff', false],
  ])('%s → %s', (_name, hex, expected) => {
    expect(wellFormed(hex)).toBe(expected);
  });

  it('checks only the given range', () => {
    const data = bytes('ff 41 42 ff');
    expect(isWellFormedUtf8(data, 1, 3)).toBe(true);
    expect(isWellFormedUtf8(data, 0, 3)).toBe(false);
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (data) => {
        expect(isWellFormedUtf8(data, 0, data.length)).toBe(decodesFatally(data));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('utf8LengthOfText', () => {
  it('counts UTF-8 bytes like TextEncoder for well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(utf8LengthOfText(text, Number.MAX_SAFE_INTEGER)).toBe(
          new TextEncoder().encode(text).length,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('gives -1 for a lone surrogate', () => {
    expect(utf8LengthOfText('a\ud800b', 100)).toBe(-1);
    expect(utf8LengthOfText('a\udc00', 100)).toBe(-1);
    expect(utf8LengthOfText('\ud83d\ude00', 100)).toBe(4);
  });

  it('stops counting once over the limit', () => {
    expect(utf8LengthOfText(`${'a'.repeat(10)}\ud800`, 5)).toBe(6);
  });
});
