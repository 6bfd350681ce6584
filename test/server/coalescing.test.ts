import { SECTION_IDS } from '@nhicard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

// organDonation takes a while, so every request arrives while the one device read is running.
const SLOW_ORGAN_DONATION = Object.fromEntries(
  SECTION_IDS.map((section) => [section, section === 'organDonation' ? 300 : 0]),
);

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'coalescing over %s',
  (subprotocol) => {
    let test: TestServer;
    const clients: TestClient[] = [];

    afterEach(async () => {
      for (const client of clients) expect(client.invalid).toStrictEqual([]);
      clients.length = 0;
      await test.close();
    });

    it('asks the driver once when 20 clients request the same section at once', async () => {
      test = await startTestServer({ simulator: { readLatencyMs: SLOW_ORGAN_DONATION } });
      const admin = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.admin });
      clients.push(admin);
      await admin.request('subscribe', { topics: ['card.read'] });
      await admin.request('sim.insert', { card: 'adult' });
      await admin.waitForRead();

      const readers = await Promise.all(
        Array.from({ length: 20 }, () =>
          TestClient.connect(test.server.url, { subprotocol, token: TOKENS.read }),
        ),
      );
      clients.push(...readers);
      await Promise.all(readers.map((client) => client.hello()));
      let started = 0;
      test.onReadStart = (_reader, section) => {
        if (section === 'organDonation') started += 1;
      };
      const responses = await Promise.all(
        readers.map((client) => client.request('card.read', { sections: ['organDonation'] }, 1)),
      );

      expect(test.readCalls.get('organDonation')).toBe(1);
      expect(started).toBe(1);
      const [first] = responses;
      expect(first).toMatchObject({
        type: 'response',
        id: 1,
        ok: true,
        result: { reader: 'sim-0' },
      });
      for (const response of responses) expect(response).toStrictEqual(first);
    });
  },
);
