import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

describe('per-connection limits', () => {
  let test: TestServer;

  afterEach(async () => {
    await test.close();
  });

  it('answers requests over the rate with RATE_LIMITED', async () => {
    test = await startTestServer({ limits: { requestsPerSecond: 1, requestBurst: 3 } });
    const client = await TestClient.connect(test.server.url, { token: TOKENS.read });
    await client.hello();
    for (const id of [1, 2, 3, 4]) client.send({ type: 'request', id, op: 'ping', params: {} });
    const responses = await Promise.all([1, 2, 3, 4].map((id) => client.response(id)));
    expect(responses.map((response) => response.ok)).toStrictEqual([true, true, true, false]);
    expect(responses[3]).toStrictEqual({
      type: 'response',
      id: 4,
      ok: false,
      error: {
        code: 'RATE_LIMITED',
        message: 'Over the limit of 1 requests per second; slow down.',
        retryable: true,
        hint: 'Send requests more slowly',
        hintZh: '請求過於頻繁，請稍後再試',
      },
    });
  });

  it('answers requests beyond maxRequestsInFlight with BUSY', async () => {
    test = await startTestServer({ limits: { maxRequestsInFlight: 1 } });
    const client = await TestClient.connect(test.server.url, { token: TOKENS.admin });
    await client.request('subscribe', { topics: ['card.read'] });
    await client.request('sim.insert', { card: 'adult' });
    await client.waitForRead();
    // The read hangs until the card is pulled, so it is in flight for as long as the test needs.
    test.sim.injectFailure('sim-0', { section: 'organDonation', failure: { kind: 'hang' } });
    const slow = client.request('card.read', { sections: ['organDonation'] }, 10);
    expect(await client.request('ping', {}, 11)).toStrictEqual({
      type: 'response',
      id: 11,
      ok: false,
      error: {
        code: 'BUSY',
        message: 'Too many requests in flight (limit 1); wait for answers first.',
        retryable: true,
        hint: 'Try again in a moment',
        hintZh: '讀卡服務忙碌中，請稍後再試',
      },
    });
    test.sim.remove('sim-0');
    expect(await slow).toMatchObject({ id: 10, ok: false, error: { code: 'CARD_REMOVED' } });
    expect(await client.request('ping', {}, 12)).toMatchObject({ ok: true });
  });
});
