import { type CliIo, EXIT_CODES, processIo } from './cli-io.js';
import { UsageError } from './command-line.js';
import { mainHelp } from './help-text.js';
import { packageVersion } from './package-version.js';
import type { StopSignals } from './serve-command.js';

/** The commands, in the order help and errors list them. */
const COMMANDS = ['serve', 'sim', 'doctor', 'tls', 'access', 'install', 'uninstall'] as const;

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
      // Commands load on demand: `--version` and `sim` need none of the broker's code.
      case 'serve':
        return await (await import('./serve-command.js')).runServe(rest, io, signals);
      case 'sim':
        return await (await import('./sim-command.js')).runSim(rest, io);
      case 'doctor':
        return await (await import('./doctor-command.js')).runDoctor(rest, io);
      case 'tls':
        return await (await import('./tls-command.js')).runTls(rest, io);
      case 'access':
        return await (await import('./access-command.js')).runAccess(rest, io);
      case 'install':
        return await (await import('./install-command.js')).runInstall(rest, io);
      case 'uninstall':
        return await (await import('./install-command.js')).runUninstall(rest, io);
      default:
        throw new UsageError(
          `Unknown command ${JSON.stringify(command)}: the commands are ${COMMANDS.join(', ')}`,
        );
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = COMMANDS.some((known) => known === command) ? ` ${command}` : '';
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
