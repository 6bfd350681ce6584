import type { LimitOptions } from '../server-options.js';
import { LAN_SETTINGS } from './lan-settings.js';
import { natsCredentialType, natsNameType, natsServersType } from './nats-value-types.js';
import { DRIVER_CHOICES, LOG_LEVELS, VHC_MODES } from './nhicard-config.js';
import { scopeMapType } from './scope-map-type.js';
import { type ConfigSetting, setting } from './setting-spec.js';
import {
  booleanType,
  httpUrlType,
  integerType,
  loopbackHostType,
  oneOfType,
  pathType,
  positiveNumberType,
  readLatencyType,
  sectionListType,
} from './value-types.js';

export type { ConfigChange, ConfigSetting } from './setting-spec.js';

function limit(
  name: keyof LimitOptions,
  env: string,
  flag: string,
  summary: string,
  defaultText: string,
): ConfigSetting {
  const numberType = name === 'requestsPerSecond' ? positiveNumberType() : integerType(1);
  const hint = name.endsWith('Ms') ? '<ms>' : name.endsWith('Bytes') ? '<bytes>' : '<n>';
  const type = { ...numberType, hint };
  return setting({
    key: `limits.${name}`,
    env,
    flag,
    type,
    summary,
    defaultText,
    apply: (config, value) => {
      config.limits[name] = value;
    },
  });
}

