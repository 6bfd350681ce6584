import { type CliIo, EXIT_CODES, processIo } from './cli-io.js';
import { UsageError } from './command-line.js';
import { mainHelp } from './help-text.js';
import { packageVersion } from './package-version.js';
import type { StopSignals } from './serve-command.js';

/** Runs one command on the arguments after its name; resolves with the exit code. */
type CommandRunner = (rest: readonly string[], io: CliIo, signals?: StopSignals) => Promise<number>;

/**
 * The commands, in the order help and errors list them. Each loads its module on demand:
 * `--version` and `sim` need none of the broker's code.
 */
const COMMANDS: Readonly<Record<string, CommandRunner>> = {
  serve: async (rest, io, signals) =>
    (await import('./serve-command.js')).runServe(rest, io, signals),
  sim: async (rest, io) => (await import('./sim-command.js')).runSim(rest, io),
  doctor: async (rest, io) => (await import('./doctor-command.js')).runDoctor(rest, io),
  tls: async (rest, io) => (await import('./tls-command.js')).runTls(rest, io),
  access: async (rest, io) => (await import('./access-command.js')).runAccess(rest, io),
  install: async (rest, io) => (await import('./install-command.js')).runInstall(rest, io),
  uninstall: async (rest, io) => (await import('./install-command.js')).runUninstall(rest, io),
};

/** How long the process may linger after the command is done (output still flushing). */
const EXIT_GRACE_MS = 2000;

/**
 * Runs `nhicard` with `args` (without `node` and the script) and resolves with the exit code.
 * Usage mistakes print a one-line reason and a pointer to `--help`, with exit code 2.
 */
export async function runCli(
  args: readonly string[],
  io: CliIo = processIo(),
  signals?: StopSignals,
): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(mainHelp(packageVersion()));
        return command === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
      case '-V':
      case '--version':
        io.stdout(`nhicard ${packageVersion()}\n`);
        return EXIT_CODES.ok;
      default: {
        const runner = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
        if (runner === undefined) {
          throw new UsageError(
            `Unknown command ${JSON.stringify(command)}: the commands are ${Object.keys(COMMANDS).join(', ')}`,
          );
        }
        return await runner(rest, io, signals);
      }
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = command !== undefined && Object.hasOwn(COMMANDS, command) ? ` ${command}` : '';
    io.stderr(`nhicard: ${error.message}\nRun \`${io.commandName}${help} --help\` for usage.\n`);
    return EXIT_CODES.usage;
  }
}

/**
 * The bin's entry: runs the CLI on the process's arguments and sets the exit code. An
 * unexpected failure prints its stack and exits with 1. `commandName` is how the user started
 * it, for hints.
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  commandName = 'nhicard',
): Promise<void> {
  try {
    process.exitCode = await runCli(argv, processIo(commandName));
    // Everything is closed by now; should a library still hold a handle, the process must
    // not hang on it (the timer itself does not keep it alive).
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  } catch (error) {
    process.stderr.write(
      `nhicard: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_CODES.failure;
  }
}
