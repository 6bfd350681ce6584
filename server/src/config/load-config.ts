import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConfigError,
  type ConfigSource,
  describeSource,
  InvalidConfigError,
} from './config-error.js';
import {
  type ConfigLayer,
  configLayerFromEnv,
  configLayerFromFile,
  configLayerFromFlags,
  type FlagValue,
} from './config-layer.js';
import { type ResolvedConfig, resolveConfig } from './resolve-config.js';

/** The config file looked for in the working directory when none is named. */
export const DEFAULT_CONFIG_FILE = 'nhicard.config.json';

/** Environment variable naming the config file (below `--config`, above the default file). */
export const CONFIG_FILE_ENV = 'NHICARD_CONFIG';

/** What {@link loadConfig} reads. */
export interface LoadConfigOptions {
  /** `parseArgs` values of the command line (settings flags and `config`). */
  flags: Readonly<Record<string, FlagValue>>;
  /** The environment. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths and the default config file are resolved against. */
  cwd: string;
}

/** A resolved configuration and the config file it read, if any. */
export interface LoadedConfig extends ResolvedConfig {
  /** Absolute path of the config file read, or null when there was none. */
  file: string | null;
}

/**
 * Reads the configuration the way `serve` and `doctor` use it: the config file (`--config`,
 * else `$NHICARD_CONFIG`, else `./nhicard.config.json` if it exists), then the environment,
 * then the flags, each over the one before.
 * @throws InvalidConfigError listing every problem found.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const fileLayer = readConfigFileLayer(options);
  const layers: ConfigLayer[] = [
    fileLayer.layer,
    configLayerFromEnv(options.env),
    configLayerFromFlags(options.flags),
  ];
  return { ...resolveConfig(layers), file: fileLayer.file };
}

function readConfigFileLayer(options: LoadConfigOptions): {
  layer: ConfigLayer;
  file: string | null;
} {
  const fromFlag = options.flags.config;
  const fromEnv = options.env[CONFIG_FILE_ENV];
  let named: { path: string; source: ConfigSource } | null = null;
  if (typeof fromFlag === 'string')
    named = { path: fromFlag, source: { kind: 'flag', flag: 'config' } };
  else if (fromEnv !== undefined && fromEnv.trim() !== '') {
    named = { path: fromEnv, source: { kind: 'env', variable: CONFIG_FILE_ENV } };
  }
  const file = resolve(options.cwd, named?.path ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (named === null && code === 'ENOENT')
      return { layer: { entries: [], errors: [] }, file: null };
    const source = named?.source ?? { kind: 'file', path: file };
    const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`;
    const from = named === null ? '' : ` (named by ${describeSource(named.source)})`;
    throw new InvalidConfigError([
      new ConfigError(null, source, `Config file ${file} ${why}${from}`),
    ]);
  }
  return { layer: configLayerFromFile(text, file), file };
}
