import type { SectionId } from '@nhicard/protocol';

/**
 * Whether the virtual NHI card is served next to the main driver: `auto` when its SDK answers,
 * `on` always, `off` never.
 */
export const VHC_MODES = ['auto', 'on', 'off'] as const;

/** One of {@link VHC_MODES}. */
type VhcMode = (typeof VHC_MODES)[number];

/** Simulated read time: one number for every section, or per section. */
type ReadLatencySetting = number | Partial<Record<SectionId, number>>;

/** How the simulator driver behaves when `serve` runs it. */
export interface SimulatorConfig {
  /**
   * Virtual readers (`sim-0`, `sim-1`, …).
   * @default 1
   */
  readers: number;
  /**
   * How long an inserted card stays `not-ready` while the simulated SAM authenticates it.
   * @default 1000
   */
  samAuthDelayMs: number;
  /**
   * Simulated read time; left out, the simulator's own per-section table applies (hundreds of
   * ms, like real hardware).
   */
  readLatencyMs?: ReadLatencySetting;
  /**
   * A folder of card files (`<name>.json`, e.g. a dump of a real card) that `sim insert` can
   * name besides the demo cards; a name that is both is refused as ambiguous.
   * @default none: the demo cards only
   */
  cardDirectory?: string;
}

/** Where the PC/SC driver finds the platform library. */
export interface PcscConfig {
  /** The PC/SC library to load; left out, the platform's usual one (`libpcsclite.so.1`, …). */
  libraryPath?: string;
}

/** Where the csHIS driver finds the DLL and the 32-bit Node that hosts it. */
export interface CshisConfig {
  /** csHIS.dll; left out, the usual install locations (`C:\\NHI\\BIN\\csHIS.dll`, …). */
  dllPath?: string;
  /** The 32-bit node.exe that hosts the DLL (needed where the broker's Node is 64-bit). */
  nodePath?: string;
  /**
   * The reader's COM port for `csOpenCom` (0 = COM1).
   * @default 0
   */
  port?: number;
  /**
   * koffi for the host: a koffi package folder or `@koromix/koffi-win32-ia32`'s folder (a
   * 64-bit install of nhicard lacks the 32-bit binary).
   * @default the host's own `require('koffi')`
   */
  koffiPath?: string;
  /**
   * Folder of the host's log file.
   * @default the system's temporary folder
   */
  logDir?: string;
  /**
   * Time for the host to start and connect back.
   * @default 15000
   */
  hostStartTimeoutMs?: number;
  /**
   * Time for the DLL load and `csOpenCom`.
   * @default 20000
   */
  openTimeoutMs?: number;
}

/** The virtual NHI card SDK (虛擬健保卡): whether to serve it, and where it listens. */
export interface VhcConfig {
  /**
   * Whether a virtual-card reader runs next to the main driver.
   * @default 'auto'
   */
  mode: VhcMode;
  /** The SDK's local URL; left out, `http://localhost:3033/`. */
  url?: string;
  /** How long an accepted QR code stays inserted; left out, 300000 (5 minutes). */
  qrValidityMs?: number;
}

/** The CS 6.0 reader console (讀卡機控制軟體 6.0). */
export interface Cs6Config {
  /** The console's local URL; left out, `https://localhost:5066`. */
  url?: string;
}
