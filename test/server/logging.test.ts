import { describe, expect, it } from 'vitest';
import { captureLog } from '../support/captured-log.js';
import { ADULT_SECRETS } from './card-data.test-helpers.js';
import { pageRefusalOf, refusalOf, TestClient } from './test-client.js';
import { startTestServer, TOKENS } from './test-server.js';

describe('server logs', () => {
  it('record connections, refusals and errors without personal data or tokens', async () => {
    const { logger, lines } = captureLog('trace');
    const test = await startTestServer({ logger });
    try {
      await pageRefusalOf(test.server.url, { origin: 'https://evil.example.test' });
      await refusalOf(test.server.url, { token: 'not-a-token' });
      const client = await TestClient.connect(test.server.url, { token: TOKENS.admin });
      await client.request('subscribe', { topics: ['card.*'] });
      await client.request('sim.insert', { card: 'adult' });
      await client.waitForRead();
      await client.request('card.read', { sections: ['basic', 'insurance', 'allergies'] });
      await client.request('card.read', { reader: 'sim-5', sections: ['basic'] });
      client.send({ type: 'request', id: 99, op: 'card.read', params: { sections: ['x'] } });
      await client.response(99);
      await client.request('sim.remove', {});
      await client.waitForEvent('card.removed');
      await client.close();
    } finally {
      await test.close();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = records.map((record) => record.msg);
    for (const expected of [
      'broker listening',
      'page refused',
      'upgrade refused',
      'connection opened',
      'request refused',
      'bad frame',
      'event',
      'connection closed',
      'broker stopped',
    ]) {
      expect(messages).toContain(expected);
    }
    expect(records.filter((record) => record.msg === 'page refused')).toMatchObject([
      { origin: 'https://evil.example.test', code: 'ORIGIN_NOT_ALLOWED' },
    ]);
    expect(records.filter((record) => record.msg === 'upgrade refused')).toMatchObject([
      { status: 401 },
    ]);
    // A wrong token is counted, never quoted.
    expect(records).toContainEqual(
      expect.objectContaining({ msg: 'token refused', failedTokens: 1 }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ msg: 'request refused', op: 'card.read', code: 'NO_READER' }),
    );
    const text = lines.join('');
    for (const secret of [...ADULT_SECRETS, TOKENS.admin, 'not-a-token']) {
      expect(text).not.toContain(secret);
    }
  });
});
