import type { LimitOptions } from '../server-options.js';
import { DRIVER_CHOICES, LOG_LEVELS } from './nhicard-config.js';
import { scopeMapType } from './scope-map-type.js';
import { type ConfigSetting, countType, msType, portType, setting } from './setting-spec.js';
import {
  booleanType,
  loopbackHostType,
  oneOfType,
  pathType,
  positiveNumberType,
  sectionListType,
} from './value-types.js';

/** The broker's own settings: where it listens, what it reads, who may connect. */
export const CORE_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'port',
    env: 'NHICARD_PORT',
    flag: 'port',
    type: portType,
    summary: 'TCP port for WebSocket and HTTP; 0 picks a free one',
    defaultText: '7766',
  }),
  setting({
    key: 'host',
    env: 'NHICARD_HOST',
    flag: 'host',
    type: loopbackHostType,
    summary:
      'interface to listen on (loopback only: 127.x.y.z, ::1, localhost; other PCs use LAN mode, `lan.*`)',
    defaultText: '127.0.0.1',
  }),
  setting({
    key: 'driver',
    env: 'NHICARD_DRIVER',
    flag: 'driver',
    type: oneOfType(DRIVER_CHOICES),
    summary:
      'card source; auto: csHIS.dll if installed, else the CS 6.0 console if it answers, else PC/SC if the service answers, else the simulator',
    defaultText: 'auto',
  }),
  setting({
    key: 'logLevel',
    env: 'NHICARD_LOG_LEVEL',
    flag: 'log-level',
    type: oneOfType(LOG_LEVELS),
    summary: 'least severe log level written (logs go to stderr as JSON lines)',
    defaultText: 'info',
  }),
  setting({
    key: 'demoPage',
    env: 'NHICARD_DEMO_PAGE',
    flag: 'demo-page',
    type: booleanType,
    summary: 'serve the demo page at / (--no-demo-page to turn it off)',
    defaultText: 'true',
  }),
  setting({
    key: 'pollIntervalMs',
    env: 'NHICARD_POLL_INTERVAL_MS',
    flag: 'poll-interval-ms',
    type: msType(1),
    summary: 'how often each reader is polled',
    defaultText: '250',
  }),
  setting({
    key: 'autoReadSections',
    env: 'NHICARD_AUTO_READ_SECTIONS',
    flag: 'auto-read',
    type: sectionListType,
    summary: 'sections read on every insertion, comma-separated (empty: none)',
    defaultText: 'basic,insurance',
  }),
  setting({
    key: 'origins',
    env: 'NHICARD_ORIGINS',
    flag: 'allow-origin',
    type: scopeMapType('origin'),
    flagRepeats: true,
    summary: 'browser origin allowed to connect, with its scopes (repeatable)',
    defaultText: "none besides the broker's own demo page",
  }),
  setting({
    key: 'tokens',
    env: 'NHICARD_TOKENS',
    flag: 'allow-token',
    type: scopeMapType('token'),
    flagRepeats: true,
    summary:
      'token (128 bits of entropy or more, e.g. 64 hex digits) for clients without an Origin or of another OS user, with its scopes',
    defaultText: 'none',
  }),
  setting({
    key: 'sameUserOnly',
    env: 'NHICARD_SAME_USER_ONLY',
    flag: 'same-user-only',
    type: booleanType,
    summary:
      "accept loopback connections only from the broker's own OS user; other users need a token (--no-same-user-only lets every local user in)",
    defaultText: 'true',
  }),
  setting({
    key: 'accessFile',
    env: 'NHICARD_ACCESS_FILE',
    flag: 'access-file',
    type: pathType,
    summary: 'file of page origins approved on this PC (nhicard access), kept 0600',
    defaultText: 'access.json in the per-user state folder',
  }),
  setting({
    key: 'presencePort',
    env: 'NHICARD_PRESENCE_PORT',
    flag: 'presence-port',
    type: portType,
    summary: 'port of the presence origin serving the kiosk and monitor examples, held to presence',
    defaultText: 'port + 1',
  }),
];

/** A per-connection limit: a count, a size in bytes or a time in ms, by its name. */
function limit(
  name: keyof LimitOptions,
  env: string,
  flag: string,
  summary: string,
  defaultText: string,
): ConfigSetting {
  const numberType = name === 'requestsPerSecond' ? positiveNumberType() : countType(1);
  const hint = name.endsWith('Ms') ? msType(1).hint : name.endsWith('Bytes') ? '<bytes>' : '<n>';
  return setting({
    key: `limits.${name}`,
    env,
    flag,
    type: { ...numberType, hint },
    summary,
    defaultText,
  });
}

/** The per-connection limits; each one left out takes the server's default. */
export const LIMIT_SETTINGS: readonly ConfigSetting[] = [
  limit(
    'maxPayloadBytes',
    'NHICARD_MAX_PAYLOAD_BYTES',
    'max-payload-bytes',
    'largest frame accepted; bigger closes with 1009',
    '65536',
  ),
  limit(
    'maxRequestsInFlight',
    'NHICARD_MAX_REQUESTS_IN_FLIGHT',
    'max-requests-in-flight',
    'requests one connection may have in flight; more get BUSY',
    '32',
  ),
  limit(
    'requestsPerSecond',
    'NHICARD_REQUESTS_PER_SECOND',
    'requests-per-second',
    'sustained requests per second per connection; more get RATE_LIMITED',
    '50',
  ),
  limit(
    'requestBurst',
    'NHICARD_REQUEST_BURST',
    'request-burst',
    'burst size of the per-connection request rate limit',
    '100',
  ),
  limit(
    'maxConnectionsPerOrigin',
    'NHICARD_MAX_CONNECTIONS_PER_ORIGIN',
    'max-connections-per-origin',
    'open connections per origin (or token); more get HTTP 429',
    '64',
  ),
  limit(
    'maxBufferedBytes',
    'NHICARD_MAX_BUFFERED_BYTES',
    'max-buffered-bytes',
    'bytes queued for a client that does not read before it is closed with 1013',
    '4194304',
  ),
  limit(
    'requestTimeoutMs',
    'NHICARD_REQUEST_TIMEOUT_MS',
    'request-timeout-ms',
    'time a request that does not read a card may take before TIMEOUT',
    '30000',
  ),
  limit(
    'pingIntervalMs',
    'NHICARD_PING_INTERVAL_MS',
    'ping-interval-ms',
    'interval of WebSocket pings; a client that misses two is dropped',
    '30000',
  ),
];
