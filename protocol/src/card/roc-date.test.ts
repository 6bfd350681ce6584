import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToRocDate, isoToRocDateTime, parseRocDate, parseRocDateTime } from './roc-date.js';

describe('parseRocDate', () => {
  it.each([
    ['1150216', '2026-02-16'],
    ['0930101', '2004-01-01'],
    ['1120801', '2023-08-01'],
    ['0010101', '1912-01-01'],
    ['1130229', '2024-02-29'],
    ['0891231', '2000-12-31'],
    ['9991231', '2910-12-31'],
  ])('reads %s as %s', (raw, iso) => {
    expect(parseRocDate(raw)).toEqual({ kind: 'date', iso });
  });

  it.each(['0000000', '       ', '\u0000\u0000\u0000\u0000\u0000\u0000\u0000', '', '000 \u00000'])(
    'treats the blank field %j as absent',
    (raw) => {
      expect(parseRocDate(raw)).toEqual({ kind: 'absent' });
    },
  );

  it.each([
    ['1150230', '1150230 is not a calendar date'],
    ['1140229', '1140229 is not a calendar date'],
    ['1151301', '1151301 is not a calendar date'],
    ['1150001', '1150001 is not a calendar date'],
    ['1150100', '1150100 is not a calendar date'],
    ['0000101', '0000101 has ROC year 0'],
    ['115021', 'ROC date must have 7 digits, got 6'],
    ['11502160', 'ROC date must have 7 digits, got 8'],
    ['115-2-1', 'ROC date must hold only digits'],
    ['115021 ', 'ROC date must hold only digits'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(parseRocDate(raw)).toEqual({ kind: 'invalid', reason });
  });
});

describe('parseRocDateTime', () => {
  it('reads a date-time as Taiwan time', () => {
    expect(parseRocDateTime('1150216093005')).toEqual({
      kind: 'date',
      iso: '2026-02-16T09:30:05+08:00',
    });
    expect(parseRocDateTime('0930101000000')).toEqual({
      kind: 'date',
      iso: '2004-01-01T00:00:00+08:00',
    });
    expect(parseRocDateTime('1131231235959')).toEqual({
      kind: 'date',
      iso: '2024-12-31T23:59:59+08:00',
    });
  });

  it('treats blank fields as absent', () => {
    expect(parseRocDateTime('0000000000000')).toEqual({ kind: 'absent' });
    expect(parseRocDateTime(' '.repeat(13))).toEqual({ kind: 'absent' });
    expect(parseRocDateTime('')).toEqual({ kind: 'absent' });
  });

  it.each([
    ['1150230093005', '1150230093005: 1150230 is not a calendar date'],
    ['1150216240000', '1150216240000 is not a valid time of day'],
    ['1150216236000', '1150216236000 is not a valid time of day'],
    ['1150216235960', '1150216235960 is not a valid time of day'],
    ['1150216', 'ROC date-time must have 13 digits, got 7'],
    ['115021609300X', 'ROC date-time must hold only digits'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(parseRocDateTime(raw)).toEqual({ kind: 'invalid', reason });
  });
});

describe('isoToRocDate', () => {
  it.each([
    ['2026-02-16', '1150216'],
    ['2004-01-01', '0930101'],
    ['1912-01-01', '0010101'],
    ['2910-12-31', '9991231'],
    ['2024-02-29', '1130229'],
  ])('writes %s as %s', (iso, roc) => {
    expect(isoToRocDate(iso)).toBe(roc);
  });

  it.each([
    ['2026-02-30', '2026-02-30 is not a calendar date'],
    ['2025-02-29', '2025-02-29 is not a calendar date'],
    ['1911-12-31', '1911-12-31 is outside ROC years 1 to 999 (AD 1912 to 2910)'],
    ['2911-01-01', '2911-01-01 is outside ROC years 1 to 999 (AD 1912 to 2910)'],
    ['2026-2-16', '"2026-2-16" is not an ISO date YYYY-MM-DD'],
    ['2026-02-16T00:00:00+08:00', '"2026-02-16T00:00:00+08:00" is not an ISO date YYYY-MM-DD'],
    ['', '"" is not an ISO date YYYY-MM-DD'],
  ])('rejects %j', (iso, message) => {
    expect(() => isoToRocDate(iso)).toThrow(new RangeError(message));
  });
});

describe('isoToRocDateTime', () => {
  it('writes Taiwan time as is', () => {
    expect(isoToRocDateTime('2026-02-16T09:30:05+08:00')).toBe('1150216093005');
    expect(isoToRocDateTime('2004-01-01T00:00:00+08:00')).toBe('0930101000000');
  });

  it('converts other offsets to Taiwan time, across the date line', () => {
    expect(isoToRocDateTime('2026-02-16T01:30:05Z')).toBe('1150216093005');
    expect(isoToRocDateTime('2026-02-15T20:00:00Z')).toBe('1150216040000');
    expect(isoToRocDateTime('2024-02-28T23:30:00+09:00')).toBe('1130228223000');
    expect(isoToRocDateTime('2023-12-31T18:00:00-05:00')).toBe('1130101070000');
  });

  it.each([
    [
      '2026-02-16T09:30:05',
      '"2026-02-16T09:30:05" is not an ISO date-time YYYY-MM-DDTHH:MM:SS±HH:MM',
    ],
    [
      '2026-02-16 09:30:05+08:00',
      '"2026-02-16 09:30:05+08:00" is not an ISO date-time YYYY-MM-DDTHH:MM:SS±HH:MM',
    ],
    ['2026-02-30T09:30:05+08:00', '2026-02-30T09:30:05+08:00 is not a valid date and time'],
    ['2026-02-16T24:00:00+08:00', '2026-02-16T24:00:00+08:00 is not a valid date and time'],
    [
      '1911-12-31T23:59:59+08:00',
      '1911-12-31T23:59:59+08:00 is outside ROC years 1 to 999 (AD 1912 to 2910)',
    ],
    ['2026-02-16T09:30:05+08:60', '2026-02-16T09:30:05+08:60 has an impossible UTC offset'],
    [
      '0050-01-01T00:00:00Z',
      '0050-01-01T00:00:00Z is outside ROC years 1 to 999 (AD 1912 to 2910)',
    ],
  ])('rejects %j', (iso, message) => {
    expect(() => isoToRocDateTime(iso)).toThrow(new RangeError(message));
  });
});

/** Every calendar day in ROC years 1–999. */
const calendarDate = fc
  .date({
    min: new Date(Date.UTC(1912, 0, 1)),
    max: new Date(Date.UTC(2910, 11, 31)),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));

describe('round trips (property)', () => {
  it('isoToRocDate and parseRocDate are inverses', () => {
    fc.assert(
      fc.property(calendarDate, (iso) => {
        const roc = isoToRocDate(iso);
        expect(roc).toMatch(/^\d{7}$/);
        expect(parseRocDate(roc)).toEqual({ kind: 'date', iso });
      }),
    );
  });

  it('isoToRocDateTime and parseRocDateTime are inverses in Taiwan time', () => {
    const time = fc
      .tuple(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
      )
      .map((parts) => parts.map((part) => String(part).padStart(2, '0')).join(':'));
    fc.assert(
      fc.property(calendarDate, time, (date, clock) => {
        const iso = `${date}T${clock}+08:00`;
        const roc = isoToRocDateTime(iso);
        expect(parseRocDateTime(roc)).toEqual({ kind: 'date', iso });
      }),
    );
  });

  it('parseRocDate never throws and accepts only what isoToRocDate gives back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 9 }), (raw) => {
        const parsed = parseRocDate(raw);
        if (parsed.kind === 'date') expect(isoToRocDate(parsed.iso)).toBe(raw);
      }),
    );
  });
});
