/**
 * The six critical illnesses the hand-written treatment fixtures share (critical illness,
 * treatments with and without an HPC), with the exact values each decodes to, and the
 * arbitraries of a valid and a canonical critical-illness slot.
 */
import fc from 'fast-check';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  dateFieldBytes,
} from '../card-fixtures.test-helpers.js';
import type { CriticalIllnessEntry, CriticalIllnessValidity } from '../critical-illness-slots.js';
import { dateValueArb } from '../treatment-fixtures.test-helpers.js';

/** A date as decoded and as stored. */
export type Dated = readonly [iso: string | null, roc: string];
type IllnessRow = readonly [code: string, start: Dated, end: Dated];

/** Six coded slots; the last has an end date of zeros, so none. */
export const SIX_ILLNESSES: readonly IllnessRow[] = [
  ['1749', ['2023-08-01', '1120801'], ['2028-07-31', '1170731']],
  ['585', ['2021-01-15', '1100115'], ['2026-01-14', '1150114']],
  ['7140', ['2020-05-20', '1090520'], ['2025-05-19', '1140519']],
  ['2824', ['2022-10-01', '1111001'], ['2027-09-30', '1160930']],
  ['3430', ['2024-03-01', '1130301'], ['2029-02-28', '1180228']],
  ['340', ['2025-07-01', '1140701'], [null, '0000000']],
];

/** A slot's dates as decoded. */
export function validity(
  slot: number,
  [startDate, startDateRoc]: Dated,
  [endDate, endDateRoc]: Dated,
): CriticalIllnessValidity {
  return { slot, startDate, startDateRoc, endDate, endDateRoc };
}

/** A coded slot as decoded. */
export function illness(
  slot: number,
  code: string | null,
  start: Dated,
  end: Dated,
): CriticalIllnessEntry {
  return { ...validity(slot, start, end), code };
}

/** Hex of coded slots: code 5 · start 7 · end 7. */
export const illnessesHex = (rows: readonly IllnessRow[]): string =>
  rows.map(([code, start, end]) => asciiHex(`${code.padEnd(5)}${start[1]}${end[1]}`)).join('');

/** Hex of uncoded slots: start 7 · end 7. */
export const validityHex = (rows: readonly IllnessRow[]): string =>
  rows.map(([, start, end]) => asciiHex(`${start[1]}${end[1]}`)).join('');

/** The rows as decoded coded slots. */
export const illnessesOf = (rows: readonly IllnessRow[]): CriticalIllnessEntry[] =>
  rows.map(([code, start, end], slot) => illness(slot, code, start, end));

/** A valid coded slot without its slot number: code (or none) and two dates. */
export const illnessArb = fc
  .tuple(fc.option(asciiCodeArb(5, 1), { nil: null }), dateValueArb, dateValueArb)
  .map(([code, start, end]) => ({
    code,
    startDate: start.iso,
    startDateRoc: start.roc,
    endDate: end.iso,
    endDateRoc: end.roc,
  }));

/** A canonical coded slot's text. */
export const illnessText = fc
  .tuple(asciiFieldBytes(5), dateFieldBytes, dateFieldBytes)
  .map((fields) => fields.join(''));
