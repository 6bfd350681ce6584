import { DEFAULT_DEADLINES } from '@nhicard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADULT_BASIC,
  ADULT_INSURANCE,
  ADULT_MASKED_NAME,
  SERVER_VERSION,
} from './card-data.test-helpers.js';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

const SIM_READER = { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' };

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'a conversation over %s',
  (subprotocol) => {
    let test: TestServer;
    let client: TestClient;

    beforeEach(async () => {
      test = await startTestServer();
      client = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.admin });
    });

    afterEach(async () => {
      expect(client.invalid).toStrictEqual([]);
      await test.close();
    });

    it('says hello first, on the subprotocol offered', async () => {
      expect(client.socket.protocol).toBe(subprotocol);
      expect(await client.hello()).toStrictEqual({
        type: 'hello',
        protocol: 1,
        server: { name: 'nhicard', version: SERVER_VERSION },
        driver: 'simulator',
        readers: [SIM_READER],
        scopes: ['presence', 'read', 'admin'],
        seq: 1,
        deadlines: { ...DEFAULT_DEADLINES },
      });
      expect(client.messages[0]?.type).toBe('hello');
    });

    it('publishes inserted, reading, read (Chinese name intact) with consecutive seq, then removed', async () => {
      const hello = await client.hello();
      expect(await client.request('subscribe', { topics: ['card.*'] })).toStrictEqual({
        type: 'response',
        id: 1,
        ok: true,
        result: { topics: ['card.*'] },
      });
      expect(await client.request('sim.insert', { card: 'adult' })).toStrictEqual({
        type: 'response',
        id: 2,
        ok: true,
        result: { reader: 'sim-0', card: 'adult' },
      });
      await client.waitForRead();
      const afterInsert = client.events();
      const insertion = (afterInsert[0]?.data as { insertion?: string } | undefined)?.insertion;
      expect(insertion).toMatch(/^[0-9a-f]{8}-1\.1$/);
      expect(afterInsert.map(({ topic, reader, data }) => ({ topic, reader, data }))).toStrictEqual(
        [
          { topic: 'card.inserted', reader: 'sim-0', data: { presence: 'ready', insertion } },
          {
            topic: 'card.reading',
            reader: 'sim-0',
            data: { section: 'basic', index: 1, total: 2, insertion },
          },
          {
            topic: 'card.read',
            reader: 'sim-0',
            data: {
              holder: { maskedName: ADULT_MASKED_NAME },
              sections: { basic: ADULT_BASIC },
              pending: ['insurance'],
              insertion,
            },
          },
          {
            topic: 'card.reading',
            reader: 'sim-0',
            data: { section: 'insurance', index: 2, total: 2, insertion },
          },
          {
            topic: 'card.read',
            reader: 'sim-0',
            data: {
              holder: { maskedName: ADULT_MASKED_NAME },
              sections: { basic: ADULT_BASIC, insurance: ADULT_INSURANCE },
              insertion,
            },
          },
        ],
      );
      expect(afterInsert.map((event) => event.seq)).toStrictEqual(
        [2, 3, 4, 5, 6].map((n) => n + hello.seq - 1),
      );

      expect(await client.request('sim.remove', {})).toMatchObject({
        ok: true,
        result: { reader: 'sim-0' },
      });
      const removed = await client.waitForEvent('card.removed');
      expect(removed).toMatchObject({ reader: 'sim-0', data: { insertion }, seq: hello.seq + 6 });
    });

    it('answers from the insertion cache, reads again when fresh, and reads other sections on demand', async () => {
      await client.request('subscribe', { topics: ['card.read'] });
      await client.request('sim.insert', { card: 'adult' });
      await client.waitForRead();
      expect(test.readCalls.get('basic')).toBe(1);

      expect(await client.request('card.read', { sections: ['basic'] }, 10)).toStrictEqual({
        type: 'response',
        id: 10,
        ok: true,
        result: {
          reader: 'sim-0',
          sections: { basic: ADULT_BASIC },
          insertion: expect.any(String),
        },
      });
      expect(test.readCalls.get('basic')).toBe(1);

      await client.request('card.read', { reader: 'sim-0', sections: ['basic'], fresh: true });
      expect(test.readCalls.get('basic')).toBe(2);

      const organ = await client.request('card.read', { sections: ['organDonation', 'basic'] });
      expect(organ).toMatchObject({ ok: true, result: { reader: 'sim-0' } });
      const result = (organ as { result: { sections: Record<string, unknown> } }).result;
      expect(Object.keys(result.sections).sort()).toStrictEqual(['basic', 'organDonation']);
      expect(test.readCalls.get('organDonation')).toBe(1);
    });

    it('gives a snapshot with the cached sections, the reader list, the card status and the time', async () => {
      await client.request('subscribe', { topics: ['card.read'] });
      await client.request('sim.insert', { card: 'adult' });
      const read = await client.waitForRead();

      const snapshot = await client.request('snapshot', {});
      expect(snapshot).toMatchObject({ ok: true });
      const result = (snapshot as { result: { seq: number; readers: unknown[] } }).result;
      expect(result.seq).toBe(read.seq);
      expect(result.readers).toStrictEqual([
        {
          reader: SIM_READER,
          card: {
            presence: 'ready',
            since: expect.any(String),
            holder: { maskedName: ADULT_MASKED_NAME },
            insertion: (read.data as { insertion?: string }).insertion,
          },
          sections: { basic: ADULT_BASIC, insurance: ADULT_INSURANCE },
        },
      ]);

      expect(await client.request('readers.list', {})).toMatchObject({
        ok: true,
        result: { readers: [SIM_READER] },
      });
      expect(await client.request('card.status', { reader: 'sim-0' })).toMatchObject({
        ok: true,
        result: {
          reader: SIM_READER,
          card: { presence: 'ready', holder: { maskedName: ADULT_MASKED_NAME } },
        },
      });
      const ping = await client.request('ping', {});
      expect(ping).toMatchObject({ ok: true });
      const time = (ping as { result: { time: string } }).result.time;
      expect(Number.isNaN(Date.parse(time))).toBe(false);
    });

    it('stops sending a topic once unsubscribed', async () => {
      await client.request('subscribe', { topics: ['card.*'] });
      await client.request('subscribe', { topics: ['card.read'] });
      expect(await client.request('unsubscribe', { topics: ['card.*'] })).toMatchObject({
        ok: true,
        result: { topics: ['card.read'] },
      });
      await client.request('sim.insert', { card: 'adult' });
      await client.waitForRead();
      const from = client.messages.length;
      await client.request('sim.remove', {});
      await client.request('sim.insert', { card: 'cancelled' });
      await client.waitForRead(from);
      // Each insertion's automatic read: basic as soon as it is decoded, then the full read.
      expect(client.events().map((event) => event.topic)).toStrictEqual([
        'card.read',
        'card.read',
        'card.read',
        'card.read',
      ]);
    });

    it('answers failures with their protocol codes', async () => {
      await client.hello();
      expect(await client.request('card.read', { sections: ['basic'] }, 21)).toMatchObject({
        id: 21,
        ok: false,
        error: { code: 'NO_CARD', retryable: true },
      });
      expect(await client.request('card.status', { reader: 'sim-9' })).toMatchObject({
        ok: false,
        error: { code: 'NO_READER' },
      });
      expect(await client.request('sim.insert', { card: 'nobody' })).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringContaining('No card named nobody') },
      });
      expect(await client.request('sim.remove', {})).toMatchObject({
        ok: false,
        error: { code: 'NO_CARD' },
      });
      await client.request('sim.insert', { card: 'adult' });
      expect(await client.request('sim.insert', { card: 'cancelled' })).toMatchObject({
        ok: false,
        error: { code: 'BUSY' },
      });
    });
  },
);
