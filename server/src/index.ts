/**
 * @packageDocumentation The nhicard broker: `startServer` runs the card-event broker on a
 * driver; `loadConfig` + `serverOptionsFromConfig` build its options the way the `nhicard` CLI
 * does; `runCli` is the CLI itself.
 */
export { main, runCli } from './cli/main.js';
export { ConfigError, type ConfigSource, InvalidConfigError } from './config/config-error.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './config/load-config.js';
export {
  DRIVER_CHOICES,
  type DriverChoice,
  defaultConfig,
  LOG_LEVELS,
  type LogLevel,
  type NhicardConfig,
} from './config/nhicard-config.js';
export { serverOptionsFromConfig } from './config/server-options-from-config.js';
export type { BrokerEvent } from './core/broker.js';
export { BrokerError } from './core/broker-error.js';
export type { BrokerOptions } from './core/broker-options.js';
export { type CreateLoggerOptions, createLogger } from './logging/create-logger.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningSecureListener,
  type RunningServer,
  startServer,
} from './server.js';
export type {
  AccessOptions,
  ExamplesOptions,
  LimitOptions,
  ServerOptions,
} from './server-options.js';
export { DEFAULT_LIMITS } from './ws/limits.js';
