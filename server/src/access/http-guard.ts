import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PeerOwner } from '@nhicard/native';
import type { Logger } from 'pino';
import type { AccessPolicy } from '../ws/access-control.js';
import type { CallerIdentity } from './caller-identity.js';
import type { FailedTokenThrottle } from './failed-token-throttle.js';
import { type HostCheck, MISDIRECTED_MESSAGE } from './host-check.js';

/** What the guard in front of every HTTP route checks with. */
export interface HttpGuardOptions {
  hosts: () => HostCheck;
  callers: CallerIdentity;
  policy: () => AccessPolicy;
  tokenThrottle: FailedTokenThrottle;
  logger: Logger;
}

/** A route handler that also learns whose process called. */
export type GuardedHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  owner: PeerOwner,
) => void;

/**
 * Refuses an HTTP request with a line of plain text, never cached: the answer of every listener
 * (loopback and LAN) to a request it does not serve.
 */
export function refuseRequest(response: ServerResponse, status: number, text: string): void {
  const body = `${text}\n`;
  response.writeHead(status, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * Wraps the HTTP routes: a request whose `Host` the broker does not serve gets 421 before any
 * route runs (DNS rebinding), and a request from another OS user's process gets 403 unless it
 * presents a known token as `Authorization: Bearer` (e.g. a monitoring agent).
 */
export function guardHttp(
  options: HttpGuardOptions,
  handler: GuardedHandler,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    if (!options.hosts().accepts(request)) {
      refuseRequest(response, 421, MISDIRECTED_MESSAGE);
      return;
    }
    options.callers.ownerOf(request.socket as Socket).then((owner) => {
      if (owner === 'other' && !tokenAccepted(options, request)) {
        refuseRequest(
          response,
          403,
          'This request comes from another OS user of this computer: present a token (Authorization: Bearer …).',
        );
        return;
      }
      handler(request, response, owner);
    });
  };
}

function tokenAccepted(options: HttpGuardOptions, request: IncomingMessage): boolean {
  const token = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (token === undefined) return false;
  const address = request.socket.remoteAddress ?? 'unknown';
  if (!options.tokenThrottle.allows(address)) return false;
  if (options.policy().tokenScopes(token) !== undefined) return true;
  const failedTokens = options.tokenThrottle.failed(address);
  options.logger.warn({ address, failedTokens }, 'token refused');
  return false;
}
