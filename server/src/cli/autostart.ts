import { existsSync } from 'node:fs';
import { win32 } from 'node:path';

/**
 * The per-user logon autostart that `nhicard install` registers: a value under the user's Run
 * key. Not a service: csHIS.dll shows dialogs (PIN entry), which only a program in the logged-in
 * user's desktop session can show; a Run-key program starts there, at logon, without
 * administrator rights.
 */
export const RUN_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
/** The value's name under {@link RUN_KEY}. */
export const RUN_VALUE = 'nhicard';

/**
 * Where the parts of the Windows release are, relative to its folder (see
 * `scripts/release/build-windows-release.mjs`, which lays it out).
 */
const RELEASE_LAYOUT = {
  /** The x64 Node that runs the broker. */
  brokerNode: 'node\\node.exe',
  /** The 32-bit Node that hosts csHIS.dll. */
  hostNode: 'cshis-host\\node.exe',
  /** koffi's win32-ia32 package, for the host. */
  hostKoffi: 'cshis-host\\koffi',
  /** The `nhicard` bin. */
  bin: 'app\\node_modules\\@nhicard\\server\\bin\\nhicard.js',
} as const;

/** The paths `install` works with, from where it runs and the user's profile. */
export interface InstallPlaces {
  /** The release folder when this runs from an unzipped Windows release, else null. */
  releaseDirectory: string | null;
  /** The Node running the broker (`process.execPath`). */
  nodePath: string;
  /** The `nhicard` bin script (`process.argv[1]`). */
  binPath: string;
  /** `%APPDATA%\nhicard`: the config file and the host's logs. */
  configDirectory: string;
}

/** The places on this machine, or null where `%APPDATA%` is not set (not Windows). */
export function installPlaces(
  env: Readonly<Record<string, string | undefined>>,
  nodePath = process.execPath,
  binPath = process.argv[1] ?? '',
): InstallPlaces | null {
  const appData = env.APPDATA;
  if (appData === undefined || appData === '') return null;
  const candidate = win32.dirname(win32.dirname(nodePath));
  const isRelease =
    win32.join(candidate, RELEASE_LAYOUT.brokerNode).toLowerCase() === nodePath.toLowerCase() &&
    existsSync(win32.join(candidate, RELEASE_LAYOUT.hostNode));
  return {
    releaseDirectory: isRelease ? candidate : null,
    nodePath,
    binPath,
    configDirectory: win32.join(appData, 'nhicard'),
  };
}

/** The config file `install` writes. */
export function configFileOf(places: InstallPlaces): string {
  return win32.join(places.configDirectory, 'nhicard.config.json');
}

/** The `wss://` port of the installed broker, served with the local CA `install` trusts. */
const INSTALLED_TLS_PORT = 7768;

/**
 * The config `install` writes: `auto` picks csHIS.dll where the NHI software installed it;
 * `wss://` and `https://` on {@link INSTALLED_TLS_PORT}; from a release, the csHIS host is the
 * release's 32-bit Node and koffi.
 */
export function installedConfig(places: InstallPlaces): Record<string, unknown> {
  const config: Record<string, unknown> = { driver: 'auto', tls: { port: INSTALLED_TLS_PORT } };
  if (places.releaseDirectory !== null) {
    config.cshis = {
      nodePath: win32.join(places.releaseDirectory, RELEASE_LAYOUT.hostNode),
      koffiPath: win32.join(places.releaseDirectory, RELEASE_LAYOUT.hostKoffi),
      logDir: win32.join(places.configDirectory, 'logs'),
    };
  }
  return config;
}

/**
 * The command line of the Run value: the broker's Node, the bin, `serve --config <file>`,
 * started minimised through `cmd /c start` so the console window stays out of the way.
 */
export function autostartCommand(places: InstallPlaces): string {
  const quote = (text: string): string => `"${text}"`;
  return [
    'cmd.exe /c start "nhicard" /min',
    quote(places.nodePath),
    quote(places.binPath),
    'serve --config',
    quote(configFileOf(places)),
  ].join(' ');
}

/** `reg.exe` arguments that register the autostart. */
export function registerArgs(command: string): string[] {
  return ['add', RUN_KEY, '/v', RUN_VALUE, '/t', 'REG_SZ', '/d', command, '/f'];
}

/** `reg.exe` arguments that remove it. */
export function unregisterArgs(): string[] {
  return ['delete', RUN_KEY, '/v', RUN_VALUE, '/f'];
}

/** `reg.exe` arguments that read it back. */
export function queryArgs(): string[] {
  return ['query', RUN_KEY, '/v', RUN_VALUE];
}

/**
 * The value's data in `reg query` output (`    nhicard    REG_SZ    <data>`), or null when the
 * value is not there.
 */
export function parseQuery(output: string): string | null {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+REG_SZ\s+(.*)$/.exec(line);
    if (match !== null && match[1]?.toLowerCase() === RUN_VALUE) return match[2] ?? '';
  }
  return null;
}
