// `nhicard sim` against a real broker in this process, with tokens: what it prints and exits
// with when the token is good, lacks the admin scope, or is unknown to the broker.
import { randomBytes } from 'node:crypto';
import { createSimulatorDriver } from '@nhicard/native';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';
import { type CliRun, runCaptured } from './cli-run.test-helpers.js';
import { runSim } from './sim-command.js';

const ADMIN_TOKEN = randomBytes(32).toString('hex');
const READ_TOKEN = randomBytes(32).toString('hex');

let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close('test finished');
  server = undefined;
});

async function broker(): Promise<RunningServer> {
  server = await startServer({
    driver: createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 }),
    port: 0,
    access: { tokens: { [ADMIN_TOKEN]: ['admin'], [READ_TOKEN]: ['read'] } },
  });
  return server;
}

/** Runs `nhicard sim …args` with `env`, capturing what it prints. */
function sim(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCaptured(runSim, args, env);
}

describe('nhicard sim with a token', () => {
  it('inserts and removes with an admin token from --token or $NHICARD_TOKEN', async () => {
    const { url } = await broker();
    expect(await sim(['insert', 'adult', '--url', url, '--token', ADMIN_TOKEN])).toEqual({
      code: 0,
      stdout: 'Inserted adult into sim-0.\n',
      stderr: '',
    });
    expect(await sim(['remove', '--url', url], { NHICARD_TOKEN: ADMIN_TOKEN })).toEqual({
      code: 0,
      stdout: 'Removed the card from sim-0.\n',
      stderr: '',
    });
  });

  it('says the token lacks the admin scope, and changes nothing', async () => {
    const running = await broker();
    expect(await sim(['insert', 'adult', '--url', running.url, '--token', READ_TOKEN])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `nhicard: The broker at ${running.url} did not grant the token given the admin scope ` +
        'the sim commands need.\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).\n',
    });
    // Nothing was inserted: the admin's insert finds the reader empty (else BUSY).
    expect(await sim(['insert', 'adult', '--url', running.url, '--token', ADMIN_TOKEN])).toEqual({
      code: 0,
      stdout: 'Inserted adult into sim-0.\n',
      stderr: '',
    });
  });

  it('prints the broker’s 401 with token advice for a token it does not know', async () => {
    const { url } = await broker();
    const unknown = randomBytes(32).toString('hex');
    expect(await sim(['remove', '--url', url], { NHICARD_TOKEN: unknown })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `nhicard: The broker at ${url} refused the connection (HTTP 401: The token is not known ` +
        'to this broker.)\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).\n',
    });
  });

  it('prints a failed request’s code and message, with the command that helps', async () => {
    const { url } = await broker();
    expect((await sim(['insert', 'adult', '--url', url])).code).toBe(0);
    expect(await sim(['insert', 'adult', '--url', url])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'nhicard: sim insert failed: BUSY: sim-0 already holds a card: remove it first\n' +
        'Run `nhicard sim remove` first.\n',
    });
  });
});
