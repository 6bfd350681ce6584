import type { PcscApi } from './pcsc-api.js';

/** Options of {@link createPcscDriver}. */
export interface PcscDriverOptions {
  /**
   * The PC/SC library to load.
   * @default the platform's: `libpcsclite.so.1`, `winscard.dll` or `PCSC.framework`
   */
  libraryPath?: string;
  /**
   * Wait after a card goes in before it is first read: contacts settle and the reader
   * finishes powering the card.
   * @default 300
   */
  settleDelayMs?: number;
  /**
   * Whether the basic data is read once after the settle delay to tell an NHI card (`ready`)
   * from any other card (`not-nhi-card`). With false every card becomes `ready` and a non-NHI
   * card is found out by the first read.
   * @default true
   */
  classifyCards?: boolean;
  /**
   * Attempts of a read when another program holds the card exclusively or resets it.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Wait between two such attempts.
   * @default 100
   */
  retryDelayMs?: number;
  /**
   * After a failed exchange, how long to wait for the service to report the card's removal
   * before reporting the failure itself; a removal within it is reported as `CARD_REMOVED`.
   * pcscd polls some readers (vpcd among them) every 400 ms.
   * @default 1000
   */
  removalGraceMs?: number;
  /**
   * How often readers are listed again where the platform has no PnP notification (macOS).
   * @default 2000
   */
  readerScanIntervalMs?: number;
  /**
   * First wait before reconnecting to a PC/SC service that went away; doubles per failure.
   * @default 250
   */
  recoveryInitialDelayMs?: number;
  /**
   * Longest wait between two reconnection attempts.
   * @default 5000
   */
  recoveryMaxDelayMs?: number;
  /** The PC/SC calls to use instead of the platform library's (tests inject a fake). */
  api?: PcscApi;
}

/** The numeric and boolean options with their defaults filled in. */
export type ResolvedPcscDriverOptions = Required<Omit<PcscDriverOptions, 'libraryPath' | 'api'>>;

function checkMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name}: ${value} must be a number of milliseconds >= 0`);
  }
  return value;
}

/** Fills in the defaults and checks the ranges. */
export function resolvePcscDriverOptions(options: PcscDriverOptions): ResolvedPcscDriverOptions {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts: ${maxAttempts} must be an integer >= 1`);
  }
  const recoveryInitialDelayMs = checkMs(
    options.recoveryInitialDelayMs ?? 250,
    'recoveryInitialDelayMs',
  );
  return {
    settleDelayMs: checkMs(options.settleDelayMs ?? 300, 'settleDelayMs'),
    classifyCards: options.classifyCards ?? true,
    maxAttempts,
    retryDelayMs: checkMs(options.retryDelayMs ?? 100, 'retryDelayMs'),
    removalGraceMs: checkMs(options.removalGraceMs ?? 1000, 'removalGraceMs'),
    readerScanIntervalMs: checkMs(options.readerScanIntervalMs ?? 2000, 'readerScanIntervalMs'),
    recoveryInitialDelayMs,
    recoveryMaxDelayMs: Math.max(
      recoveryInitialDelayMs,
      checkMs(options.recoveryMaxDelayMs ?? 5000, 'recoveryMaxDelayMs'),
    ),
  };
}
