// The monitor example in Debian's Chromium against three real brokers on three ports: three
// tiles; an insertion at broker 2 changes tile 2 only; broker 3 stopped shows tile 3
// disconnected and first (a problem), and recovered once it is back behind the address the
// page knows. The page holds presence only: it never receives anyone's ID number. A `wss://`
// broker whose certificate the browser does not trust is named as such, with its /healthz.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NhiCardClient } from '@nhicard/client';
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { type CuttableProxy, startProxy } from '../support/tcp-proxy.js';
import {
  adminClient,
  buildSdkBundle,
  type ExamplesBroker,
  launchChromium,
  MONITOR_TOKEN,
  openRecordedPage,
  recordPageErrors,
  requireChromium,
  screenshotPath,
  startExamplesBroker,
} from './examples-stack.js';

const chromiumFound = requireChromium();

const LABELS = ['掛號櫃台', '診間 1', '診間 2'];

/** What a tile shows, as data and as text. */
interface TileView {
  connection: string;
  readerState: string;
  text: string;
}

/** Resolves once the board has placed every tile after the last change. */
async function settled(page: Page): Promise<void> {
  await page.waitForSelector('#board[data-settled="true"]', { state: 'attached' });
}

/** The tiles in the order the board shows them, or by `data-index` with `byIndex`. */
async function tiles(page: Page, byIndex = false): Promise<TileView[]> {
  await settled(page);
  return page.$$eval(
    '.tile',
    (elements, sorted) =>
      (sorted
        ? [...elements].sort(
            (a, b) =>
              Number((a as HTMLElement).dataset.index) - Number((b as HTMLElement).dataset.index),
          )
        : elements
      ).map((element) => ({
        connection: (element as HTMLElement).dataset.connection ?? '',
        readerState: (element as HTMLElement).dataset.readerState ?? '',
        text: element.textContent ?? '',
      })),
    byIndex,
  );
}

/**
 * Resolves once tile `index` (1-based) has this connection and reader state; a failure says
 * what every tile showed instead.
 */
async function tileIs(page: Page, index: number, connection: string, readerState: string) {
  try {
    await page.waitForFunction(
      ([wanted, conn, state]) => {
        const tile = document.querySelector<HTMLElement>(`.tile[data-index="${wanted}"]`);
        return tile?.dataset.connection === conn && tile.dataset.readerState === state;
      },
      [String(index), connection, readerState] as const,
      { timeout: 15_000 },
    );
  } catch (error) {
    const shown = JSON.stringify(await tiles(page, true));
    throw new Error(`tile ${index} is not ${connection}/${readerState}: ${shown}`, {
      cause: error,
    });
  }
}

