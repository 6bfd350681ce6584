import type { CloseInfo } from './connection-state.js';
import { localNetworkGateApplies, localNetworkPermission } from './local-network.js';
import type { WebSocketLike } from './web-socket-like.js';

/** What a socket that failed before the broker's `hello` revealed about why. */
export interface HandshakeFacts {
  /** The HTTP status of a refused upgrade (Node's `ws` only: a browser never shows it). */
  httpStatus?: number;
  /** The first KiB of that refusal's body: the broker says there what is wrong. */
  httpBody?: string;
  /** The error code of the failure (`ws`: Node's TLS verification codes among them). */
  errorCode?: string;
}

// Node's codes for a certificate it cannot verify (SELF_SIGNED_CERT_IN_CHAIN,
// UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, …): the local
// CA is not trusted, or the certificate is not the broker's. Anything else is an outage.
const UNTRUSTED_CERTIFICATE = /CERT|UNABLE_TO_(GET|VERIFY)/;

const BODY_LIMIT_CHARS = 1024;

interface ResponseLike {
  statusCode?: number;
  setEncoding?(encoding: string): void;
  on(event: 'data' | 'end' | 'error', listener: (chunk?: unknown) => void): void;
}

interface NodeSocketLike {
  on?(event: string, listener: (...args: never[]) => void): void;
  terminate?(): void;
}

/**
 * On Node's `ws` socket, records what the failing handshake said: the HTTP status and body of a
 * refused upgrade (the broker names the fix there, e.g. a token), and the error's code. Browser
 * sockets have no such events; this does nothing there.
 */
export function watchHandshake(socket: WebSocketLike, facts: HandshakeFacts): void {
  const node = socket as unknown as NodeSocketLike;
  if (typeof node.on !== 'function') return;
  node.on('unexpected-response', (_request: never, response: ResponseLike) => {
    facts.httpStatus = response.statusCode;
    let body = '';
    response.setEncoding?.('utf8');
    response.on('data', (chunk) => {
      if (body.length < BODY_LIMIT_CHARS) body += String(chunk);
    });
    // The listener owns the response now (ws's rule): end the handshake once it is read.
    response.on('end', () => {
      facts.httpBody = body.trim().slice(0, BODY_LIMIT_CHARS);
      node.terminate?.();
    });
    response.on('error', () => node.terminate?.());
  });
  node.on('error', (error: { code?: unknown }) => {
    if (typeof error?.code === 'string') facts.errorCode = error.code;
  });
}

/** Whether {@link explainFailure} can learn anything (else the close is handled at once). */
export function worthExplaining(facts: HandshakeFacts): boolean {
  return (
    facts.httpStatus !== undefined || facts.errorCode !== undefined || localNetworkGateApplies()
  );
}

/**
 * The close of a socket that never got `hello`, with what can be learned about it: a refused
 * upgrade's status and body (401 → `UNAUTHORIZED`, 403 → `ACCESS_DENIED`), an untrusted
 * certificate (`TLS_UNTRUSTED`), or a browser whose Local Network Access permission for this page
 * is denied (`LOCAL_NETWORK_DENIED`). Anything else stays an outage, retried as before.
 */
export async function explainFailure(info: CloseInfo, facts: HandshakeFacts): Promise<CloseInfo> {
  const status = facts.httpStatus;
  if (status !== undefined) {
    const body = facts.httpBody ?? '';
    const explained: CloseInfo = {
      ...info,
      httpStatus: status,
      reason: body === '' ? `HTTP ${status}` : `HTTP ${status}: ${body}`,
    };
    if (status === 401) explained.accessError = 'UNAUTHORIZED';
    if (status === 403) explained.accessError = 'ACCESS_DENIED';
    return explained;
  }
  if (facts.errorCode !== undefined && UNTRUSTED_CERTIFICATE.test(facts.errorCode)) {
    return { ...info, reason: facts.errorCode, accessError: 'TLS_UNTRUSTED' };
  }
  if (localNetworkGateApplies() && (await localNetworkPermission()) === 'denied') {
    return { ...info, accessError: 'LOCAL_NETWORK_DENIED' };
  }
  return info;
}
