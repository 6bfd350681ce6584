/**
 * ROC (Minguo) calendar dates as stored on the NHI card: `YYYMMDD` (7 digits, year = AD - 1911,
 * zero-padded) and date-times `YYYMMDDHHMMSS` (13 digits, Taiwan local time, UTC+8).
 */

/** Outcome of reading a ROC date field. */
export type RocDateParse =
  /** The field is empty: all zeros, spaces or NULs (an unused slot, not an error). */
  | { kind: 'absent' }
  /** A real calendar date: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS+08:00` for date-times. */
  | { kind: 'date'; iso: string }
  /** Something is there but it is not a date; `reason` says why (no personal data beyond the field). */
  | { kind: 'invalid'; reason: string };

/** Difference between the AD year and the ROC year. */
const ROC_YEAR_OFFSET = 1911;
const ROC_DATE_LENGTH = 7;
const ROC_DATE_TIME_LENGTH = 13;
/** Taiwan has had no daylight saving time since 1979; card date-times are always UTC+8. */
const TAIWAN_OFFSET_MINUTES = 8 * 60;
const MS_PER_MINUTE = 60_000;

/** Blank fields come as zeros from the DLL, as spaces or NULs from other stacks. */
function isBlankField(raw: string): boolean {
  for (const char of raw) {
    if (char !== '0' && char !== ' ' && char !== '\u0000') return false;
  }
  return true;
}
const DIGITS_PATTERN = /^\d+$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month; Date.UTC handles Gregorian leap years.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function parseDatePart(raw: string): RocDateParse {
  const rocYear = Number(raw.slice(0, 3));
  const month = Number(raw.slice(3, 5));
  const day = Number(raw.slice(5, 7));
  if (rocYear < 1) return { kind: 'invalid', reason: `${raw} has ROC year 0` };
  const year = rocYear + ROC_YEAR_OFFSET;
  if (!isCalendarDate(year, month, day)) {
    return { kind: 'invalid', reason: `${raw} is not a calendar date` };
  }
  return { kind: 'date', iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function checkShape(raw: string, length: number, what: string): RocDateParse | undefined {
  if (isBlankField(raw)) return { kind: 'absent' };
  if (raw.length !== length) {
    return { kind: 'invalid', reason: `${what} must have ${length} digits, got ${raw.length}` };
  }
  if (!DIGITS_PATTERN.test(raw)) {
    return { kind: 'invalid', reason: `${what} must hold only digits` };
  }
  return undefined;
}

/**
 * Reads a ROC date field `YYYMMDD`, e.g. `1150216` → `2026-02-16`. An empty field (`''`,
 * `0000000`, spaces, NULs) is `absent`; anything else that is not a real date is `invalid`.
 */
export function parseRocDate(raw: string): RocDateParse {
  return checkShape(raw, ROC_DATE_LENGTH, 'ROC date') ?? parseDatePart(raw);
}

/**
 * Reads a ROC date-time field `YYYMMDDHHMMSS` (Taiwan time), e.g. `1150216093005` →
 * `2026-02-16T09:30:05+08:00`. Empty fields are `absent`, impossible values `invalid`.
 */
export function parseRocDateTime(raw: string): RocDateParse {
  const shapeProblem = checkShape(raw, ROC_DATE_TIME_LENGTH, 'ROC date-time');
  if (shapeProblem) return shapeProblem;
  const date = parseDatePart(raw.slice(0, ROC_DATE_LENGTH));
  if (date.kind !== 'date') {
    return date.kind === 'invalid' ? { kind: 'invalid', reason: `${raw}: ${date.reason}` } : date;
  }
  const hours = Number(raw.slice(7, 9));
  const minutes = Number(raw.slice(9, 11));
  const seconds = Number(raw.slice(11, 13));
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return { kind: 'invalid', reason: `${raw} is not a valid time of day` };
  }
  return {
    kind: 'date',
    iso: `${date.iso}T${raw.slice(7, 9)}:${raw.slice(9, 11)}:${raw.slice(11, 13)}+08:00`,
  };
}

function toRocYear(year: number, iso: string): string {
  const rocYear = year - ROC_YEAR_OFFSET;
  if (rocYear < 1 || rocYear > 999) {
    throw new RangeError(`${iso} is outside ROC years 1 to 999 (AD 1912 to 2910)`);
  }
  return pad(rocYear, 3);
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Writes an ISO date `YYYY-MM-DD` as a ROC date: `2026-02-16` → `1150216`.
 * @throws RangeError when `iso` is not a calendar date in that exact form, or falls outside
 * ROC years 1–999.
 */
export function isoToRocDate(iso: string): string {
  const match = ISO_DATE_PATTERN.exec(iso);
  if (!match) throw new RangeError(`${JSON.stringify(iso)} is not an ISO date YYYY-MM-DD`);
  const [, yearText = '', monthText = '', dayText = ''] = match;
  const year = Number(yearText);
  if (!isCalendarDate(year, Number(monthText), Number(dayText))) {
    throw new RangeError(`${iso} is not a calendar date`);
  }
  return `${toRocYear(year, iso)}${monthText}${dayText}`;
}

const ISO_DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Writes an ISO date-time as a ROC date-time in Taiwan time:
 * `2026-02-16T09:30:05+08:00` → `1150216093005`. The offset is required (`Z` or `±HH:MM`);
 * other offsets are converted to UTC+8, because the card always holds Taiwan wall-clock time.
 * @throws RangeError when `iso` is not in that form, is not a real date and time, or falls
 * outside ROC years 1–999.
 */
export function isoToRocDateTime(iso: string): string {
  const match = ISO_DATE_TIME_PATTERN.exec(iso);
  if (!match) {
    throw new RangeError(
      `${JSON.stringify(iso)} is not an ISO date-time YYYY-MM-DDTHH:MM:SS±HH:MM`,
    );
  }
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isCalendarDate(year, month, day) || hours > 23 || minutes > 59 || seconds > 59) {
    throw new RangeError(`${iso} is not a valid date and time`);
  }
  // Date.UTC reads years 0-99 as 1900-1999; such years are out of ROC range anyway.
  if (year < 1000) throw new RangeError(`${iso} is outside ROC years 1 to 999 (AD 1912 to 2910)`);
  const offsetHours = Number(match[8] ?? 0);
  const offsetMinutesPart = Number(match[9] ?? 0);
  if (offsetHours > 23 || offsetMinutesPart > 59) {
    throw new RangeError(`${iso} has an impossible UTC offset`);
  }
  const sign = match[7] === '-' ? -1 : 1;
  const offsetMinutes = sign * (offsetHours * 60 + offsetMinutesPart);
  // Shift the wall-clock time from the given offset to UTC+8, then read it back in UTC fields.
  const taiwan = new Date(
    Date.UTC(year, month - 1, day, hours, minutes, seconds) +
      (TAIWAN_OFFSET_MINUTES - offsetMinutes) * MS_PER_MINUTE,
  );
  return (
    toRocYear(taiwan.getUTCFullYear(), iso) +
    pad(taiwan.getUTCMonth() + 1, 2) +
    pad(taiwan.getUTCDate(), 2) +
    pad(taiwan.getUTCHours(), 2) +
    pad(taiwan.getUTCMinutes(), 2) +
    pad(taiwan.getUTCSeconds(), 2)
  );
}
