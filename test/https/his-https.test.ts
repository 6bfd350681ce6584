// The HIS registration example as a web HIS page would run: served over https by
// scripts/serve-examples-https.mjs from an intranet origin of its own (https://his.clinic.test, mapped
// to 127.0.0.1, with its certificate from a clinic CA) that Chromium treats as public
// (--ip-address-space-overrides), with the broker on loopback. Chromium trusts nhicard's local
// CA through its NSS database (`nhicard tls install`; no --ignore-certificate-errors), and Local
// Network Access decides whether the page may reach the broker at all. The page's name must not
// be a loopback one: the SDK knows a page on loopback needs no permission (Chromium then reports
// `prompt` for ever) and connects at once.
import { rm } from 'node:fs/promises';
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { ADMIN_TOKEN } from '../client/client-stack.js';
import {
  adminClient,
  buildSdkBundle,
  launchChromium,
  requireChromium,
} from '../examples/examples-stack.js';
import { errorBox } from '../examples/his-form.js';
import { requireCertutil } from '../tls/tls-test-helpers.js';
import {
  CLINIC_NAMES,
  clinicCertificate,
  countWebSockets,
  type PageServer,
  socketsOpened,
  startPageServer,
  type TrustedHome,
  trustedHome,
} from './https-stack.js';

const chromiumFound = requireChromium();
const certutilFound = requireCertutil();
// Ten minutes of the page's own clock: far beyond any backoff, without waiting for it.
const PAGE_CLOCK_RUN_MS = 10 * 60_000;

