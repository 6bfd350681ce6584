// The cs6 driver in a broker against the CS 6.0 console stand-in (HTTPS, self-signed, made by
// openssl at test time): the first poll after a card goes in or out produces card.inserted or
// card.removed (Status replies are held and released one at a time, so the count of polls is
// exact), the driver initialises the console and reports its SAM/HPC state, reads say
// UNSUPPORTED with a hint, and the reader survives the console restarting.
import { createClient, type NhiCardClient } from '@nhicard/client';
import { type Cs6Driver, createCs6Driver, probeCs6 } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { NodeWebSocket } from '../client/client-stack.js';
import { type Cs6StandIn, startCs6StandIn } from './cs6-console-stand-in.js';

/**
 * `vi.waitFor` with room for a loaded machine: its 1 s default fails a slow but correct run;
 * only the test's own timeout bounds the wait.
 */
const waitFor = <T>(check: () => T | Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 60_000, interval: 10 });

const TOKEN = 'cs6-test-token-read';

let console6: Cs6StandIn;
let driver: Cs6Driver;
let server: RunningServer;
let client: NhiCardClient;
const topics: string[] = [];

beforeAll(async () => {
  console6 = await startCs6StandIn();
  driver = createCs6Driver({ url: console6.url });
  server = await startServer({
    port: 0,
    driver,
    // Held Status replies must not time out while a test counts them.
    broker: { pollIntervalMs: 20, deadlines: { statusMs: 30_000 } },
    access: { tokens: { [TOKEN]: ['read'] } },
    demoPage: false,
  });
  client = createClient({ url: server.url, token: TOKEN, WebSocket: NodeWebSocket });
  client.on('card.*', (event) => topics.push(`${event.topic} ${event.reader}`));
  await client.next('reader.attached');
});

afterAll(async () => {
  await client?.close();
  await server?.close('test finished');
  await console6?.stop();
});

/**
 * Holds the console's Status replies, applies `change`, lets exactly one poll through and
 * returns how many Status replies were served from then until the event came.
 */
async function onePollAfter(change: () => void, topic: 'card.inserted' | 'card.removed') {
  console6.holdStatus();
  await console6.statusHeld();
  change();
  const servedBefore = console6.statusServed.length;
  const event = client.next(topic);
  console6.releaseStatus(1);
  const received = await event;
  const served = console6.statusServed.slice(servedBefore);
  console6.stopHolding();
  return { received, served };
}

describe('the cs6 driver against the console stand-in', () => {
  it('lists the console slot and initialises the console it found uninitialised', async () => {
    expect(await client.listReaders()).toEqual([
      { id: 'cs6-0', name: 'CS 6.0 reader console (讀卡機控制軟體 6.0)', driver: 'cs6' },
      {
        id: 'cs6-vhc-0',
        name: 'Virtual NHI card via the CS 6.0 console (虛擬健保卡)',
        driver: 'vhc',
      },
    ]);
    await waitFor(() =>
      expect(console6.calls.slice(0, 3)).toEqual([
        'GET /api/common/v1/Status',
        'POST /api/common/v1/Initial',
        'GET /api/common/v1/Status',
      ]),
    );
  });

  it('reports an insertion at the first poll after the card goes in', async () => {
    const { received, served } = await onePollAfter(() => console6.setCard(true), 'card.inserted');
    expect(served).toEqual([{ hcStatus: 1 }]);
    expect(received.reader).toBe('cs6-0');
    expect(received.data).toEqual({ presence: 'ready', insertion: expect.stringMatching(/^\S+$/) });
  });

  it('reports the SAM and HPC state the console gives', async () => {
    console6.setHpc(3);
    const probe = await probeCs6({ url: console6.url });
    expect(probe).toMatchObject({
      answers: true,
      state: { initialized: true, samStatus: 2, hpcStatus: 3, hcStatus: 1 },
      detail: 'initialised, SAM authenticated, HPC PIN verified, NHI card in (status 1)',
    });
    // The broker's next poll brings the driver's view up to date.
    await waitFor(() =>
      expect(driver.consoleState()).toEqual({
        initialized: true,
        samStatus: 2,
        hpcStatus: 3,
        hcStatus: 1,
      }),
    );
  });

  it('says UNSUPPORTED with a hint for card data, which needs the NHI cloud', async () => {
    const error = await client.readCard({ reader: 'cs6-0', sections: ['basic'] }).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({
      code: 'UNSUPPORTED',
      message:
        'The cs6 driver cannot read the basic section: the CS 6.0 console gives card data only from the NHI cloud (over the VPN, with a SAM signature), which nhicard does not call.',
      hintZh: '請改用 csHIS 讀卡，或由 HIS 經健保署雲端 API 取得此項資料',
    });
  });

  it('reports a removal at the first poll after the card comes out', async () => {
    const { received, served } = await onePollAfter(() => console6.setCard(false), 'card.removed');
    expect(served).toEqual([{ hcStatus: 0 }]);
    expect(received.reader).toBe('cs6-0');
  });

  it("gives the console's calls no time of their own: the caller's deadline ends a hung Status with TIMEOUT, and the call queued behind it is served", async () => {
    const own = createCs6Driver({ url: console6.url });
    try {
      console6.holdStatus();
      const hung = own.status('cs6-0', { signal: AbortSignal.timeout(300) });
      // Queued behind the hung call on the card slot's one queue, with a deadline it will meet.
      const queued = own.status('cs6-0', { signal: AbortSignal.timeout(60_000) });
      await expect(hung).rejects.toMatchObject({
        name: 'DriverError',
        code: 'TIMEOUT',
        message: 'CS 6.0 status timed out',
      });
      console6.stopHolding();
      expect(await queued).toMatchObject({ presence: expect.any(String), insertionId: null });
    } finally {
      console6.stopHolding();
      await own.close();
    }
  });

  it('survives the console restarting: reader-error while it is down, then the card again', async () => {
    const inserted = client.next('card.inserted');
    console6.setCard(true);
    await inserted;
    const down = client.next('card.error');
    const removed = client.next('card.removed');
    await console6.stop();
    expect((await down).data.error).toMatchObject({
      code: 'READER_ERROR',
      message: expect.stringMatching(
        /^The CS 6\.0 console at https:\/\/127\.0\.0\.1:\d+ does not answer; is it running\?/,
      ),
    });
    await removed;
    const back = client.next('card.inserted');
    await console6.start();
    expect((await back).reader).toBe('cs6-0');
    expect(console6.calls.filter((call) => call === 'POST /api/common/v1/Initial').length).toBe(2);
    expect((await client.status({ reader: 'cs6-0' })).card.presence).toBe('ready');
    const out = client.next('card.removed');
    console6.setCard(false);
    await out;
    // Insertions and removals only: each insertion also brings a card.read (with nothing in
    // it: the console reads no section) and the outage a card.error.
    expect(topics.filter((line) => /^card\.(inserted|removed) /.test(line))).toEqual([
      'card.inserted cs6-0',
      'card.removed cs6-0',
      'card.inserted cs6-0',
      'card.removed cs6-0',
      'card.inserted cs6-0',
      'card.removed cs6-0',
    ]);
  });
});
