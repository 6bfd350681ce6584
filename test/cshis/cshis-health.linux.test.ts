// `nhicard serve --driver cshis` whose csHIS host keeps crashing: the stand-in library (built
// with gcc, loaded by the real Linux host) aborts the whole host process at every card-status
// call, so each restarted host dies at its first call. /healthz says `degraded` with the host's
// reason while that goes on, and `ok` once a restarted host serves again; the broker's log has
// one warning for the whole crash loop and one line when it is healthy again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, NHICARD_BIN } from '../cli/cli-process.js';
import { type LinuxStandIn, linuxStandInAvailable, startLinuxStandIn } from './linux-stand-in.js';

interface Health {
  status: 'ok' | 'degraded';
  reasons: string[];
}

/**
 * How the host's end shows: its exit (SIGABRT, from the stand-in's abort) or, when the pending
 * call notices first, its connection closing.
 */
const HOST_ENDED =
  'the csHIS host (?:exited unexpectedly \\(SIGABRT\\)|exited \\(SIGABRT\\)|closed the connection)';
const KEEPS_RESTARTING = new RegExp(
  `^the csHIS host keeps restarting \\((\\d+) failures since it last served a call; last: ${HOST_ENDED}\\)$`,
);
const FIRST_FAILURE = new RegExp(
  `^the csHIS host is restarting \\(1 failure since it last served a call; last: ${HOST_ENDED}\\)$`,
);

describe.skipIf(!linuxStandInAvailable)('/healthz while the csHIS host keeps crashing', () => {
  let stand: LinuxStandIn;
  let cli: CliProcess;
  let port: string;

  beforeAll(async () => {
    stand = await startLinuxStandIn('health');
    cli = CliProcess.start(
      NHICARD_BIN,
      ['serve', '--driver', 'cshis', '--cshis-dll', stand.libraryPath, '--port', '0'],
      { env: { ...stand.card.hostEnv(false), NHICARD_CSHIS_LOG_DIR: stand.workDir } },
    );
    [, port = ''] = await cli.waitForStdout(/WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1\n/);
  }, 120_000);

  afterAll(async () => {
    if (cli !== undefined && cli.exit === undefined) {
      cli.kill('SIGKILL');
      await cli.waitForExit();
    }
    await stand?.dispose();
  });

  const health = async (): Promise<Health> =>
    (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;

  /** Asks /healthz until `accept` takes the answer (the state moves with the host's restarts). */
  async function healthUntil(accept: (health: Health) => boolean, what: string): Promise<Health> {
    const seen: Health[] = [];
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      const now = await health();
      if (accept(now)) return now;
      if (seen.at(-1)?.reasons.join() !== now.reasons.join()) seen.push(now);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`/healthz never ${what}; saw ${JSON.stringify(seen)}`);
  }

  const healthLog = (): { level: string; msg: string; reasons?: string[] }[] =>
    cli.stderr
      .split('\n')
      .filter((line) => /"msg":"broker (degraded|healthy again)"/.test(line))
      .map((line) => JSON.parse(line));

  it('is ok while the host serves', async () => {
    expect(await healthUntil((now) => now.status === 'ok', 'became ok')).toMatchObject({
      status: 'ok',
      reasons: [],
      driver: 'cshis',
      readers: [{ id: 'cshis-0' }],
    });
  });

  it('is degraded with the reason while every restarted host crashes, then ok again', async () => {
    await stand.card.set({ crash: ['hisGetCardStatus'] });
    const degraded = await healthUntil(
      (now) => Number(KEEPS_RESTARTING.exec(now.reasons[0] ?? '')?.[1]) >= 3,
      'reported three host failures in a row',
    );
    expect(degraded.status).toBe('degraded');
    expect(degraded.reasons).toHaveLength(1);

    await stand.card.set({ crash: [] });
    expect(await healthUntil((now) => now.status === 'ok', 'became ok again')).toMatchObject({
      status: 'ok',
      reasons: [],
      readers: [{ id: 'cshis-0' }],
    });

    // One warning for the whole crash loop (its first words: the first failure), one info line
    // when it is over, however many restarts and checks there were in between.
    const log = healthLog();
    expect(log.map((line) => [line.level, line.msg])).toStrictEqual([
      ['warn', 'broker degraded'],
      ['info', 'broker healthy again'],
    ]);
    expect(log[0]?.reasons).toStrictEqual([expect.stringMatching(FIRST_FAILURE)]);
    cli.kill('SIGTERM');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
  }, 180_000);
});
