import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badRequestAnswer } from './error-answers.js';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

const MAX_PAYLOAD_BYTES = 4096;

describe.each(['nhicard.v1.json', 'nhicard.v1.msgpack'] as const)(
  'malformed frames over %s',
  (subprotocol) => {
    let test: TestServer;
    let client: TestClient;
    let bystander: TestClient;
    const binary = subprotocol === 'nhicard.v1.msgpack';

    beforeEach(async () => {
      test = await startTestServer({ limits: { maxPayloadBytes: MAX_PAYLOAD_BYTES } });
      client = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.admin });
      bystander = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.read });
      await bystander.request('subscribe', { topics: ['card.inserted'] });
      await client.hello();
    });

    afterEach(async () => {
      // Whatever one client sent, the server and the other client carry on.
      expect(await bystander.request('ping', {})).toMatchObject({ ok: true });
      const from = bystander.messages.length;
      const admin = await TestClient.connect(test.server.url, { subprotocol, token: TOKENS.admin });
      test.sim.remove('sim-0');
      await admin.request('sim.insert', { card: 'english-name' });
      await bystander.waitForEvent('card.inserted', from);
      for (const each of [client, bystander, admin]) expect(each.invalid).toStrictEqual([]);
      await test.close();
    });

    it('answers a request that fails validation with BAD_REQUEST and its id, and carries on', async () => {
      client.send({ type: 'request', id: 5, op: 'card.read', params: { sections: ['photo'] } });
      expect(await client.response(5)).toStrictEqual(
        badRequestAnswer(5, 'params.sections[0]: is not a known section'),
      );
      client.send({ type: 'request', id: 6, op: 'card.write', params: {} });
      expect(await client.response(6)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_OP', message: 'op: "card.write" is not a known op' },
      });
      expect(await client.request('ping', {}, 7)).toMatchObject({ id: 7, ok: true });
    });

    it('answers with id null when the id cannot be read', async () => {
      client.send({ type: 'request', op: 'ping', params: {} });
      expect(await client.response(null)).toStrictEqual(badRequestAnswer(null, 'id: is required'));
      const from = client.messages.length;
      client.send(42);
      expect(await client.waitFor((m) => m.type === 'response', 'a response', from)).toMatchObject({
        id: null,
        error: { code: 'BAD_REQUEST', message: 'a message must be an object' },
      });
      expect(await client.request('ping', {})).toMatchObject({ ok: true });
    });

    it('rejects a duplicate in-flight id with BAD_REQUEST, and still answers the first', async () => {
      await client.request('subscribe', { topics: ['card.read'] });
      // The read hangs until the card is pulled: the first request stays in flight meanwhile.
      test.sim.injectFailure('sim-0', { section: 'organDonation', failure: { kind: 'hang' } });
      await client.request('sim.insert', { card: 'adult' });
      await client.waitForRead();
      const request = {
        type: 'request',
        id: 9,
        op: 'card.read',
        params: { sections: ['organDonation'] },
      };
      client.send(request);
      client.send(request);
      await client.waitFor((m) => m.type === 'response' && m.id === 9, 'the duplicate refused');
      test.sim.remove('sim-0');
      await client.waitUntil(() => {
        const answers = client.messages.filter((m) => m.type === 'response' && m.id === 9);
        return answers.length === 2 ? answers : undefined;
      }, 'two responses to id 9');
      const answers = client.messages.filter((m) => m.type === 'response' && m.id === 9);
      expect(answers[0]).toStrictEqual(badRequestAnswer(9, 'id 9 is already in flight'));
      expect(answers[1]).toMatchObject({
        type: 'response',
        id: 9,
        ok: false,
        error: { code: 'CARD_REMOVED' },
      });
    });

    it(`answers an intact frame that holds no valid ${binary ? 'MessagePack' : 'JSON'} with BAD_REQUEST, id null`, async () => {
      client.sendRaw(binary ? new Uint8Array([0xc1]) : '{"type":"request",');
      expect(await client.response(null)).toStrictEqual(
        badRequestAnswer(null, binary ? 'MessagePack type 0xc1 is never used' : 'not valid JSON'),
      );
      expect(await client.request('ping', {})).toMatchObject({ ok: true });
    });

    it('closes with 1007 on a frame that is not UTF-8', async () => {
      // A text frame with invalid UTF-8; for MessagePack, a string that is not UTF-8.
      if (binary) client.sendRaw(new Uint8Array([0xa2, 0xff, 0xfe]));
      else client.socket.send(new Uint8Array([0x22, 0xff, 0x22]), { binary: false });
      expect((await client.closed).code).toBe(1007);
    });

    it('closes with 1003 on a frame of the wrong kind', async () => {
      client.sendRaw(binary ? '{"type":"request"}' : new Uint8Array([0x80]));
      expect(await client.closed).toStrictEqual({
        code: 1003,
        reason: binary
          ? 'nhicard.v1.msgpack takes binary frames'
          : 'nhicard.v1.json takes text frames',
      });
    });

    it('closes with 1009 on a frame over maxPayloadBytes', async () => {
      const big = 'x'.repeat(MAX_PAYLOAD_BYTES + 1);
      client.sendRaw(binary ? new TextEncoder().encode(big) : big);
      expect((await client.closed).code).toBe(1009);
    });
  },
);
