import { natsCredentialType, natsNameType, natsServersType } from './nats-value-types.js';
import { type ConfigSetting, setting } from './setting-spec.js';

/** Publishing the readers' presence to NATS (docs/nats.md). */
export const NATS_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'nats.servers',
    env: 'NHICARD_NATS_SERVERS',
    flag: 'nats-servers',
    type: natsServersType,
    summary: "publish the readers' presence to these NATS servers (comma-separated)",
    defaultText: 'off',
  }),
  setting({
    key: 'nats.site',
    env: 'NHICARD_NATS_SITE',
    flag: 'nats-site',
    type: natsNameType,
    summary: 'NATS: the site (hospital or campus) in subjects and keys',
    defaultText: 'default',
  }),
  setting({
    key: 'nats.workstation',
    env: 'NHICARD_NATS_WORKSTATION',
    flag: 'nats-workstation',
    type: natsNameType,
    summary: 'NATS: this workstation in subjects and keys',
    defaultText: "the machine's host name",
  }),
  setting({
    key: 'nats.user',
    env: 'NHICARD_NATS_USER',
    flag: 'nats-user',
    type: natsCredentialType,
    summary: "NATS: the broker's user (publish-only on its own subjects)",
    defaultText: 'none',
  }),
  setting({
    key: 'nats.password',
    env: 'NHICARD_NATS_PASSWORD',
    flag: 'nats-password',
    type: natsCredentialType,
    summary: "NATS: that user's password (prefer the environment or the config file)",
    defaultText: 'none',
  }),
  setting({
    key: 'nats.bucket',
    env: 'NHICARD_NATS_BUCKET',
    flag: 'nats-bucket',
    type: natsNameType,
    summary: "NATS: the JetStream key-value bucket of each reader's last state",
    defaultText: 'nhicard-readers',
  }),
];
