/** Where a configuration value came from, most to least important: flag, env, file, default. */
export type ConfigSource =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string }
  | { kind: 'default' };

/** How a source reads in a message: `flag --port`, `environment variable NHICARD_PORT`, … */
export function describeSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'flag':
      return `flag --${source.flag}`;
    case 'env':
      return `environment variable ${source.variable}`;
    case 'file':
      return `config file ${source.path}`;
    case 'default':
      return 'the defaults';
  }
}

/**
 * A configuration problem that stops the broker from starting. The message names the key and
 * where it came from, e.g. `Invalid port in environment variable NHICARD_PORT: must be an
 * integer from 0 to 65535 (got "80a")`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The config key (`port`, `limits.requestTimeoutMs`), or null for the file as a whole. */
  readonly key: string | null;
  /** Where the bad value came from. */
  readonly source: ConfigSource;

  constructor(key: string | null, source: ConfigSource, message: string) {
    super(message);
    this.key = key;
    this.source = source;
  }

  /** A bad value: `Invalid <key> in <source>: <problem>`. */
  static invalidValue(key: string, source: ConfigSource, problem: string): ConfigError {
    return new ConfigError(key, source, `Invalid ${key} in ${describeSource(source)}: ${problem}`);
  }
}

/** Every problem found in the configuration at once, so they can all be fixed in one go. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  /** The problems, in the order flag, environment, file were read. */
  readonly errors: readonly ConfigError[];

  constructor(errors: readonly ConfigError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.errors = errors;
  }
}
