import { type ResponseMessage, SUBPROTOCOLS } from '@nhicard/protocol';
import { DEFAULT_LIMITS } from '@nhicard/server';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { refusalOf } from '../server/test-client.js';
import {
  HIS_ORIGIN,
  KIOSK_ORIGIN,
  startTestServer,
  type TestServer,
  TOKENS,
} from '../server/test-server.js';
import { RawClient } from './support/raw-client.js';
import { until } from './support/until.js';

// The limits at their defaults (DEFAULT_LIMITS), as a broker runs out of the box.
describe('limits at their defaults', () => {
  let test: TestServer;

  afterEach(async () => {
    await test.close();
  });

  it.each(SUBPROTOCOLS)(
    'closes with 1009 on a frame over maxPayloadBytes, and on a string over the codec cap (%s)',
    async (subprotocol) => {
      test = await startTestServer();
      const binary = subprotocol === 'nhicard.v1.msgpack';
      const bystander = await RawClient.connect(test.server.url, {
        subprotocol,
        token: TOKENS.read,
      });
      // Over the frame limit: refused by the WebSocket layer before anything is buffered.
      const oversized = await RawClient.connect(test.server.url, {
        subprotocol,
        token: TOKENS.read,
      });
      const text = 'x'.repeat(DEFAULT_LIMITS.maxPayloadBytes + 1);
      oversized.socket.send(binary ? new TextEncoder().encode(text) : text, { binary });
      expect((await oversized.closed).code).toBe(1009);
      // Under the frame limit but one string over the codec's 16 KiB cap.
      const longString = await RawClient.connect(test.server.url, {
        subprotocol,
        token: TOKENS.read,
      });
      longString.send({
        type: 'request',
        id: 1,
        op: 'card.status',
        params: { reader: 'x'.repeat(20_000) },
      });
      expect(await longString.closed).toStrictEqual({
        code: 1009,
        reason: expect.stringMatching(/string/i),
      });
      expect(await bystander.request('ping', {})).toMatchObject({ ok: true });
      await bystander.close();
    },
  );

  it('answers a request flood with RATE_LIMITED, then closes with 1008 a client that keeps on', async () => {
    // The rate limit refills with the monotonic clock: stopped here, no token comes back while
    // a loaded machine takes its time, so exactly one burst is served and the rest refused.
    vi.useFakeTimers({ toFake: ['performance'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    test = await startTestServer();
    const { requestBurst, requestsPerSecond, maxRequestsInFlight } = DEFAULT_LIMITS;
    const flooder = await RawClient.connect(test.server.url, { token: TOKENS.read });
    const bystander = await RawClient.connect(test.server.url, { origin: HIS_ORIGIN });
    const responses: ResponseMessage[] = [];
    flooder.onMessage((message) => {
      if (message.type === 'response') responses.push(message);
    });
    const ping = (id: number): void =>
      flooder.send({ type: 'request', id, op: 'ping', params: {} });
    // A whole burst is served (sent as fast as maxRequestsInFlight lets it through).
    for (let id = 1; id <= requestBurst; id += 1) {
      ping(id);
      if (id % maxRequestsInFlight === 0)
        await until(() => responses.length === id, `responses up to ${id}`);
    }
    await until(() => responses.length === requestBurst, 'a burst of responses');
    expect(responses.every((response) => response.ok)).toBe(true);
    // Twice as many again: refused, and a client that ignores a whole burst of refusals is cut
    // off.
    for (let id = requestBurst + 1; id <= requestBurst * 3 + 10; id += 1) ping(id);
    expect(await flooder.closed).toStrictEqual({ code: 1008, reason: 'request rate exceeded' });
    const refused = responses.slice(requestBurst).filter((response) => !response.ok);
    expect(refused.length).toBeGreaterThanOrEqual(requestBurst);
    expect(refused[0]).toStrictEqual({
      type: 'response',
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: `Over the limit of ${requestsPerSecond} requests per second; slow down.`,
        retryable: true,
        hint: 'Send requests more slowly',
        hintZh: '請求過於頻繁，請稍後再試',
      },
    });
    expect(new Set(refused.map((response) => !response.ok && response.error.code))).toStrictEqual(
      new Set(['RATE_LIMITED']),
    );
    // The others are not affected.
    expect(await bystander.request('ping', {})).toMatchObject({ ok: true });
    await bystander.close();
  });

  it('refuses connections over maxConnectionsPerOrigin with 429, and takes them again once some close', async () => {
    test = await startTestServer();
    const { maxConnectionsPerOrigin } = DEFAULT_LIMITS;
    const open = await Promise.all(
      Array.from({ length: maxConnectionsPerOrigin }, () =>
        RawClient.connect(test.server.url, { origin: HIS_ORIGIN }),
      ),
    );
    expect(await refusalOf(test.server.url, { origin: HIS_ORIGIN })).toStrictEqual({
      status: 429,
      body: `Too many connections from this client (${maxConnectionsPerOrigin}); close some first.\n`,
    });
    // Counted per origin: another origin, and the open connections, carry on.
    const kiosk = await RawClient.connect(test.server.url, { origin: KIOSK_ORIGIN });
    expect(await kiosk.request('ping', {})).toMatchObject({ ok: true });
    expect(await open[0]?.request('ping', {})).toMatchObject({ ok: true });
    await open[0]?.close();
    const again = await RawClient.connect(test.server.url, { origin: HIS_ORIGIN });
    expect(await again.request('ping', {})).toMatchObject({ ok: true });
    await Promise.all([...open.slice(1), again, kiosk].map((client) => client.close()));
  });
});
