import type { CardDriver } from '@nhicard/native';
import type { Logger } from 'pino';
import { defaultAccessFile } from '../access/access-file-path.js';
import type { ServerOptions } from '../server-options.js';
import type { NhicardConfig } from './nhicard-config.js';

/**
 * The `startServer` options for `config`, with the driver and logger the CLI made. Settings
 * left out of the config stay out, so the server's and broker's own defaults apply; the access
 * file defaults to the per-user state folder found from `env`.
 */
export function serverOptionsFromConfig(
  config: NhicardConfig,
  driver: CardDriver,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerOptions {
  const broker: NonNullable<ServerOptions['broker']> = {};
  if (config.pollIntervalMs !== undefined) broker.pollIntervalMs = config.pollIntervalMs;
  if (config.autoReadSections !== undefined) broker.autoReadSections = config.autoReadSections;
  return {
    driver,
    host: config.host,
    port: config.port,
    broker,
    access: {
      origins: config.origins,
      tokens: config.tokens,
      sameUserOnly: config.sameUserOnly,
      consentFile: config.accessFile ?? defaultAccessFile(env),
    },
    ...(config.presencePort === undefined ? {} : { presencePort: config.presencePort }),
    limits: { ...config.limits },
    demoPage: config.demoPage,
    ...(config.tls.port === undefined
      ? {}
      : {
          tls: {
            port: config.tls.port,
            dir: config.tls.dir,
            certificateLifetimeDays: config.tls.certificateLifetimeDays,
          },
        }),
    ...(config.nats.servers === undefined
      ? {}
      : {
          nats: {
            servers: config.nats.servers,
            site: config.nats.site ?? 'default',
            workstation: config.nats.workstation,
            user: config.nats.user,
            password: config.nats.password,
            bucket: config.nats.bucket,
          },
        }),
    logger,
  };
}
