import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageRefusalOf, refusalOf, TestClient } from './test-client.js';
import {
  HIS_ORIGIN,
  KIOSK_ORIGIN,
  startTestServer,
  type TestServer,
  TOKENS,
} from './test-server.js';

describe('access at the upgrade', () => {
  let test: TestServer;

  beforeEach(async () => {
    test = await startTestServer({ limits: { maxConnectionsPerOrigin: 2 } });
  });

  afterEach(async () => {
    await test.close();
  });

  it('closes a page on an origin not on the allow-list with 1008 ORIGIN_NOT_ALLOWED, before any frame', async () => {
    const refused = { code: 1008, reason: 'ORIGIN_NOT_ALLOWED', frames: 0 };
    expect(
      await pageRefusalOf(test.server.url, { origin: 'https://evil.example.test' }),
    ).toStrictEqual(refused);
    // A near miss is a miss: the allow-list is exact.
    expect(await pageRefusalOf(test.server.url, { origin: `${HIS_ORIGIN}:443` })).toStrictEqual(
      refused,
    );
  });

  it('gives origin null and other opaque origins nothing, even while the examples are served', async () => {
    const served = await startTestServer({ examples: true });
    try {
      for (const origin of ['null', 'file://', 'data:text/html,x']) {
        expect(await pageRefusalOf(served.server.url, { origin })).toStrictEqual({
          code: 1008,
          reason: 'ORIGIN_NOT_ALLOWED',
          frames: 0,
        });
      }
    } finally {
      await served.close();
    }
  });

  it('lets a same-user client in without a token, and refuses an unknown token with 401', async () => {
    const local = await TestClient.connect(test.server.url);
    expect((await local.hello()).scopes).toStrictEqual(['presence', 'read', 'admin']);
    await local.close();
    expect(await refusalOf(test.server.url, { token: 'guessed' })).toStrictEqual({
      status: 401,
      body: 'The token is not known to this broker.\n',
    });
    expect((await refusalOf(`${test.server.url}?token=guessed`)).status).toBe(401);
  });

  it('grants the scopes of the origin or token, always with presence', async () => {
    const cases = [
      [{ origin: HIS_ORIGIN }, ['presence', 'read']],
      [{ origin: KIOSK_ORIGIN }, ['presence']],
      [{ origin: KIOSK_ORIGIN, token: TOKENS.read }, ['presence', 'read']],
      [{ token: TOKENS.admin }, ['presence', 'read', 'admin']],
      [{ origin: `http://127.0.0.1:${test.server.port}` }, ['presence', 'read', 'admin']],
      [{ origin: `http://localhost:${test.server.port}` }, ['presence', 'read', 'admin']],
    ] as const;
    for (const [options, scopes] of cases) {
      const client = await TestClient.connect(test.server.url, options);
      expect((await client.hello()).scopes).toStrictEqual(scopes);
      await client.close();
    }
    const byQuery = await TestClient.connect(`${test.server.url}?token=${TOKENS.read}`);
    expect((await byQuery.hello()).scopes).toStrictEqual(['presence', 'read']);
    await byQuery.close();
  });

  it('serves only /v1, and refuses a client offering only unknown subprotocols', async () => {
    const root = test.server.url.replace(/\/v1$/, '/v2');
    expect(await refusalOf(root, { token: TOKENS.read })).toStrictEqual({
      status: 404,
      body: 'Not found: the WebSocket endpoint is /v1.\n',
    });
    expect(
      await refusalOf(test.server.url, {
        token: TOKENS.read,
        subprotocol: null,
        alsoOffer: ['nhicard.v2.json', 'chat'],
      }),
    ).toStrictEqual({
      status: 400,
      body: 'None of the offered subprotocols (nhicard.v2.json, chat) is supported: offer nhicard.v1.json or nhicard.v1.msgpack.\n',
    });
  });

  it('speaks JSON without a Sec-WebSocket-Protocol when none is offered, else the first supported', async () => {
    const plain = await TestClient.connect(test.server.url, {
      token: TOKENS.read,
      subprotocol: null,
    });
    expect(plain.socket.protocol).toBe('');
    expect((await plain.hello()).type).toBe('hello');
    await plain.close();
    const packed = await TestClient.connect(test.server.url, {
      token: TOKENS.read,
      subprotocol: 'nhicard.v1.msgpack',
      alsoOffer: ['nhicard.v1.json'],
    });
    expect(packed.socket.protocol).toBe('nhicard.v1.msgpack');
    expect((await packed.hello()).type).toBe('hello');
    expect(typeof packed.frames[0]?.raw).toBe('object');
    await packed.close();
  });

  it('refuses more connections per origin than allowed with 429, and counts closes', async () => {
    const first = await TestClient.connect(test.server.url, { origin: HIS_ORIGIN });
    const second = await TestClient.connect(test.server.url, { origin: HIS_ORIGIN });
    expect(await refusalOf(test.server.url, { origin: HIS_ORIGIN })).toStrictEqual({
      status: 429,
      body: 'Too many connections from this client (2); close some first.\n',
    });
    // Another origin has its own count.
    const kiosk = await TestClient.connect(test.server.url, { origin: KIOSK_ORIGIN });
    await first.close();
    // The server counts the close when its side of the socket is gone: polled until it has,
    // with the test's own timeout as the only bound (a loaded machine takes its time).
    await vi.waitFor(
      async () => {
        const health = (await (await fetch(`${test.server.httpUrl}healthz`)).json()) as {
          connections: number;
        };
        expect(health.connections).toBe(2);
      },
      { timeout: 60_000, interval: 50 },
    );
    const third = await TestClient.connect(test.server.url, { origin: HIS_ORIGIN });
    expect((await third.hello()).type).toBe('hello');
    for (const client of [second, kiosk, third]) await client.close();
  });
});
