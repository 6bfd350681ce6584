import { CORE_SETTINGS, LIMIT_SETTINGS } from './core-settings.js';
import { CONSOLE_READER_SETTINGS, DRIVER_SETTINGS } from './driver-settings.js';
import { LAN_SETTINGS } from './lan-settings.js';
import { NATS_SETTINGS } from './nats-settings.js';
import type { ConfigSetting } from './setting-spec.js';
import { TLS_SETTINGS } from './tls-settings.js';

export type { ConfigChange, ConfigSetting } from './setting-spec.js';

/** Every setting, in the order help text and the README list them. */
export const CONFIG_SETTINGS: readonly ConfigSetting[] = [
  ...CORE_SETTINGS,
  ...LIMIT_SETTINGS,
  ...DRIVER_SETTINGS,
  ...NATS_SETTINGS,
  ...TLS_SETTINGS,
  ...LAN_SETTINGS,
  ...CONSOLE_READER_SETTINGS,
];

/** The setting with config-file key `key`. */
export function findSetting(key: string): ConfigSetting | undefined {
  return CONFIG_SETTINGS.find((candidate) => candidate.key === key);
}
