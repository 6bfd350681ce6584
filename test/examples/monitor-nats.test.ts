// The monitor example in NATS mode at a hospital's size, in Debian's Chromium: 200 real brokers
// (one simulated reader each, sharing this process) at two sites and five floors publish to a
// real nats-server; the page, given one NATS WebSocket URL and the read-only monitor user,
// shows a tile for each of the 200 workstations. The filter narrows the board, grouping by
// site and by floor puts headers over the groups, and a workstation with a problem (a bank card
// in its reader) comes first, in the board and in its group. Masked names only, in every frame.
import { createSimulatorDriver, loadDemoCard, type SimulatorDriver } from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNatsIife } from '../../client-sdk/scripts/nats-bundle.js';
import { type RunningServer, startServer } from '../../server/src/server.js';
import {
  brokerUser,
  MONITOR,
  type NatsServerProcess,
  requireNatsServer,
  startNatsServer,
} from '../nats/nats-server-process.js';
import {
  buildSdkBundle,
  type ExamplesBroker,
  launchChromium,
  openRecordedPage,
  requireChromium,
  screenshotPath,
  startExamplesBroker,
} from './examples-stack.js';

const available = requireNatsServer() && requireChromium();
const SITES = ['north', 'south'] as const;
const FLOORS = ['1f', '2f', '3f', '4f', '5f'] as const;
const PER_FLOOR = 20;
const PREFIX = { north: 'opd', south: 'ward' } as const;
const places = SITES.flatMap((site) =>
  FLOORS.flatMap((floor) =>
    Array.from({ length: PER_FLOOR }, (_, index) => ({
      site,
      workstation: `${PREFIX[site]}-${floor}-${String(index + 1).padStart(2, '0')}`,
    })),
  ),
);
const START_BATCH = 20;

/** The board as shown once every change is placed: group headers and tile labels, in order. */
async function board(page: Page): Promise<{ groups: string[]; labels: string[] }> {
  await page.waitForSelector('#board[data-settled="true"]', { state: 'attached' });
  return page.evaluate(() => ({
    groups: [...document.querySelectorAll('.group-title .group-name')].map(
      (h) => h.textContent ?? '',
    ),
    labels: [...document.querySelectorAll('.tile .label')].map((l) => l.textContent ?? ''),
  }));
}

/** Resolves once the board shows `count` tiles (after a layout). */
function tileCount(page: Page, count: number) {
  return page.waitForFunction(
    (wanted) => document.querySelectorAll('.tile').length === wanted,
    count,
    { timeout: 30_000 },
  );
}

