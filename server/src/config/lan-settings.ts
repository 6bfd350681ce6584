import { isIP } from 'node:net';
import { scopeMapType } from './scope-map-type.js';
import { type ConfigSetting, countType, portType, setting } from './setting-spec.js';
import { got, type Parsed, parsed, pathType, problem, type ValueType } from './value-types.js';

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function checkLanHost(host: string): Parsed<string> {
  if (host === 'localhost' || host === '::1' || IPV4_LOOPBACK.test(host)) {
    return problem(
      `must be a LAN address, not loopback: loopback is \`host\`, which stays as it is ${got(host)}`,
    );
  }
  if (isIP(host) === 0) {
    return problem(
      `must be an IP address of this PC (e.g. 192.168.1.21), or 0.0.0.0 or :: for every ` +
        `interface ${got(host)}`,
    );
  }
  return parsed(host);
}

/**
 * The address LAN mode listens on: an IPv4 or IPv6 address of this PC, or a wildcard. Names
 * are refused (an address that DNS may move is not what a listener binds to), and so is
 * loopback (that is `host`).
 */
const lanHostType: ValueType<string> = {
  hint: '<address>',
  fromJson: (raw) =>
    typeof raw === 'string'
      ? checkLanHost(raw.trim())
      : problem(`must be an IP address ${got(raw)}`),
  fromText: (text) => checkLanHost(text.trim()),
};

/** LAN mode's settings (docs/lan-mode.md). */
export const LAN_SETTINGS: readonly ConfigSetting[] = [
  setting({
    key: 'lan.host',
    env: 'NHICARD_LAN_HOST',
    flag: 'lan-host',
    type: lanHostType,
    summary:
      'LAN mode: also listen on this LAN address for other PCs (wss:// only, tokens only; needs lan.certFile, lan.keyFile, lan.tokens)',
    defaultText: 'off',
  }),
  setting({
    key: 'lan.port',
    env: 'NHICARD_LAN_PORT',
    flag: 'lan-port',
    type: portType,
    summary: 'LAN mode: port of the wss:// listener',
    defaultText: '7770',
  }),
  setting({
    key: 'lan.certFile',
    env: 'NHICARD_LAN_CERT_FILE',
    flag: 'lan-cert-file',
    type: pathType,
    summary:
      "LAN mode: the server certificate (PEM), the clinic's own or one from `nhicard tls clinic-issue`; reloaded when it changes",
    defaultText: 'none',
  }),
  setting({
    key: 'lan.keyFile',
    env: 'NHICARD_LAN_KEY_FILE',
    flag: 'lan-key-file',
    type: pathType,
    summary: "LAN mode: the certificate's private key (PEM); keep it readable by the broker only",
    defaultText: 'none',
  }),
  setting({
    key: 'lan.tokens',
    env: 'NHICARD_LAN_TOKENS',
    flag: 'lan-token',
    type: scopeMapType('token'),
    flagRepeats: true,
    summary:
      'LAN mode: token a remote client must present, with its scopes (give presence; read only where a remote PC must read cards)',
    defaultText: 'none',
  }),
  setting({
    key: 'lan.maxConnectionsPerToken',
    env: 'NHICARD_LAN_MAX_CONNECTIONS_PER_TOKEN',
    flag: 'lan-max-connections-per-token',
    type: countType(1),
    summary: 'LAN mode: open connections per token; more get HTTP 429',
    defaultText: '8',
  }),
  setting({
    key: 'lan.failedTokenBurst',
    env: 'NHICARD_LAN_FAILED_TOKEN_BURST',
    flag: 'lan-failed-token-burst',
    type: countType(1),
    summary:
      'LAN mode: wrong tokens a remote address may present at once; then every token it sends gets HTTP 429',
    defaultText: '5',
  }),
  setting({
    key: 'lan.failedTokensPerMinute',
    env: 'NHICARD_LAN_FAILED_TOKENS_PER_MINUTE',
    flag: 'lan-failed-tokens-per-minute',
    type: countType(1),
    summary: 'LAN mode: wrong tokens a remote address may present per minute after the burst',
    defaultText: '6',
  }),
];
