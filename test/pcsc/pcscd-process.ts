import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { probePcsc } from '../../native/src/pcsc/probe-pcsc.js';
import { vpcdReaderName } from './card-host.js';
import { stackLockHolder } from './stack-lock.js';

const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const VPCD_CONFIG = '/etc/reader.conf.d/vpcd';
const INSTALL = 'apt-get install -y --no-install-recommends pcscd libpcsclite1 vsmartcard-vpcd';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a pcscd that is running now (from its pid file), or null. */
export function runningPcscdPid(): number | null {
  if (!existsSync(PCSCD_PID_FILE)) return null;
  const pid = Number.parseInt(readFileSync(PCSCD_PID_FILE, 'utf8'), 10);
  return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * What keeps the real PC/SC stack from running here, or null when the tests can start their
 * own pcscd with vpcd's two virtual readers.
 */
export async function findPcscStackProblem(): Promise<string | null> {
  if (process.platform !== 'linux')
    return `pcscd + vpcd tests run on Linux only (${process.platform})`;
  if (spawnSync('pcscd', ['--version']).error !== undefined) {
    return `pcscd is not installed: ${INSTALL}`;
  }
  if (!existsSync(VPCD_CONFIG))
    return `vsmartcard-vpcd is not installed (${VPCD_CONFIG}): ${INSTALL}`;
  if (process.getuid?.() !== 0) return 'pcscd must be started as root (it creates /run/pcscd)';
  const probe = await probePcsc();
  if (!probe.library.loaded) return `libpcsclite cannot be loaded: ${probe.library.error}`;
  const pid = runningPcscdPid();
  // A pcscd running while another test file holds the stack lock is that file's own.
  if (pid !== null && stackLockHolder() === null) {
    return `another pcscd (pid ${pid}) is running; the tests start and stop their own: stop it first`;
  }
  return null;
}

/** A pcscd started by a test, in the foreground, stopped by its pid. */
export class PcscdProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      // The last few kB are enough to say why it failed.
      this.output = (this.output + chunk.toString('utf8')).slice(-8192);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The pid. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The end of pcscd's output, for failure messages. */
  get log(): string {
    return this.output;
  }

  /**
   * Starts `pcscd -f` and resolves once the service answers with both vpcd readers listed
   * (not when the socket file appears: a killed pcscd leaves it behind).
   */
  static async start(readyTimeoutMs = 10_000): Promise<PcscdProcess> {
    const child = spawn('pcscd', ['--foreground'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pcscd = new PcscdProcess(child);
    const deadline = Date.now() + readyTimeoutMs;
    const wanted = [vpcdReaderName(0), vpcdReaderName(1)];
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`pcscd exited with ${child.exitCode} while starting:\n${pcscd.log}`);
      }
      const probe = await probePcsc();
      const names = probe.readers.map((reader) => reader.name);
      if (probe.service.running && wanted.every((name) => names.includes(name))) return pcscd;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await pcscd.stop('SIGKILL');
    throw new Error(
      `pcscd did not list the vpcd readers within ${readyTimeoutMs} ms:\n${pcscd.log}`,
    );
  }

  /**
   * Stops pcscd with `signal` (SIGTERM: an orderly stop; SIGKILL: a crash, leaving its socket
   * and pid files behind) and waits until it has exited.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const escalate = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(escalate);
  }
}
