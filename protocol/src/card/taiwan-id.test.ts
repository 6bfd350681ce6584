import { describe, expect, it } from 'vitest';
import { checkTaiwanId } from './taiwan-id.js';

// All numbers below are made up; their check digits were computed by hand from the weights
// (letter value: tens × 1 + units × 9; then 8,7,6,5,4,3,2,1,1).
describe('checkTaiwanId', () => {
  it.each([
    // A=10: 1 + 0 + (1·8 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 7·2 + 8·1) + 9 = 130
    'A123456789',
    'F222222222',
    // Z=33: 3 + 27 + 1·8 + 2 = 40
    'Z100000002',
    // I=34 and O=35 are out of alphabetical order
    'I200000005',
    'O100000004',
    'W280000007',
  ])('accepts the national ID %s', (id) => {
    expect(checkTaiwanId(id)).toEqual({ valid: true, kind: 'national' });
  });

  it.each([
    // A=10: 1 + 0 + 8·8 + 1·1 + 4 = 70
    'A800000014',
    'Y912345672',
  ])('accepts the 2021+ resident number %s', (id) => {
    expect(checkTaiwanId(id)).toEqual({ valid: true, kind: 'resident-new' });
  });

  it.each([
    // A=10, B=11 counts its units digit 1: 1 + 0 + 1·8 + (1·7 + 2·6 + 3·5 + 4·4 + 5·3 + 6·2 + 7·1) + 7 = 100
    'AB12345677',
    'HD00000002',
    'FA55555554',
    'TC11111111',
  ])('accepts the old resident number %s', (id) => {
    expect(checkTaiwanId(id)).toEqual({ valid: true, kind: 'resident-old' });
  });

  it.each(['A123456788', 'A123456780', 'B123456789', 'A800000015', 'AB12345678', 'TC11111112'])(
    'rejects %s for its check digit',
    (id) => {
      expect(checkTaiwanId(id)).toEqual({ valid: false, reason: 'wrong check digit' });
    },
  );

  it.each([
    ['a123456789', 'letters must be upper case'],
    ['Ab12345677', 'letters must be upper case'],
    ['A12345678', 'must have 10 characters, got 9'],
    ['A1234567890', 'must have 10 characters, got 11'],
    ['', 'must have 10 characters, got 0'],
    [' A12345678', 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits'],
    ['1123456789', 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits'],
    ['AE12345678', 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits'],
    ['A12345678X', 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits'],
    ['Ａ123456789', 'must be a letter, then 1/2, 8/9 or A-D, then 8 digits'],
    ['A323456789', 'the second character must be 1, 2, 8, 9 or A-D'],
    ['A023456789', 'the second character must be 1, 2, 8, 9 or A-D'],
    ['A723456789', 'the second character must be 1, 2, 8, 9 or A-D'],
  ])('rejects %j: %s', (id, reason) => {
    expect(checkTaiwanId(id)).toEqual({ valid: false, reason });
  });

  it('accepts exactly one check digit per body', () => {
    const valid = Array.from({ length: 10 }, (_, digit) => `F12345678${digit}`).filter(
      (id) => checkTaiwanId(id).valid,
    );
    // F=15: 1 + 45 + 120 = 166, so only 4 completes a multiple of 10.
    expect(valid).toEqual(['F123456784']);
  });
});
