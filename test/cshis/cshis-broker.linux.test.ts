// The broker with the real csHIS driver (Linux host, gcc stand-in) behind a real WebSocket:
// a client sees the insertion and the decoded data, and the same connection keeps being
// served while a hung DLL call gets the host killed and restarted.
import {
  decodeSection,
  maskName,
  SECTION_IDS,
  type SectionId,
  type ServerMessage,
} from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CshisDriver, createCshisDriver } from '../../native/src/cshis/cshis-driver.js';
import { SECTION_SAMPLES } from '../../protocol/src/card/section-samples.test-helpers.js';
import type { RunningServer } from '../../server/src/server.js';
import { TestClient } from '../server/test-client.js';
import { READ_TOKEN, startCshisServer } from './cshis-server.js';
import { type LinuxStandIn, linuxStandInAvailable, startLinuxStandIn } from './linux-stand-in.js';

type EventMessage = Extract<ServerMessage, { type: 'event' }>;

const eventsOf = (client: TestClient, from: number): EventMessage[] =>
  client.messages
    .slice(from)
    .filter((message): message is EventMessage => message.type === 'event');

describe.skipIf(!linuxStandInAvailable)('broker + csHIS driver (Linux host) over WebSocket', () => {
  let stand: LinuxStandIn;
  let driver: CshisDriver;
  let server: RunningServer;
  let client: TestClient;

  beforeAll(async () => {
    stand = await startLinuxStandIn('broker');
    await stand.card.writeSections(
      new Map<SectionId, Uint8Array>(SECTION_IDS.map((id) => [id, SECTION_SAMPLES[id]])),
    );
    driver = await createCshisDriver({
      dllPath: stand.libraryPath,
      hostEnv: stand.card.hostEnv(false),
      logDir: stand.workDir,
      restartDelayMs: 50,
    });
    // A hung read meets the one deadline of its request: settle 1000 + read 4000 ms. Every
    // other read shares that table, so it stays far from what a loaded machine needs.
    server = await startCshisServer(driver, { settleMs: 1000, readMs: 4000 });
    client = await TestClient.connect(server.url, { token: READ_TOKEN });
  });

  afterAll(async () => {
    await client?.close();
    await server?.close('test finished');
    await stand?.dispose();
  });

  it('says hello with the csHIS driver and its reader', async () => {
    const hello = await client.hello();
    expect(hello).toMatchObject({
      driver: 'cshis',
      readers: [{ id: 'cshis-0', name: 'csHIS reader (COM1)', driver: 'cshis' }],
    });
    expect(await client.request('subscribe', { topics: ['*'] })).toMatchObject({ ok: true });
  });

  it('publishes card.inserted (0 → 1 → 2) and the decoded basic and insurance data', async () => {
    const from = client.messages.length;
    await stand.card.insert([1, 1, 2]);
    const inserted = await client.waitForEvent('card.inserted', from);
    expect(inserted).toMatchObject({ reader: 'cshis-0', data: { presence: 'not-ready' } });
    const read = await client.waitForRead(from);
    expect(read.data).toStrictEqual({
      holder: { maskedName: maskName('王小明') },
      insertion: (inserted.data as { insertion: string }).insertion,
      sections: {
        basic: decodeSection('basic', SECTION_SAMPLES.basic),
        insurance: decodeSection('insurance', SECTION_SAMPLES.insurance),
      },
    });
  });

  it('answers a hung read with TIMEOUT and keeps serving through the host restart', async () => {
    const from = client.messages.length;
    await stand.card.set({ hang: ['hisGetCumulativeData'] });
    const response = await client.request('card.read', { sections: ['cumulative'] });
    await stand.card.set({ hang: [] });
    expect(response).toMatchObject({
      ok: false,
      error: {
        code: 'TIMEOUT',
        message: 'The request did not finish within 5000 ms.',
        retryable: true,
      },
    });
    // The card is still in: the restarted host finds it again (the stand-in's status sequence
    // starts over in the new process).
    await client.waitForRead(from);
    const events = eventsOf(client, from);
    // At the deadline the host is killed: the card's insertion ends (a poll that meets the
    // restarting host may report READER_ERROR first), the reader detaches until the new host
    // has reopened the port, and the card is seen again as a new insertion.
    const topics = events.map((event) => event.topic);
    // card.pin: the DLL may show its PIN dialog for insurance (status 2, not PIN-verified).
    expect(topics.filter((topic) => topic !== 'card.error' && topic !== 'card.pin')).toStrictEqual([
      'card.removed',
      'reader.detached',
      'reader.attached',
      'card.inserted',
      'card.reading',
      'card.read',
      'card.reading',
      'card.read',
    ]);
    for (const event of events.filter((e) => e.topic === 'card.error')) {
      expect(event.data).toMatchObject({
        error: {
          code: 'READER_ERROR',
          message:
            'hisGetCardStatus: the csHIS host is restarting (hisGetCumulativeData had not returned by its deadline)',
        },
      });
    }
    const removed = events[0]?.data as { insertion?: string };
    const inserted = events.find((event) => event.topic === 'card.inserted')?.data as {
      insertion?: string;
    };
    expect(inserted.insertion).not.toBe(removed.insertion);
    expect(driver.hostState()).toMatchObject({ state: 'running', restarts: 1 });
    const readers = await client.request('readers.list', {});
    expect(readers).toMatchObject({ ok: true, result: { readers: [{ id: 'cshis-0' }] } });
  }, 60_000);

  it('serves the next insertion on the same connection, with no event lost', async () => {
    const from = client.messages.length;
    await stand.card.remove();
    await client.waitForEvent('card.removed', from);
    await stand.card.insert([1, 2]);
    const read = await client.waitForRead(from);
    expect(read.data.sections?.basic).toStrictEqual(decodeSection('basic', SECTION_SAMPLES.basic));
    const cumulative = await client.request('card.read', { sections: ['cumulative'] });
    expect(cumulative).toMatchObject({
      ok: true,
      result: { sections: { cumulative: decodeSection('cumulative', SECTION_SAMPLES.cumulative) } },
    });
    // One connection from start to end, every event seq in order without a gap.
    const seqs = eventsOf(client, 0).map((event) => event.seq);
    expect(seqs).toStrictEqual(seqs.map((_, index) => (seqs[0] as number) + index));
  });
});
