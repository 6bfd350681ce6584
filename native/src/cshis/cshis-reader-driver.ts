import { rm } from 'node:fs/promises';
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
import { DriverListeners } from '../driver-listeners.js';
import {
  CSHIS_PIN_VERIFIED,
  holdsCard,
  NHI_CARD_TYPE,
  presenceOfCardStatus,
} from './cshis-card-status.js';
import { cshisDeclaration } from './cshis-declarations.js';
import type { CshisDriver, CshisHostState } from './cshis-driver.js';
import { cshisCodeError, missingExportError, notAReadError } from './cshis-errors.js';
import { CshisHostSupervisor } from './cshis-host-supervisor.js';
import type { ResolvedCshisOptions } from './cshis-options.js';
import { outputBytes } from './cshis-output.js';
import { CSHIS_READ_FUNCTIONS } from './cshis-read-functions.js';
import type { CshisSession } from './cshis-session.js';

/** The signal of a call whose caller set no deadline: the call waits as long as the DLL does. */
const NEVER = new AbortController().signal;

/**
 * The driver's one reader: status polls and section reads as csHIS calls, one at a time
 * through the host supervisor's queue, and the insertion id kept across polls.
 */
export class CshisReaderDriver implements CshisDriver {
  readonly kind = 'cshis' as const;
  readonly capabilities: CardDriver['capabilities'];
  private readonly reader: ReaderDescriptor;
  private readonly listeners = new DriverListeners();
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
        this.listeners.emit({ type: 'reader-detached', readerId: this.reader.id });
      },
      onAttached: () =>
        this.listeners.emit({ type: 'reader-attached', reader: { ...this.reader } }),
    });
  }

  async listReaders(): Promise<ReaderDescriptor[]> {
    if (this.closed) throw DriverError.closed('csHIS');
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
      throw DriverError.unknownSection(section);
    }
    const cshisFunction = CSHIS_READ_FUNCTIONS[section];
    const { output } = cshisDeclaration(cshisFunction);
    if (output === null) throw notAReadError(cshisFunction);
    const args = output.kind === 'records' ? [1, output.maxRecords] : [];
    const label = `read ${section} (${cshisFunction})`;
    const { signal, onPinPrompt } = options;
    return this.supervisor.run(label, signal, async (session) => {
      if (!session.has(cshisFunction)) {
        throw missingExportError(cshisFunction, section);
      }
      // The DLL shows its own PIN dialog for such a section until the PIN is verified.
      if (sectionWaitsForPin(section) && this.lastStatus?.nativeCode !== CSHIS_PIN_VERIFIED) {
        onPinPrompt?.();
      }
      const result = await session.call(cshisFunction, args, signal ?? NEVER);
      if (result.rc !== 0) throw cshisCodeError(result.rc, label);
      return outputBytes(output, result);
    });
  }

  watch(listener: (event: DriverEvent) => void): () => void {
    return this.listeners.add(listener);
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
    if (this.closed) throw DriverError.closed('csHIS');
    if (readerId !== this.reader.id) throw DriverError.unknownReader('csHIS', readerId);
  }
}
