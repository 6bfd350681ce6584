import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasCommand } from './stand-in-build.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** What the Wine tests run on. */
export interface WineStack {
  /** The 32-bit Wine prefix, set to Windows 10. */
  prefix: string;
  /** node.exe of Node 22 ia32 (`node-win-x86`). */
  nodeExe: string;
  /** koffi's win32-ia32 native package (`@koromix/koffi-win32-ia32`). */
  koffiPath: string;
}

/** The parts of the stack found, and what is missing in words. */
export interface WineParts {
  nodeExe: string | null;
  koffiPath: string | null;
  /** Empty when everything is there. */
  missing: string[];
  /**
   * Why Wine, although installed, cannot run here (the host refuses 32-bit code and no
   * emulation is registered), or null when it runs or is not installed.
   */
  cannotRun: string | null;
  /** How i386 code runs here, as `.ci/setup-i386-emulation.sh probe` tells it. */
  i386Mode: 'native' | 'emulated' | 'none' | 'unknown';
}

function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** Looks for Wine, the MinGW compiler, node.exe and koffi's ia32 binary. */
export function findWineParts(): WineParts {
  const missing: string[] = [];
  for (const command of ['wine', 'wineserver', 'wineboot', 'i686-w64-mingw32-gcc']) {
    if (!hasCommand(command)) missing.push(command);
  }
  const nodeDir = packageDir('node-win-x86');
  const nodeExe = nodeDir === null ? null : join(nodeDir, 'bin', 'node.exe');
  if (nodeExe === null || !existsSync(nodeExe)) missing.push('node-win-x86 (bin/node.exe)');
  const koffiPath = packageDir('@koromix/koffi-win32-ia32');
  if (koffiPath === null || !existsSync(join(koffiPath, 'win32_ia32', 'koffi.node'))) {
    missing.push('@koromix/koffi-win32-ia32');
  }
  const cannotRun = missing.includes('wine') ? null : wineStartFailure();
  return { nodeExe, koffiPath, missing, cannotRun, i386Mode: probeI386Mode() };
}

/** The first line of what `wine --version` printed when it failed, or null when it ran. */
function wineStartFailure(): string | null {
  try {
    execFileSync('wine', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return null;
  } catch (error) {
    const { stderr, message } = error as { stderr?: Buffer; message: string };
    const said = stderr?.toString().trim().split('\n')[0] ?? '';
    return said === '' ? (message.split('\n')[0] ?? message) : said;
  }
}

const EMULATION_SCRIPT = fileURLToPath(
  new URL('../../.ci/setup-i386-emulation.sh', import.meta.url),
);

function probeI386Mode(): WineParts['i386Mode'] {
  try {
    const mode = execFileSync('bash', [EMULATION_SCRIPT, 'probe'], { encoding: 'utf8' }).trim();
    return mode === 'native' || mode === 'emulated' || mode === 'none' ? mode : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What enables Wine on a host that refuses 32-bit code. */
export const WINE_EMULATION_HINT =
  'this host refuses 32-bit (i386) code; as root, `bash .ci/setup-i386-emulation.sh enable` ' +
  'registers qemu-user emulation for it (`… disable` removes it again)';

/** How to install what `findWineParts` found missing. */
export const WINE_INSTALL_HINT =
  'dpkg --add-architecture i386 && apt-get update && apt-get install -y ' +
  '--no-install-recommends wine wine32:i386 gcc-mingw-w64-i686 (bash .ci/install-debian-packages.sh ' +
  'does this), and pnpm install for node-win-x86 and @koromix/koffi-win32-ia32';

/** The environment every Wine command of the tests runs with. */
export function wineEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEARCH: 'win32',
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
}

const LOCK_STALE_MS = 3 * 60_000;
const LOCK_WAIT_MS = 4 * 60_000;

async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > LOCK_STALE_MS) await rmdir(lock).catch(() => {});
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`${lock} stays locked`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

/**
 * The Wine prefix for this machine's Wine: created once (32-bit, Windows 10, as Node 22 will
 * not start on the default Windows 7) and reused by every later run and test file, since
 * creating one costs seconds. `NHICARD_WINE_PREFIX` picks another folder. The run is recorded
 * as a user of the prefix until {@link releaseWinePrefix}.
 */
export async function prepareWinePrefix(parts: WineParts): Promise<WineStack> {
  if (parts.nodeExe === null || parts.koffiPath === null) throw new Error('Wine stack missing');
  const version = execFileSync('wine', ['--version'], { encoding: 'utf8' }).trim();
  const uid = process.getuid?.() ?? 0;
  const prefix =
    process.env.NHICARD_WINE_PREFIX ??
    join(tmpdir(), `nhicard-wine-${uid}-${version.replace(/[^\w.-]+/g, '_')}`);
  const ready = join(prefix, '.nhicard-ready');
  if (!existsSync(ready)) {
    await withLock(`${prefix}.lock`, async () => {
      if (existsSync(ready)) return;
      // A prefix without the marker is a setup that did not finish: start over.
      await rm(prefix, { recursive: true, force: true });
      const env = wineEnv(prefix);
      await run('wineboot', ['-i'], { env });
      await run('wine', ['winecfg', '-v', 'win10'], { env });
      // Waits until wineserver has written the registry and exited.
      await run('wineserver', ['-w'], { env });
      await writeFile(ready, `${version}\n`);
    });
  }
  await mkdir(usersDir(prefix), { recursive: true });
  await writeFile(join(usersDir(prefix), String(process.pid)), '');
  return { prefix, nodeExe: parts.nodeExe, koffiPath: parts.koffiPath };
}

/** The folder where each run using the shared prefix leaves a file named by its pid. */
const usersDir = (prefix: string): string => `${prefix}.users`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Done with the prefix: ends its wineserver (and every Wine process in it) with
 * `wineserver -k`, unless another test run on this machine is still using the same prefix.
 */
export async function releaseWinePrefix(stack: WineStack): Promise<void> {
  const dir = usersDir(stack.prefix);
  await rm(join(dir, String(process.pid)), { force: true });
  const others = (await readdir(dir).catch(() => [] as string[]))
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
  const alive = others.filter(isAlive);
  for (const pid of others.filter((other) => !alive.includes(other))) {
    await rm(join(dir, String(pid)), { force: true });
  }
  if (alive.length === 0) {
    await run('wineserver', ['-k'], { env: wineEnv(stack.prefix) }).catch(() => {});
  }
}