describe.skipIf(!chromiumFound)('the monitor example in Chromium', () => {
  let browser: Browser;
  let sdkDirectory: string;
  const brokers: ExamplesBroker[] = [];
  const admins: NhiCardClient[] = [];
  // The page reaches broker 3 through a proxy the test holds: restarted, the broker takes a
  // fresh port from the OS, and no other process can take the address the page knows.
  let proxy: CuttableProxy;

  beforeAll(async () => {
    sdkDirectory = await buildSdkBundle();
    for (let index = 0; index < 3; index += 1) {
      const broker = await startExamplesBroker({ sdkDirectory });
      brokers.push(broker);
      const admin = adminClient(broker.server);
      await admin.next('reader.attached');
      admins.push(admin);
    }
    proxy = await startProxy((brokers[2] as ExamplesBroker).server.port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await proxy?.close();
    await browser?.close();
    for (const admin of admins) await admin.close();
    for (const broker of brokers) await broker.server.close();
  });

  // Three brokers, a page, a restart and the page's reconnect: a generous limit for a loaded
  // machine (it bounds a failure; every step waits on what the page shows).
  it('shows one tile per broker, changes only the one that had an insertion, survives a broker restart', async () => {
    const [first, second, third] = brokers as [ExamplesBroker, ExamplesBroker, ExamplesBroker];
    const query = new URLSearchParams();
    for (const [index, broker] of brokers.entries()) {
      const url = index === 2 ? proxy.url : broker.server.url;
      // The serving broker's presence origin is not on the others' lists: a presence token is.
      query.append('broker', `${LABELS[index]}=${url}?token=${MONITOR_TOKEN}`);
    }
    const { page, frames, errors } = await openRecordedPage(browser, 1280, 360);
    // Served by broker 1; it watches all three.
    await page.goto(`${first.examplesUrl}monitor/?${query}`);
    for (const index of [1, 2, 3]) await tileIs(page, index, 'open', 'waiting');
    const before = await tiles(page, true);
    await settled(page);
    expect(await page.$$eval('.tile .label', (labels) => labels.map((l) => l.textContent))).toEqual(
      LABELS,
    );
    expect(await page.textContent('#total-online')).toBe('3 / 3');

    await admins[1]?.request('sim.insert', { card: 'adult' });
    await page.waitForFunction(
      () => document.querySelector('.tile[data-index="2"] .holder')?.textContent === '林○明',
    );
    const after = await tiles(page, true);
    expect(after[1]).toMatchObject({ connection: 'open', readerState: 'card' });
    expect(after[1]?.text).toContain('已插卡林○明Card present');
    expect(after[1]?.text).toContain('card.read');
    // Tiles 1 and 3 are exactly as they were, to the character.
    expect([after[0], after[2]]).toEqual([before[0], before[2]]);
    expect(await page.textContent('#total-cards')).toBe('1');
    expect(await page.textContent('.tile[data-index="2"] .cards')).toBe('1');
    expect(await page.textContent('.tile[data-index="1"] .cards')).toBe('0');
    await page.screenshot({ path: await screenshotPath('examples-monitor'), fullPage: true });

    // A bank card at the front desk: an error there, counted.
    await admins[0]?.request('sim.insert', { card: 'not-nhi' });
    await tileIs(page, 1, 'open', 'error');
    expect(await page.textContent('.tile[data-index="1"] .errors')).toBe('1');
    expect(await page.textContent('.tile[data-index="1"] .state')).toBe('這不是健保卡');
    expect(await page.textContent('.tile[data-index="1"] .detail')).toBe(
      // A presence page gets the catalog's words for the code, never the driver's own message.
      'Error · The card in the reader is not an NHI health card.',
    );
    expect(await page.textContent('#total-problems')).toBe('1');

    const port = third.server.port;
    await admins[2]?.close();
    await third.server.close();
    await page.waitForSelector('.tile[data-index="3"][data-connection="offline"]');
    expect(await page.textContent('.tile[data-index="3"] .connection')).toBe('離線 Offline');
    expect(await page.textContent('#total-online')).toBe('2 / 3');
    // The others carry on; the problems come first, in the order of the configuration.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.tile')].map((t) => t.dataset.index).join() ===
        '1,3,2',
    );
    expect((await tiles(page)).map((tile) => [tile.connection, tile.readerState])).toEqual([
      ['open', 'error'],
      ['offline', 'waiting'],
      ['open', 'card'],
    ]);
    expect(await page.textContent('#total-problems')).toBe('2');
    await page.screenshot({
      path: await screenshotPath('examples-monitor-offline'),
      fullPage: true,
    });

    const restarted = await startExamplesBroker({ sdkDirectory });
    proxy.retarget(restarted.server.port);
    brokers[2] = restarted;
    admins[2] = adminClient(restarted.server);
    await tileIs(page, 3, 'open', 'waiting');
    expect(await page.textContent('#total-online')).toBe('3 / 3');
    await admins[2].request('sim.insert', { card: 'adult' });
    await tileIs(page, 3, 'open', 'card');
    expect(await page.textContent('.tile[data-index="3"] .holder')).toBe('林○明');

    expect(restarted.server.port).not.toBe(port);
    expect(second.server.port).not.toBe(port);
    for (const frame of frames) expect(frame).not.toContain('F123456784');
    expect(frames.filter((frame) => frame.includes('"type":"hello"'))).toHaveLength(4);
    for (const frame of frames.filter((each) => each.includes('"type":"hello"'))) {
      expect(JSON.parse(frame)).toMatchObject({ scopes: ['presence'] });
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('reads its brokers from monitor.config.json when the query names none', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 360 } });
    const errors = recordPageErrors(page);
    // Served from the presence port: the config is same-origin, and `/v1` is that port.
    await page.goto(`${brokers[1]?.examplesUrl}monitor/`);
    // Broker 2 still holds the card the first test put in: the tile learns it on connecting.
    await tileIs(page, 1, 'open', 'card');
    expect(await page.$$eval('.tile .label', (labels) => labels.map((l) => l.textContent))).toEqual(
      ['本機 This workstation'],
    );
    expect(await page.textContent('.tile .address')).toBe(
      `127.0.0.1:${brokers[1]?.server.presencePort}`,
    );
    expect(await page.textContent('#title')).toBe('工作站讀卡監看');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says a broker it never reached is not reached yet, not that it has no reader', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unusedPort = typeof address === 'object' && address !== null ? address.port : 0;
    const page = await browser.newPage({ viewport: { width: 1280, height: 360 } });
    const query = new URLSearchParams({ broker: `Nowhere=ws://127.0.0.1:${unusedPort}/v1` });
    await page.goto(`${brokers[0]?.examplesUrl}monitor/?${query}`);
    await tileIs(page, 1, 'offline', 'unreached');
    expect(await page.textContent('.tile[data-index="1"] .state')).toBe('尚未連線');
    expect(await page.textContent('.tile[data-index="1"] .detail')).toBe('Broker not reached yet');
    expect(await page.textContent('.tile[data-index="1"]')).not.toContain('無讀卡機');
    await page.close();
  });

  it('names a certificate the browser does not trust, and links the broker to check it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nhicard-monitor-tls-'));
    let secureBroker: RunningServer | undefined;
    try {
      // A broker with wss:// from its own local CA, which this browser has never been given.
      secureBroker = await startServer({
        port: 0,
        driver: createSimulatorDriver({ samAuthDelayMs: 0 }),
        access: { tokens: { [MONITOR_TOKEN]: ['presence'] } },
        demoPage: false,
        examples: false,
        tls: { port: 0, dir },
      });
      const secure = secureBroker.secure;
      if (secure === null) throw new Error('no wss listener');
      const page = await browser.newPage({ viewport: { width: 1280, height: 360 } });
      const errors = recordPageErrors(page);
      const query = new URLSearchParams();
      query.append('broker', `本機 Plain=${brokers[0]?.server.url}?token=${MONITOR_TOKEN}`);
      query.append('broker', `診間 TLS=${secure.url}?token=${MONITOR_TOKEN}`);
      await page.goto(`${brokers[0]?.examplesUrl}monitor/?${query}`);
      await tileIs(page, 2, 'offline', 'unreached');
      const tile = '.tile[data-index="2"]';
      expect(await page.textContent(`${tile} .offline-note b`)).toBe('憑證未受信任或無法連線');
      expect(await page.textContent(`${tile} .offline-note .en`)).toBe(
        `Certificate not trusted or broker unreachable: open https://localhost:${secure.port}/healthz once to check it, and install the clinic CA if the browser distrusts it`,
      );
      expect(await page.getAttribute(`${tile} .help`, 'href')).toBe(
        `https://localhost:${secure.port}/healthz`,
      );
      expect(await page.isVisible(`${tile} .help`)).toBe(true);
      // The token never shows, and the plain broker beside it is unaffected.
      expect(await page.textContent(tile)).not.toContain(MONITOR_TOKEN);
      await tileIs(page, 1, 'open', 'error');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await secureBroker?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
