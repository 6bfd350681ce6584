import type { CardDriver } from '@nhicard/native';
import { msgpackCodec } from '@nhicard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/src/server.js';
import {
  ADULT_BASIC,
  ADULT_INSURANCE,
  ADULT_MASKED_NAME,
  ADULT_SECRETS,
} from './card-data.test-helpers.js';
import { readForbiddenAnswer } from './error-answers.js';
import { type ReceivedFrame, TestClient } from './test-client.js';
import { KIOSK_ORIGIN, startTestServer, type TestServer, TOKENS } from './test-server.js';

/** A frame as searchable text: JSON as sent, MessagePack decoded (strings are UTF-8 inside). */
function textOf(frame: ReceivedFrame): string {
  if (typeof frame.raw === 'string') return frame.raw;
  const decoded = msgpackCodec.decode(frame.raw);
  return JSON.stringify(decoded.ok ? decoded.value : Buffer.from(frame.raw).toString('latin1'));
}

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'scopes over %s',
  (subprotocol) => {
    let test: TestServer;

    afterEach(async () => {
      await test.close();
    });

    it('never gives a presence connection card data, in any event or response', async () => {
      test = await startTestServer();
      const { url } = test.server;
      const presence = await TestClient.connect(url, { subprotocol, token: TOKENS.presence });
      const kiosk = await TestClient.connect(url, { subprotocol, origin: KIOSK_ORIGIN });
      const reader = await TestClient.connect(url, { subprotocol, token: TOKENS.read });
      const admin = await TestClient.connect(url, { subprotocol, token: TOKENS.admin });
      expect((await presence.hello()).scopes).toStrictEqual(['presence']);
      expect((await kiosk.hello()).scopes).toStrictEqual(['presence']);
      expect((await reader.hello()).scopes).toStrictEqual(['presence', 'read']);
      for (const client of [presence, kiosk, reader]) {
        await client.request('subscribe', { topics: ['*'] });
      }

      await admin.request('sim.insert', { card: 'adult' });
      const presenceRead = await presence.waitForRead();
      const fullRead = await reader.waitForRead();
      // The insertion id is no card data: every scope gets it.
      const insertion = (fullRead.data as { insertion?: string }).insertion;
      expect(insertion).toEqual(expect.any(String));
      expect(presenceRead.data).toStrictEqual({
        holder: { maskedName: ADULT_MASKED_NAME },
        insertion,
      });
      expect(fullRead.data).toStrictEqual({
        holder: { maskedName: ADULT_MASKED_NAME },
        sections: { basic: ADULT_BASIC, insurance: ADULT_INSURANCE },
        insertion,
      });
      expect(presenceRead.seq).toBe(fullRead.seq);

      expect(await presence.request('card.read', { sections: ['basic'] }, 40)).toStrictEqual(
        readForbiddenAnswer(40),
      );
      const snapshot = await presence.request('snapshot', {});
      expect(snapshot).toMatchObject({ ok: true });
      const [status] = (snapshot as { result: { readers: Record<string, unknown>[] } }).result
        .readers;
      expect(Object.keys(status ?? {}).sort()).toStrictEqual(['card', 'reader']);
      expect(await presence.request('card.status', {})).toMatchObject({
        ok: true,
        result: { card: { presence: 'ready', holder: { maskedName: ADULT_MASKED_NAME } } },
      });
      expect(await presence.request('sim.remove', {})).toMatchObject({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'sim.remove needs the admin scope; this connection holds presence.',
        },
      });
      expect(await reader.request('sim.remove', {})).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      await admin.request('sim.remove', {});
      await presence.waitForEvent('card.removed');
      await kiosk.waitForEvent('card.removed');

      for (const client of [presence, kiosk]) {
        expect(client.invalid).toStrictEqual([]);
        const texts = client.frames.map(textOf);
        expect(texts.some((text) => text.includes(ADULT_MASKED_NAME))).toBe(true);
        for (const secret of ADULT_SECRETS) {
          expect(texts.filter((text) => text.includes(secret))).toStrictEqual([]);
        }
      }
      // The same scan finds the data where it is allowed, so it can fail.
      const readerTexts = reader.frames.map(textOf);
      for (const secret of ADULT_SECRETS) {
        expect(readerTexts.some((text) => text.includes(secret))).toBe(true);
      }
    });
  },
);

describe('sim.* on another driver', () => {
  it('is UNSUPPORTED, even for admin', async () => {
    const driver: CardDriver = {
      kind: 'pcsc',
      capabilities: { sections: ['basic'], events: false },
      listReaders: async () => [{ id: 'pcsc-0', name: 'Test reader' }],
      status: async () => ({ presence: 'no-card', nativeCode: null, insertionId: null }),
      read: async () => new Uint8Array(57),
      close: async () => {},
    };
    const server = await startServer({
      driver,
      port: 0,
      broker: { pollIntervalMs: 10 },
      access: { tokens: { [TOKENS.admin]: ['read', 'admin'] } },
    });
    try {
      const client = await TestClient.connect(server.url, { token: TOKENS.admin });
      expect((await client.hello()).driver).toBe('pcsc');
      expect(await client.request('sim.insert', { card: 'adult' })).toMatchObject({
        ok: false,
        error: {
          code: 'UNSUPPORTED',
          message: 'sim.* needs the simulator driver; this broker runs pcsc.',
        },
      });
      // The broker's own page gets presence and read, but no admin, without the simulator.
      const page = await TestClient.connect(server.url, {
        origin: `http://127.0.0.1:${server.port}`,
      });
      expect((await page.hello()).scopes).toStrictEqual(['presence', 'read']);
    } finally {
      await server.close();
    }
  });
});
