// What a Node client learns when the broker or TLS refuses it: the body of a 401 at the
// upgrade (not a bare 1006), and an untrusted wss:// certificate as TLS_UNTRUSTED; neither is
// retried until asked. A real broker with its local CA; ws as Node's WebSocket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientOptions, createClient, type NhiCardClient } from '@nhicard/client';
import { createSimulatorDriver } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';

const KNOWN_TOKEN = 'a3'.repeat(32);
const WRONG_TOKEN = 'b4'.repeat(32);

/** ws's WebSocket, counting the sockets made and trusting `ca` when given. */
function countingWebSocket(ca?: string) {
  const made: string[] = [];
  class Counted extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, ca === undefined ? {} : { ca });
      made.push(url);
    }
  }
  return { made, WebSocket: Counted as unknown as NonNullable<ClientOptions['WebSocket']> };
}

/** Resolves with the client's state once it is `closed` or `open`. */
function settled(client: NhiCardClient) {
  return new Promise<NhiCardClient['state']>((resolve) => {
    const subscription = client.states().subscribe((state) => {
      if (state.status !== 'closed' && state.status !== 'open') return;
      queueMicrotask(() => subscription.unsubscribe());
      resolve(state);
    });
  });
}

describe('a Node client refused at the upgrade or by TLS', () => {
  let home: string;
  let server: RunningServer;
  const clients: NhiCardClient[] = [];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'nhicard-node-refusals-'));
    server = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      tls: { port: 0, dir: join(home, 'tls') },
      access: { tokens: { [KNOWN_TOKEN]: ['read'] } },
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  function client(options: Omit<ClientOptions, 'reconnect'>): NhiCardClient {
    const made = createClient({ ...options, reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    clients.push(made);
    return made;
  }

  it('reports a 401 with the broker’s words and does not retry it', async () => {
    const counting = countingWebSocket();
    const refused = client({ url: server.url, token: WRONG_TOKEN, WebSocket: counting.WebSocket });
    const state = await settled(refused);
    expect(state).toMatchObject({
      status: 'closed',
      lastClose: {
        code: 1006,
        httpStatus: 401,
        reason: 'HTTP 401: The token is not known to this broker.',
        accessError: 'UNAUTHORIZED',
      },
    });
    expect(refused.accessError).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'HTTP 401: The token is not known to this broker.',
      retryable: false,
    });
    await expect(refused.listReaders()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    // With a 1 ms backoff, a retry would have come long before this round trip ends.
    const other = client({
      url: server.url,
      token: KNOWN_TOKEN,
      WebSocket: countingWebSocket().WebSocket,
    });
    await other.listReaders();
    expect(counting.made).toEqual([`${server.url}?token=${WRONG_TOKEN}`]);
  });

  it('reports an untrusted wss:// certificate as TLS_UNTRUSTED, and connects once the CA is trusted', async () => {
    const secure = server.secure;
    if (secure === null) throw new Error('no wss listener');
    const counting = countingWebSocket();
    const untrusted = client({ url: secure.url, WebSocket: counting.WebSocket });
    const state = await settled(untrusted);
    expect(state.status).toBe('closed');
    expect(state.lastClose).toMatchObject({
      code: 1006,
      reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      accessError: 'TLS_UNTRUSTED',
    });
    expect(untrusted.accessError).toMatchObject({
      code: 'TLS_UNTRUSTED',
      messageZh: '此電腦不信任讀卡服務的安全連線憑證',
    });
    expect(untrusted.accessError?.hint).toContain('`nhicard tls install`');
    const trusted = client({
      url: secure.url,
      WebSocket: countingWebSocket(secure.caCertPem).WebSocket,
    });
    expect(await settled(trusted)).toMatchObject({ status: 'open' });
    expect(counting.made).toEqual([secure.url]);
  });

  it('retries an outage as before: a port nobody listens on', async () => {
    const counting = countingWebSocket();
    const url = server.url.replace(/:\d+\//, ':1/');
    const lost = client({ url, WebSocket: counting.WebSocket });
    await new Promise<void>((resolve) => {
      const subscription = lost.states().subscribe((state) => {
        if (state.attempt < 3) return;
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      });
    });
    expect(lost.state.lastClose?.accessError).toBeUndefined();
    expect(counting.made.length).toBeGreaterThanOrEqual(3);
  });
});
