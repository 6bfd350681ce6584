import type { CardWarning } from '../card-warning.js';
import { SectionReader } from '../section-reader.js';
import { SectionWriter } from '../section-writer.js';
import {
  type RecordCodec,
  readSlots,
  type SlotLayout,
  type SlotRecord,
  writeSlots,
} from './record-slots.js';

/** Bytes of one year's totals. */
export const CUMULATIVE_YEAR_BYTES = 67;
/** Number of years the card keeps. */
export const CUMULATIVE_YEAR_SLOTS = 2;
/** Size of the `hisGetCumulativeData` buffer: 2 years × 67 bytes. */
export const CUMULATIVE_BYTES = CUMULATIVE_YEAR_SLOTS * CUMULATIVE_YEAR_BYTES;

/**
 * One year's cumulative visits and fees (累計就醫資料). Amounts are whole New Taiwan dollars.
 *
 * Layout (offset:width within the record): year 0:3 · visits 3:4 · outpatientFee 7:10 ·
 * inpatientFee 17:10 · outpatientCopay 27:8 · inpatientCopayShort 35:8 ·
 * inpatientCopayLong 43:8 · totalCopay 51:8 · outpatientPlusShortCopay 59:8.
 */
export interface CumulativeYear extends SlotRecord {
  /** The calendar year (AD), e.g. `2025`; null when blank, `000` or not a number. */
  year: number | null;
  /** The year as stored, ROC `YYY`, e.g. `114`; `''` when blank. */
  yearRoc: string;
  /** Number of visits that year (就醫累計次數); null when blank. */
  visits: number | null;
  /** Outpatient medical fees (門診醫療費用累計), NT$; null when blank. */
  outpatientFee: number | null;
  /** Inpatient medical fees (住院醫療費用累計), NT$; null when blank. */
  inpatientFee: number | null;
  /** Outpatient copayments (門診部分負擔累計), NT$; null when blank. */
  outpatientCopay: number | null;
  /** Inpatient copayments, short-stay part (住院短期部分負擔累計), NT$; null when blank. */
  inpatientCopayShort: number | null;
  /** Inpatient copayments, long-stay part (住院長期部分負擔累計), NT$; null when blank. */
  inpatientCopayLong: number | null;
  /** All copayments together (部分負擔合計), NT$; null when blank. */
  totalCopay: number | null;
  /** Outpatient plus short-stay inpatient copayments, NT$; null when blank. */
  outpatientPlusShortCopay: number | null;
}

/**
 * Cumulative visits and fees of the last two years (`hisGetCumulativeData`). Section id
 * `cumulative`. Layout: 2 slots × 67 bytes (see {@link CumulativeYear}); empty slots are
 * left out.
 */
export interface Cumulative {
  /** The filled years, in slot order. */
  years: CumulativeYear[];
  /** Problems found while decoding. */
  warnings: CardWarning[];
}

const SECTION = 'cumulative';
const LAYOUT: SlotLayout = {
  listField: 'years',
  firstOffset: 0,
  recordBytes: CUMULATIVE_YEAR_BYTES,
  slotCount: CUMULATIVE_YEAR_SLOTS,
};
const ROC_YEAR_OFFSET = 1911;

type AmountField = Exclude<keyof CumulativeYear, 'slot' | 'year' | 'yearRoc'>;

/** The numeric fields after the year: [offset within the record, width]. */
const AMOUNT_LAYOUT: Readonly<Record<AmountField, readonly [number, number]>> = {
  visits: [3, 4],
  outpatientFee: [7, 10],
  inpatientFee: [17, 10],
  outpatientCopay: [27, 8],
  inpatientCopayShort: [35, 8],
  inpatientCopayLong: [43, 8],
  totalCopay: [51, 8],
  outpatientPlusShortCopay: [59, 8],
};
const AMOUNT_FIELDS = Object.keys(AMOUNT_LAYOUT) as AmountField[];

function readYear(
  reader: SectionReader,
  offset: number,
  path: string,
): Pick<CumulativeYear, 'year' | 'yearRoc'> {
  const yearRoc = reader.ascii(offset, 3, path);
  // All zeros means absent, as in the ROC date fields.
  if (yearRoc === '' || yearRoc === '000') return { year: null, yearRoc };
  if (!/^\d{3}$/.test(yearRoc)) {
    reader.warn('invalid-date', path, `not a ROC year: ${JSON.stringify(yearRoc)}`, yearRoc);
    return { year: null, yearRoc };
  }
  return { year: Number(yearRoc) + ROC_YEAR_OFFSET, yearRoc };
}

/** One amount of a year record, at its place in {@link AMOUNT_LAYOUT}. */
function readAmount(
  reader: SectionReader,
  offset: number,
  field: AmountField,
  path: string,
): number | null {
  const [fieldOffset, width] = AMOUNT_LAYOUT[field];
  return reader.integer(offset + fieldOffset, width, `${path}.${field}`);
}

const YEAR_RECORD: RecordCodec<CumulativeYear> = {
  read(reader, offset, slot, path) {
    const year = readYear(reader, offset, `${path}.year`);
    return {
      slot,
      year: year.year,
      yearRoc: year.yearRoc,
      visits: readAmount(reader, offset, 'visits', path),
      outpatientFee: readAmount(reader, offset, 'outpatientFee', path),
      inpatientFee: readAmount(reader, offset, 'inpatientFee', path),
      outpatientCopay: readAmount(reader, offset, 'outpatientCopay', path),
      inpatientCopayShort: readAmount(reader, offset, 'inpatientCopayShort', path),
      inpatientCopayLong: readAmount(reader, offset, 'inpatientCopayLong', path),
      totalCopay: readAmount(reader, offset, 'totalCopay', path),
      outpatientPlusShortCopay: readAmount(reader, offset, 'outpatientPlusShortCopay', path),
    };
  },
  write(writer, offset, record, path) {
    writer.ascii(offset, 3, rocYearText(record, `${SECTION}.${path}.year`), `${path}.year`);
    for (const field of AMOUNT_FIELDS) {
      const [fieldOffset, width] = AMOUNT_LAYOUT[field];
      writer.integer(offset + fieldOffset, width, record[field], `${path}.${field}`);
    }
  },
};

/**
 * Decodes a `hisGetCumulativeData` buffer.
 * @throws DecodeError when it is not 134 bytes or holds bytes that cannot be decoded.
 */
export function decodeCumulative(bytes: Uint8Array): Cumulative {
  const reader = new SectionReader(SECTION, bytes, CUMULATIVE_BYTES);
  return { years: readSlots(reader, LAYOUT, YEAR_RECORD.read), warnings: reader.warnings };
}

function rocYearText(record: CumulativeYear, path: string): string {
  if (record.yearRoc !== '' || record.year === null) return record.yearRoc;
  const rocYear = record.year - ROC_YEAR_OFFSET;
  if (!Number.isInteger(rocYear) || rocYear < 1 || rocYear > 999) {
    throw new RangeError(`${path}: ${record.year} is outside ROC years 1 to 999`);
  }
  return String(rocYear).padStart(3, '0');
}

/**
 * Encodes the 134-byte `hisGetCumulativeData` buffer. `yearRoc` wins over `year` when given.
 * @throws RangeError when a value does not fit, or a slot is out of range, repeated or blank.
 */
export function encodeCumulative(value: Cumulative): Uint8Array {
  const writer = new SectionWriter(SECTION, CUMULATIVE_BYTES);
  writeSlots(writer, LAYOUT, value.years, YEAR_RECORD.write);
  return writer.bytes;
}
