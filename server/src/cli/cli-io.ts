/** What a CLI command reads from and writes to: the process, or a test's stand-ins. */
export interface CliIo {
  /** Writes text to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes text to standard error (no newline added). */
  stderr(text: string): void;
  /** The environment variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** The working directory (where `./nhicard.config.json` is looked for). */
  cwd: string;
  /**
   * How the user runs nhicard here, for hints such as the banner's `sim insert` line:
   * `nhicard` when installed, `node server/bin/nhicard.js` in the repository.
   */
  commandName: string;
}

/** The real process's streams, environment and working directory. */
export function processIo(commandName = 'nhicard'): CliIo {
  return {
    commandName,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Exit codes: 0 success, 1 a failure at run time (broker unreachable, port taken, request
 * refused), 2 a usage or configuration mistake (fix the command line or the config first).
 */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;
