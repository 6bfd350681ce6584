import { describe, expect, it } from 'vitest';
import { holdsCard, presenceOfCardStatus } from './cshis-card-status.js';

describe('presenceOfCardStatus', () => {
  it('maps every hisGetCardStatus(2) value of the reference', () => {
    const table = [0, 1, 2, 3, 4, 5, 9, 4000].map((value) => [value, presenceOfCardStatus(value)]);
    expect(table).toStrictEqual([
      [0, 'no-card'],
      [1, 'not-ready'],
      [2, 'ready'],
      [3, 'ready'],
      [4, 'ready'],
      [5, 'ready'],
      [9, 'not-nhi-card'],
      [4000, 'reader-error'],
    ]);
  });

  it('treats any other value as an error code of the reader', () => {
    expect(presenceOfCardStatus(6)).toBe('reader-error');
    expect(presenceOfCardStatus(4012)).toBe('reader-error');
    expect(presenceOfCardStatus(-1)).toBe('reader-error');
  });
});

describe('holdsCard', () => {
  it('is true while some card is in the slot', () => {
    expect(holdsCard('not-ready')).toBe(true);
    expect(holdsCard('ready')).toBe(true);
    expect(holdsCard('not-nhi-card')).toBe(true);
    expect(holdsCard('no-card')).toBe(false);
    expect(holdsCard('reader-error')).toBe(false);
  });
});
