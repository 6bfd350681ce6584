import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PeerOwner } from '@nhicard/native';
import { ACCESS_ERRORS, type AccessErrorCode, type Scope } from '@nhicard/protocol';
import type { AccessPolicy } from '../ws/access-control.js';

/** The path of the access endpoint (beside the WebSocket endpoint `/v1`). */
export const ACCESS_PATH = '/v1/access';

/** What `GET /v1/access` answers about the caller's origin. */
type AccessAnswer =
  | { origin: string | null; allowed: true; scopes: Scope[] }
  | {
      origin: string | null;
      allowed: false;
      code: AccessErrorCode;
      message: string;
      hint: string;
      hintZh: string;
    };

/** What the caller's origin (or, without one, the caller itself) may do now. */
function accessAnswer(
  policy: AccessPolicy,
  origin: string | undefined,
  owner: PeerOwner,
  token: string | undefined,
): AccessAnswer {
  const decision = policy.decide({ origin, token, requested: undefined, owner });
  if (decision.ok) return { origin: origin ?? null, allowed: true, scopes: decision.scopes };
  const code: AccessErrorCode = decision.kind === 'close' ? decision.code : 'UNAUTHORIZED';
  const text = ACCESS_ERRORS[code];
  return {
    origin: origin ?? null,
    allowed: false,
    code,
    message: text.message,
    hint: text.hint,
    hintZh: text.hintZh,
  };
}

/**
 * `GET /v1/access`: tells a page whether its origin may connect and with which scopes, or why
 * not (the typed code and the catalog's words). Only an allowed origin gets
 * `Access-Control-Allow-Origin` (its own, never `*` or `null`), so only it can read the answer
 * from script; any other page sees a failed fetch, and learns its typed refusal from the 1008
 * close of the WebSocket instead. Tools without an Origin read every answer.
 */
export function serveAccess(
  request: IncomingMessage,
  response: ServerResponse,
  policy: AccessPolicy,
  owner: PeerOwner,
): void {
  const origin = request.headers.origin || undefined;
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const answer = accessAnswer(policy, origin, owner, bearer);
  const body = `${JSON.stringify(answer)}\n`;
  const headers: Record<string, string | number> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Vary: 'Origin',
  };
  if (answer.allowed && origin !== undefined) headers['Access-Control-Allow-Origin'] = origin;
  response.writeHead(answer.allowed ? 200 : 403, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}
