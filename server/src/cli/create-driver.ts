import {
  type CardDriver,
  type CshisDriverOptions,
  createCshisDriver,
  createPcscDriver,
  createSimulatorDriver,
  type DriverKind,
  findCshisDll,
  type PcscProbe,
  probePcsc,
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
}

const REAL_PROBES: DriverProbes = {
  findCshisDll,
  probePcsc: (libraryPath) => probePcsc(libraryPath === undefined ? {} : { libraryPath }),
};

/**
 * What `auto` picks: csHIS.dll where the DLL is installed (it reads every section), else PC/SC
 * where the service answers (basic data only), else the simulator.
 */
export async function decideAutoDriver(
  config: NhicardConfig,
  probes: DriverProbes = REAL_PROBES,
): Promise<AutoDriverDecision> {
  const dll = probes.findCshisDll(
    config.cshis.dllPath === undefined ? {} : { dllPath: config.cshis.dllPath },
  );
  if (dll.dllPath !== null) return { kind: 'cshis', reason: `csHIS.dll found at ${dll.dllPath}` };
  const pcsc = await probes.probePcsc(config.pcsc.libraryPath);
  if (pcsc.service.running) {
    return { kind: 'pcsc', reason: `the PC/SC service answers (${pcsc.readers.length} reader(s))` };
  }
  const why = pcsc.library.loaded
    ? pcsc.service.message
    : (pcsc.library.error ?? 'no PC/SC library');
  return { kind: 'simulator', reason: `no csHIS.dll found and no PC/SC service (${why})` };
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
  try {
    return { driver: await startDriver(decision.kind, config), reason: decision.reason };
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
}

async function startDriver(kind: DriverKind, config: NhicardConfig): Promise<CardDriver> {
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
  }
}

/** The csHIS driver's options from the `cshis.*` settings (left-out settings keep its defaults). */
export function cshisDriverOptions(config: NhicardConfig): CshisDriverOptions {
  // Every key of CshisConfig is a driver option of the same name and meaning; the type checks it.
  return { ...config.cshis };
}
