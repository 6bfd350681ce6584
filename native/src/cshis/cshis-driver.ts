import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isSectionId, SECTION_IDS, type SectionId, sectionWaitsForPin } from '@nhicard/protocol';
import type {
  CallOptions,
  CardDriver,
  CardStatus,
  DriverEvent,
  ReaderDescriptor,
  ReadOptions,
} from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import {
  CSHIS_PIN_VERIFIED,
  holdsCard,
  NHI_CARD_TYPE,
  presenceOfCardStatus,
} from './cshis-card-status.js';
import { cshisDeclaration } from './cshis-declarations.js';
import { CshisHostSupervisor } from './cshis-host-supervisor.js';
import {
  type CshisDriverOptions,
  findCshisDll,
  type ResolvedCshisOptions,
  resolveCshisOptions,
  resolveHostCommand,
} from './cshis-options.js';
import { outputBytes } from './cshis-output.js';
import { CSHIS_READ_FUNCTIONS } from './cshis-read-functions.js';
import { CshisSession, type CshisSessionInfo } from './cshis-session.js';
import type { CshisHostCommand } from './host-command.js';
import { HostFailure } from './host-process.js';

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

/** The signal of a call whose caller set no deadline: the call waits as long as the DLL does. */
const NEVER = new AbortController().signal;

function startError(error: unknown): unknown {
  if (error instanceof HostFailure) {
    return new DriverError('READER_ERROR', `the csHIS host could not start: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/** Starts a host, loads the DLL and opens the port; the session is closed again on failure. */
async function openSession(
  command: CshisHostCommand,
  dllPath: string,
  options: ResolvedCshisOptions,
  logFile: string,
): Promise<CshisSession> {
  const session = await CshisSession.start({ command, dllPath, options, logFile }).catch(
    (error: unknown) => {
      throw startError(error);
    },
  );
  try {
    await session.openPort(options.port, AbortSignal.timeout(options.openTimeoutMs));
    return session;
  } catch (error) {
    await session.close(false);
    throw startError(error);
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
    const where = search.searched.length > 0 ? search.searched.join(', ') : 'nowhere';
    throw new DriverError(
      'NO_READER',
      `csHIS.dll not found (looked at: ${where}); set cshis.dllPath`,
    );
  }
  let command: CshisHostCommand;
  try {
    command = resolveHostCommand(options);
  } catch (error) {
    throw new DriverError('READER_ERROR', (error as Error).message);
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
  return new CshisDriverImpl(startSession, dllPath, resolved, logFile, first);
}

class CshisDriverImpl implements CshisDriver {
  readonly kind = 'cshis' as const;
  readonly capabilities: CardDriver['capabilities'];
  private readonly reader: ReaderDescriptor;
  private readonly listeners = new Set<(event: DriverEvent) => void>();
  private readonly supervisor: CshisHostSupervisor;
  private closed = false;
  private insertionCount = 0;
  private insertionId: number | null = null;
  private lastStatus: CardStatus | null = null;

  constructor(
    startSession: () => Promise<CshisSession>,
    private readonly dllPath: string,
    options: ResolvedCshisOptions,
    private readonly logFile: string,
    first: CshisSession,
  ) {
    this.reader = { id: options.readerId, name: `csHIS reader (COM${options.port + 1})` };
    // Sections whose export this DLL lacks are left out, so the broker never asks for them.
    const sections = SECTION_IDS.filter((id) => first.has(CSHIS_READ_FUNCTIONS[id]));
    this.capabilities = { sections, events: true };
    this.supervisor = new CshisHostSupervisor(first, {
      startSession,
      restartDelayMs: options.restartDelayMs,
      maxRestartDelayMs: options.maxRestartDelayMs,
      log: options.log,
      onDetached: () => {
        // The new host cannot know whether the card that is in is the one that was.
        this.insertionId = null;
        this.lastStatus = null;
        this.emit({ type: 'reader-detached', readerId: this.reader.id });
      },
      onAttached: () => this.emit({ type: 'reader-attached', reader: { ...this.reader } }),
    });
  }

  async listReaders(): Promise<ReaderDescriptor[]> {
    if (this.closed) throw new DriverError('BUSY', 'the csHIS driver is closed');
    return this.supervisor.running ? [{ ...this.reader }] : [];
  }

  async status(readerId: string, options: CallOptions = {}): Promise<CardStatus> {
    this.checkReader(readerId);
    // A read in progress (perhaps a PIN dialog) holds the DLL: the card it reads is in.
    if (this.supervisor.queue.busy && this.lastStatus !== null) return { ...this.lastStatus };
    const signal = options.signal;
    const { rc } = await this.supervisor.run('hisGetCardStatus', signal, (session) =>
      session.call('hisGetCardStatus', [NHI_CARD_TYPE], signal ?? NEVER),
    );
    const presence = presenceOfCardStatus(rc);
    if (holdsCard(presence)) {
      if (this.insertionId === null) {
        this.insertionCount += 1;
        this.insertionId = this.insertionCount;
      }
    } else if (presence === 'no-card') {
      this.insertionId = null;
    }
    this.lastStatus = { presence, nativeCode: rc, insertionId: this.insertionId };
    return { ...this.lastStatus };
  }

  async read(readerId: string, section: SectionId, options: ReadOptions = {}): Promise<Uint8Array> {
    this.checkReader(readerId);
    if (!isSectionId(section)) {
      throw new DriverError('UNSUPPORTED', `unknown section ${JSON.stringify(section)}`);
    }
    const cshisFunction = CSHIS_READ_FUNCTIONS[section];
    const { output } = cshisDeclaration(cshisFunction);
    if (output === null) throw new DriverError('INTERNAL', `${cshisFunction} is not a read`);
    const args = output.kind === 'records' ? [1, output.maxRecords] : [];
    const label = `read ${section} (${cshisFunction})`;
    const { signal, onPinPrompt } = options;
    return this.supervisor.run(label, signal, async (session) => {
      if (!session.has(cshisFunction)) {
        throw new DriverError(
          'UNSUPPORTED',
          `this csHIS.dll has no ${cshisFunction}: ${section} cannot be read`,
        );
      }
      // The DLL shows its own PIN dialog for such a section until the PIN is verified.
      if (sectionWaitsForPin(section) && this.lastStatus?.nativeCode !== CSHIS_PIN_VERIFIED) {
        onPinPrompt?.();
      }
      const result = await session.call(cshisFunction, args, signal ?? NEVER);
      if (result.rc !== 0) throw DriverError.fromCshisCode('cshis', result.rc, label);
      return outputBytes(output, result);
    });
  }

  watch(listener: (event: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  hostState(): CshisHostState {
    return { ...this.supervisor.state(), dllPath: this.dllPath, logFile: this.logFile };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.supervisor.close();
    // Failures were reported through `log` as they came, with the log's end where it helps.
    await rm(this.logFile, { force: true });
  }

  private checkReader(readerId: string): void {
    if (this.closed) throw new DriverError('BUSY', 'the csHIS driver is closed');
    if (readerId !== this.reader.id) {
      throw new DriverError('NO_READER', `unknown reader ${readerId}`);
    }
  }

  private emit(event: DriverEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the other listeners still hear the event.
      }
    }
  }
}
