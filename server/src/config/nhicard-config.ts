import type { Scope, SectionId } from '@nhicard/protocol';
import type { LimitOptions } from '../server-options.js';
import type {
  Cs6Config,
  CshisConfig,
  PcscConfig,
  SimulatorConfig,
  VhcConfig,
} from './driver-config.js';
import type { LanConfig } from './lan-config.js';
import type { NatsConfig, TlsConfig } from './service-config.js';

/**
 * The card sources `serve` accepts: `auto` picks the best one found (csHIS.dll where the DLL is
 * installed, else the CS 6.0 console where it answers, else PC/SC where the service answers,
 * else the simulator); the others force one. `vhc` serves the virtual NHI card alone.
 */
export const DRIVER_CHOICES = ['auto', 'simulator', 'pcsc', 'cshis', 'cs6', 'vhc'] as const;

/** One of {@link DRIVER_CHOICES}. */
export type DriverChoice = (typeof DRIVER_CHOICES)[number];

/** pino's levels, most to least severe, and `silent` to log nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Scopes granted per origin or per token, as the config gives them. */
export type ScopeMap = Record<string, Scope[]>;

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
