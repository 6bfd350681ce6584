import { NhiCardError } from '@nhicard/client';
import { InvalidConfigError } from '../config/config-error.js';
import type { FlagValue } from '../config/config-layer.js';
import { loadConfig } from '../config/load-config.js';
import {
  type BrokerConnection,
  BrokerConnectionError,
  connectToBroker,
} from './broker-connection.js';
import { type CliIo, EXIT_CODES } from './cli-io.js';
import { parseOrShowHelp, SIM_OPTIONS, UsageError } from './command-line.js';
import { simHelp } from './help-text.js';

/** Environment variable holding a token for the `sim` commands. */
export const SIM_TOKEN_ENV = 'NHICARD_TOKEN';

/** Where the broker is and how to present oneself to it. */
interface Target {
  url: string;
  token: string | undefined;
}

/**
 * `nhicard sim insert <card>` / `nhicard sim remove`: one `sim.*` request to a running broker
 * through the client SDK, as an admin: a token, or, without one, as a process of the broker's
 * own OS user (which holds admin on the simulator). It never sends a browser's Origin.
 */
export async function runSim(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    io.stdout(simHelp());
    return action === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (action === 'cards') {
    const commandLine = parseOrShowHelp(rest, SIM_OPTIONS, 0, io, simHelp);
    if (commandLine === null) return EXIT_CODES.ok;
    return (await import('./sim-cards-command.js')).runSimCards(commandLine, io);
  }
  if (action !== 'insert' && action !== 'remove') {
    throw new UsageError(
      `Unknown sim action ${JSON.stringify(action)}: use insert, remove or cards`,
    );
  }
  const commandLine = parseOrShowHelp(rest, SIM_OPTIONS, action === 'insert' ? 1 : 0, io, simHelp);
  if (commandLine === null) return EXIT_CODES.ok;
  const card = commandLine.positionals[0];
  if (action === 'insert' && card === undefined) {
    throw new UsageError(`sim insert needs a card, e.g. ${io.commandName} sim insert adult`);
  }
  const reader = optionalString(commandLine.values.reader);
  let target: Target;
  try {
    target = targetOf(commandLine.values, io);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    io.stderr(`nhicard: the configuration has problems:\n${error.message}\n`);
    return EXIT_CODES.usage;
  }
  let connection: BrokerConnection;
  try {
    connection = await connectToBroker(target);
  } catch (error) {
    if (!(error instanceof BrokerConnectionError)) throw error;
    io.stderr(`nhicard: ${error.message}\n`);
    return EXIT_CODES.failure;
  }
  const { client, hello } = connection;
  try {
    const refusal = checkSimulatorAdmin(connection, target);
    if (refusal !== null) {
      io.stderr(`nhicard: ${refusal}\n`);
      return EXIT_CODES.failure;
    }
    const readers = hello.readers.map((attached) => attached.id);
    if (reader === undefined && readers.length > 1) {
      io.stderr(
        `nhicard: the broker has ${readers.length} readers (${readers.join(', ')}): name one with ` +
          `--reader, e.g. ${io.commandName} sim ${action}${card === undefined ? '' : ` ${card}`} --reader ${readers[0]}\n`,
      );
      return EXIT_CODES.usage;
    }
    const readerParam = reader === undefined ? {} : { reader };
    if (action === 'insert') {
      const inserted = await client.request('sim.insert', { ...readerParam, card: card ?? '' });
      io.stdout(`Inserted ${inserted.card} into ${inserted.reader}.\n`);
    } else {
      const removed = await client.request('sim.remove', readerParam);
      io.stdout(`Removed the card from ${removed.reader}.\n`);
    }
    return EXIT_CODES.ok;
  } catch (error) {
    if (!(error instanceof NhiCardError)) throw error;
    io.stderr(`nhicard: sim ${action} failed: ${failureText(action, error, io, reader)}\n`);
    return EXIT_CODES.failure;
  } finally {
    await client.close();
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function targetOf(values: Readonly<Record<string, FlagValue>>, io: CliIo): Target {
  const token = optionalString(values.token) ?? nonEmpty(io.env[SIM_TOKEN_ENV]);
  const explicitUrl = optionalString(values.url);
  let url: URL;
  if (explicitUrl !== undefined) {
    try {
      url = new URL(explicitUrl);
    } catch {
      throw new UsageError(`--url ${JSON.stringify(explicitUrl)} is not a URL`);
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      throw new UsageError(`--url must be a ws:// URL, e.g. ws://127.0.0.1:7766/v1`);
    }
  } else {
    const flags = { port: values.port, host: values.host, config: values.config };
    const { config } = loadConfig({ flags, env: io.env, cwd: io.cwd });
    if (config.port === 0)
      throw new UsageError('port 0 is not a broker address: pass --port or --url');
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    url = new URL(`ws://${host}:${config.port}/v1`);
  }
  return { url: url.href, token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function checkSimulatorAdmin({ hello }: BrokerConnection, target: Target): string | null {
  if (hello.driver !== 'simulator') {
    return `The broker at ${target.url} runs the ${hello.driver} driver; sim commands work only with the simulator.`;
  }
  if (!hello.scopes.includes('admin')) {
    const how = target.token === undefined ? 'this connection' : 'the token given';
    return (
      `The broker at ${target.url} did not grant ${how} the admin scope the sim commands need.\n` +
      'Pass a token with the admin scope with --token (or $NHICARD_TOKEN).'
    );
  }
  return null;
}

/** The SDK's error as the CLI prints it: code and message, and which command helps. */
function failureText(
  action: 'insert' | 'remove',
  error: NhiCardError,
  io: CliIo,
  reader: string | undefined,
): string {
  // The card already in the slot: say which command takes it out.
  const hint =
    action === 'insert' && error.code === 'BUSY'
      ? `\nRun \`${io.commandName} sim remove${reader === undefined ? '' : ` --reader ${reader}`}\` first.`
      : '';
  return `${error.code}: ${error.message}${hint}`;
}
