import { SECTION_IDS } from '@nhicard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ADULT_BASIC } from './card-data.test-helpers.js';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

const latencyOnly = (section: string, ms: number) =>
  Object.fromEntries(SECTION_IDS.map((id) => [id, id === section ? ms : 0]));

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'timeouts and removal over %s',
  (subprotocol) => {
    let test: TestServer;
    let client: TestClient;

    async function start(options: Parameters<typeof startTestServer>[0]): Promise<void> {
      test = await startTestServer(options);
      client = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.admin });
      await client.request('subscribe', { topics: ['card.*'] });
      await client.request('sim.insert', { card: 'adult' });
      await client.waitForRead();
    }

    afterEach(async () => {
      expect(client.invalid).toStrictEqual([]);
      await test.close();
    });

    it('answers a hung read with TIMEOUT at its one deadline from the table; the next insertion works', async () => {
      // settleMs + readMs: the request's deadline, which every layer below honours.
      await start({ broker: { deadlines: { settleMs: 100, readMs: 200 } } });
      test.sim.injectFailure('sim-0', { section: 'organDonation', failure: { kind: 'hang' } });
      expect(await client.request('card.read', { sections: ['organDonation'] }, 50)).toStrictEqual({
        type: 'response',
        id: 50,
        ok: false,
        error: {
          code: 'TIMEOUT',
          message: 'The request did not finish within 300 ms.',
          retryable: true,
          hint: 'Try again; if it keeps timing out, check the card reader',
          hintZh: '讀卡逾時，請再試一次；仍逾時請檢查讀卡機',
        },
      });

      const from = client.messages.length;
      expect(await client.request('sim.remove', {})).toMatchObject({ ok: true });
      await client.waitForEvent('card.removed', from);
      await client.request('sim.insert', { card: 'adult' });
      const read = await client.waitForRead(from);
      expect(read.data.sections?.basic).toStrictEqual(ADULT_BASIC);
      expect(await client.request('card.read', { sections: ['organDonation'] })).toMatchObject({
        ok: true,
        result: { reader: 'sim-0', sections: { organDonation: expect.any(Object) } },
      });
    });

    it('ends the hung device read at the deadline, so the reader serves the next one', async () => {
      await start({ broker: { deadlines: { settleMs: 100, readMs: 200 } } });
      test.sim.injectFailure('sim-0', { section: 'organDonation', failure: { kind: 'hang' } });
      expect(await client.request('card.read', { sections: ['organDonation'] })).toMatchObject({
        ok: false,
        error: { code: 'TIMEOUT', message: 'The request did not finish within 300 ms.' },
      });
      expect(
        await client.request('card.read', { sections: ['emergencyPhone', 'organDonation'] }),
      ).toMatchObject({
        ok: true,
        result: {
          sections: { emergencyPhone: expect.any(Object), organDonation: expect.any(Object) },
        },
      });
    });

    it('fails a read in flight with CARD_REMOVED when the card is pulled, and publishes card.removed', async () => {
      await start({});
      // The read hangs until the card is pulled: it is in flight however slowly the test runs.
      test.sim.injectFailure('sim-0', { section: 'organDonation', failure: { kind: 'hang' } });
      const readStarted = new Promise<void>((resolve) => {
        test.onReadStart = (_reader, section) => {
          if (section === 'organDonation') resolve();
        };
      });
      const from = client.messages.length;
      const pending = client.request('card.read', { sections: ['organDonation'] }, 60);
      await readStarted;
      await client.request('sim.remove', {});
      expect(await pending).toMatchObject({
        id: 60,
        ok: false,
        error: { code: 'CARD_REMOVED', retryable: true },
      });
      expect(await client.waitForEvent('card.removed', from)).toMatchObject({ reader: 'sim-0' });
    });

    it('reports CARD_REMOVED for a read whose card left before the poll noticed', async () => {
      await start({});
      // The next poll reads "ready", then is held: its answer goes stale.
      let release = (): void => {};
      const pollHeld = new Promise<void>((held) => {
        test.statusGate = () => {
          test.statusGate = undefined;
          held();
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        };
      });
      await pollHeld;
      const from = client.messages.length;
      test.sim.remove('sim-0');
      const pending = client.request('card.read', { sections: ['organDonation'] }, 70);
      await client.request('ping', {});
      release();
      expect(await pending).toMatchObject({
        id: 70,
        ok: false,
        error: { code: 'CARD_REMOVED', retryable: true },
      });
      await client.waitForEvent('card.removed', from);
    });

    it('reports CARD_REMOVED when the simulator pulls the card halfway through a read', async () => {
      await start({ simulator: { readLatencyMs: latencyOnly('organDonation', 200) } });
      test.sim.injectFailure('sim-0', {
        section: 'organDonation',
        failure: { kind: 'remove-card' },
      });
      const from = client.messages.length;
      expect(await client.request('card.read', { sections: ['organDonation'] })).toMatchObject({
        ok: false,
        error: { code: 'CARD_REMOVED' },
      });
      await client.waitForEvent('card.removed', from);
      expect(await client.request('card.status', {})).toMatchObject({
        ok: true,
        result: { card: { presence: 'no-card', holder: null } },
      });
    });
  },
);
