import { type ConfigSetting, portType, setting } from './setting-spec.js';
import { integerType, pathType } from './value-types.js';

/** The wss:// listener with the local CA's certificate. */
export const TLS_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'tls.port',
    env: 'NHICARD_TLS_PORT',
    flag: 'tls-port',
    type: portType,
    summary:
      "also serve wss:// and https:// on this port, with the local CA (7768 is usual; 7767 is the examples' presence port)",
    defaultText: 'off',
  }),
  setting({
    key: 'tls.dir',
    env: 'NHICARD_TLS_DIR',
    flag: 'tls-dir',
    type: pathType,
    summary: 'folder of the local CA and the server certificate (owner-only key files)',
    defaultText: "the user's data folder (…/nhicard/tls)",
  }),
  setting({
    key: 'tls.certificateLifetimeDays',
    env: 'NHICARD_TLS_CERTIFICATE_LIFETIME_DAYS',
    flag: 'tls-certificate-lifetime-days',
    type: { ...integerType(1, 397), hint: '<days>' },
    summary: 'lifetime of each server certificate; renewed by itself at two thirds of it',
    defaultText: '7',
  }),
];
