import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskIdNumber, maskName } from './masking.js';

describe('maskIdNumber', () => {
  it.each([
    ['A123456789', 'A12*****89'],
    ['AB12345677', 'AB1*****77'],
    ['A1234567890', 'A12******90'],
    ['A1234', 'A***4'],
    ['12345678', '12****78'],
    ['123', '1**'],
    ['12', '1*'],
    ['1', '*'],
    ['', ''],
  ])('%j → %j', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('keeps the length and never shows more than the first 3 and last 2 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), (id) => {
        const masked = Array.from(maskIdNumber(id));
        const chars = Array.from(id);
        expect(masked).toHaveLength(chars.length);
        const shown = masked.filter((char, index) => char === chars[index] && char !== '*');
        expect(shown.length).toBeLessThanOrEqual(Math.min(5, Math.floor(chars.length / 2)));
        masked.forEach((char, index) => {
          if (index >= 3 && index < chars.length - 2) expect(char).toBe('*');
        });
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['王小明', '王○明'],
    ['王明', '王○'],
    ['歐陽娜娜', '歐○○娜'],
    ['王', '○'],
    ['王𡘙明', '王○明'],
    ['CHEN TA-WEI', 'C*** *****I'],
    ['LI', 'L*'],
    ['X', '*'],
    ['', ''],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskBirthDate', () => {
  it.each([
    ['1990-05-17', '1990-**-**'],
    ['0790517', '079****'],
    ['1150216', '115****'],
    ['1990-05-17T08:00:00+08:00', '1990-**-**T**:**:**+**:**'],
    ['17/05/1990', '**********'],
    ['', ''],
  ])('%j → %j', (date, masked) => {
    expect(maskBirthDate(date)).toBe(masked);
  });
});
