import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { FlagValue } from '../config/config-layer.js';
import { CONFIG_SETTINGS } from '../config/config-settings.js';
import type { CliIo } from './cli-io.js';

/** The option table `node:util` `parseArgs` takes. */
export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** A command line that cannot be understood; the message says what to fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--config` and `--help`, which every command that reads the config accepts. */
const COMMON_OPTIONS: OptionTable = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** The options of `serve` and `doctor`: one flag per config setting, plus the common ones. */
export const SETTINGS_OPTIONS: OptionTable = {
  ...COMMON_OPTIONS,
  ...Object.fromEntries(
    CONFIG_SETTINGS.map((setting) => [
      setting.flag,
      setting.flagIsSwitch
        ? { type: 'boolean' as const }
        : { type: 'string' as const, multiple: setting.flagRepeats },
    ]),
  ),
};

/** The options of `sim insert`, `sim remove` and `sim cards`. */
export const SIM_OPTIONS: OptionTable = {
  ...COMMON_OPTIONS,
  reader: { type: 'string', short: 'r' },
  url: { type: 'string' },
  token: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  // `sim cards`: the card folder to list (as serve's --sim-card-dir).
  'sim-card-dir': { type: 'string' },
};

/** The parsed flags and the positional arguments. */
export interface CommandLine {
  /** Flag values by flag name. */
  values: Record<string, FlagValue>;
  /** Arguments that are not flags, in order. */
  positionals: string[];
}

/**
 * Parses `args` against `options` strictly: an unknown flag or a missing value is a
 * {@link UsageError} with a short message (parseArgs's own ones are long-winded).
 */
export function parseCommandLine(
  args: readonly string[],
  options: OptionTable,
  maxPositionals: number,
): CommandLine {
  let parsed: { values: Record<string, FlagValue>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals] ?? '';
    throw new UsageError(`Unexpected argument ${JSON.stringify(extra)}`);
  }
  return parsed;
}

/**
 * Parses `args` as {@link parseCommandLine} does; with `--help`, prints `help()` and returns
 * null instead: the command has nothing else to do and ends with exit code 0.
 */
export function parseOrShowHelp(
  args: readonly string[],
  options: OptionTable,
  maxPositionals: number,
  io: CliIo,
  help: () => string,
): CommandLine | null {
  const commandLine = parseCommandLine(args, options, maxPositionals);
  if (commandLine.values.help !== true) return commandLine;
  io.stdout(help());
  return null;
}

function usageMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.replace(/^Option '([^']+)'/, 'Option $1');
    default:
      return error.message;
  }
}
