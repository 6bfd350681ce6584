import {
  type CardDriver,
  type Cs6DriverOptions,
  type Cs6Probe,
  type CshisDriverOptions,
  createCompositeDriver,
  createCs6Driver,
  createCshisDriver,
  createPcscDriver,
  createSimulatorDriver,
  createVhcDriver,
  type DriverKind,
  findCshisDll,
  type PcscProbe,
  probeCs6,
  probePcsc,
  probeVhc,
  type VhcProbe,
} from '@nhicard/native';
import type { NhicardConfig } from '../config/nhicard-config.js';

/** A driver the config asks for that cannot start here (no library, no DLL, port busy, …). */
export class DriverUnavailableError extends Error {
  override readonly name = 'DriverUnavailableError';
}

/** What `auto` looked at, so `serve` and `doctor` can say why it chose what it chose. */
export interface AutoDriverDecision {
  /** The driver `auto` picks. */
  kind: DriverKind;
  /** One line saying why, for the banner and `doctor`. */
  reason: string;
}

/** The probes `auto` runs; tests pass their own. */
export interface DriverProbes {
  findCshisDll: typeof findCshisDll;
  probePcsc: (libraryPath: string | undefined) => Promise<PcscProbe>;
  probeCs6: (url: string | undefined) => Promise<Cs6Probe>;
  probeVhc: (url: string | undefined) => Promise<VhcProbe>;
}

const REAL_PROBES: DriverProbes = {
  findCshisDll,
  probePcsc: (libraryPath) => probePcsc(libraryPath === undefined ? {} : { libraryPath }),
  probeCs6: (url) => probeCs6(url === undefined ? {} : { url }),
  probeVhc: (url) => probeVhc(url === undefined ? {} : { url }),
};

/**
 * What `auto` picks: csHIS.dll where the DLL is installed (it reads every section), else the
 * CS 6.0 console where it answers (presence only), else PC/SC where the service answers (basic
 * data only), else the simulator.
 */
export async function decideAutoDriver(
  config: NhicardConfig,
  probes: DriverProbes = REAL_PROBES,
): Promise<AutoDriverDecision> {
  const dll = probes.findCshisDll(
    config.cshis.dllPath === undefined ? {} : { dllPath: config.cshis.dllPath },
  );
  if (dll.dllPath !== null) return { kind: 'cshis', reason: `csHIS.dll found at ${dll.dllPath}` };
  const cs6 = await probes.probeCs6(config.cs6.url);
  if (cs6.answers) {
    return { kind: 'cs6', reason: `the CS 6.0 console answers at ${cs6.url} (${cs6.detail})` };
  }
  const pcsc = await probes.probePcsc(config.pcsc.libraryPath);
  if (pcsc.service.running) {
    return { kind: 'pcsc', reason: `the PC/SC service answers (${pcsc.readers.length} reader(s))` };
  }
  const why = pcsc.library.loaded
    ? pcsc.service.message
    : (pcsc.library.error ?? 'no PC/SC library');
  return {
    kind: 'simulator',
    reason: `no csHIS.dll found, no CS 6.0 console at ${cs6.url} and no PC/SC service (${why})`,
  };
}

/** Whether the virtual NHI card runs next to the main driver, and why. */
export interface VirtualCardDecision {
  enabled: boolean;
  reason: string;
}

/**
 * Whether a virtual-card reader joins the main driver: never when the main driver is the
 * virtual card itself; else as `vhc.mode` says (`auto`: when the SDK answers at `vhc.url`).
 */
export async function decideVirtualCard(
  config: NhicardConfig,
  mainKind: DriverKind,
  probes: DriverProbes = REAL_PROBES,
): Promise<VirtualCardDecision> {
  if (mainKind === 'vhc') return { enabled: false, reason: 'it is the main driver' };
  if (config.vhc.mode === 'off') return { enabled: false, reason: 'vhc.mode is off' };
  if (config.vhc.mode === 'on') return { enabled: true, reason: 'vhc.mode is on' };
  const probe = await probes.probeVhc(config.vhc.url);
  return probe.answers
    ? { enabled: true, reason: `the virtual-card SDK answers at ${probe.url}` }
    : { enabled: false, reason: `no virtual-card SDK (${probe.detail})` };
}

