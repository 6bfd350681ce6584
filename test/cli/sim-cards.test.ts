// A card dump replayed from the command line: `--sim-card-dir` (also `simulator.cardDirectory`
// and NHICARD_SIM_CARD_DIR), `sim cards` listing what can be inserted, and a name that is both a
// demo card and a card file refused instead of silently taking the demo card.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliProcess, killedAfterEach, NHICARD_BIN } from './cli-process.js';

const ADULT = fileURLToPath(new URL('../../native/demo-cards/adult.json', import.meta.url));
const running = killedAfterEach();

function cardFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nhicard-cards-'));
  copyFileSync(ADULT, join(dir, 'clinic-dump.json'));
  copyFileSync(ADULT, join(dir, 'adult.json'));
  writeFileSync(join(dir, 'broken.json'), '{"sections": {}}');
  return dir;
}

describe('card files from the command line', () => {
  it('lists demo cards and card files, inserts a file by name, refuses an ambiguous name', async () => {
    const dir = cardFolder();
    const list = await CliProcess.run(NHICARD_BIN, ['sim', 'cards', '--sim-card-dir', dir]);
    expect(list.exit).toEqual({ code: 0, signal: null });
    expect(list.stdout).toContain('Demo cards (fictional people):\n  adult ');
    expect(list.stdout).toContain(`Card files in ${dir}:\n`);
    expect(list.stdout).toContain(
      '  adult                      AMBIGUOUS: also a demo card name; sim insert refuses it, rename the file\n',
    );
    expect(list.stdout).toMatch(/\n {2}broken {21}INVALID: .*sections\.basic: missing/);
    expect(list.stdout).toMatch(/\n {2}clinic-dump {16}Ordinary adult: /);

    const broker = CliProcess.start(
      NHICARD_BIN,
      ['serve', '--port', '0', '--driver', 'simulator'],
      {
        env: { NHICARD_SIM_CARD_DIR: dir },
      },
    );
    running.push(broker);
    const [, port = ''] = await broker.waitForStdout(
      /WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1\n/,
    );
    const ambiguous = await CliProcess.run(NHICARD_BIN, ['sim', 'insert', 'adult', '--port', port]);
    expect(ambiguous.exit).toEqual({ code: 1, signal: null });
    expect(ambiguous.stderr).toBe(
      `nhicard: sim insert failed: BAD_REQUEST: adult is ambiguous: it is a demo card and the card file ${join(dir, 'adult.json')}. Rename the file.\n`,
    );
    const dump = await CliProcess.run(NHICARD_BIN, [
      'sim',
      'insert',
      'clinic-dump',
      '--port',
      port,
    ]);
    expect(dump.stdout).toBe('Inserted clinic-dump into sim-0.\n');
  }, 120_000);
});
