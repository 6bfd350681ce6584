// Messages name the command the user actually ran (here `node server/bin/nhicard.js`, which is
// not on the PATH), point at flags rather than protocol fields, and suggest only actions that
// exist. One broker with two simulated readers serves the three checks, one per fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, NHICARD_BIN } from './cli-process.js';

const SPAWN_TIMEOUT_MS = 120_000;
const RUN_AS = 'node server/bin/nhicard.js';

describe('CLI wording', () => {
  let broker: CliProcess;
  let port = '';

  beforeAll(async () => {
    broker = CliProcess.start(NHICARD_BIN, [
      'serve',
      '--port',
      '0',
      '--driver',
      'simulator',
      '--sim-readers',
      '2',
    ]);
    [, port = ''] = await broker.waitForStdout(/WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1/);
  }, SPAWN_TIMEOUT_MS);

  /** Runs `sim insert <args> --port <the broker's>` to its end. */
  const simInsert = (...args: string[]) =>
    CliProcess.run(NHICARD_BIN, ['sim', 'insert', ...args, '--port', port]);

  afterAll(async () => {
    if (broker?.exit === undefined) {
      broker?.kill('SIGKILL');
      await broker?.waitForExit();
    }
  });

  it(
    'names the command run, not an nhicard that is not on the PATH',
    async () => {
      expect(broker.stdout).toContain(
        `Insert a demo card: ${RUN_AS} sim insert adult --port ${port}`,
      );
      const noCard = await simInsert();
      expect(noCard.stderr).toBe(
        `nhicard: sim insert needs a card, e.g. ${RUN_AS} sim insert adult\n` +
          `Run \`${RUN_AS} sim --help\` for usage.\n`,
      );
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'says --reader where the protocol would say params.reader',
    async () => {
      const ambiguous = await simInsert('adult');
      expect(ambiguous.exit).toEqual({ code: 2, signal: null });
      expect(ambiguous.stderr).toBe(
        'nhicard: the broker has 2 readers (sim-0, sim-1): name one with --reader, e.g. ' +
          `${RUN_AS} sim insert adult --reader sim-0\n`,
      );
      expect(ambiguous.stderr).not.toContain('params.reader');
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'suggests sim remove for a BUSY reader, not a swap that does not exist',
    async () => {
      const first = await simInsert('adult', '-r', 'sim-1');
      expect(first.stdout).toBe('Inserted adult into sim-1.\n');
      const second = await simInsert('pin-set', '-r', 'sim-1');
      expect(second.exit).toEqual({ code: 1, signal: null });
      expect(second.stderr).toBe(
        'nhicard: sim insert failed: BUSY: sim-1 already holds a card: remove it first\n' +
          `Run \`${RUN_AS} sim remove --reader sim-1\` first.\n`,
      );
      expect(second.stderr).not.toContain('swap');
    },
    SPAWN_TIMEOUT_MS,
  );
});