/** The driver that runs, and why. */
export interface DriverSelection {
  driver: CardDriver;
  /** Why this driver: the `auto` decision, or "chosen in the configuration". */
  reason: string;
}

/**
 * Creates the card driver the config asks for (`auto` decides first).
 * @throws DriverUnavailableError when that driver cannot start here, with the driver's own
 * explanation (library not found, DLL missing, COM port held by another program, …).
 */
export async function createDriver(
  config: NhicardConfig,
  probes: DriverProbes = REAL_PROBES,
): Promise<DriverSelection> {
  const decision: AutoDriverDecision =
    config.driver === 'auto'
      ? await decideAutoDriver(config, probes)
      : { kind: config.driver, reason: 'chosen in the configuration' };
  const virtualCard = await decideVirtualCard(config, decision.kind, probes);
  let main: CardDriver;
  try {
    main = await startDriver(decision.kind, config, virtualCard.enabled);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const hint =
      decision.kind === 'simulator' ? '' : ' Use --driver simulator to run without a reader.';
    throw new DriverUnavailableError(
      `The ${decision.kind} driver cannot start: ${detail}.${hint}`,
      {
        cause: error,
      },
    );
  }
  const reason = `${decision.reason}; ${virtualCardLine(decision.kind, virtualCard)}`;
  if (!virtualCard.enabled) return { driver: main, reason };
  return { driver: createCompositeDriver([main, createVhcDriver(vhcOptions(config))]), reason };
}

/**
 * What the banner and `doctor` say of the virtual card. The CS 6.0 console serves it on a
 * reader of its own (`cs6-vhc-0`) whenever the SDK's reader does not join, so "off" would be
 * wrong there.
 */
function virtualCardLine(mainKind: DriverKind, virtualCard: VirtualCardDecision): string {
  if (mainKind === 'cs6' && !virtualCard.enabled) {
    return `virtual card: on, through the CS 6.0 console (reader cs6-vhc-0; the SDK's reader: ${virtualCard.reason})`;
  }
  return `virtual card: ${virtualCard.enabled ? 'on' : 'off'}, ${virtualCard.reason}`;
}

function vhcOptions(config: NhicardConfig): Parameters<typeof createVhcDriver>[0] {
  const { url, qrValidityMs } = config.vhc;
  return {
    ...(url === undefined ? {} : { url }),
    ...(qrValidityMs === undefined ? {} : { qrValidityMs }),
  };
}

/**
 * The console driver's options: `cs6.url`, and the virtual-card slot unless the SDK's own
 * virtual reader joins (one reader takes QR codes), with `vhc.qrValidityMs` as its validity.
 */
function cs6Options(config: NhicardConfig, sdkReaderJoins: boolean): Cs6DriverOptions {
  const { qrValidityMs } = config.vhc;
  return {
    ...(config.cs6.url === undefined ? {} : { url: config.cs6.url }),
    ...(qrValidityMs === undefined ? {} : { qrValidityMs }),
    virtualCard: !sdkReaderJoins,
  };
}

async function startDriver(
  kind: DriverKind,
  config: NhicardConfig,
  sdkReaderJoins: boolean,
): Promise<CardDriver> {
  switch (kind) {
    case 'simulator': {
      const { simulator } = config;
      return createSimulatorDriver({
        readers: simulator.readers,
        samAuthDelayMs: simulator.samAuthDelayMs,
        ...(simulator.readLatencyMs === undefined
          ? {}
          : { readLatencyMs: simulator.readLatencyMs }),
      });
    }
    case 'pcsc':
      return createPcscDriver(
        config.pcsc.libraryPath === undefined ? {} : { libraryPath: config.pcsc.libraryPath },
      );
    case 'cshis': {
      return createCshisDriver(cshisDriverOptions(config));
    }
    case 'vhc':
      return createVhcDriver(vhcOptions(config));
    case 'cs6':
      return createCs6Driver(cs6Options(config, sdkReaderJoins));
  }
}

/** The csHIS driver's options from the `cshis.*` settings (left-out settings keep its defaults). */
export function cshisDriverOptions(config: NhicardConfig): CshisDriverOptions {
  // Every key of CshisConfig is a driver option of the same name and meaning; the type checks it.
  return { ...config.cshis };
}
