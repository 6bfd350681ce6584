// The consent flow from the broker's demo page, in Debian's Chromium against a real broker: pages
// on two other origins ask → ACCESS_PENDING → a same-user admin approves one in the demo page with
// the scopes it picks and denies the other → the first connects with exactly those scopes, the
// second is refused → revoked from the demo page, the open session ends and it is refused → the
// decisions are the ones `nhicard access list` reads from the file.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { CliProcess, NHICARD_BIN } from '../cli/cli-process.js';
import {
  buildSdkBundle,
  launchChromium,
  requireChromium,
  screenshotPath,
} from '../examples/examples-stack.js';

const chromiumFound = requireChromium();

/** What the asking page keeps on `window`: its client (the SDK's `<script>` build). */
interface PageWindow {
  client: {
    state: { status: string };
    hello: { scopes: string[] } | null;
    accessError: { code: string } | null;
    connect(): void;
  };
}

/** A site that is not the broker's: one page that asks the broker for presence and read. */
function startSite(bundle: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/sdk.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
      return;
    }
    const broker = JSON.stringify(url.searchParams.get('broker') ?? '');
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(
      `<!doctype html><script src="/sdk.js"></script><script>
        window.client = NhiCard.createClient({
          url: ${broker},
          requestAccess: ['read'],
          reconnect: { initialDelayMs: 100, maxDelayMs: 300 },
        });
      </script>`,
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The asking page of one site, and how to watch it. */
function asker(page: Page) {
  return {
    page,
    accessErrorIs: (code: string) =>
      page.waitForFunction(
        (wanted) => (window as unknown as PageWindow).client.accessError?.code === wanted,
        code,
      ),
    openWith: (scopes: string) =>
      page.waitForFunction((wanted) => {
        const { client: c } = window as unknown as PageWindow;
        return c.state.status === 'open' && c.hello?.scopes.join(',') === wanted;
      }, scopes),
    status: () => page.evaluate(() => (window as unknown as PageWindow).client.state.status),
    connectAgain: () => page.evaluate(() => (window as unknown as PageWindow).client.connect()),
  };
}

describe.skipIf(!chromiumFound)('site access from the demo page, in Chromium', () => {
  let browser: Browser;
  let sites: Server[];
  let origins: string[];

  beforeAll(async () => {
    const bundle = readFileSync(join(await buildSdkBundle(), 'nhicard-client.iife.js'), 'utf8');
    sites = [await startSite(bundle), await startSite(bundle)];
    origins = sites.map((site) => `http://127.0.0.1:${(site.address() as AddressInfo).port}`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const site of sites ?? []) await new Promise((resolve) => site.close(resolve));
  });

  it('asks, waits, is approved with the scopes picked in the demo page, is denied, is revoked', async () => {
    const consentFile = join(await mkdtemp(join(tmpdir(), 'nhicard-consent-')), 'access.json');
    const server: RunningServer = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      broker: { pollIntervalMs: 20 },
      access: { consentFile },
    });
    const [originA = '', originB = ''] = origins;
    const demo = await browser.newPage();
    const a = asker(await browser.newPage());
    const b = asker(await browser.newPage());
    const row = (origin: string) => demo.locator(`#access-list tr[data-origin="${origin}"]`);
    const rowStatus = (origin: string, text: string) =>
      row(origin).locator('td.status', { hasText: text }).waitFor();
    try {
      // The demo page from this (the broker's own) OS user holds admin: the panel shows.
      await demo.goto(server.httpUrl);
      await demo.locator('#status', { hasText: '已連線 · Connected' }).waitFor();
      expect(await demo.locator('#scopes').textContent()).toBe('presence, read, admin');
      await demo.locator('#access').waitFor({ state: 'visible' });
      await demo.locator('#access-list', { hasText: '沒有網站要求存取' }).waitFor();

      const broker = encodeURIComponent(server.url);
      await a.page.goto(`${originA}/?broker=${broker}`);
      await b.page.goto(`${originB}/?broker=${broker}`);
      await a.accessErrorIs('ACCESS_PENDING');
      await b.accessErrorIs('ACCESS_PENDING');

      // Both requests appear in the demo page by themselves, with the scopes they asked for.
      await rowStatus(originA, '待核准 · Pending');
      await rowStatus(originB, '待核准 · Pending');
      const readBox = row(originA).locator('input[data-scope="read"]');
      expect(await readBox.isChecked()).toBe(true);
      await demo.locator('#access').screenshot({ path: await screenshotPath('demo-page-access') });

      // Approved for presence only (read unticked); the page asking again gets exactly that.
      await readBox.uncheck();
      await row(originA).locator('button[data-action="approve"]').click();
      await rowStatus(originA, '已核准 · Approved');
      expect(await row(originA).locator('td').nth(2).textContent()).toBe('在場 · presence');
      await a.connectAgain();
      await a.openWith('presence');

      // Denied from the demo page: the other page is refused when it asks again.
      await row(originB).locator('button[data-action="deny"]').click();
      await rowStatus(originB, '已拒絕 · Denied');
      await b.connectAgain();
      await b.accessErrorIs('ACCESS_DENIED');
      expect(await b.status()).toBe('closed');

      // Revoked from the demo page: the open session ends at once, and asking again is refused.
      await row(originA).locator('button[data-action="revoke"]').click();
      await rowStatus(originA, '已拒絕 · Denied');
      await a.accessErrorIs('ACCESS_DENIED');
      await a.page.waitForFunction(
        () => (window as unknown as PageWindow).client.state.status === 'closed',
      );
      await a.connectAgain();
      await a.page.waitForFunction(
        () => (window as unknown as PageWindow).client.state.status === 'closed',
      );
      await a.accessErrorIs('ACCESS_DENIED');

      // Approved again, now with read ticked: the page reads.
      await row(originA).locator('input[data-scope="read"]').check();
      await row(originA).locator('button[data-action="approve"]').click();
      await rowStatus(originA, '已核准 · Approved');
      await a.connectAgain();
      await a.openWith('presence,read');

      // The same file the CLI keeps: it reads back the demo page's decisions.
      const listed = await CliProcess.run(NHICARD_BIN, [
        'access',
        'list',
        '--access-file',
        consentFile,
      ]);
      const expected = [
        [originA, `approved  ${originA}  presence,read`],
        [originB, `denied    ${originB}`],
      ].sort(([x = ''], [y = '']) => x.localeCompare(y));
      expect(listed.stdout).toBe(`${expected.map(([, line]) => line).join('\n')}\n`);
    } finally {
      await Promise.all([demo.close(), a.page.close(), b.page.close()]);
      await server.close();
    }
  }, 120_000);
});
