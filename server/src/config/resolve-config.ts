import { type ConfigSource, InvalidConfigError } from './config-error.js';
import type { ConfigLayer } from './config-layer.js';
import { defaultConfig, type NhicardConfig } from './nhicard-config.js';

/** The merged configuration and where each setting that is not a default came from. */
export interface ResolvedConfig {
  /** The configuration to run with. */
  config: NhicardConfig;
  /** The source of each setting given somewhere, by config-file key. */
  sources: Record<string, ConfigSource>;
}

/**
 * Merges layers over the defaults, `layers` from lowest to highest precedence (file, env,
 * flags): a setting takes its value from the highest layer that gives it, as a whole (an
 * origin map from a flag replaces the file's, it does not add to it).
 * @throws InvalidConfigError with every problem of every layer, highest precedence first.
 */
export function resolveConfig(layers: readonly ConfigLayer[]): ResolvedConfig {
  const errors = layers.toReversed().flatMap((layer) => layer.errors);
  if (errors.length > 0) throw new InvalidConfigError(errors);
  const config = defaultConfig();
  const sources: Record<string, ConfigSource> = {};
  for (const layer of layers) {
    for (const entry of layer.entries) {
      entry.change(config);
      sources[entry.key] = entry.source;
    }
  }
  return { config, sources };
}
