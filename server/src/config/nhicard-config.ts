import type { Scope, SectionId } from '@nhicard/protocol';
import type { LimitOptions } from '../server-options.js';
import type { LanConfig } from './lan-config.js';

/**
 * The card sources `serve` accepts: `auto` picks the best one found (csHIS.dll where the DLL is
 * installed, else the CS 6.0 console where it answers, else PC/SC where the service answers,
 * else the simulator); the others force one. `vhc` serves the virtual NHI card alone.
 */
export const DRIVER_CHOICES = ['auto', 'simulator', 'pcsc', 'cshis', 'cs6', 'vhc'] as const;

/**
 * Whether the virtual NHI card is served next to the main driver: `auto` when its SDK answers,
 * `on` always, `off` never.
 */
export const VHC_MODES = ['auto', 'on', 'off'] as const;

/** One of {@link VHC_MODES}. */
type VhcMode = (typeof VHC_MODES)[number];

/** One of {@link DRIVER_CHOICES}. */
export type DriverChoice = (typeof DRIVER_CHOICES)[number];

/** pino's levels, most to least severe, and `silent` to log nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Scopes granted per origin or per token, as the config gives them. */
export type ScopeMap = Record<string, Scope[]>;

/** Simulated read time: one number for every section, or per section. */
type ReadLatencySetting = number | Partial<Record<SectionId, number>>;

/** How the simulator driver behaves when `serve` runs it. */
interface SimulatorConfig {
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
interface PcscConfig {
  /** The PC/SC library to load; left out, the platform's usual one (`libpcsclite.so.1`, …). */
  libraryPath?: string;
}

/** Where the csHIS driver finds the DLL and the 32-bit Node that hosts it. */
interface CshisConfig {
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

/** Publishing the readers' presence to NATS; off while `servers` is left out. */
interface NatsConfig {
  /** NATS server URLs. */
  servers?: string[];
  /**
   * The site in subjects and keys.
   * @default 'default'
   */
  site?: string;
  /** This workstation in subjects and keys; left out, the host name. */
  workstation?: string;
  /** The broker's NATS user. */
  user?: string;
  /** That user's password. */
  password?: string;
  /**
   * The key-value bucket of each reader's last state.
   * @default 'nhicard-readers'
   */
  bucket?: string;
}

/** The `wss://` listener with the local CA's certificate; off while `port` is left out. */
interface TlsConfig {
  /** Port of the `wss://` and `https://` listener (7768 is the usual choice: 7767 is the presence port). */
  port?: number;
  /** Folder of the local CA and server certificate; left out, the user's data folder. */
  dir?: string;
  /**
   * Lifetime of each server certificate; it is renewed at two thirds of it.
   * @default 7
   */
  certificateLifetimeDays?: number;
}

/** The virtual NHI card SDK (虛擬健保卡): whether to serve it, and where it listens. */
interface VhcConfig {
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
interface Cs6Config {
  /** The console's local URL; left out, `https://localhost:5066`. */
  url?: string;
}

/**
 * The broker's whole configuration, after the config file, environment variables and flags
 * have been merged over the defaults. Options left out here take the defaults of the layer
 * that owns them (the broker, the server limits or the simulator).
 */
export interface NhicardConfig {
  /**
   * TCP port of the WebSocket and HTTP server; 0 picks a free one.
   * @default 7766
   */
  port: number;
  /**
   * Interface to listen on; loopback only (LAN mode listens on `lan.host` besides).
   * @default '127.0.0.1'
   */
  host: string;
  /**
   * The card source.
   * @default 'auto'
   */
  driver: DriverChoice;
  /**
   * Least severe level written to the log.
   * @default 'info'
   */
  logLevel: LogLevel;
  /**
   * Whether `/` serves the demo page.
   * @default true
   */
  demoPage: boolean;
  /** How often each reader is polled; left out, the broker's default (250 ms). */
  pollIntervalMs?: number;
  /** Sections read on every insertion; left out, the broker's default (basic, insurance). */
  autoReadSections?: SectionId[];
  /**
   * Browser origins allowed to connect, with their scopes.
   * @default {}
   */
  origins: ScopeMap;
  /**
   * Tokens for clients without an Origin (native apps, monitors, the CLI), with their scopes.
   * @default {}
   */
  tokens: ScopeMap;
  /**
   * Accept loopback connections only from the broker's own OS user; other users need a token.
   * @default true
   */
  sameUserOnly: boolean;
  /** The file of page origins approved on this PC; left out, the per-user state folder's. */
  accessFile?: string;
  /** Port of the presence origin (kiosk, monitor); left out, `port + 1`. */
  presencePort?: number;
  /**
   * Per-connection limits; each one left out takes the server's default.
   * @default {}
   */
  limits: LimitOptions;
  /** Simulator settings (used when the driver is the simulator). */
  simulator: SimulatorConfig;
  /** PC/SC settings (used when the driver is `pcsc`, or `auto` picks it). */
  pcsc: PcscConfig;
  /** csHIS settings (used when the driver is `cshis`, or `auto` picks it). */
  cshis: CshisConfig;
  /** `wss://` settings. */
  tls: TlsConfig;
  /** LAN mode settings. */
  lan: LanConfig;
  /** NATS settings. */
  nats: NatsConfig;
  /** Virtual NHI card settings. */
  vhc: VhcConfig;
  /** CS 6.0 console settings (used when the driver is `cs6`, or `auto` picks it). */
  cs6: Cs6Config;
}

/** The configuration used where nothing is set. */
export function defaultConfig(): NhicardConfig {
  return {
    port: 7766,
    host: '127.0.0.1',
    driver: 'auto',
    logLevel: 'info',
    demoPage: true,
    origins: {},
    tokens: {},
    sameUserOnly: true,
    limits: {},
    simulator: { readers: 1, samAuthDelayMs: 1000 },
    pcsc: {},
    cshis: {},
    tls: {},
    lan: {},
    nats: {},
    vhc: { mode: 'auto' },
    cs6: {},
  };
}
