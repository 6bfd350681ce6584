import { ConfigError, type ConfigSource, describeSource } from './config-error.js';
import { CONFIG_SETTINGS, type ConfigChange, findSetting } from './config-settings.js';

/** One setting's value from one source, ready to be put into a configuration. */
interface ConfigEntry {
  /** The setting's config-file key. */
  key: string;
  /** Where the value came from. */
  source: ConfigSource;
  /** Puts the value into a configuration. */
  change: ConfigChange;
}

/** What one source (the file, the environment or the flags) sets, and what is wrong in it. */
export interface ConfigLayer {
  /** The values read. */
  entries: ConfigEntry[];
  /** The problems found; a bad value is left out of `entries`. */
  errors: ConfigError[];
}

/** Groups of nested keys in the config file. */
const KEY_GROUPS = [
  'limits',
  'simulator',
  'pcsc',
  'cshis',
  'tls',
  'lan',
  'nats',
  'vhc',
  'cs6',
] as const;
/** Keys the file may hold that are not settings (editors use `$schema`). */
const IGNORED_KEYS = ['$schema'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the text of a config file (`nhicard.config.json`): a JSON object whose keys are the
 * settings' keys, with `limits`, `simulator`, `pcsc`, `cshis`, `tls`, `lan`, `nats`, `vhc` and `cs6`
 * as nested objects. Unknown keys are errors,
 * so a typo never passes silently.
 */
export function configLayerFromFile(text: string, path: string): ConfigLayer {
  const source: ConfigSource = { kind: 'file', path };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(
      new ConfigError(null, source, `Config file ${path} is not valid JSON: ${reason}`),
    );
  }
  if (!isPlainObject(json)) {
    return failed(
      new ConfigError(null, source, `Config file ${path} must hold a JSON object of settings`),
    );
  }
  const layer: ConfigLayer = { entries: [], errors: [] };
  for (const [key, value] of Object.entries(json)) {
    if (IGNORED_KEYS.includes(key)) continue;
    const group = KEY_GROUPS.find((name) => name === key);
    if (group === undefined) {
      readFileValue(layer, key, value, source);
    } else if (!isPlainObject(value)) {
      layer.errors.push(
        ConfigError.invalidValue(key, source, `must be an object ${shownJson(value)}`),
      );
    } else {
      for (const [nestedKey, nestedValue] of Object.entries(value)) {
        readFileValue(layer, `${group}.${nestedKey}`, nestedValue, source);
      }
    }
  }
  return layer;
}

function readFileValue(layer: ConfigLayer, key: string, value: unknown, source: ConfigSource) {
  const setting = findSetting(key);
  if (setting === undefined) {
    layer.errors.push(unknownKey(key, source));
    return;
  }
  const read = setting.fromJson(value);
  if (read.ok) layer.entries.push({ key, source, change: read.value });
  else layer.errors.push(ConfigError.invalidValue(key, source, read.problem));
}

function unknownKey(key: string, source: ConfigSource): ConfigError {
  const group = key.includes('.') ? key.slice(0, key.indexOf('.')) : null;
  const siblings = CONFIG_SETTINGS.map((setting) => setting.key)
    .filter((candidate) => (group === null ? true : candidate.startsWith(`${group}.`)))
    .map((candidate) => (group === null ? candidate.split('.')[0] : candidate))
    .filter((candidate, index, all) => all.indexOf(candidate) === index);
  return new ConfigError(
    key,
    source,
    `Unknown key "${key}" in ${describeSource(source)}; known keys: ${siblings.join(', ')}`,
  );
}

function shownJson(value: unknown): string {
  return `(got ${JSON.stringify(value)})`;
}

function failed(error: ConfigError): ConfigLayer {
  return { entries: [], errors: [error] };
}

/**
 * Reads the `NHICARD_*` environment variables of the settings. An empty variable counts as
 * unset; variables that name no setting are left alone (other tools use the prefix too).
 */
export function configLayerFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const layer: ConfigLayer = { entries: [], errors: [] };
  for (const setting of CONFIG_SETTINGS) {
    const text = env[setting.env];
    if (text === undefined || text.trim() === '') continue;
    const source: ConfigSource = { kind: 'env', variable: setting.env };
    const read = setting.fromText(text);
    if (read.ok) layer.entries.push({ key: setting.key, source, change: read.value });
    else layer.errors.push(ConfigError.invalidValue(setting.key, source, read.problem));
  }
  return layer;
}

/** A flag value as `node:util` `parseArgs` returns it. */
export type FlagValue = string | boolean | (string | boolean)[] | undefined;

/**
 * Reads the settings' flags from `parseArgs` values: a switch gives true/false, a repeated
 * flag's entries are joined as one whitespace-separated list.
 */
export function configLayerFromFlags(values: Readonly<Record<string, FlagValue>>): ConfigLayer {
  const layer: ConfigLayer = { entries: [], errors: [] };
  for (const setting of CONFIG_SETTINGS) {
    const value = values[setting.flag];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map(String).join(' ') : String(value);
    const source: ConfigSource = { kind: 'flag', flag: setting.flag };
    const read = setting.fromText(text);
    if (read.ok) layer.entries.push({ key: setting.key, source, change: read.value });
    else layer.errors.push(ConfigError.invalidValue(setting.key, source, read.problem));
  }
  return layer;
}
