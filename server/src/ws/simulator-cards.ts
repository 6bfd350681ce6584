import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CardDriver,
  DEMO_CARD_IDS,
  isDemoCardId,
  loadCardFile,
  loadDemoCard,
  type SimulatorDriver,
  type VirtualCard,
} from '@nhicard/native';
import { BrokerError } from '../core/broker-error.js';
import type { SimulatorAccess } from './op-handlers.js';

/** A card the demo page offers, by the name `sim.insert` takes. */
export interface SimulatorCardEntry {
  /** The name to pass as `sim.insert`'s `card`. */
  name: string;
  /** One line about the (fictional) holder or card. */
  description: string;
  /** Whether it is an NHI card. */
  kind: VirtualCard['kind'];
}

/** The cards `sim.insert` can put into a simulated reader. */
export interface SimulatorCards {
  /** The demo cards that loaded, in the shipped order. */
  readonly demoCards: readonly SimulatorCardEntry[];
  /**
   * The card called `name`: a demo card id (`adult`, or `adult.json`), else a card file of that
   * name in the configured card folder.
   * @throws BrokerError `BAD_REQUEST` when there is no such card or its file is invalid.
   */
  load(name: string): Promise<VirtualCard>;
}

/** Where `createSimulatorCards` looks for cards, and how it reports a demo card that failed. */
export interface SimulatorCardsOptions {
  /** A folder of card files `sim.insert` may name, besides the demo cards. */
  cardDirectory?: string | undefined;
  /** Called for each demo card that cannot be loaded (a packaging mistake); it is left out. */
  onDemoCardError?: (name: string, error: unknown) => void;
}

/** Whether `driver` is the simulator, with its control API. */
export function isSimulatorDriver(driver: CardDriver): driver is SimulatorDriver {
  const candidate = driver as Partial<SimulatorDriver>;
  return (
    driver.kind === 'simulator' &&
    typeof candidate.insert === 'function' &&
    typeof candidate.remove === 'function'
  );
}

/**
 * The simulator behind `driver`: the driver itself, or the simulator among the sources of a
 * composite driver (a simulated reader next to the virtual card); null when there is none.
 */
function findSimulatorDriver(driver: CardDriver): SimulatorDriver | null {
  if (isSimulatorDriver(driver)) return driver;
  const parts = (driver as { parts?: unknown }).parts;
  if (!Array.isArray(parts)) return null;
  return (parts as CardDriver[]).find(isSimulatorDriver) ?? null;
}

/** Loads the demo cards once (their descriptions feed the demo page) and resolves card names. */
export async function createSimulatorCards(
  options: SimulatorCardsOptions = {},
): Promise<SimulatorCards> {
  const loaded = new Map<string, VirtualCard>();
  await Promise.all(
    DEMO_CARD_IDS.map(async (id) => {
      try {
        loaded.set(id, await loadDemoCard(id));
      } catch (error) {
        options.onDemoCardError?.(id, error);
      }
    }),
  );
  const demoCards = DEMO_CARD_IDS.flatMap((id) => {
    const card = loaded.get(id);
    return card === undefined ? [] : [{ name: id, description: card.description, kind: card.kind }];
  });
  return {
    demoCards,
    async load(name) {
      const demoId = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
      // The protocol's card-name pattern already keeps `name` inside the folder (no slashes,
      // no leading dot).
      const file =
        options.cardDirectory === undefined ? null : join(options.cardDirectory, `${demoId}.json`);
      const fileExists = file !== null && existsSync(file);
      if (isDemoCardId(demoId) && fileExists) {
        throw new BrokerError(
          'BAD_REQUEST',
          `${name} is ambiguous: it is a demo card and the card file ${file}. Rename the file.`,
        );
      }
      if (isDemoCardId(demoId)) {
        const card = loaded.get(demoId);
        if (card !== undefined) return card;
      }
      if (file !== null && fileExists) {
        try {
          return await loadCardFile(file);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new BrokerError('BAD_REQUEST', `Card file ${name} cannot be used: ${reason}`, {
            cause: error,
          });
        }
      }
      const known = demoCards.map((entry) => entry.name).join(', ');
      throw new BrokerError('BAD_REQUEST', `No card named ${name} (demo cards: ${known}).`);
    },
  };
}

/**
 * What the `sim.*` ops and the demo page use when `driver` holds a simulator; null otherwise.
 * A demo card that does not load is reported through `onDemoCardError` and left out.
 */
export async function simulatorAccessFor(
  driver: CardDriver,
  options: SimulatorCardsOptions = {},
): Promise<SimulatorAccess | null> {
  const simulator = findSimulatorDriver(driver);
  if (simulator === null) return null;
  return { driver: simulator, cards: await createSimulatorCards(options) };
}
