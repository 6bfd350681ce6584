import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_DEADLINES } from '@nhicard/protocol';
import type { CardStatus } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { NHI_CARD_TYPE, presenceOfCardStatus } from './cshis-card-status.js';
import {
  type CshisDriverOptions,
  findCshisDll,
  resolveCshisOptions,
  resolveHostCommand,
} from './cshis-options.js';
import { CshisSession, type CshisSessionInfo } from './cshis-session.js';
import { HostFailure } from './host-failure.js';

/** What `probeCshis` found, step by step; each step runs only if the one before succeeded. */
export interface CshisProbe {
  /** The DLL found (the given `dllPath` when it exists), or null. */
  dllPath: string | null;
  /** The paths looked at for the DLL. */
  searched: readonly string[];
  /** `not-started` (no DLL, or no usable Node), `started` (DLL loaded), `failed`. */
  host: 'not-started' | 'started' | 'failed';
  /** The host and DLL as found (platform, arch, Node, koffi, DLL version, missing exports). */
  session: CshisSessionInfo | null;
  /** `ok`, `failed` (csOpenCom returned an error: `error` says why) or `not-tried`. */
  port: 'ok' | 'failed' | 'not-tried';
  /** The card status read once with the port open, or null. */
  cardStatus: CardStatus | null;
  /** What went wrong, in words, or null. */
  error: string | null;
  /** The host's log file while the probe ran (deleted at its end), or null. */
  logFile: string | null;
}

let probeCounter = 0;

/**
 * Checks csHIS step by step for `nhicard doctor`: finds the DLL, starts the host and loads it
 * (reading `csGetVersionEx`), opens the port, reads the card status once, then closes
 * everything. Never throws: every failure is described in the result. A broker already
 * running with csHIS holds the port, so `port` then fails with the busy-port explanation.
 */
export async function probeCshis(options: CshisDriverOptions = {}): Promise<CshisProbe> {
  const search = findCshisDll(options);
  const probe: CshisProbe = {
    dllPath: search.dllPath,
    searched: search.searched,
    host: 'not-started',
    session: null,
    port: 'not-tried',
    cardStatus: null,
    error: null,
    logFile: null,
  };
  if (probe.dllPath === null) {
    probe.error = 'csHIS.dll not found';
    return probe;
  }
  try {
    const resolved = resolveCshisOptions(options);
    const command = resolveHostCommand(options);
    probeCounter += 1;
    probe.logFile = join(resolved.logDir, `nhicard-cshis-probe-${process.pid}-${probeCounter}.log`);
    const session = await CshisSession.start({
      command,
      dllPath: probe.dllPath,
      options: resolved,
      logFile: probe.logFile,
    });
    probe.host = 'started';
    probe.session = session.info;
    try {
      await session.openPort(resolved.port, AbortSignal.timeout(resolved.openTimeoutMs));
      probe.port = 'ok';
      const { rc } = await session.call(
        'hisGetCardStatus',
        [NHI_CARD_TYPE],
        AbortSignal.timeout(DEFAULT_DEADLINES.statusMs),
      );
      probe.cardStatus = { presence: presenceOfCardStatus(rc), nativeCode: rc, insertionId: null };
    } catch (error) {
      if (probe.port === 'not-tried') probe.port = 'failed';
      probe.error = describe(error);
    } finally {
      await session.close(probe.port === 'ok');
    }
  } catch (error) {
    if (probe.logFile !== null && probe.host === 'not-started') probe.host = 'failed';
    probe.error = describe(error);
  }
  // A start failure's message already carries the end of the log.
  if (probe.logFile !== null) await rm(probe.logFile, { force: true });
  return probe;
}

function describe(error: unknown): string {
  if (error instanceof DriverError || error instanceof HostFailure) return error.message;
  return error instanceof Error ? error.message : String(error);
}
