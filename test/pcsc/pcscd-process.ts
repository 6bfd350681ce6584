import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { probePcsc } from '../../native/src/pcsc/probe-pcsc.js';
import { vpcdReaderName } from './card-host.js';
import { freeVpcdPorts, type PcscdSite, VPCD_DRIVER, writeVpcdConfig } from './pcscd-site.js';

const INSTALL = 'apt-get install -y --no-install-recommends pcscd libpcsclite1 vsmartcard-vpcd';

/** How often to try new vpcd ports when another process took the chosen ones first. */
const PORT_ATTEMPTS = 5;

/**
 * Runs pcscd in a mount namespace of its own with the site's folder over `/run/pcscd`: its
 * socket and pid file land in the site, and the machine's `/run/pcscd` (a system pcscd, another
 * test run) is never touched. `exec` keeps one pid from `unshare` to pcscd, so signals reach it.
 */
function spawnPrivatePcscd(site: PcscdSite): ChildProcess {
  const script =
    'mkdir -p /run/pcscd && mount --bind "$1" /run/pcscd && exec pcscd --foreground --config "$2"';
  return spawn(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', site.runDir, site.configDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * What keeps the real PC/SC stack from running here, or null when the tests can start their
 * own private pcscd with vpcd's two virtual readers.
 */
export async function findPcscStackProblem(site: PcscdSite): Promise<string | null> {
  if (process.platform !== 'linux')
    return `pcscd + vpcd tests run on Linux only (${process.platform})`;
  if (spawnSync('pcscd', ['--version']).error !== undefined) {
    return `pcscd is not installed: ${INSTALL}`;
  }
  if (!existsSync(VPCD_DRIVER))
    return `vsmartcard-vpcd is not installed (${VPCD_DRIVER}): ${INSTALL}`;
  if (process.getuid?.() !== 0)
    return 'pcscd must be started as root (each test file runs its own in a mount namespace)';
  const namespace = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']);
  if (namespace.status !== 0) {
    const why = namespace.error?.message ?? namespace.stderr.toString().trim();
    return `cannot run pcscd in a private mount namespace (unshare --mount): ${why}`;
  }
  if (process.env.PCSCLITE_CSOCK_NAME !== site.socketPath) {
    return `PCSCLITE_CSOCK_NAME is not the private pcscd's socket (${site.socketPath})`;
  }
  const probe = await probePcsc();
  if (!probe.library.loaded) return `libpcsclite cannot be loaded: ${probe.library.error}`;
  return null;
}

/** A private pcscd started by a test, in the foreground, stopped by its pid. */
export class PcscdProcess {
  private output = '';
  private readonly exited: Promise<void>;
  private readonly killOnExit = (): void => {
    this.child.kill('SIGKILL');
  };

  private constructor(
    private readonly child: ChildProcess,
    /** vpcd's port for slot 0 (slot n listens on this + n). */
    readonly vpcdBasePort: number,
  ) {
    const keep = (chunk: Buffer): void => {
      // The last few kB are enough to say why it failed.
      this.output = (this.output + chunk.toString('utf8')).slice(-8192);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    // A test process that dies must not leave its pcscd behind.
    process.once('exit', this.killOnExit);
  }

  /** The pid. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The end of pcscd's output, for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Whether vpcd failed to listen on its port (another process took it after it was chosen). */
  private get portTaken(): boolean {
    return /Address already in use|Open Port .* Failed/.test(this.output);
  }

  /**
   * Starts a private pcscd for `site` and resolves once it answers with both vpcd readers listed
   * (not when the socket file appears: a killed pcscd leaves it behind). Without `vpcdBasePort`
   * it takes two free ports, and takes new ones if they were gone by the time vpcd bound them;
   * a restart passes the ports it had, so the cards find it where they were.
   */
  static async start(
    site: PcscdSite,
    options: { vpcdBasePort?: number; readyTimeoutMs?: number } = {},
  ): Promise<PcscdProcess> {
    const attempts = options.vpcdBasePort === undefined ? PORT_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt += 1) {
      const basePort = options.vpcdBasePort ?? (await freeVpcdPorts());
      writeVpcdConfig(site, basePort);
      const pcscd = new PcscdProcess(spawnPrivatePcscd(site), basePort);
      const ready = await pcscd.waitReady(options.readyTimeoutMs ?? 30_000);
      if (ready === 'ready') return pcscd;
      await pcscd.stop('SIGKILL');
      if (ready === 'port-taken' && attempt < attempts) continue;
      throw new Error(
        ready === 'port-taken'
          ? `vpcd could not listen on port ${basePort} or ${basePort + 1}:\n${pcscd.log}`
          : `pcscd did not list the vpcd readers (${ready}):\n${pcscd.log}`,
      );
    }
  }

  /** Waits for both vpcd readers to be listed, pcscd to exit, or vpcd to fail on its port. */
  private async waitReady(timeoutMs: number): Promise<'ready' | 'port-taken' | string> {
    const wanted = [vpcdReaderName(0), vpcdReaderName(1)];
    // A bound on a failure only; readiness itself is the readers being listed.
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        return `exited with ${this.child.exitCode ?? this.child.signalCode} while starting`;
      }
      if (this.portTaken) return 'port-taken';
      const probe = await probePcsc();
      const names = probe.readers.map((reader) => reader.name);
      if (probe.service.running && wanted.every((name) => names.includes(name))) return 'ready';
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return `not within ${timeoutMs} ms`;
  }

  /**
   * Stops pcscd with `signal` (SIGTERM: an orderly stop; SIGKILL: a crash, leaving its socket
   * and pid files behind) and waits until it has exited.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    process.off('exit', this.killOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const escalate = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(escalate);
  }
}
