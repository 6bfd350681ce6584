import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

/** Opens a plain ws client; `answerPings: false` leaves the server's pings unanswered. */
async function open(url: string, answerPings: boolean): Promise<{ ws: WebSocket; pings: number }> {
  const ws = new WebSocket(url, ['nhicard.v1.json'], {
    headers: { authorization: `Bearer ${TOKENS.read}` },
    autoPong: answerPings,
  });
  const client = { ws, pings: 0 };
  ws.on('ping', () => {
    client.pings += 1;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // hello
    ws.once('error', reject);
  });
  return client;
}

describe('heartbeat', () => {
  let test: TestServer;

  afterEach(async () => {
    await test.close();
  });

  it('drops the client that stopped answering pings and keeps the ones that answer', async () => {
    // Long enough that a loaded machine still gets the answering clients' pongs back in time.
    test = await startTestServer({ limits: { pingIntervalMs: 500 } });
    const answering = await Promise.all(
      Array.from({ length: 11 }, () => open(test.server.url, true)),
    );
    const silent = await open(test.server.url, false);
    const dropped = await new Promise<number>((resolve) => silent.ws.once('close', resolve));
    // Cut without a closing handshake: the peer is presumed gone.
    expect(dropped).toBe(1006);
    expect(silent.pings).toBe(2);
    for (const client of answering) {
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
      expect(client.pings).toBeGreaterThanOrEqual(1);
    }
    for (const client of answering) client.ws.terminate();
  });
});
