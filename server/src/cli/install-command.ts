import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { InvalidConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { LocalTls } from '../tls/tls-directory.js';
import { platformStores } from '../tls/trust-stores.js';
import {
  autostartCommand,
  configFileOf,
  type InstallPlaces,
  installedConfig,
  installPlaces,
  parseQuery,
  queryArgs,
  RUN_KEY,
  RUN_VALUE,
  registerArgs,
  unregisterArgs,
} from './autostart.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { parseOrShowHelp } from './command-line.js';
import { installHelp } from './help-text.js';
import { processEnvironment, type TlsCommandEnvironment, trustLocalCa } from './trust-local-ca.js';

/** How `install` runs `reg.exe` and `doctor` and reaches the trust stores; tests pass their own. */
export interface InstallSystem {
  /** Runs `reg.exe` with `args`; resolves with its exit code and output. */
  reg(args: readonly string[]): Promise<{ code: number; output: string }>;
  /** Runs `nhicard doctor` with `args`; resolves with its exit code. */
  doctor(args: readonly string[], io: CliIo): Promise<number>;
  /** Where the local CA is trusted: this platform's stores for the current user. */
  trust: TlsCommandEnvironment;
}

const REAL_SYSTEM: InstallSystem = {
  reg: (args) =>
    new Promise((resolve) => {
      execFile('reg.exe', [...args], { windowsHide: true }, (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      });
    }),
  doctor: async (args, io) => (await import('./doctor-command.js')).runDoctor(args, io),
  trust: processEnvironment,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'keep-config': { type: 'boolean' },
} as const;

/** What `install` and `uninstall` work on, once their command line has been read. */
interface InstallTarget {
  /** Where the config and the autostart live on this Windows user's account. */
  places: InstallPlaces;
  /** `--keep-config` (uninstall). */
  keepConfig: boolean;
}

/**
 * Reads the command line of `install` or `uninstall` and finds this user's places; prints the
 * help, or why there is nothing to set up here (not Windows), and returns the exit code instead.
 */
function installTarget(args: readonly string[], io: CliIo): InstallTarget | number {
  const commandLine = parseOrShowHelp(args, OPTIONS, 0, io, installHelp);
  if (commandLine === null) return EXIT_CODES.ok;
  const places = installPlaces(io.env);
  if (places === null) {
    io.stderr(
      'nhicard: install and uninstall set up a Windows logon autostart; %APPDATA% is not set ' +
        'here, so this is not Windows. On Linux, run the broker with a systemd user unit.\n',
    );
    return EXIT_CODES.usage;
  }
  return { places, keepConfig: commandLine.values['keep-config'] === true };
}

/** The local CA of the broker that runs with `configFile` (its `tls.dir`, else the default). */
function localTlsOf(configFile: string, io: CliIo): LocalTls {
  const flags = existsSync(configFile) ? { config: configFile } : {};
  const { config } = loadConfig({ flags, env: io.env, cwd: io.cwd });
  return new LocalTls({ dir: config.tls.dir });
}

/**
 * `install` or `uninstall` from what it does once its command line is read and this user's
 * places are found (`installTarget`, which answers --help and a system that is not Windows).
 */
function installCommand(
  run: (target: InstallTarget, io: CliIo, system: InstallSystem) => Promise<number>,
): (args: readonly string[], io: CliIo, system?: InstallSystem) => Promise<number> {
  return async (args, io, system = REAL_SYSTEM) => {
    const target = installTarget(args, io);
    return typeof target === 'number' ? target : run(target, io, system);
  };
}

/** Creates the local CA when missing and trusts it for this user; false when that failed. */
async function installCa(configFile: string, io: CliIo, system: InstallSystem): Promise<boolean> {
  try {
    const tls = localTlsOf(configFile, io);
    const confirm = system.trust.platform === 'win32' ? '; Windows asks you to confirm' : '';
    io.stdout(
      `nhicard: trusting the local CA ${tls.files.caCert} for wss://localhost${confirm}:\n`,
    );
    const stores = platformStores(system.trust.platform);
    if (await trustLocalCa('install', tls, stores, system.trust, false, io)) return true;
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
  }
  io.stderr(
    `nhicard: the local CA is not trusted: fix the above, then run ${io.commandName} install again\n`,
  );
  return false;
}

/** Takes the local CA out of this user's trust stores; deletes it unless `keep`. */
async function removeCa(
  configFile: string,
  keep: boolean,
  io: CliIo,
  system: InstallSystem,
): Promise<boolean> {
  const tls = localTlsOf(configFile, io);
  if (!tls.hasCa()) {
    io.stdout(`nhicard: no local CA in ${tls.dir}\n`);
    return true;
  }
  const stores = platformStores(system.trust.platform);
  const ok = await trustLocalCa('remove', tls, stores, system.trust, false, io);
  if (keep) return ok;
  await tls.remove();
  try {
    rmdirSync(tls.dir); // only when nothing else is in it
  } catch {}
  io.stdout(`nhicard: deleted the local CA and server certificate in ${tls.dir}\n`);
  return ok;
}

/**
 * `nhicard install`: writes the config (`%APPDATA%\nhicard\nhicard.config.json`, kept when it
 * exists), registers the logon autostart under the user's Run key and reads it back, creates
 * the local CA when missing and trusts it in the user's Root store (read back too), then runs
 * `doctor` on that config. Exits 1 when the registration or the CA fails; doctor's problems are
 * shown but do not undo the install (a reader plugged in later fixes them).
 */
export const runInstall = installCommand(async ({ places }, io, system) => {
  const configFile = configFileOf(places);
  if (existsSync(configFile)) {
    io.stdout(`nhicard: keeping the existing config ${configFile}\n`);
  } else {
    const config = installedConfig(places);
    mkdirSync(places.configDirectory, { recursive: true });
    // The host's log folder must exist before the first start: the driver opens its log there.
    const logDir = (config.cshis as { logDir?: string } | undefined)?.logDir;
    if (logDir !== undefined) mkdirSync(logDir, { recursive: true });
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    io.stdout(`nhicard: wrote the config ${configFile}\n`);
  }
  const command = autostartCommand(places);
  const added = await system.reg(registerArgs(command));
  const readBack = parseQuery((await system.reg(queryArgs())).output);
  if (added.code !== 0 || readBack !== command) {
    io.stderr(
      `nhicard: could not register the logon autostart ${RUN_KEY}\\${RUN_VALUE}` +
        ` (reg.exe exit ${added.code}): ${added.output.trim()}\n`,
    );
    return EXIT_CODES.failure;
  }
  io.stdout(`nhicard: registered the logon autostart ${RUN_KEY}\\${RUN_VALUE}:\n  ${command}\n`);
  const caTrusted = await installCa(configFile, io, system);
  io.stdout(
    `nhicard: it starts at the next logon; checking the setup now (${io.commandName} doctor):\n`,
  );
  await system.doctor(['--config', configFile], io);
  return caTrusted ? EXIT_CODES.ok : EXIT_CODES.failure;
});

/**
 * `nhicard uninstall`: removes the Run value, takes the local CA out of the user's Root store,
 * and deletes the CA and `%APPDATA%\nhicard` (config and logs; `--keep-config` keeps those). A
 * broker already running keeps running until logoff.
 */
export const runUninstall = installCommand(async ({ places, keepConfig: keep }, io, system) => {
  const registered = parseQuery((await system.reg(queryArgs())).output) !== null;
  if (registered) {
    const removed = await system.reg(unregisterArgs());
    if (removed.code !== 0) {
      io.stderr(`nhicard: could not remove ${RUN_KEY}\\${RUN_VALUE}: ${removed.output.trim()}\n`);
      return EXIT_CODES.failure;
    }
    io.stdout(`nhicard: removed the logon autostart ${RUN_KEY}\\${RUN_VALUE}\n`);
  } else {
    io.stdout('nhicard: no logon autostart was registered\n');
  }
  let caRemoved: boolean;
  try {
    caRemoved = await removeCa(configFileOf(places), keep, io, system);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: ${error.message}; the local CA was left as it is\n`);
    caRemoved = false;
  }
  if (keep) {
    io.stdout(`nhicard: kept ${places.configDirectory}\n`);
  } else if (existsSync(places.configDirectory)) {
    rmSync(places.configDirectory, { recursive: true, force: true });
    io.stdout(`nhicard: removed ${places.configDirectory} (config and logs)\n`);
  }
  return caRemoved ? EXIT_CODES.ok : EXIT_CODES.failure;
});
