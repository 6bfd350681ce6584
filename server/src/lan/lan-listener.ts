import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { FailedTokenThrottle } from '../access/failed-token-throttle.js';
import { HostCheck, MISDIRECTED_MESSAGE } from '../access/host-check.js';
import { refuseRequest } from '../access/http-guard.js';
import type { ListenerAdmission } from '../ws/upgrade-admission.js';
import { LanAccessPolicy } from './lan-access-policy.js';
import { type LanCertificate, readLanCertificate, watchLanCertificate } from './lan-certificate.js';
import { LAN_DEFAULTS, type LanOptions } from './lan-options.js';

/** A LAN listener that listens. */
export interface RunningLanListener {
  /** E.g. `wss://192.168.1.21:7770/v1` (the first name of the certificate when bound to all). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The `Host` values it answers to. */
  readonly hostNames: readonly string[];
  /** The certificate served to new connections. */
  certificate(): LanCertificate;
  close(): Promise<void>;
}

/** What the listener hands its upgrades to (the broker's WebSocket gateway). */
export type UpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  admission: ListenerAdmission,
) => void;

const WILDCARDS = new Set(['0.0.0.0', '::']);
const bracketed = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** Every `Host` a client that verified the certificate can have sent: its names, at the port. */
function hostNamesOf(host: string, port: number, cert: LanCertificate): string[] {
  const names = [...cert.names.dns, ...cert.names.ip.map(bracketed)];
  if (!WILDCARDS.has(host)) names.push(bracketed(host.toLowerCase()));
  return [...new Set(names)].flatMap((name) =>
    port === 443 ? [name, `${name}:${port}`] : [`${name}:${port}`],
  );
}

/** The checks LAN mode's options must pass before anything listens. */
function checkOptions(options: LanOptions, logger: Logger): void {
  for (const [index, scopes] of Object.values(options.tokens).entries()) {
    const more = scopes.filter((scope) => scope !== 'presence');
    // Tokens are never logged; their position in the configuration names them.
    if (more.length > 0) {
      logger.warn(
        { token: index + 1, scopes: more },
        'a LAN token grants more than presence: clients on other PCs with it can use these scopes',
      );
    }
  }
  if (Object.keys(options.tokens).length === 0) {
    throw new Error(
      'LAN mode needs at least one token (lan.tokens, --lan-token <token>=presence): ' +
        'the LAN listener admits no one without one',
    );
  }
}

/**
 * Starts LAN mode's listener: HTTPS with the clinic's certificate (swapped in when its files
 * change), answering only to the certificate's names, and serving nothing but the WebSocket
 * endpoint, through `onUpgrade` with LAN mode's own tokens, throttle and per-token limit.
 * @throws Error (or LanCertificateError) when the options, files or address are unusable.
 */
export async function startLanListener(
  options: LanOptions,
  onUpgrade: UpgradeHandler,
  logger: Logger,
): Promise<RunningLanListener> {
  checkOptions(options, logger);
  let current = await readLanCertificate(options.certFile, options.keyFile);
  const server: Server = createServer({ cert: current.certPem, key: current.keyPem });
  let hosts = new HostCheck([]);
  const policy = new LanAccessPolicy(options.tokens);
  const admission: ListenerAdmission = {
    hosts: () => hosts,
    // Nothing on this PC can tell whose process a remote peer is: the token alone decides.
    callers: { ownerOf: () => Promise.resolve('unknown' as const) },
    tokenThrottle: new FailedTokenThrottle({
      burst: options.failedTokenBurst ?? LAN_DEFAULTS.failedTokenBurst,
      perSecond: (options.failedTokensPerMinute ?? LAN_DEFAULTS.failedTokensPerMinute) / 60,
    }),
    policy: () => policy,
    maxConnectionsPerOrigin: options.maxConnectionsPerToken ?? LAN_DEFAULTS.maxConnectionsPerToken,
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!hosts.accepts(request)) refuseRequest(response, 421, MISDIRECTED_MESSAGE);
    else refuseRequest(response, 404, 'The LAN listener serves only the WebSocket endpoint /v1.');
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    onUpgrade(request, socket, head, admission),
  );
  // A client speaking plain ws:// or http:// to this port fails the TLS handshake; it is
  // logged at debug only, since any scanner on the LAN causes the same.
  server.on('tlsClientError', (error: Error) =>
    logger.debug({ detail: error.message }, 'LAN TLS handshake failed'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `LAN mode cannot listen on ${options.host}:${options.port ?? LAN_DEFAULTS.port}: ${
            error.code === 'EADDRNOTAVAIL'
              ? 'no interface of this PC has that address'
              : error.message
          }`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port ?? LAN_DEFAULTS.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new HostCheck(hostNamesOf(options.host, port, current));
  const watcher = watchLanCertificate(options.certFile, options.keyFile, () => {
    readLanCertificate(options.certFile, options.keyFile).then(
      (renewed) => {
        if (renewed.serialHex === current.serialHex && renewed.keyPem === current.keyPem) return;
        server.setSecureContext({ cert: renewed.certPem, key: renewed.keyPem });
        current = renewed;
        hosts = new HostCheck(hostNamesOf(options.host, port, renewed));
        logger.info(
          { serial: renewed.serialHex, notAfter: renewed.notAfter.toISOString() },
          'LAN certificate reloaded',
        );
      },
      (error: unknown) =>
        logger.warn({ detail: String(error) }, 'LAN certificate not reloaded; serving the old one'),
    );
  });
  // The URL a client can verify: the bound address when the certificate names it, else the
  // certificate's first name.
  const named = current.names.ip.includes(options.host.toLowerCase())
    ? options.host
    : (current.names.dns[0] ?? current.names.ip[0] ?? options.host);
  const urlHost = bracketed(named);
  logger.info(
    { host: options.host, port, tokens: Object.keys(options.tokens).length },
    'LAN listener ready (wss:// with tokens only)',
  );
  return {
    url: `wss://${urlHost}:${port}/v1`,
    host: options.host,
    port,
    get hostNames() {
      return hosts.list();
    },
    certificate: () => current,
    close: () =>
      new Promise<void>((resolve) => {
        watcher.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
