import type { NhicardConfig } from './nhicard-config.js';
import { booleanType, type Parsed, type ValueType } from './value-types.js';

/** Puts one read value into a configuration being built. */
export type ConfigChange = (config: NhicardConfig) => void;

/**
 * One configuration setting and every way to give it: a key in `nhicard.config.json`, an
 * environment variable and a `serve` flag. The help text is written from this list, and a test
 * checks that the README's table names every setting, so the three stay in step.
 */
export interface ConfigSetting {
  /** Key in the config file; nested keys are dotted (`limits.requestTimeoutMs`). */
  readonly key: string;
  /** Environment variable, `NHICARD_…`. */
  readonly env: string;
  /** Flag of `serve` and `doctor`, without the dashes. */
  readonly flag: string;
  /** Whether the flag is a switch (`--demo-page` / `--no-demo-page`) rather than a value. */
  readonly flagIsSwitch: boolean;
  /** Whether the flag may be given more than once (each adds an entry). */
  readonly flagRepeats: boolean;
  /** Placeholder of the value in help text. */
  readonly hint: string;
  /** One line saying what it does. */
  readonly summary: string;
  /** The default, in words. */
  readonly defaultText: string;
  /** Reads a value from the config file. */
  fromJson(raw: unknown): Parsed<ConfigChange>;
  /** Reads a value from an environment variable or a flag. */
  fromText(text: string): Parsed<ConfigChange>;
}

export interface SettingSpec<V> {
  key: string;
  env: string;
  flag: string;
  type: ValueType<V>;
  summary: string;
  defaultText: string;
  flagRepeats?: boolean;
  apply: (config: NhicardConfig, value: V) => void;
}

export function setting<V>(spec: SettingSpec<V>): ConfigSetting {
  const toChange = (result: Parsed<V>): Parsed<ConfigChange> =>
    result.ok ? { ok: true, value: (config) => spec.apply(config, result.value) } : result;
  return {
    key: spec.key,
    env: spec.env,
    flag: spec.flag,
    flagIsSwitch: spec.type === booleanType,
    flagRepeats: spec.flagRepeats ?? false,
    hint: spec.type.hint,
    summary: spec.summary,
    defaultText: spec.defaultText,
    fromJson: (raw) => toChange(spec.type.fromJson(raw)),
    fromText: (text) => toChange(spec.type.fromText(text)),
  };
}
