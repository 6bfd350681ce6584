import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** vpcd's IFD handler, the driver its reader.conf entry loads. */
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * Where one private pcscd lives: its own folder (socket, pid file, reader.conf.d) and, once
 * chosen, its own vpcd ports. Every real-stack test file (and the PC/SC benchmark) has one, so
 * two test runs, or two files of one run, never share a socket, a pid file or a port.
 *
 * pcscd 1.9.9 (Debian 12) keeps its socket and pid file at the fixed `/run/pcscd/…`; only
 * the client library reads `PCSCLITE_CSOCK_NAME`. So the pcscd runs in a mount namespace of its
 * own with `runDir` bound over `/run/pcscd` (pcscd-process.ts), and this process's libpcsclite is
 * pointed at `socketPath` through that variable.
 */
export interface PcscdSite {
  /** The private folder (removed by `dispose`). */
  readonly dir: string;
  /** Bound over `/run/pcscd` for the private pcscd. */
  readonly runDir: string;
  /** The reader.conf.d folder given to pcscd with `--config`. */
  readonly configDir: string;
  /** The pcscd socket as this process sees it. */
  readonly socketPath: string;
  /** Removes the folder. */
  dispose(): void;
}

/**
 * Makes a private site and points this process's libpcsclite at its socket.
 *
 * Must run before the first PC/SC call of the process: libpcsclite reads `PCSCLITE_CSOCK_NAME`
 * once and keeps it. Each vitest test file runs in a process of its own (the `forks` pool), so
 * each file gets its own site.
 */
export function createPcscdSite(): PcscdSite {
  const dir = mkdtempSync(join(tmpdir(), 'nhicard-pcscd-'));
  const runDir = join(dir, 'run');
  const configDir = join(dir, 'reader.conf.d');
  mkdirSync(runDir);
  mkdirSync(configDir);
  const socketPath = join(runDir, 'pcscd.comm');
  process.env.PCSCLITE_CSOCK_NAME = socketPath;
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  // Also when a skipped file never runs its afterAll.
  process.once('exit', dispose);
  return { dir, runDir, configDir, socketPath, dispose };
}

/** Writes the reader.conf entry that makes pcscd load vpcd with slot 0 on `basePort`. */
export function writeVpcdConfig(site: PcscdSite, basePort: number): void {
  const entry = [
    'FRIENDLYNAME "Virtual PCD"',
    // `/dev/null` before the colon: vpcd listens (slot n on basePort + n) for the card to connect.
    `DEVICENAME   /dev/null:${basePort}`,
    `LIBPATH      ${VPCD_DRIVER}`,
    '',
  ].join('\n');
  writeFileSync(join(site.configDir, 'vpcd'), entry);
}

function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    // vpcd listens on every interface, so the port must be free on every interface.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Two consecutive TCP ports that are free now (vpcd's two slots): the first from the OS (port 0),
 * the second checked. They are released before pcscd binds them, so a start that finds one taken
 * after all must choose again (PcscdProcess.start does).
 */
export async function freeVpcdPorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = await listenOn(0);
    if (first === null) continue;
    const address = first.address();
    const base = typeof address === 'object' && address !== null ? address.port : 0;
    const second = base > 0 && base < 65_535 ? await listenOn(base + 1) : null;
    await close(first);
    if (second !== null) {
      await close(second);
      return base;
    }
  }
  throw new Error('found no two consecutive free TCP ports for vpcd in 50 tries');
}
