import type { SectionId } from '../card/section-ids.js';
import { SECTION_NEEDS } from '../card/section-needs.js';
import type { Op, OpParams } from './ops.js';

/**
 * How long each part of serving a request may take, in ms: the one table every layer's
 * deadline comes from. The broker sets a request's deadline from it where the request enters
 * (a `card.read`, the automatic read of an insertion, a status poll) and passes it down as an
 * `AbortSignal`; the drivers set none of their own; the client derives its own timeout from
 * the table the broker announces in `hello`.
 */
export interface DeadlineTable {
  /**
   * One status poll of a reader.
   * @default 3000
   */
  statusMs: number;
  /**
   * A card settling after insertion (`not-ready`: the SAM authenticates it) before it can be
   * read; part of every `card.read` that finds the card settling.
   * @default 5000
   */
  settleMs: number;
  /**
   * One section read on the device, without a person involved.
   * @default 10000
   */
  readMs: number;
  /**
   * Time a person has to type a PIN at the reader or the DLL's dialog; added to the read of
   * every section whose registry row `needs` a PIN (`pin`: the holder's, `hpc`: the
   * health-professional card's).
   * @default 60000
   */
  pinEntryMs: number;
  /**
   * Any other request that waits (e.g. `sim.insert` loading a card file); the server's
   * `limits.requestTimeoutMs`.
   * @default 30000
   */
  requestMs: number;
}

/** The defaults of {@link DeadlineTable}. */
export const DEFAULT_DEADLINES: Readonly<DeadlineTable> = Object.freeze({
  statusMs: 3000,
  settleMs: 5000,
  readMs: 10_000,
  pinEntryMs: 60_000,
  requestMs: 30_000,
});

/** Whether reading `section` may wait for a person to type a PIN (its registry `needs`). */
export function sectionWaitsForPin(section: SectionId): boolean {
  const needs = SECTION_NEEDS[section];
  return needs === 'pin' || needs === 'hpc';
}

/** The time one section read may take on the device: `readMs`, plus `pinEntryMs` for PIN sections. */
export function sectionDeadlineMs(section: SectionId, table: DeadlineTable): number {
  return table.readMs + (sectionWaitsForPin(section) ? table.pinEntryMs : 0);
}

/**
 * The deadline of one request, from the time it arrives: for `card.read`, the card's settling
 * plus each section's read one after another (a reader reads one section at a time, so the
 * sections add up); `requestMs` for anything else.
 */
export function requestDeadlineMs<O extends Op>(
  op: O,
  params: OpParams[O],
  table: DeadlineTable,
): number {
  if (op !== 'card.read') return table.requestMs;
  // Params are not validated yet where a client computes its timeout: count what is there.
  const sections: unknown = (params as Partial<OpParams['card.read']> | undefined)?.sections;
  let totalMs = table.settleMs;
  if (!Array.isArray(sections)) return totalMs + table.readMs;
  for (const section of sections) totalMs += sectionDeadlineMs(section, table);
  return totalMs;
}
