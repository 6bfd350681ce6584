import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CARD_IDS, isDemoCardId, loadCardFile, loadDemoCard } from '@nhicard/native';
import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import type { CommandLine } from './command-line.js';

function row(name: string, text: string): string {
  return `  ${name.padEnd(26)} ${text}\n`;
}

/**
 * `nhicard sim cards`: what `sim insert` can name, from the same flags, environment and config
 * as `serve`: the demo cards, then the card files of `simulator.cardDirectory`, each with its
 * description, a broken file with why, and a name that is also a demo card marked ambiguous
 * (`sim insert` refuses it).
 */
export async function runSimCards(commandLine: CommandLine, io: CliIo): Promise<number> {
  let cardDirectory: string | undefined;
  try {
    const { values } = commandLine;
    const flags = { config: values.config, 'sim-card-dir': values['sim-card-dir'] };
    cardDirectory = loadConfig({ flags, env: io.env, cwd: io.cwd }).config.simulator.cardDirectory;
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: the configuration has problems:\n${error.message}\n`);
    return EXIT_CODES.usage;
  }
  io.stdout('Demo cards (fictional people):\n');
  for (const id of DEMO_CARD_IDS) io.stdout(row(id, (await loadDemoCard(id)).description));
  if (cardDirectory === undefined) {
    io.stdout(
      'Card files: none (give a folder with --sim-card-dir, NHICARD_SIM_CARD_DIR or ' +
        'simulator.cardDirectory)\n',
    );
    return EXIT_CODES.ok;
  }
  let files: string[];
  try {
    files = readdirSync(cardDirectory).filter(
      (name) => name.endsWith('.json') && !name.startsWith('.'),
    );
  } catch (error) {
    io.stderr(`nhicard: cannot read the card folder ${cardDirectory}: ${String(error)}\n`);
    return EXIT_CODES.failure;
  }
  io.stdout(`Card files in ${cardDirectory}:\n`);
  if (files.length === 0) io.stdout('  (no .json files)\n');
  for (const file of files.sort()) {
    const name = file.slice(0, -'.json'.length);
    if (isDemoCardId(name)) {
      io.stdout(
        row(name, 'AMBIGUOUS: also a demo card name; sim insert refuses it, rename the file'),
      );
      continue;
    }
    try {
      io.stdout(row(name, (await loadCardFile(join(cardDirectory, file))).description));
    } catch (error) {
      io.stdout(row(name, `INVALID: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return EXIT_CODES.ok;
}