describe.skipIf(!available)('the monitor example over NATS, 200 workstations', () => {
  let nats: NatsServerProcess;
  let examples: ExamplesBroker;
  const publishers: RunningServer[] = [];
  const sims = new Map<string, SimulatorDriver>();
  let browser: Browser;

  beforeAll(async () => {
    nats = await startNatsServer(places);
    const sdkDirectory = await buildSdkBundle();
    await buildNatsIife(sdkDirectory);
    examples = await startExamplesBroker({ sdkDirectory });
    for (let index = 0; index < places.length; index += START_BATCH) {
      await Promise.all(
        places.slice(index, index + START_BATCH).map(async ({ site, workstation }) => {
          const sim = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
          sims.set(workstation, sim);
          const { user, pass } = brokerUser(workstation);
          publishers.push(
            await startServer({
              port: 0,
              driver: sim,
              broker: { pollIntervalMs: 100 },
              demoPage: false,
              examples: false,
              nats: { servers: [nats.url], site, workstation, user, password: pass },
            }),
          );
        }),
      );
    }
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(publishers.map((server) => server.close()));
    await examples?.server.close();
    await nats?.close();
  });

  it('shows 200 tiles; filters, groups by site and floor, and puts a problem first', async () => {
    const { page, frames, errors } = await openRecordedPage(browser, 1920, 1080);
    const query = new URLSearchParams({
      nats: nats.wsUrl,
      user: MONITOR.user,
      pass: MONITOR.pass,
    });
    await page.goto(`${examples.examplesUrl}monitor/?${query}`);
    await tileCount(page, 200);
    await page.waitForFunction(
      () => document.querySelectorAll('.tile[data-reader-state="waiting"]').length === 200,
    );
    expect(await page.textContent('#total-online')).toBe('200 / 200');
    expect(await page.textContent('#total-problems')).toBe('0');
    expect(await page.getAttribute('#board', 'class')).toBe('board dense');
    const sorted = places.map((place) => place.workstation);
    expect((await board(page)).labels).toEqual(sorted);

    // Cards at three workstations; a bank card at the last one of all.
    const adult = await loadDemoCard('adult');
    for (const ws of ['opd-2f-05', 'ward-1f-11', 'ward-4f-03'])
      sims.get(ws)?.insert('sim-0', adult);
    sims.get('ward-5f-20')?.insert('sim-0', await loadDemoCard('not-nhi'));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.tile[data-reader-state="card"] .holder').length === 3 &&
        document.querySelector('.tile .label')?.textContent === 'ward-5f-20',
    );
    const first = '.tile:first-of-type';
    expect(await page.getAttribute(first, 'data-reader-state')).toBe('error');
    expect(await page.textContent(`${first} .state`)).toBe('這不是健保卡');
    expect((await board(page)).labels).toEqual([
      'ward-5f-20',
      ...sorted.filter((ws) => ws !== 'ward-5f-20'),
    ]);
    expect(await page.textContent('#total-problems')).toBe('1');
    expect(await page.textContent('#total-cards')).toBe('4');
    await page.screenshot({ path: await screenshotPath('examples-monitor-nats'), fullPage: false });

    // The filter narrows: by place, then by masked name.
    await page.fill('#filter', 'ward-3f');
    await tileCount(page, 20);
    expect((await board(page)).labels).toEqual(sorted.filter((ws) => ws.startsWith('ward-3f')));
    expect(await page.textContent('#shown')).toBe('顯示 20 / 200 台 · showing 20 of 200');
    await page.fill('#filter', '林○明');
    await tileCount(page, 3);
    expect((await board(page)).labels).toEqual(['opd-2f-05', 'ward-1f-11', 'ward-4f-03']);
    await page.fill('#filter', '');
    await tileCount(page, 200);

    // By site: the site with a problem first, each group in its own order, problem on top.
    await page.selectOption('#group', 'site');
    await page.waitForFunction(() => document.querySelectorAll('.group-title').length === 2);
    let shown = await board(page);
    expect(shown.groups).toEqual(['south', 'north']);
    expect(shown.labels.slice(0, 2)).toEqual(['ward-5f-20', 'ward-1f-01']);
    expect(shown.labels.slice(100)).toEqual(sorted.slice(0, 100));
    expect(await page.textContent('.group-title[data-group="south"] .group-count')).toBe(
      '100 台 workstations · 1 需處理 need attention',
    );

    // By floor: floors as the workstation names carry them (`ward-3f-07` is on 3F).
    await page.selectOption('#group', 'floor');
    await page.waitForFunction(() => document.querySelectorAll('.group-title').length === 5);
    shown = await board(page);
    expect(shown.groups).toEqual(['5F', '1F', '2F', '3F', '4F']);
    expect(shown.labels.slice(0, 2)).toEqual(['ward-5f-20', 'opd-5f-01']);
    expect(
      await page.$$eval('.group .tiles', (grids) => grids.map((g) => g.children.length)),
    ).toEqual([40, 40, 40, 40, 40]);

    // Problems first off: the configured order, even for the bank card.
    await page.uncheck('#problems-first');
    await page.waitForFunction(() =>
      document.querySelector('.group-title')?.textContent?.startsWith('1F'),
    );
    expect((await board(page)).groups).toEqual(['1F', '2F', '3F', '4F', '5F']);

    // NATS gone: every tile turns offline with its last state, and says why; back: all online
    // again, the bucket's state intact (the bank card still first).
    await nats.kill();
    await page.waitForSelector('#link-error:not([hidden])');
    await page.waitForFunction(
      () => document.querySelectorAll('.tile[data-connection="offline"]').length === 200,
    );
    expect(await page.textContent('#link-error')).toBe(
      '與 NATS 的連線中斷，重新連線中… · NATS link lost, reconnecting; last known state below',
    );
    expect(await page.textContent('#total-online')).toBe('0 / 200');
    await nats.restart();
    await page.waitForFunction(
      () => document.querySelectorAll('.tile[data-connection="open"]').length === 200,
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.isHidden('#link-error')).toBe(true);
    await page.check('#problems-first');
    await page.waitForFunction(
      () => document.querySelector('.tile .label')?.textContent === 'ward-5f-20',
    );
    expect(
      await page.$$eval('.tile[data-reader-state="card"] .label', (l) =>
        l.map((e) => e.textContent),
      ),
    ).toEqual(['ward-1f-11', 'opd-2f-05', 'ward-4f-03']);

    for (const frame of frames) {
      for (const secret of ['F123456784', '林志明', '1985-03-14'])
        expect(frame).not.toContain(secret);
    }
    expect(frames.some((frame) => frame.includes('林○明'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