describe.skipIf(!chromiumFound || !certutilFound)('the HIS page on https in Chromium', () => {
  let trusted: TrustedHome;
  let clinicPage: PageServer;
  let loopbackPage: PageServer;
  let allowedOrigin: string;
  let strangerOrigin: string;
  let server: RunningServer;
  let admin: ReturnType<typeof adminClient>;
  let browser: Browser;
  let wssUrl: string;

  beforeAll(async () => {
    trusted = await trustedHome();
    const sdkDir = await buildSdkBundle();
    clinicPage = await startPageServer(await clinicCertificate(trusted.home), sdkDir);
    loopbackPage = await startPageServer(trusted.pageCertDir, sdkDir);
    allowedOrigin = `https://${CLINIC_NAMES[0]}:${clinicPage.port}`;
    strangerOrigin = `https://${CLINIC_NAMES[1]}:${clinicPage.port}`;
    server = await startServer({
      port: 0,
      presencePort: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 20 }),
      broker: { pollIntervalMs: 20 },
      tls: { port: 0, dir: trusted.tlsDir },
      access: {
        origins: {
          [allowedOrigin]: ['presence', 'read'],
          [loopbackPage.origin]: ['presence', 'read'],
        },
        tokens: { [ADMIN_TOKEN]: ['read', 'admin'] },
      },
    });
    if (server.secure === null) throw new Error('no wss listener');
    wssUrl = server.secure.url;
    admin = adminClient(server);
    await admin.next('reader.attached');
    browser = await launchChromium({
      home: trusted.home,
      extraArgs: [
        `--host-resolver-rules=${CLINIC_NAMES.map((name) => `MAP ${name} 127.0.0.1`).join(', ')}`,
        `--ip-address-space-overrides=127.0.0.1:${clinicPage.port}=public`,
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await server?.close();
    await clinicPage?.stop();
    await loopbackPage?.stop();
    if (trusted) await rm(trusted.home, { recursive: true, force: true });
  });

  /** A fresh profile context for `origin`, with Local Network Access granted or not. */
  async function openHisPage(
    origin: string,
    broker: string,
    lna: 'granted' | 'not granted',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    if (lna === 'granted') await context.grantPermissions(['local-network-access'], { origin });
    const page = await context.newPage();
    await countWebSockets(page);
    await page.clock.install();
    const response = await page.goto(
      `${origin}/his-registration/?broker=${encodeURIComponent(broker)}`,
    );
    expect(response?.status()).toBe(200);
    return { context, page };
  }

  const permission = (page: Page): Promise<string> =>
    page.evaluate('navigator.permissions.query({ name: "loopback-network" }).then((s) => s.state)');

  it('(a) permission granted: connects over wss with the CA from NSS and fills the form on card.inserted', async () => {
    const { context, page } = await openHisPage(allowedOrigin, wssUrl, 'granted');
    expect(await page.evaluate('window.isSecureContext && location.protocol')).toBe('https:');
    expect(await permission(page)).toBe('granted');
    // Granted: the SDK connects on load, no button needed.
    await page.waitForSelector('#connection.good');
    expect(await page.isHidden('#connect-broker')).toBe(true);
    expect(await socketsOpened(page)).toEqual([wssUrl]);
    expect(wssUrl).toMatch(/^wss:\/\/localhost:\d+\/v1$/);
    await admin.request('sim.insert', { card: 'adult' });
    await page.waitForFunction(
      () => document.querySelector('#card-state')?.textContent === '已讀取 Card read',
    );
    expect(await page.inputValue('#name')).toBe('林志明');
    expect(await page.inputValue('#id-number')).toBe('F123456784');
    expect(await page.inputValue('#birth-roc')).toBe('074/03/14');
    expect(await page.inputValue('#card-number')).toBe('000031415926');
    await admin.request('sim.remove', {});
    await context.close();
  });

  it('(b) permission not granted: nothing on load, LOCAL_NETWORK_DENIED after the click, no retry', async () => {
    const { context, page } = await openHisPage(allowedOrigin, wssUrl, 'not granted');
    expect(await permission(page)).toBe('prompt');
    // State `prompt`: the SDK fires no loopback request on page load; it waits for a click.
    await page.waitForSelector('#connect-broker:not([hidden])');
    expect(await socketsOpened(page)).toEqual([]);
    // Headless Chromium answers the permission prompt with "block".
    await page.click('#connect-broker');
    await page.waitForSelector('#error-box[data-code="LOCAL_NETWORK_DENIED"]', { timeout: 2000 });
    expect(await permission(page)).toBe('denied');
    const box = await errorBox(page);
    expect(box.zh).toBe('瀏覽器封鎖此網頁連線本機讀卡服務（區域網路存取權限遭拒）');
    expect(box.zhHint).toContain('LocalNetworkAccessAllowedForUrls');
    expect(box.en).toContain('set "Local network access" to Allow and reload');
    expect(await page.textContent('#connection')).toBe('讀卡服務已關閉 Closed');
    await page.clock.runFor(PAGE_CLOCK_RUN_MS);
    expect(await socketsOpened(page)).toEqual([wssUrl]);
    expect(
      await page.evaluate(
        '[NhiCard !== undefined, document.querySelector("#connect-broker").hidden]',
      ),
    ).toEqual([true, false]);
    // Loaded again with the permission `denied`: one attempt, the same typed error, no click.
    await page.reload();
    await page.waitForSelector('#error-box[data-code="LOCAL_NETWORK_DENIED"]', { timeout: 2000 });
    await page.clock.runFor(PAGE_CLOCK_RUN_MS);
    expect(await socketsOpened(page)).toEqual([wssUrl]);
    await context.close();
  });

  it('(c) origin not on the allow-list: ORIGIN_NOT_ALLOWED naming the origins setting, no retry', async () => {
    const { context, page } = await openHisPage(strangerOrigin, wssUrl, 'granted');
    await page.waitForSelector('#error-box[data-code="ORIGIN_NOT_ALLOWED"]');
    const box = await errorBox(page);
    expect(box.zh).toBe('此網頁的來源未獲准連線讀卡服務');
    expect(box.en).toContain("Add the origin to the broker's `origins` setting");
    expect(box.en).toContain('NHICARD_ORIGINS');
    expect(box.en).toContain('--allow-origin <origin>=presence,read');
    await page.clock.runFor(PAGE_CLOCK_RUN_MS);
    expect(await socketsOpened(page)).toEqual([wssUrl]);
    // The access endpoint answers CORS for allowed origins only: this page cannot read it.
    const accessUrl = wssUrl.replace(/^wss:/, 'https:').replace(/\/v1$/, '/v1/access');
    const read = `fetch(${JSON.stringify(accessUrl)}).then((r) => r.json(), (e) => e.name)`;
    expect(await page.evaluate(read)).toBe('TypeError');
    await context.close();
    const allowed = await openHisPage(allowedOrigin, wssUrl, 'granted');
    expect(await allowed.page.evaluate(read)).toEqual({
      origin: allowedOrigin,
      allowed: true,
      scopes: ['presence', 'read'],
    });
    await allowed.context.close();
  });

  it('(d) the same page with ws:// instead of wss://: Chromium 156 lets it through once LNA allows', async () => {
    const { context, page } = await openHisPage(allowedOrigin, server.url, 'granted');
    // Not blocked as mixed content: ws://127.0.0.1 counts as potentially trustworthy.
    await page.waitForSelector('#connection.good');
    expect(await socketsOpened(page)).toEqual([server.url]);
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1$/);
    await context.close();
    // Without the permission, ws:// is held to the same Local Network Access rule as wss://.
    const blocked = await openHisPage(allowedOrigin, server.url, 'not granted');
    await blocked.page.click('#connect-broker');
    await blocked.page.waitForSelector('#error-box[data-code="LOCAL_NETWORK_DENIED"]');
    await blocked.context.close();
    expect(browser.version()).toMatch(/^\d+\./);
  });

  it('(e) served as the examples README says (nhicard tls issue, 127.0.0.1): no permission involved', async () => {
    const { context, page } = await openHisPage(loopbackPage.origin, wssUrl, 'not granted');
    await page.waitForSelector('#connection.good');
    expect(await socketsOpened(page)).toEqual([wssUrl]);
    await context.close();
  });
});
