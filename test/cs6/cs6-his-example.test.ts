// The HIS registration example in Debian's Chromium, against a broker serving a simulated
// reader and the CS 6.0 console (stand-in) side by side: a QR code typed into the QR field
// goes to the console's virtual-card reader cs6-vhc-0 (VirtualHc/ReadBasic), card.inserted
// shows for it and the form fills from the decoded basic data (the console gives no insurance
// data, so those fields stay empty); an expired (1018) and a reused (1020) code show their
// zh-TW messages; the page never receives the QR code back.
import {
  createCompositeDriver,
  createCs6Driver,
  createSimulatorDriver,
  loadDemoCard,
  type VirtualCard,
} from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import {
  buildSdkBundle,
  launchChromium,
  recordPageErrors,
  recordReceivedFrames,
  requireChromium,
  screenshotPath,
} from '../examples/examples-stack.js';
import { formValues, scanQr as scan } from '../examples/his-form.js';
import { type Cs6StandIn, startCs6StandIn } from './cs6-console-stand-in.js';

const chromiumFound = requireChromium();

function errorBox(page: Page) {
  return page.$eval('#error-box', (box) => ({
    hidden: (box as HTMLElement).hidden,
    code: (box as HTMLElement).dataset.code ?? '',
    zh: box.querySelector('.zh')?.textContent ?? '',
    en: box.querySelector('.en')?.textContent ?? '',
  }));
}

describe.skipIf(!chromiumFound)(
  "the HIS example with the console's virtual card in Chromium",
  () => {
    let browser: Browser;
    let console6: Cs6StandIn;
    let server: RunningServer;
    let adult: VirtualCard;

    beforeAll(async () => {
      adult = await loadDemoCard('adult');
      console6 = await startCs6StandIn();
      const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
      server = await startServer({
        port: 0,
        driver: createCompositeDriver([sim, createCs6Driver({ url: console6.url })]),
        broker: { pollIntervalMs: 20 },
        examples: { sdkDirectory: await buildSdkBundle() },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close('test finished');
      await console6?.stop();
    });

    it('takes a scanned QR code, shows card.inserted for cs6-vhc-0 and fills the form; 1018 and 1020 in zh-TW', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = recordPageErrors(page);
      const frames = recordReceivedFrames(page);
      if (server.examplesUrl === null) throw new Error('no examples served');
      await page.goto(`${server.examplesUrl}his-registration/`);
      await page.waitForSelector('#connection.good');
      await page.waitForSelector('#qr-form:not([hidden])');

      const qr = console6.virtualCards.issueQr(adult);
      await scan(page, qr);
      await page.waitForFunction(
        () => document.querySelector('#card-state')?.textContent === '已讀取 Card read',
      );
      expect(await formValues(page)).toEqual({
        name: '林志明',
        'id-number': 'F123456784',
        'birth-roc': '074/03/14',
        'birth-ad': '1985-03-14',
        sex: 'male',
        'card-number': '000031415926',
        'insurance-status': '',
        'card-expiry': '',
      });
      expect(await page.inputValue('#qr-input')).toBe('');
      expect(await page.textContent('#reader-name')).toBe('cs6-vhc-0');
      const log = await page.$$eval('#event-log li', (items) =>
        items.map((item) => item.textContent),
      );
      expect(log).toContain('card.inserted · cs6-vhc-0');
      // Neither the simulated reader nor the console's card slot saw a card.
      expect(
        log.filter((line) => line?.startsWith('card.') && /(sim-0|cs6-0)$/.test(line)),
      ).toEqual([]);
      await page.screenshot({
        path: await screenshotPath('examples-his-registration-cs6-vhc'),
        fullPage: true,
      });

      const expired = console6.virtualCards.issueQr(adult);
      console6.virtualCards.expireQr(expired);
      await scan(page, expired);
      await page.waitForSelector('#error-box:not([hidden])');
      expect(await errorBox(page)).toEqual({
        hidden: false,
        code: 'NO_CARD',
        zh: 'QRCode 過期，請重刷 QRCode',
        en: 'The CS 6.0 console refused the virtual card: The QR code has expired; scan a QR code again · Ask the patient to generate a new QR code and scan it again · (vhc 1018)',
      });

      await scan(page, qr);
      await page.waitForFunction(() =>
        document.querySelector('#error-box .zh')?.textContent?.startsWith('重複使用'),
      );
      expect(await errorBox(page)).toMatchObject({
        hidden: false,
        code: 'NO_CARD',
        zh: '重複使用 QRCode，請就診民眾重新整理頁面產生新的 QRCode',
      });
      // The refusals changed nothing: the patient read from the accepted code stays.
      expect((await formValues(page)).name).toBe('林志明');

      const received = frames.join('\n');
      expect(received).toContain('"topic":"card.inserted"');
      for (const code of [qr, expired]) expect(received).not.toContain(code);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
