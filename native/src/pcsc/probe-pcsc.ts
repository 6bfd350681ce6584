import { DriverError } from '../driver-error.js';
import type { PcscApi } from './pcsc-api.js';
import { SCARD_STATE } from './pcsc-constants.js';
import { describeScardCode, formatScardCode } from './pcsc-error.js';
import { loadPcscLibrary } from './pcsc-library.js';
import { SCARD } from './scard-codes.js';
import { atrHexOf } from './watched-reader.js';

/** A reader's slot as `probePcsc` saw it. */
export type ProbedSlot = 'empty' | 'card' | 'mute-card' | 'unavailable' | 'unknown';

/** One reader found by `probePcsc`. */
export interface ProbedReader {
  /** The reader's name (also its id in the PC/SC driver). */
  name: string;
  /** What is in its slot. */
  slot: ProbedSlot;
  /** The card's ATR as upper-case hex (not personal data), or null without a card. */
  atr: string | null;
}

/** What `probePcsc` found: for `--driver auto` and `nhicard doctor`. */
export interface PcscProbe {
  /** The PC/SC library. */
  library: {
    /** Whether it could be loaded. */
    loaded: boolean;
    /** The file or name loaded, or the one tried first. */
    path: string | null;
    /** Why it could not be loaded. */
    error?: string;
  };
  /** The PC/SC service (pcscd, the Windows smart card service). */
  service: {
    /** Whether it answered (a context could be established and readers listed). */
    running: boolean;
    /** The PC/SC code when it did not, e.g. `0x8010001D`. */
    code: number | null;
    /** The code's name and meaning (English), e.g. `SCARD_E_NO_SERVICE: …`, or `running`. */
    message: string;
  };
  /** The readers, in the service's order (empty when it is not running). */
  readers: ProbedReader[];
}

/** Options of {@link probePcsc}. */
export interface ProbePcscOptions {
  /**
   * The PC/SC library to load.
   * @default the platform's
   */
  libraryPath?: string;
  /** The PC/SC calls to use instead of the platform library's (tests). */
  api?: PcscApi;
}

function slotOf(eventState: number): ProbedSlot {
  if ((eventState & SCARD_STATE.UNKNOWN) !== 0) return 'unknown';
  if ((eventState & SCARD_STATE.UNAVAILABLE) !== 0) return 'unavailable';
  if ((eventState & SCARD_STATE.MUTE) !== 0) return 'mute-card';
  if ((eventState & SCARD_STATE.PRESENT) !== 0) return 'card';
  return 'empty';
}

function describeFailure(code: number): string {
  const entry = describeScardCode(code);
  return `${entry.name} (${formatScardCode(code)}): ${entry.messageEn}`;
}

/**
 * Checks PC/SC without keeping anything open: is the library there, does the service answer,
 * which readers are there and what is in them. Never throws; never touches a card (reader
 * states come from one `SCardGetStatusChange` with a zero timeout).
 */
export async function probePcsc(options: ProbePcscOptions = {}): Promise<PcscProbe> {
  let api = options.api;
  const library: PcscProbe['library'] = { loaded: true, path: options.libraryPath ?? null };
  if (api === undefined) {
    try {
      const loaded = loadPcscLibrary(options.libraryPath);
      api = loaded.api;
      library.path = loaded.path;
    } catch (error) {
      library.loaded = false;
      library.error =
        error instanceof DriverError || error instanceof Error ? error.message : String(error);
      const service = { running: false, code: null, message: 'PC/SC library not loaded' };
      return { library, service, readers: [] };
    }
  }
  const established = await api.establishContext();
  if (established.code !== SCARD.SUCCESS) {
    const service = {
      running: false,
      code: established.code,
      message: describeFailure(established.code),
    };
    return { library, service, readers: [] };
  }
  const context = established.context;
  try {
    const listed = await api.listReaders(context);
    if (listed.code !== SCARD.SUCCESS && listed.code !== SCARD.E_NO_READERS_AVAILABLE) {
      const service = { running: false, code: listed.code, message: describeFailure(listed.code) };
      return { library, service, readers: [] };
    }
    const service = { running: true, code: null, message: 'running' };
    if (listed.readers.length === 0) return { library, service, readers: [] };
    const queries = listed.readers.map((reader) => ({ reader, currentState: 0 }));
    const answer = await api.getStatusChange(context, 0, queries);
    const readers = listed.readers.map((name, index): ProbedReader => {
      const state = answer.code === SCARD.SUCCESS ? answer.states[index] : undefined;
      if (state === undefined) return { name, slot: 'unknown', atr: null };
      const slot = slotOf(state.eventState);
      const atr = state.atr.length > 0 ? atrHexOf(state.atr).toUpperCase() : null;
      return { name, slot, atr: slot === 'card' || slot === 'mute-card' ? atr : null };
    });
    return { library, service, readers };
  } finally {
    await api.releaseContext(context).catch(() => 0);
  }
}
