// The HIS registration example in Debian's Chromium, against a broker serving a simulated
// reader and the virtual NHI card (SDK stand-in) side by side: a QR code typed into the QR
// field (as a scanner does, ending with Enter) shows card.inserted for vhc-0 and fills the
// form from the decoded basic data; an expired (1018) and a reused (1020) code show the SDK's
// zh-TW messages; the page never receives the QR code back.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCard, type VirtualCard } from '../../native/src/index.js';
import {
  buildSdkBundle,
  launchChromium,
  recordPageErrors,
  recordReceivedFrames,
  requireChromium,
  screenshotPath,
} from '../examples/examples-stack.js';
import { formValues, scanQr as scan } from '../examples/his-form.js';
import { startVhcBroker, type VhcBroker } from './vhc-broker-stack.js';
import { startVhcStandIn, type VhcStandIn } from './vhc-sdk-stand-in.js';

const chromiumFound = requireChromium();

function errorBox(page: Page) {
  return page.$eval('#error-box', (box) => ({
    hidden: (box as HTMLElement).hidden,
    code: (box as HTMLElement).dataset.code ?? '',
    zh: box.querySelector('.zh')?.textContent ?? '',
    zhHint: box.querySelector('.zh-hint')?.textContent ?? '',
    en: box.querySelector('.en')?.textContent ?? '',
  }));
}

describe.skipIf(!chromiumFound)('the HIS example with the virtual NHI card in Chromium', () => {
  let browser: Browser;
  let sdk: VhcStandIn;
  let broker: VhcBroker;
  let adult: VirtualCard;

  beforeAll(async () => {
    adult = await loadDemoCard('adult');
    sdk = await startVhcStandIn();
    broker = await startVhcBroker({ sdk, examples: { sdkDirectory: await buildSdkBundle() } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.server.close('test finished');
    await sdk?.close();
  });

  it('takes a scanned QR code, shows card.inserted for vhc-0 and fills the form; 1018 and 1020 in zh-TW', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = recordPageErrors(page);
    const frames = recordReceivedFrames(page);
    if (broker.server.examplesUrl === null) throw new Error('no examples served');
    await page.goto(`${broker.server.examplesUrl}his-registration/`);
    await page.waitForSelector('#connection.good');
    await page.waitForSelector('#qr-form:not([hidden])');

    const qr = sdk.issueQr(adult);
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
      'insurance-status': '一般',
      'card-expiry': '2030-06-30',
    });
    expect(await page.inputValue('#qr-input')).toBe('');
    expect(await page.textContent('#reader-name')).toBe('vhc-0');
    const log = await page.$$eval('#event-log li', (items) =>
      items.map((item) => item.textContent),
    );
    expect(log).toContain('card.inserted · vhc-0');
    // No card went into the simulated reader next to it.
    expect(log.filter((line) => line?.startsWith('card.') && line.endsWith('sim-0'))).toEqual([]);
    await page.screenshot({
      path: await screenshotPath('examples-his-registration-vhc'),
      fullPage: true,
    });

    const expired = sdk.issueQr(adult);
    sdk.expireQr(expired);
    await scan(page, expired);
    await page.waitForSelector('#error-box:not([hidden])');
    expect(await errorBox(page)).toEqual({
      hidden: false,
      code: 'NO_CARD',
      zh: 'QRCode 過期，請重刷 QRCode',
      zhHint: '請就診民眾重新產生 QRCode 後再掃描',
      en: 'The virtual-card SDK refused the QR code: The QR code has expired; scan a QR code again · Ask the patient to generate a new QR code and scan it again · (vhc 1018)',
    });
    expect(await page.textContent('#card-state')).toBe('QR Code 無法使用 QR code refused');

    await scan(page, qr);
    await page.waitForFunction(() =>
      document.querySelector('#error-box .zh')?.textContent?.startsWith('重複使用'),
    );
    expect(await errorBox(page)).toMatchObject({
      hidden: false,
      code: 'NO_CARD',
      zh: '重複使用 QRCode，請就診民眾重新整理頁面產生新的 QRCode',
      zhHint: '請就診民眾重新產生 QRCode 後再掃描',
    });
    await page.screenshot({
      path: await screenshotPath('examples-his-registration-vhc-reused'),
      fullPage: true,
    });
    // The refusals changed nothing: the patient read from the accepted code stays.
    expect((await formValues(page)).name).toBe('林志明');

    const received = frames.join('\n');
    expect(received).toContain('"topic":"card.inserted"');
    for (const code of [qr, expired]) expect(received).not.toContain(code);
    expect(errors).toEqual([]);
    await page.close();
  });
});
