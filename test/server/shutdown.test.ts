import { describe, expect, it } from 'vitest';
import { refusalOf, TestClient } from './test-client.js';
import { startTestServer, TOKENS } from './test-server.js';

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'shutdown over %s',
  (subprotocol) => {
    it('publishes server.shutdown, closes with 1001, and closes the driver', async () => {
      const test = await startTestServer();
      // Not subscribed to anything: the shutdown notice reaches every connection.
      const client = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.read });
      const hello = await client.hello();
      await test.server.close('maintenance');

      expect(await client.closed).toStrictEqual({ code: 1001, reason: 'maintenance' });
      expect(client.events()).toStrictEqual([
        {
          type: 'event',
          topic: 'server.shutdown',
          seq: hello.seq + 1,
          time: expect.any(String),
          reader: null,
          data: { reason: 'maintenance' },
        },
      ]);
      await expect(test.sim.listReaders()).rejects.toMatchObject({ code: 'BUSY' });
      await expect(refusalOf(test.server.url, { token: TOKENS.read })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      // Closing again is harmless.
      await test.server.close();
    });
  },
);
