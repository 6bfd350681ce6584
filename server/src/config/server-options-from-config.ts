import { type CardDriver, probePcsc } from '@nhicard/native';
import type { Logger } from 'pino';
import { defaultAccessFile } from '../access/access-file-path.js';
import type { ServerOptions } from '../server-options.js';
import { lanOptionsFromConfig } from './lan-options-from-config.js';
import type { NhicardConfig } from './nhicard-config.js';

/**
 * The `startServer` options for `config`, with the driver and logger the CLI made. Settings
 * left out of the config stay out, so the server's and broker's own defaults apply; the access
 * file defaults to the per-user state folder found from `env`.
 * @throws Error when LAN mode is asked for without its certificate, key or tokens.
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
  const lan = lanOptionsFromConfig(config.lan);
  const options: ServerOptions = {
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
    ...(lan === undefined ? {} : { lan }),
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
  if (config.simulator.cardDirectory !== undefined) {
    options.simulatorCardDirectory = config.simulator.cardDirectory;
  }
  if (driver.kind === 'pcsc') {
    const { libraryPath } = config.pcsc;
    // No reader on PC/SC: tell a stopped service (SCARD_E_NO_SERVICE) from an empty one.
    options.serviceProbe = async () => {
      const probe = await probePcsc(libraryPath === undefined ? {} : { libraryPath });
      return probe.service.running
        ? null
        : `the PC/SC service cannot be reached: ${probe.service.message}`;
    };
  }
  return options;
}
