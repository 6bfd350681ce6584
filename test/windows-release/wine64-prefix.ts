import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The environment of a 64-bit Wine prefix: the release's broker is an x64 node.exe, and its
 * csHIS host a 32-bit one (which Wine runs in the same prefix, through its 32-bit loader).
 */
function wine64Env(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
}

/**
 * A 64-bit prefix set to Windows 10 (Node 22 refuses older), made once per machine and Wine
 * version in the temporary folder and reused (making one takes about a minute here).
 */
export async function prepareWine64Prefix(): Promise<string> {
  const { stdout } = await run('wine', ['--version']);
  const version = stdout.trim().replace(/[^\w.-]+/g, '_');
  const prefix = join(tmpdir(), `nhicard-wine64-${process.getuid?.() ?? 0}-${version}`);
  await lockPrefix(prefix);
  const ready = join(prefix, '.nhicard-ready');
  if (existsSync(ready)) return prefix;
  await rm(prefix, { recursive: true, force: true });
  const env = wine64Env(prefix);
  await run('wineboot', ['-i'], { env, timeout: 240_000 });
  await run('wine', ['winecfg', '-v', 'win10'], { env, timeout: 120_000 });
  await run('wineserver', ['-w'], { env, timeout: 120_000 });
  await writeFile(ready, `${version}\n`);
  return prefix;
}

/**
 * Below the test file's hook limit (30 minutes): a run waits for another one's turn, and under
 * load one run's turn took over 8 minutes.
 */
const LOCK_WAIT_MS = 25 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Holds the prefix for this test run: the test file ends every Wine process of the prefix when
 * it is done, so two test runs on one machine take turns instead of stopping each other's
 * programs. A lock whose holder died is taken over.
 */
async function lockPrefix(prefix: string): Promise<void> {
  const lock = `${prefix}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released between the two calls
    }
    if (!Number.isSafeInteger(holder) || !isAlive(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`${lock} stays held by pid ${holder}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Ends every Wine process of this prefix and lets the next test run have it. */
export async function stopWinePrefix(prefix: string): Promise<void> {
  await run('wineserver', ['-k'], { env: wine64Env(prefix) }).catch(() => {});
  await rm(`${prefix}.lock`, { force: true });
}

/** A Windows program running under Wine, its output going to files (never pipes: EBADF). */
export class WineProgram {
  exitCode: number | null | undefined;
  private readonly done: Promise<number | null>;

  private constructor(
    private readonly outFile: string,
    private readonly errFile: string,
    readonly kill: () => void,
    done: Promise<number | null>,
  ) {
    this.done = done.then((code) => {
      this.exitCode = code;
      return code;
    });
  }

  /** Starts `wine <program> ...args`, with `env` added, output in `logDir`. */
  static async start(
    prefix: string,
    program: string,
    args: readonly string[],
    logDir: string,
    name: string,
    env: Record<string, string> = {},
  ): Promise<WineProgram> {
    await mkdir(logDir, { recursive: true });
    const outFile = join(logDir, `${name}.out.txt`);
    const errFile = join(logDir, `${name}.err.txt`);
    const child = spawn('wine', [program, ...args], {
      env: { ...wine64Env(prefix), ...env },
      stdio: ['ignore', openSync(outFile, 'w'), openSync(errFile, 'w')],
    });
    const done = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return new WineProgram(outFile, errFile, () => child.kill('SIGKILL'), done);
  }

  /** Runs `wine <program> ...args` to the end; resolves with its exit code and output. */
  static async run(
    prefix: string,
    program: string,
    args: readonly string[],
    logDir: string,
    name: string,
    env: Record<string, string> = {},
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const started = await WineProgram.start(prefix, program, args, logDir, name, env);
    const code = await started.exited();
    return { code, stdout: started.stdout(), stderr: started.stderr() };
  }

  stdout(): string {
    return readFileSync(this.outFile, 'utf8');
  }

  stderr(): string {
    return readFileSync(this.errFile, 'utf8');
  }

  exited(): Promise<number | null> {
    return this.done;
  }

  /**
   * Waits until stdout matches `pattern` (the file is re-read as the program writes it; a
   * file cannot be waited on otherwise, as Wine's output is not a pipe).
   */
  async waitForStdout(pattern: RegExp, limitMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const match = pattern.exec(this.stdout());
      if (match !== null) return match;
      if (this.exitCode !== undefined || Date.now() > deadline) {
        throw new Error(
          `no ${pattern} in the output (exit ${this.exitCode}):\n${this.stdout()}\n${this.stderr()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