/** Every setting, in the order help text and the README list them. */
export const CONFIG_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'port',
    env: 'NHICARD_PORT',
    flag: 'port',
    type: { ...integerType(0, 65_535), hint: '<port>' },
    summary: 'TCP port for WebSocket and HTTP; 0 picks a free one',
    defaultText: '7766',
    apply: (config, value) => {
      config.port = value;
    },
  }),
  setting({
    key: 'host',
    env: 'NHICARD_HOST',
    flag: 'host',
    type: loopbackHostType,
    summary:
      'interface to listen on (loopback only: 127.x.y.z, ::1, localhost; other PCs use LAN mode, `lan.*`)',
    defaultText: '127.0.0.1',
    apply: (config, value) => {
      config.host = value;
    },
  }),
  setting({
    key: 'driver',
    env: 'NHICARD_DRIVER',
    flag: 'driver',
    type: oneOfType(DRIVER_CHOICES),
    summary:
      'card source; auto: csHIS.dll if installed, else the CS 6.0 console if it answers, else PC/SC if the service answers, else the simulator',
    defaultText: 'auto',
    apply: (config, value) => {
      config.driver = value;
    },
  }),
  setting({
    key: 'logLevel',
    env: 'NHICARD_LOG_LEVEL',
    flag: 'log-level',
    type: oneOfType(LOG_LEVELS),
    summary: 'least severe log level written (logs go to stderr as JSON lines)',
    defaultText: 'info',
    apply: (config, value) => {
      config.logLevel = value;
    },
  }),
  setting({
    key: 'demoPage',
    env: 'NHICARD_DEMO_PAGE',
    flag: 'demo-page',
    type: booleanType,
    summary: 'serve the demo page at / (--no-demo-page to turn it off)',
    defaultText: 'true',
    apply: (config, value) => {
      config.demoPage = value;
    },
  }),
  setting({
    key: 'pollIntervalMs',
    env: 'NHICARD_POLL_INTERVAL_MS',
    flag: 'poll-interval-ms',
    type: { ...integerType(1), hint: '<ms>' },
    summary: 'how often each reader is polled',
    defaultText: '250',
    apply: (config, value) => {
      config.pollIntervalMs = value;
    },
  }),
  setting({
    key: 'autoReadSections',
    env: 'NHICARD_AUTO_READ_SECTIONS',
    flag: 'auto-read',
    type: sectionListType,
    summary: 'sections read on every insertion, comma-separated (empty: none)',
    defaultText: 'basic,insurance',
    apply: (config, value) => {
      config.autoReadSections = value;
    },
  }),
  setting({
    key: 'origins',
    env: 'NHICARD_ORIGINS',
    flag: 'allow-origin',
    type: scopeMapType('origin'),
    flagRepeats: true,
    summary: 'browser origin allowed to connect, with its scopes (repeatable)',
    defaultText: "none besides the broker's own demo page",
    apply: (config, value) => {
      config.origins = value;
    },
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
    apply: (config, value) => {
      config.tokens = value;
    },
  }),
  setting({
    key: 'sameUserOnly',
    env: 'NHICARD_SAME_USER_ONLY',
    flag: 'same-user-only',
    type: booleanType,
    summary:
      "accept loopback connections only from the broker's own OS user; other users need a token (--no-same-user-only lets every local user in)",
    defaultText: 'true',
    apply: (config, value) => {
      config.sameUserOnly = value;
    },
  }),
  setting({
    key: 'accessFile',
    env: 'NHICARD_ACCESS_FILE',
    flag: 'access-file',
    type: pathType,
    summary: 'file of page origins approved on this PC (nhicard access), kept 0600',
    defaultText: 'access.json in the per-user state folder',
    apply: (config, value) => {
      config.accessFile = value;
    },
  }),
  setting({
    key: 'presencePort',
    env: 'NHICARD_PRESENCE_PORT',
    flag: 'presence-port',
    type: { ...integerType(0, 65_535), hint: '<port>' },
    summary: 'port of the presence origin serving the kiosk and monitor examples, held to presence',
    defaultText: 'port + 1',
    apply: (config, value) => {
      config.presencePort = value;
    },
  }),
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
  setting({
    key: 'simulator.readers',
    env: 'NHICARD_SIM_READERS',
    flag: 'sim-readers',
    type: integerType(0, 64),
    summary: 'simulator: number of virtual readers (sim-0, sim-1, …)',
    defaultText: '1',
    apply: (config, value) => {
      config.simulator.readers = value;
    },
  }),
  setting({
    key: 'simulator.samAuthDelayMs',
    env: 'NHICARD_SIM_SAM_DELAY_MS',
    flag: 'sim-sam-delay-ms',
    type: { ...integerType(0), hint: '<ms>' },
    summary: 'simulator: how long an inserted card stays not-ready (SAM authentication)',
    defaultText: '1000',
    apply: (config, value) => {
      config.simulator.samAuthDelayMs = value;
    },
  }),
  setting({
    key: 'simulator.readLatencyMs',
    env: 'NHICARD_SIM_READ_LATENCY_MS',
    flag: 'sim-read-latency-ms',
    type: readLatencyType,
    summary: 'simulator: time of each section read (config file: also per section)',
    defaultText: 'per section, 200–1500',
    apply: (config, value) => {
      config.simulator.readLatencyMs = value;
    },
  }),
  setting({
    key: 'simulator.cardDirectory',
    env: 'NHICARD_SIM_CARD_DIR',
    flag: 'sim-card-dir',
    type: pathType,
    summary: 'simulator: folder of card files (<name>.json) that sim insert can name',
    defaultText: 'none (the demo cards only)',
    apply: (config, value) => {
      config.simulator.cardDirectory = value;
    },
  }),
  setting({
    key: 'pcsc.libraryPath',
    env: 'NHICARD_PCSC_LIBRARY',
    flag: 'pcsc-library',
    type: pathType,
    summary: 'PC/SC: the platform library to load',
    defaultText: 'libpcsclite.so.1 / winscard.dll / PCSC.framework',
    apply: (config, value) => {
      config.pcsc.libraryPath = value;
    },
  }),
  setting({
    key: 'cshis.dllPath',
    env: 'NHICARD_CSHIS_DLL',
    flag: 'cshis-dll',
    type: pathType,
    summary: 'csHIS: the DLL to load',
    defaultText: 'the usual install locations (C:\\NHI\\BIN\\csHIS.dll, …)',
    apply: (config, value) => {
      config.cshis.dllPath = value;
    },
  }),
  setting({
    key: 'cshis.nodePath',
    env: 'NHICARD_CSHIS_NODE',
    flag: 'cshis-node',
    type: pathType,
    summary: 'csHIS: the 32-bit node.exe that hosts the DLL',
    defaultText: "the broker's own Node when it is 32-bit",
    apply: (config, value) => {
      config.cshis.nodePath = value;
    },
  }),
  setting({
    key: 'cshis.koffiPath',
    env: 'NHICARD_CSHIS_KOFFI',
    flag: 'cshis-koffi',
    type: pathType,
    summary: "csHIS: koffi for the host, e.g. @koromix/koffi-win32-ia32's folder",
    defaultText: "the host's own koffi",
    apply: (config, value) => {
      config.cshis.koffiPath = value;
    },
  }),
  setting({
    key: 'cshis.logDir',
    env: 'NHICARD_CSHIS_LOG_DIR',
    flag: 'cshis-log-dir',
    type: pathType,
    summary: "csHIS: folder of the host's log file (no card data)",
    defaultText: 'the temporary folder',
    apply: (config, value) => {
      config.cshis.logDir = value;
    },
  }),
  setting({
    key: 'cshis.hostStartTimeoutMs',
    env: 'NHICARD_CSHIS_HOST_START_TIMEOUT_MS',
    flag: 'cshis-host-start-timeout-ms',
    type: { ...integerType(1), hint: '<ms>' },
    summary: 'csHIS: time for the 32-bit host to start and connect back',
    defaultText: '15000',
    apply: (config, value) => {
      config.cshis.hostStartTimeoutMs = value;
    },
  }),
  setting({
    key: 'cshis.openTimeoutMs',
    env: 'NHICARD_CSHIS_OPEN_TIMEOUT_MS',
    flag: 'cshis-open-timeout-ms',
    type: { ...integerType(1), hint: '<ms>' },
    summary: 'csHIS: time for loading the DLL and csOpenCom (which may check the SAM)',
    defaultText: '20000',
    apply: (config, value) => {
      config.cshis.openTimeoutMs = value;
    },
  }),
  setting({
    key: 'cshis.port',
    env: 'NHICARD_CSHIS_PORT',
    flag: 'cshis-port',
    type: { ...integerType(0, 255), hint: '<n>' },
    summary: "csHIS: the reader's COM port for csOpenCom (0 = COM1)",
    defaultText: '0',
    apply: (config, value) => {
      config.cshis.port = value;
    },
  }),
  setting({
    key: 'nats.servers',
    env: 'NHICARD_NATS_SERVERS',
    flag: 'nats-servers',
    type: natsServersType,
    summary: "publish the readers' presence to these NATS servers (comma-separated)",
    defaultText: 'off',
    apply: (config, value) => {
      config.nats.servers = value;
    },
  }),
  setting({
    key: 'nats.site',
    env: 'NHICARD_NATS_SITE',
    flag: 'nats-site',
    type: natsNameType,
    summary: 'NATS: the site (hospital or campus) in subjects and keys',
    defaultText: 'default',
    apply: (config, value) => {
      config.nats.site = value;
    },
  }),
  setting({
    key: 'nats.workstation',
    env: 'NHICARD_NATS_WORKSTATION',
    flag: 'nats-workstation',
    type: natsNameType,
    summary: 'NATS: this workstation in subjects and keys',
    defaultText: "the machine's host name",
    apply: (config, value) => {
      config.nats.workstation = value;
    },
  }),
  setting({
    key: 'nats.user',
    env: 'NHICARD_NATS_USER',
    flag: 'nats-user',
    type: natsCredentialType,
    summary: "NATS: the broker's user (publish-only on its own subjects)",
    defaultText: 'none',
    apply: (config, value) => {
      config.nats.user = value;
    },
  }),
  setting({
    key: 'nats.password',
    env: 'NHICARD_NATS_PASSWORD',
    flag: 'nats-password',
    type: natsCredentialType,
    summary: "NATS: that user's password (prefer the environment or the config file)",
    defaultText: 'none',
    apply: (config, value) => {
      config.nats.password = value;
    },
  }),
  setting({
    key: 'nats.bucket',
    env: 'NHICARD_NATS_BUCKET',
    flag: 'nats-bucket',
    type: natsNameType,
    summary: "NATS: the JetStream key-value bucket of each reader's last state",
    defaultText: 'nhicard-readers',
    apply: (config, value) => {
      config.nats.bucket = value;
    },
  }),
  setting({
    key: 'tls.port',
    env: 'NHICARD_TLS_PORT',
    flag: 'tls-port',
    type: { ...integerType(0, 65_535), hint: '<port>' },
    summary:
      "also serve wss:// and https:// on this port, with the local CA (7768 is usual; 7767 is the examples' presence port)",
    defaultText: 'off',
    apply: (config, value) => {
      config.tls.port = value;
    },
  }),
  setting({
    key: 'tls.dir',
    env: 'NHICARD_TLS_DIR',
    flag: 'tls-dir',
    type: pathType,
    summary: 'folder of the local CA and the server certificate (owner-only key files)',
    defaultText: "the user's data folder (…/nhicard/tls)",
    apply: (config, value) => {
      config.tls.dir = value;
    },
  }),
  setting({
    key: 'tls.certificateLifetimeDays',
    env: 'NHICARD_TLS_CERTIFICATE_LIFETIME_DAYS',
    flag: 'tls-certificate-lifetime-days',
    type: { ...integerType(1, 397), hint: '<days>' },
    summary: 'lifetime of each server certificate; renewed by itself at two thirds of it',
    defaultText: '7',
    apply: (config, value) => {
      config.tls.certificateLifetimeDays = value;
    },
  }),
  ...LAN_SETTINGS,
  setting({
    key: 'vhc.mode',
    env: 'NHICARD_VHC',
    flag: 'vhc',
    type: oneOfType(VHC_MODES),
    summary:
      'virtual NHI card reader (vhc-0) next to the main driver; auto: when the SDK answers at vhc.url',
    defaultText: 'auto',
    apply: (config, value) => {
      config.vhc.mode = value;
    },
  }),
  setting({
    key: 'vhc.url',
    env: 'NHICARD_VHC_URL',
    flag: 'vhc-url',
    type: httpUrlType,
    summary: "virtual NHI card: the SDK's local URL",
    defaultText: 'http://localhost:3033/',
    apply: (config, value) => {
      config.vhc.url = value;
    },
  }),
  setting({
    key: 'vhc.qrValidityMs',
    env: 'NHICARD_VHC_QR_VALIDITY_MS',
    flag: 'vhc-qr-validity-ms',
    type: { ...integerType(1), hint: '<ms>' },
    summary: 'virtual NHI card: how long an accepted QR code stays inserted',
    defaultText: '300000',
    apply: (config, value) => {
      config.vhc.qrValidityMs = value;
    },
  }),
  setting({
    key: 'cs6.url',
    env: 'NHICARD_CS6_URL',
    flag: 'cs6-url',
    type: httpUrlType,
    summary: "CS 6.0: the reader console's local URL (self-signed HTTPS)",
    defaultText: 'https://localhost:5066',
    apply: (config, value) => {
      config.cs6.url = value;
    },
  }),
];

/** The setting with config-file key `key`. */
export function findSetting(key: string): ConfigSetting | undefined {
  return CONFIG_SETTINGS.find((candidate) => candidate.key === key);
}
