import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { PendingWaits } from '../support/pending-waits.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The `nhicard` bin, as a fresh clone has it (it runs the sources through tsx). */
export const NHICARD_BIN = fileURLToPath(new URL('../../server/bin/nhicard.js', import.meta.url));
/** What `pnpm start` runs. */
export const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/** Generous: the first start compiles the TypeScript sources through tsx. */
const WAIT_MS = 60_000;

/** How a CLI process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A PC/SC library path that does not exist. The PC/SC tests start pcscd (with vpcd's readers)
 * while other test files run, so `--driver auto` would pick PC/SC or the simulator depending on
 * timing; hiding the library makes `auto` decide the same way on every run.
 */
export const NO_PCSC_LIBRARY = '/nonexistent/nhicard-test/libpcsclite.so.1';

/**
 * The environment without any `NHICARD_*` setting of the machine running the tests, and with
 * PC/SC hidden (see {@link NO_PCSC_LIBRARY}).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('NHICARD_')),
  );
  return { ...env, NHICARD_PCSC_LIBRARY: NO_PCSC_LIBRARY, ...extra };
}

/** A spawned `node <script> …` whose output is collected and can be waited on. */
export class CliProcess {
  stdout = '';
  stderr = '';
  /** How the process ended, once it has. */
  exit: ExitInfo | undefined;
  private readonly waits = new PendingWaits();

  private constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.notify();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    child.once('close', (code, signal) => {
      this.exit = { code, signal };
      this.notify();
    });
  }

  /** Starts `node script ...args` in `cwd` with a clean environment plus `env`. */
  static start(
    script: string,
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): CliProcess {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CliProcess(child);
  }

  /** Starts `command ...args` (e.g. a shell, as package runners start bins). */
  static startCommand(
    command: string,
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): CliProcess {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CliProcess(child);
  }

  /** Runs `node script ...args` to the end. */
  static async run(
    script: string,
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string> } = {},
  ): Promise<{ exit: ExitInfo; stdout: string; stderr: string }> {
    const cli = CliProcess.start(script, args, options);
    const exit = await cli.waitForExit();
    return { exit, stdout: cli.stdout, stderr: cli.stderr };
  }

  /**
   * Waits until stdout matches `pattern`; resolves with the match. `waitMs` is for tests that
   * start many processes at once on a machine that may be loaded.
   */
  waitForStdout(pattern: RegExp, waitMs = WAIT_MS): Promise<RegExpExecArray> {
    return this.waitUntil(
      () => pattern.exec(this.stdout) ?? undefined,
      `stdout ${pattern}`,
      waitMs,
    );
  }

  /** Waits for the process to end. */
  waitForExit(): Promise<ExitInfo> {
    return this.waitUntil(() => this.exit, 'the process to exit');
  }

  /** Sends `signal` to the process. */
  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  private waitUntil<T>(
    probe: () => T | undefined,
    description: string,
    waitMs = WAIT_MS,
  ): Promise<T> {
    return this.waits.until(
      probe,
      waitMs,
      () =>
        `timed out waiting for ${description}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`,
    );
  }

  private notify(): void {
    this.waits.recheck();
  }
}

/**
 * A list for the CLI processes a test file starts: after every test, each one still running
 * is killed and waited for, so a failed test leaves no broker holding a port.
 */
export function killedAfterEach(): CliProcess[] {
  const running: CliProcess[] = [];
  afterEach(async () => {
    for (const cli of running.splice(0)) {
      if (cli.exit === undefined) {
        cli.kill('SIGKILL');
        await cli.waitForExit();
      }
    }
  });
  return running;
}
