import { type CardDriver, DEMO_CARD_IDS } from '@nhicard/native';
import type { Logger } from 'pino';
import { InvalidConfigError } from '../config/config-error.js';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { serverOptionsFromConfig } from '../config/server-options-from-config.js';
import { createLogger } from '../logging/create-logger.js';
import { type RunningServer, startServer } from '../server.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { type OptionTable, parseOrShowHelp, SETTINGS_OPTIONS } from './command-line.js';
import { createDriver, DriverUnavailableError } from './create-driver.js';
import { serveHelp } from './help-text.js';
import { packageVersion } from './package-version.js';
import { formatBanner } from './startup-banner.js';
import { PARENT_EXIT, processSignals, type StopSignals } from './stop-signals.js';

export type { StopSignals } from './stop-signals.js';

/**
 * The options of `serve`: every setting, and `--examples` / `--no-examples` (serve the example
 * apps; by default they are served with the simulator only).
 */
export const SERVE_OPTIONS: OptionTable = {
  ...SETTINGS_OPTIONS,
  examples: { type: 'boolean' },
};

/** How long a graceful shutdown may take before the process gives up and exits with 1. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * `nhicard serve`: loads the configuration, starts the broker, prints the banner and runs until
 * a stop signal. The first signal shuts down gracefully (`server.shutdown` to every client,
 * close 1001, driver closed) and resolves 0; a second one gives up at once with 1.
 */
export async function runServe(
  args: readonly string[],
  io: CliIo,
  signals: StopSignals = processSignals,
): Promise<number> {
  const commandLine = parseOrShowHelp(args, SERVE_OPTIONS, 0, io, serveHelp);
  if (commandLine === null) return EXIT_CODES.ok;
  let loaded: LoadedConfig;
  let driver: CardDriver;
  let driverReason: string;
  try {
    loaded = loadConfig({ flags: commandLine.values, env: io.env, cwd: io.cwd });
    ({ driver, reason: driverReason } = await createDriver(loaded.config));
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      io.stderr(`nhicard: the configuration has problems:\n${indent(error.message)}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof DriverUnavailableError) {
      io.stderr(`nhicard: ${error.message}\n`);
      return EXIT_CODES.failure;
    }
    throw error;
  }
  const logger = createLogger({ level: loaded.config.logLevel });
  let running: RunningServer;
  try {
    const options = serverOptionsFromConfig(loaded.config, driver, logger, io.env);
    const examples = commandLine.values.examples;
    if (typeof examples === 'boolean') options.examples = examples;
    running = await startServer(options);
  } catch (error) {
    await driver.close().catch(() => undefined);
    io.stderr(`nhicard: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failure;
  }
  // The stop signals are handled before the banner says the broker is up: whoever waits for
  // the banner may stop it at once, and an unhandled SIGTERM would end it without a shutdown.
  const stopped = waitForStop(running, logger, io, signals);
  io.stdout(
    formatBanner({
      version: packageVersion(),
      url: running.url,
      httpUrl: running.httpUrl,
      secureUrl: running.secure?.url ?? null,
      lanUrl: running.lan?.url ?? null,
      examplesUrl: running.examplesUrl,
      presenceUrl: running.presenceUrl,
      driver: running.broker.driverKind,
      driverReason,
      readers: running.broker.listReaders(),
      loaded,
      demoCards: DEMO_CARD_IDS,
      commandName: io.commandName,
    }),
  );
  return stopped;
}

function waitForStop(
  running: RunningServer,
  logger: Logger,
  io: CliIo,
  signals: StopSignals,
): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    signals.onSignal((signal) => {
      if (stopping) {
        io.stderr(`nhicard: ${signal} again, stopping without waiting.\n`);
        resolve(EXIT_CODES.failure);
        return;
      }
      stopping = true;
      io.stdout(
        signal === PARENT_EXIT
          ? 'nhicard: the npm exec / npx / pnpm process that started it has ended, shutting down…\n'
          : `nhicard: ${signal} received, shutting down…\n`,
      );
      logger.info({ signal }, 'stop signal');
      const giveUp = setTimeout(() => {
        io.stderr(`nhicard: shutdown took over ${SHUTDOWN_TIMEOUT_MS} ms, giving up.\n`);
        resolve(EXIT_CODES.failure);
      }, SHUTDOWN_TIMEOUT_MS);
      giveUp.unref();
      running.close(`The broker is stopping (${signal}).`).then(
        () => {
          clearTimeout(giveUp);
          io.stdout('nhicard: stopped.\n');
          resolve(EXIT_CODES.ok);
        },
        (error: unknown) => {
          clearTimeout(giveUp);
          logger.error({ err: error }, 'shutdown failed');
          io.stderr(`nhicard: shutdown failed: ${String(error)}\n`);
          resolve(EXIT_CODES.failure);
        },
      );
    });
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  - ${line}`)
    .join('\n');
}
