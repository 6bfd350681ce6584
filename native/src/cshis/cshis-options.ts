import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type CshisHostCommand, type CshisWineOptions, wineHostCommand } from './host-command.js';

/** Where the csHIS driver reports what it does (host starts, restarts, failures). */
export interface CshisLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of `createCshisDriver` and `probeCshis` (the CLI's `cshis.*` settings). */
export interface CshisDriverOptions {
  /**
   * csHIS.dll, as the host opens it (a `.so` stand-in in Linux tests; a Unix path is turned
   * into `Z:\…` under Wine).
   * @default the first of {@link DEFAULT_CSHIS_DLL_PATHS} that exists (Windows only)
   */
  dllPath?: string;
  /**
   * The Node that runs the host. csHIS.dll is 32-bit, so on 64-bit Windows this must be a
   * 32-bit node.exe (Node 22 is the last line with ia32 builds).
   * @default this process's Node, where it can load the DLL (32-bit Windows, or not Windows)
   */
  nodePath?: string;
  /**
   * The reader's COM port for `csOpenCom`: 0 = COM1, 1 = COM2, …
   * @default 0
   */
  port?: number;
  /**
   * The koffi module the host loads: a koffi package folder, or a koffi native package for the
   * host's platform such as `@koromix/koffi-win32-ia32` (a 64-bit install lacks it).
   * @default the host's own `require('koffi')`
   */
  koffiPath?: string;
  /** Runs the host's `nodePath` (a Windows node.exe) under Wine: for tests on Linux. */
  wine?: CshisWineOptions;
  /** Runs the host with this command instead of `nodePath`/`wine` (advanced, tests). */
  hostCommand?: CshisHostCommand;
  /**
   * More environment variables for the host.
   * @default {}
   */
  hostEnv?: Readonly<Record<string, string>>;
  /**
   * Folder of the host's log file (its stdout and stderr; no card data).
   * @default the system's temporary folder
   */
  logDir?: string;
  /**
   * The id of the one reader this driver serves.
   * @default 'cshis-0'
   */
  readerId?: string;
  /**
   * Time for the host to start and connect back.
   * @default 15000
   */
  hostStartTimeoutMs?: number;
  /**
   * Time for the DLL load, `csGetVersionEx` and `csOpenCom` (the DLL may check the SAM) when a
   * host starts. Status polls and reads have no time limit here: each runs until its caller's
   * signal aborts (the broker's deadline table).
   * @default 20000
   */
  openTimeoutMs?: number;
  /**
   * Wait before the first attempt to restart a failed host; doubled after each failed attempt.
   * @default 500
   */
  restartDelayMs?: number;
  /**
   * Longest wait between restart attempts.
   * @default 30000
   */
  maxRestartDelayMs?: number;
  /**
   * Where the driver reports host starts, restarts and failures.
   * @default nothing is reported
   */
  log?: CshisLog;
}

/**
 * Where csHIS.dll is usually installed: the NHI control software's folder, then the 32-bit
 * system folder of 64-bit Windows, then the system folder of 32-bit Windows.
 */
const DEFAULT_CSHIS_DLL_PATHS: readonly string[] = [
  'C:\\NHI\\BIN\\csHIS.dll',
  'C:\\Windows\\SysWOW64\\csHIS.dll',
  'C:\\Windows\\System32\\csHIS.dll',
];

/** Where the DLL was looked for and what was found. */
export interface CshisDllSearch {
  /** The DLL to use, or null when none was found. */
  dllPath: string | null;
  /** Every path looked at, in order. */
  searched: readonly string[];
}

/**
 * Finds csHIS.dll: `dllPath` when given (it must exist), else the usual install locations on
 * Windows. Used by `--driver auto` to decide whether csHIS can be tried.
 */
export function findCshisDll(options: Pick<CshisDriverOptions, 'dllPath'> = {}): CshisDllSearch {
  const candidates =
    options.dllPath !== undefined
      ? [options.dllPath]
      : process.platform === 'win32'
        ? DEFAULT_CSHIS_DLL_PATHS
        : [];
  return { dllPath: candidates.find((path) => existsSync(path)) ?? null, searched: candidates };
}

/**
 * The command that runs the host, from `hostCommand`, `wine` or `nodePath`.
 * @throws Error on 64-bit Windows without `nodePath`: only a 32-bit Node can load the DLL.
 */
export function resolveHostCommand(options: CshisDriverOptions): CshisHostCommand {
  if (options.hostCommand !== undefined) return options.hostCommand;
  if (options.wine !== undefined) {
    if (options.nodePath === undefined) {
      throw new Error('cshis.wine needs cshis.nodePath: the Windows node.exe to run under Wine');
    }
    return wineHostCommand(options.nodePath, options.wine);
  }
  if (options.nodePath !== undefined) return { command: options.nodePath };
  if (process.platform === 'win32' && process.arch !== 'ia32') {
    throw new Error(
      'csHIS.dll is a 32-bit DLL and this Node.js is 64-bit: set cshis.nodePath to a 32-bit ' +
        'node.exe (Node 22, ia32) to run the csHIS host',
    );
  }
  return { command: process.execPath };
}

/** Options with every default filled in. */
export interface ResolvedCshisOptions {
  port: number;
  koffiPath: string | null;
  hostEnv: Readonly<Record<string, string>>;
  logDir: string;
  readerId: string;
  hostStartTimeoutMs: number;
  openTimeoutMs: number;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  log: CshisLog;
}

const SILENT: CshisLog = { info: () => {}, warn: () => {} };

function checkMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`cshis.${name}: must be > 0`);
  return value;
}

/** Fills in the defaults (everything but the DLL and the host command). */
export function resolveCshisOptions(options: CshisDriverOptions): ResolvedCshisOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 255) {
    throw new RangeError(`cshis.port: ${port} must be 0 (COM1) to 255`);
  }
  return {
    port,
    koffiPath: options.koffiPath ?? null,
    hostEnv: options.hostEnv ?? {},
    logDir: options.logDir ?? tmpdir(),
    readerId: options.readerId ?? 'cshis-0',
    hostStartTimeoutMs: checkMs(options.hostStartTimeoutMs ?? 15_000, 'hostStartTimeoutMs'),
    openTimeoutMs: checkMs(options.openTimeoutMs ?? 20_000, 'openTimeoutMs'),
    restartDelayMs: checkMs(options.restartDelayMs ?? 500, 'restartDelayMs'),
    maxRestartDelayMs: checkMs(options.maxRestartDelayMs ?? 30_000, 'maxRestartDelayMs'),
    log: options.log ?? SILENT,
  };
}
