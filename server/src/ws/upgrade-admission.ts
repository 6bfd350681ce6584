import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import type { CallerIdentity } from '../access/caller-identity.js';
import type { FailedTokenThrottle } from '../access/failed-token-throttle.js';
import { type HostCheck, MISDIRECTED_MESSAGE } from '../access/host-check.js';
import type { RefusalStatus } from '../http/server-metrics.js';
import {
  type AccessGrant,
  type AccessRefusal,
  credentialsOf,
  type PresentedCredentials,
} from './access-control.js';

/** What decides on an upgrade from the credentials it presented. */
interface UpgradePolicy {
  decide(credentials: PresentedCredentials): AccessGrant | AccessRefusal;
}

/** What the admission of an upgrade checks with. */
export interface AdmissionOptions {
  hosts: () => HostCheck;
  callers: Pick<CallerIdentity, 'ownerOf'>;
  tokenThrottle: FailedTokenThrottle;
  policy: () => UpgradePolicy;
  logger: Logger;
  /** Whether the broker is shutting down (every upgrade then gets 503). */
  isClosing: () => boolean;
}

/**
 * How a listener with rules of its own (LAN mode) admits upgrades, in place of the loopback
 * listeners' host names, caller check, token throttle, policy and connection limit.
 */
export interface ListenerAdmission extends Omit<AdmissionOptions, 'logger' | 'isClosing'> {
  /** Open connections per client key (for LAN mode: per token), as the loopback limit is named. */
  maxConnectionsPerOrigin: number;
}

/** The WebSocket endpoint's path. */
export const WS_PATH = '/v1';

/**
 * The checks of an upgrade, in the order that leaks least: the `Host` (a rebinding page must
 * not learn even which paths exist), shutdown, the path, then whose process it is, the token
 * throttle and the access policy. Refusals a client can read go to `refuse`; a grant, or a
 * page's typed refusal (which needs the WebSocket to be told), goes to `admitted`.
 */
export function admitUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  url: URL,
  options: AdmissionOptions,
  refuse: (status: RefusalStatus, message: string) => void,
  admitted: (decision: AccessGrant | Extract<AccessRefusal, { kind: 'close' }>) => void,
): void {
  if (!options.hosts().accepts(request)) {
    refuse(421, MISDIRECTED_MESSAGE);
    return;
  }
  if (options.isClosing()) {
    refuse(503, 'The broker is shutting down.');
    return;
  }
  if (url.pathname !== WS_PATH) {
    refuse(404, `Not found: the WebSocket endpoint is ${WS_PATH}.`);
    return;
  }
  options.callers.ownerOf(request.socket as Socket).then(
    (owner) => {
      if (socket.destroyed) return;
      const credentials = credentialsOf(request, url, owner);
      const address = request.socket.remoteAddress ?? 'unknown';
      const throttle = options.tokenThrottle;
      if (credentials.token !== undefined && !throttle.allows(address)) {
        refuse(429, 'Too many wrong tokens from this address; wait and try again.');
        return;
      }
      const decision = options.policy().decide(credentials);
      if (!decision.ok && decision.badToken) {
        const failedTokens = throttle.failed(address);
        options.logger.warn({ address, failedTokens }, 'token refused');
      }
      if (!decision.ok && decision.kind === 'http') {
        refuse(decision.status, decision.message);
        return;
      }
      admitted(decision);
    },
    () => socket.destroy(),
  );
}

/** The subprotocols an upgrade request offers, in its order. */
export function offeredSubprotocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** A received message as a codec takes it: text, or bytes for binary frames. */
export function frameOf(data: RawData, isBinary: boolean): string | Uint8Array {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data;
  return isBinary ? bytes : bytes.toString('utf8');
}
