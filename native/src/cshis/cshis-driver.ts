import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardDriver } from '../card-driver.js';
import { dllNotFoundError, hostCommandError, hostStartError } from './cshis-errors.js';
import {
  type CshisDriverOptions,
  findCshisDll,
  type ResolvedCshisOptions,
  resolveCshisOptions,
  resolveHostCommand,
} from './cshis-options.js';
import { CshisReaderDriver } from './cshis-reader-driver.js';
import { CshisSession, type CshisSessionInfo } from './cshis-session.js';
import type { CshisHostCommand } from './host-command.js';

/** What `doctor` and the health page show about the host. */
export interface CshisHostState {
  /** `running` (port open, serving), `restarting` (after a failure) or `closed`. */
  state: 'running' | 'restarting' | 'closed';
  /** The DLL in use. */
  dllPath: string;
  /** The host's log file: stdout and stderr of every host this driver started (deleted on close). */
  logFile: string;
  /** How many times the host was restarted after a failure. */
  restarts: number;
  /**
   * Host failures (hung calls, crashes, failed starts) since a call last came back from a
   * host; 0 while it serves. Above 0 with the state `running`, a restarted host has not yet
   * shown that it serves.
   */
  failuresInARow: number;
  /** The last failure, in words, or null. */
  lastFailure: string | null;
  /** The running host and its DLL, or null while restarting or closed. */
  session: CshisSessionInfo | null;
}

/** The csHIS.dll driver: a `CardDriver` with one reader, plus its host's state. */
export interface CshisDriver extends CardDriver {
  readonly kind: 'cshis';
  /** The host's state now. */
  hostState(): CshisHostState;
}

let logFileCounter = 0;

/** Starts a host, loads the DLL and opens the port; the session is closed again on failure. */
async function openSession(
  command: CshisHostCommand,
  dllPath: string,
  options: ResolvedCshisOptions,
  logFile: string,
): Promise<CshisSession> {
  const session = await CshisSession.start({ command, dllPath, options, logFile }).catch(
    (error: unknown) => {
      throw hostStartError(error);
    },
  );
  try {
    await session.openPort(options.port, AbortSignal.timeout(options.openTimeoutMs));
    return session;
  } catch (error) {
    await session.close(false);
    throw hostStartError(error);
  }
}

/**
 * Starts the csHIS.dll driver: spawns the host (a 32-bit Node on Windows) with the DLL loaded,
 * opens the COM port, and serves one reader by polling `hisGetCardStatus(2)` and reading
 * sections through the protocol's section registry, one call at a time.
 *
 * The driver sets no time limit on status polls and reads: each runs until its caller's
 * signal aborts. A call still running then gets the host killed: the caller gets `TIMEOUT`
 * (or its own abort reason), the reader is reported detached, and the host is restarted (with a growing delay
 * while it keeps failing), the port reopened and the reader reported attached again. A host
 * that exits unexpectedly is handled the same way. The driver itself never stops serving.
 *
 * @throws DriverError when the DLL is not found, the host cannot start, or `csOpenCom` fails
 * (a busy port: another program holds the reader).
 */
export async function createCshisDriver(options: CshisDriverOptions = {}): Promise<CshisDriver> {
  const resolved = resolveCshisOptions(options);
  const search = findCshisDll(options);
  const dllPath = options.dllPath ?? search.dllPath;
  if (dllPath === undefined || dllPath === null) {
    throw dllNotFoundError(search.searched);
  }
  let command: CshisHostCommand;
  try {
    command = resolveHostCommand(options);
  } catch (error) {
    throw hostCommandError(error);
  }
  logFileCounter += 1;
  const logFile = join(resolved.logDir, `nhicard-cshis-host-${process.pid}-${logFileCounter}.log`);
  const first = await openSession(command, dllPath, resolved, logFile).catch(
    async (error: unknown) => {
      // The error carries the end of the log when it matters.
      await rm(logFile, { force: true });
      throw error;
    },
  );
  const { host, version } = first.info;
  resolved.log.info(
    `csHIS host started: ${dllPath} (version ${version ?? 'unknown'}) in Node ${host.node} ` +
      `${host.platform}-${host.arch}, COM${resolved.port + 1} open`,
  );
  const startSession = () => openSession(command, dllPath, resolved, logFile);
  return new CshisReaderDriver(startSession, dllPath, resolved, logFile, first);
}
