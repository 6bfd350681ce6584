import { fileURLToPath } from 'node:url';
import { loadCardFile } from './card-file.js';
import type { VirtualCard } from './virtual-card.js';

/**
 * The demo cards shipped in `native/demo-cards/` (fictional people, valid ID check digits):
 * - `adult`: an ordinary adult with visits, vaccinations, prescriptions and allergies;
 * - `hkscs-name`: a name with the HKSCS character 堃 (Big5 `FB 69`);
 * - `english-name`: a resident-certificate holder with an English name;
 * - `cancelled`: a cancelled card;
 * - `expired-critical-illness`: an expired card with 6 critical illnesses and 6 visits;
 * - `pin-set`: a holder who set a PIN, with preventive-care and prenatal records;
 * - `not-nhi`: a smart card that is not an NHI card.
 */
export const DEMO_CARD_IDS = [
  'adult',
  'hkscs-name',
  'english-name',
  'cancelled',
  'expired-critical-illness',
  'pin-set',
  'not-nhi',
] as const;

/** One of {@link DEMO_CARD_IDS}. */
export type DemoCardId = (typeof DEMO_CARD_IDS)[number];

/** Whether `value` names a shipped demo card. */
export function isDemoCardId(value: unknown): value is DemoCardId {
  return typeof value === 'string' && (DEMO_CARD_IDS as readonly string[]).includes(value);
}

/**
 * The folder holding the demo card files: `native/demo-cards/`, two levels above this module
 * both in `src/simulator/` and in `dist/simulator/`.
 */
export const DEMO_CARDS_DIRECTORY = fileURLToPath(new URL('../../demo-cards/', import.meta.url));

/** The path of a demo card's file. */
export function demoCardPath(id: DemoCardId): string {
  return fileURLToPath(new URL(`../../demo-cards/${id}.json`, import.meta.url));
}

/**
 * Loads one demo card.
 * @throws CardFileError when the file is missing or invalid (a packaging mistake).
 */
export function loadDemoCard(id: DemoCardId): Promise<VirtualCard> {
  return loadCardFile(demoCardPath(id));
}

/** Loads every demo card, keyed by id in {@link DEMO_CARD_IDS} order. */
export async function loadDemoCards(): Promise<ReadonlyMap<DemoCardId, VirtualCard>> {
  const cards = await Promise.all(DEMO_CARD_IDS.map((id) => loadDemoCard(id)));
  return new Map(DEMO_CARD_IDS.map((id, index) => [id, cards[index] as VirtualCard]));
}
