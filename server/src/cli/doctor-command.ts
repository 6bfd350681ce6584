import type { ReaderDescriptor } from '@nhicard/native';
import {
  findCshisDll,
  type PcscProbe,
  probeCs6,
  probeCshis,
  probePcsc,
  probeVhc,
} from '@nhicard/native';
import { InvalidConfigError } from '../config/config-error.js';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { describeOrigins, describeTokens } from './access-summary.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { parseOrShowHelp, SETTINGS_OPTIONS } from './command-line.js';
import { createDriver, DriverUnavailableError } from './create-driver.js';
import { doctorHelp } from './help-text.js';
import { probePort } from './port-probe.js';

/** The oldest Node.js nhicard runs on (the root package's `engines`). */
export const MIN_NODE_VERSION = [20, 19] as const;

/** Where `doctor` writes its lines and counts its problems. */
class Findings {
  problems = 0;
  constructor(private readonly io: CliIo) {}
  line(label: string, text: string): void {
    const [first, ...more] = text.split('\n');
    this.io.stdout(`  ${label.padEnd(10)} ${first}\n`);
    for (const line of more) this.io.stdout(`  ${''.padEnd(10)} ${line}\n`);
  }
  problem(label: string, text: string): void {
    this.problems += 1;
    this.line(label, `PROBLEM: ${text}`);
  }
}

/**
 * `nhicard doctor`: prints what it finds (Node.js, config, drivers, readers, the port) and
 * exits with 1 when something would keep `serve` from starting.
 */
export async function runDoctor(args: readonly string[], io: CliIo): Promise<number> {
  const commandLine = parseOrShowHelp(args, SETTINGS_OPTIONS, 0, io, doctorHelp);
  if (commandLine === null) return EXIT_CODES.ok;
  const findings = new Findings(io);
  io.stdout('nhicard doctor\n');
  checkNode(findings);
  let loaded: LoadedConfig | null = null;
  try {
    loaded = loadConfig({ flags: commandLine.values, env: io.env, cwd: io.cwd });
    findings.line('Config', loaded.file ?? 'no config file (defaults, environment and flags)');
    findings.line('Origins', describeOrigins(loaded.config.origins));
    findings.line('Tokens', describeTokens(loaded.config.tokens));
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    findings.problem('Config', error.message);
  }
  if (loaded === null) {
    findings.line('Drivers', 'not checked (fix the configuration first)');
    findings.line('Readers', 'not checked (fix the configuration first)');
    findings.line('Port', 'not checked (fix the configuration first)');
  } else {
    await checkDrivers(findings, loaded);
    await checkDriverAndReaders(findings, loaded);
    await checkPort(findings, loaded);
  }
  io.stdout(
    findings.problems === 0
      ? 'Everything nhicard serve needs is in place.\n'
      : `${findings.problems} problem(s) found.\n`,
  );
  return findings.problems === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
}

function checkNode(findings: Findings): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE_VERSION;
  const ok = major > needMajor || (major === needMajor && minor >= needMinor);
  const text = `${process.version} (nhicard needs >= ${needMajor}.${needMinor})`;
  if (ok) findings.line('Node.js', text);
  else findings.problem('Node.js', text);
}

/**
 * What each driver would find here: the simulator always works; PC/SC, csHIS, the CS 6.0
 * console and the virtual-card SDK are probed.
 */
async function checkDrivers(findings: Findings, loaded: LoadedConfig): Promise<void> {
  const { pcsc, cshis, cs6, vhc } = loaded.config;
  findings.line('Drivers', 'simulator: built in (virtual readers and the demo cards)');
  findings.line(
    '',
    `pcsc: ${describePcsc(await probePcsc(pcsc.libraryPath === undefined ? {} : { libraryPath: pcsc.libraryPath }))}`,
  );
  const console6 = await probeCs6(cs6.url === undefined ? {} : { url: cs6.url });
  findings.line(
    '',
    `cs6: ${console6.answers ? 'console answers' : 'no console'} at ${console6.url} (${console6.detail})`,
  );
  const sdk = await probeVhc(vhc.url === undefined ? {} : { url: vhc.url });
  findings.line(
    '',
    `vhc: ${sdk.answers ? 'virtual-card SDK answers' : 'no virtual-card SDK'} at ${sdk.url} (${sdk.detail}; vhc.mode ${vhc.mode})`,
  );
  const dll = findCshisDll(cshis.dllPath === undefined ? {} : { dllPath: cshis.dllPath });
  if (dll.dllPath === null) {
    const searched =
      dll.searched.length === 0 ? 'no default locations on this platform' : dll.searched.join(', ');
    findings.line('', `cshis: csHIS.dll not found (searched: ${searched})`);
    return;
  }
  const probe = await probeCshis({ ...cshis, dllPath: dll.dllPath });
  const version =
    probe.session?.version == null ? 'version unknown' : `version ${probe.session.version}`;
  const state = probe.error === null ? `host ${probe.host}, port ${probe.port}` : probe.error;
  findings.line('', `cshis: ${dll.dllPath} (${version}); ${state}`);
}

function describePcsc(probe: PcscProbe): string {
  if (!probe.library.loaded)
    return `library not loaded (${probe.library.error ?? probe.library.path})`;
  if (!probe.service.running)
    return `${probe.library.path}; service not answering (${probe.service.message})`;
  const readers = probe.readers.map((reader) => `${reader.name} [${reader.slot}]`).join(', ');
  return `${probe.library.path}; service running; readers: ${readers || 'none'}`;
}

async function checkDriverAndReaders(findings: Findings, loaded: LoadedConfig): Promise<void> {
  const { config } = loaded;
  let readers: ReaderDescriptor[];
  let kind: string;
  let reason: string;
  try {
    const { driver, reason: why } = await createDriver(config);
    kind = driver.kind;
    reason = why;
    try {
      readers = await driver.listReaders();
    } finally {
      await driver.close();
    }
  } catch (error) {
    if (!(error instanceof DriverUnavailableError)) throw error;
    findings.problem('Driver', error.message);
    return;
  }
  findings.line(
    'Driver',
    config.driver === 'auto' ? `auto → ${kind} (${reason})` : `${kind} (${reason})`,
  );
  findings.line(
    'Readers',
    readers.length === 0
      ? 'none found'
      : readers
          .map(
            (reader) => `${reader.id} (${reader.name}${reader.driver ? `, ${reader.driver}` : ''})`,
          )
          .join('\n'),
  );
}

async function checkPort(findings: Findings, loaded: LoadedConfig): Promise<void> {
  const { host, port } = loaded.config;
  if (port === 0) {
    findings.line('Port', `0: serve picks a free port on ${host} at start`);
    return;
  }
  const state = await probePort(host, port);
  const where = `${host}:${port}`;
  if (state.kind === 'free') findings.line('Port', `${where} is free`);
  else if (state.kind === 'broker') {
    findings.line(
      'Port',
      `${where}: an nhicard broker already answers there (version ${state.version}, driver ` +
        `${state.driver}, ${state.readers} reader(s), up ${Math.round(state.uptimeSeconds)} s)`,
    );
  } else {
    findings.problem('Port', `${where} is in use by another program (${state.detail})`);
  }
}
