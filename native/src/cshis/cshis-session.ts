import { CSHIS_DECLARATIONS, cshisDeclaration, koffiPrototype } from './cshis-declarations.js';
import { notCshisDllError, openComError } from './cshis-errors.js';
import type { ResolvedCshisOptions } from './cshis-options.js';
import type { CshisHostCommand } from './host-command.js';
import { HostFailure } from './host-failure.js';
import type { HostExit } from './host-launch.js';
import { CshisHostProcess } from './host-process.js';
import {
  type CallResult,
  type HostHello,
  isCallResult,
  isLoadResult,
  type LoadResult,
} from './host-protocol.js';

/** The exports without which the driver cannot work at all. */
const REQUIRED_EXPORTS = ['csOpenCom', 'csCloseCom', 'hisGetCardStatus'] as const;

/** Time a clean close gives `csCloseCom` and the host's exit. */
const CLOSE_GRACE_MS = 2000;

/** What a started session knows about its host and DLL (for `doctor`). */
export interface CshisSessionInfo {
  /** What the host said about itself (platform, arch, Node version, pid). */
  host: Omit<HostHello, 'secret' | 'type'>;
  /** The koffi version the host runs. */
  koffiVersion: string;
  /** `csGetVersionEx`'s return value, or null when the DLL lacks it or it failed. */
  version: number | null;
  /** The path `csGetVersionEx` reported (up to the first NUL), or null. */
  versionPath: string | null;
  /** Declared exports the DLL lacks, with koffi's message. */
  missing: Readonly<Record<string, string>>;
}

/** What {@link CshisSession.start} needs. */
export interface CshisSessionStart {
  command: CshisHostCommand;
  dllPath: string;
  options: ResolvedCshisOptions;
  logFile: string;
}

function decodeText(base64: string | undefined): string | null {
  if (base64 === undefined) return null;
  const bytes = Buffer.from(base64, 'base64');
  const end = bytes.indexOf(0);
  // Paths of the NHI software are ASCII; anything else is kept byte for byte as latin1.
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('latin1');
}

/**
 * One host process with csHIS.dll loaded and its exports bound: the unit the driver restarts.
 * Calls go to the host one at a time (the driver's `ReaderQueue` serialises them).
 */
export class CshisSession {
  private constructor(
    private readonly host: CshisHostProcess,
    /** The host and DLL, as found at start. */
    readonly info: CshisSessionInfo,
    private readonly bound: ReadonlySet<string>,
  ) {}

  /** Resolves when the host process has ended, for whatever reason. */
  get exited(): Promise<HostExit> {
    return this.host.exited;
  }

  /** Whether the host can still take calls. */
  get alive(): boolean {
    return this.host.alive;
  }

  /**
   * Starts the host, loads the DLL and binds every declared export, reads the DLL's version.
   * @throws HostFailure when the host does not start or the DLL does not load; DriverError
   * `READER_ERROR` when the DLL lacks csOpenCom, csCloseCom or hisGetCardStatus.
   */
  static async start(start: CshisSessionStart): Promise<CshisSession> {
    const { options } = start;
    const host = await CshisHostProcess.start({
      command: start.command,
      koffiPath: options.koffiPath,
      env: options.hostEnv,
      logFile: start.logFile,
      startTimeoutMs: options.hostStartTimeoutMs,
    });
    try {
      const toHostPath = start.command.toHostPath ?? ((path: string) => path);
      const functions = CSHIS_DECLARATIONS.map((declaration) => ({
        name: declaration.name,
        prototype: koffiPrototype(declaration),
        params: declaration.params,
      }));
      const loaded = await host.request(
        { op: 'load', dllPath: toHostPath(start.dllPath), functions },
        AbortSignal.timeout(options.openTimeoutMs),
      );
      if (!isLoadResult(loaded)) throw new HostFailure('remote', 'malformed load result');
      const lacking = REQUIRED_EXPORTS.filter((name) => !loaded.bound.includes(name));
      if (lacking.length > 0) {
        throw notCshisDllError(start.dllPath, lacking);
      }
      const session = new CshisSession(
        host,
        sessionInfo(host.hello, loaded),
        new Set(loaded.bound),
      );
      await session.readVersion(AbortSignal.timeout(options.openTimeoutMs));
      return session;
    } catch (error) {
      await host.shutdown(CLOSE_GRACE_MS);
      throw error;
    }
  }

  /** Whether the DLL has this declared export. */
  has(name: string): boolean {
    return this.bound.has(name);
  }

  /**
   * Calls one declared export with its integer arguments, until `signal` (the caller's
   * deadline) aborts.
   * @throws HostFailure (`timeout` and `aborted` kill the host).
   */
  async call(name: string, args: readonly number[], signal: AbortSignal): Promise<CallResult> {
    cshisDeclaration(name);
    const result = await this.host.request({ op: 'call', fn: name, args }, signal);
    if (!isCallResult(result)) throw new HostFailure('remote', `malformed result of ${name}`);
    return result;
  }

  /**
   * `csOpenCom(port)`; must succeed before any other call.
   * @throws DriverError from the catalog when it returns an error, saying that another program
   * probably holds the reader; HostFailure when the host fails.
   */
  async openPort(port: number, signal: AbortSignal): Promise<void> {
    const { rc } = await this.call('csOpenCom', [port], signal);
    if (rc === 0) return;
    throw openComError(port, rc);
  }

  /**
   * `csCloseCom` (when `closePort`: not after a failed `csOpenCom`), then lets the host exit,
   * killing it if it does not within a grace period.
   */
  async close(closePort = true): Promise<void> {
    if (closePort && this.host.alive) {
      await this.call('csCloseCom', [], AbortSignal.timeout(CLOSE_GRACE_MS)).catch(() => undefined);
    }
    await this.host.shutdown(CLOSE_GRACE_MS);
  }

  /** Kills the host at once. */
  kill(): void {
    this.host.kill();
  }

  private async readVersion(signal: AbortSignal): Promise<void> {
    if (!this.has('csGetVersionEx')) return;
    try {
      const result = await this.call('csGetVersionEx', [], signal);
      this.info.version = result.rc;
      this.info.versionPath = decodeText(result.buffers.path);
    } catch (error) {
      if (error instanceof HostFailure && error.kind === 'timeout') throw error;
    }
  }
}

function sessionInfo(hello: HostHello, loaded: LoadResult): CshisSessionInfo {
  const { type: _type, secret: _secret, ...host } = hello;
  return {
    host,
    koffiVersion: loaded.koffiVersion,
    version: null,
    versionPath: null,
    missing: loaded.missing,
  };
}
