import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { parseCommandLine } from './command-line.js';
import { installHelp } from './help-text.js';

/** How `install` runs `reg.exe` and `doctor`; tests pass their own. */
export interface InstallSystem {
  /** Runs `reg.exe` with `args`; resolves with its exit code and output. */
  reg(args: readonly string[]): Promise<{ code: number; output: string }>;
  /** Runs `nhicard doctor` with `args`; resolves with its exit code. */
  doctor(args: readonly string[], io: CliIo): Promise<number>;
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
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'keep-config': { type: 'boolean' },
} as const;

function placesOrFail(io: CliIo): InstallPlaces | null {
  const places = installPlaces(io.env);
  if (places === null) {
    io.stderr(
      'nhicard: install and uninstall set up a Windows logon autostart; %APPDATA% is not set ' +
        'here, so this is not Windows. On Linux, run the broker with a systemd user unit.\n',
    );
  }
  return places;
}

/**
 * `nhicard install`: writes the config (`%APPDATA%\nhicard\nhicard.config.json`, kept when it
 * exists), registers the logon autostart under the user's Run key, reads it back, then runs
 * `doctor` on that config. Exits 1 when the registration fails; doctor's problems are shown but
 * do not undo the install (a reader plugged in later fixes them).
 */
export async function runInstall(
  args: readonly string[],
  io: CliIo,
  system: InstallSystem = REAL_SYSTEM,
): Promise<number> {
  const commandLine = parseCommandLine(args, OPTIONS, 0);
  if (commandLine.values.help === true) {
    io.stdout(installHelp());
    return EXIT_CODES.ok;
  }
  const places = placesOrFail(io);
  if (places === null) return EXIT_CODES.usage;
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
  io.stdout('nhicard: it starts at the next logon; checking the setup now (nhicard doctor):\n');
  await system.doctor(['--config', configFile], io);
  return EXIT_CODES.ok;
}

/**
 * `nhicard uninstall`: removes the Run value and `%APPDATA%\nhicard` (config and logs; with
 * `--keep-config`, only the Run value). A broker already running keeps running until logoff.
 */
export async function runUninstall(
  args: readonly string[],
  io: CliIo,
  system: InstallSystem = REAL_SYSTEM,
): Promise<number> {
  const commandLine = parseCommandLine(args, OPTIONS, 0);
  if (commandLine.values.help === true) {
    io.stdout(installHelp());
    return EXIT_CODES.ok;
  }
  const places = placesOrFail(io);
  if (places === null) return EXIT_CODES.usage;
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
  if (commandLine.values['keep-config'] === true) {
    io.stdout(`nhicard: kept ${places.configDirectory}\n`);
  } else if (existsSync(places.configDirectory)) {
    rmSync(places.configDirectory, { recursive: true, force: true });
    io.stdout(`nhicard: removed ${places.configDirectory} (config and logs)\n`);
  }
  return EXIT_CODES.ok;
}
