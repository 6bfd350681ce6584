import type { NhicardConfig } from './nhicard-config.js';
import { booleanType, integerType, type Parsed, type ValueType } from './value-types.js';

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

/** The config's sections: objects whose fields are settings of their own (`cshis.dllPath`). */
type SectionName =
  | 'limits'
  | 'simulator'
  | 'pcsc'
  | 'cshis'
  | 'tls'
  | 'lan'
  | 'nats'
  | 'vhc'
  | 'cs6';

/** Every settable key: a top-level field, or `<section>.<field>`. */
export type ConfigKey =
  | Exclude<keyof NhicardConfig, SectionName>
  | { [S in SectionName]: `${S}.${keyof NhicardConfig[S] & string}` }[SectionName];

/** The type of the value stored at `K`. */
type ValueAt<K extends ConfigKey> = K extends `${infer S extends SectionName}.${infer F}`
  ? NonNullable<NhicardConfig[S][F & keyof NhicardConfig[S]]>
  : NonNullable<NhicardConfig[K & keyof NhicardConfig]>;

/** One row of a settings table: the key, its two other names, how it is read and documented. */
export interface SettingRow<K extends ConfigKey> {
  key: K;
  env: string;
  flag: string;
  type: ValueType<ValueAt<K>>;
  summary: string;
  defaultText: string;
  /** @default false */
  flagRepeats?: boolean;
}

/** Stores `value` at the dotted `key` of `config`. */
function assign(config: NhicardConfig, key: ConfigKey, value: unknown): void {
  const [head, field] = key.split('.') as [keyof NhicardConfig, string | undefined];
  if (field === undefined) (config as unknown as Record<string, unknown>)[head] = value;
  else (config[head] as Record<string, unknown>)[field] = value;
}

/** A setting from its row; the value read is stored at the row's key. */
export function setting<K extends ConfigKey>(row: SettingRow<K>): ConfigSetting {
  const toChange = (result: Parsed<ValueAt<K>>): Parsed<ConfigChange> =>
    result.ok ? { ok: true, value: (config) => assign(config, row.key, result.value) } : result;
  return {
    key: row.key,
    env: row.env,
    flag: row.flag,
    flagIsSwitch: row.type === booleanType,
    flagRepeats: row.flagRepeats ?? false,
    hint: row.type.hint,
    summary: row.summary,
    defaultText: row.defaultText,
    fromJson: (raw) => toChange(row.type.fromJson(raw)),
    fromText: (text) => toChange(row.type.fromText(text)),
  };
}

/** A TCP port, 0 for a free one. */
export const portType: ValueType<number> = { ...integerType(0, 65_535), hint: '<port>' };

/** A duration in milliseconds, at least `min`. */
export const msType = (min: number): ValueType<number> => ({ ...integerType(min), hint: '<ms>' });

/** A count, at least `min`. */
export const countType = (min: number, max?: number): ValueType<number> => ({
  ...integerType(min, max),
  hint: '<n>',
});
