// The HIS registration example in Debian's Chromium against a real broker on the simulator:
// a demo card inserted with `sim.insert` fills the form with exactly its values, the "more"
// panel reads visits, critical illnesses and allergies on demand, a removal offers to clear,
// and failures show the catalog's zh-TW message and hint with the English below.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NhiCardClient } from '@nhicard/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  buildSdkBundle,
  type ExamplesBroker,
  launchChromium,
  openRecordedPage,
  type RecordedPage,
  requireChromium,
  screenshotPath,
  startExamplesBroker,
} from './examples-stack.js';
import { ADULT_HOLDER_FIELDS, formValues as cardFieldValues, errorBox } from './his-form.js';

const chromiumFound = requireChromium();

/** The form's card fields, the checked sex and the expiry note, as the page shows them. */
async function formValues(page: Page): Promise<Record<string, string>> {
  const values = await cardFieldValues(page);
  values['card-expiry-note'] = (await page.textContent('#card-expiry-note')) ?? '';
  return values;
}

/** The text of every cell, row by row, of one of the "more" tables. */
function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#${id} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
}

/** The error box as shown, with its tooltip. */
async function errorBoxWithTitle(page: Page) {
  const title = await page.$eval('#error-box', (box) => (box as HTMLElement).title);
  return { ...(await errorBox(page)), title };
}

describe.skipIf(!chromiumFound)('the HIS registration example in Chromium', () => {
  let browser: Browser;
  let broker: ExamplesBroker;
  let admin: NhiCardClient;

  beforeAll(async () => {
    const sdkDirectory = await buildSdkBundle();
    // An HPC in the second slot, so that the "more" sections can be read.
    broker = await startExamplesBroker({ sdkDirectory, simulator: { hpcInserted: true } });
    admin = adminClient(broker.server);
    await admin.next('reader.attached');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await broker?.server.close();
  });

  async function openPage(): Promise<RecordedPage> {
    const recorded = await openRecordedPage(browser, 1280, 900);
    await recorded.page.goto(`${broker.examplesUrl}his-registration/`);
    await recorded.page.waitForSelector('#connection.good');
    return recorded;
  }

  it('fills the form with the exact values of the adult demo card, reads more, offers to clear', async () => {
    const { page, errors } = await openPage();
    expect(await page.textContent('#connection')).toBe('讀卡服務已連線 Connected');

    await admin.request('sim.insert', { card: 'adult' });
    await page.waitForFunction(
      () => document.querySelector('#card-state')?.textContent === '已讀取 Card read',
    );
    expect(await formValues(page)).toEqual({
      ...ADULT_HOLDER_FIELDS,
      'insurance-status': '一般',
      'card-expiry': '2030-06-30',
      'card-expiry-note': '民國 119/06/30 · 可用次數 3 次',
    });
    expect(await errorBox(page)).toMatchObject({ hidden: true });
    expect(await page.textContent('#reader-name')).toBe('sim-0');
    await page.screenshot({
      path: await screenshotPath('examples-his-registration'),
      fullPage: true,
    });

    await page.click('#read-more');
    await page.waitForSelector('#more-tables:not([hidden])');
    expect(await tableRows(page, 'visits-table')).toEqual([
      ['115/01/12 09:30', '西醫門診', '0003', '3501200000', '520', '50'],
      ['114/12/19 15:40', '牙醫門診', '0002', '3501200001', '1210', '50'],
      ['114/11/03 10:12', '西醫門診', '0001', '3501200000', '468', '50'],
    ]);
    expect(await tableRows(page, 'illness-table')).toEqual([['無重大傷病 None']]);
    expect(await tableRows(page, 'allergy-table')).toEqual([['盤尼西林'], ['阿斯匹靈']]);
    await page.locator('.more-panel').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: await screenshotPath('examples-his-registration-more'),
      fullPage: true,
    });

    await admin.request('sim.remove', {});
    await page.waitForSelector('#removed-banner:not([hidden])');
    // The form keeps the patient until the clerk decides.
    expect((await formValues(page)).name).toBe('林志明');
    expect(await page.isDisabled('#read-more')).toBe(true);
    await page.click('#clear-form');
    expect(await formValues(page)).toEqual({
      name: '',
      'id-number': '',
      'birth-roc': '',
      'birth-ad': '',
      sex: '',
      'card-number': '',
      'insurance-status': '',
      'card-expiry': '',
      'card-expiry-note': '',
    });
    expect(await page.isHidden('#removed-banner')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says the reader waits for the PIN, fills the form once it is typed, and shows the catalog's zh-TW text when Cancel is pressed", async () => {
    const { page, errors } = await openPage();

    const pin = admin.next('card.pin');
    await admin.request('sim.insert', { card: 'pin-set' });
    expect((await pin).data.section).toBe('insurance');
    // Basic needs no PIN: the holder's fields fill; insurance waits at the PIN prompt.
    await page.waitForFunction(
      () =>
        document.querySelector('#card-state')?.textContent === '等待輸入密碼 Waiting for the PIN',
    );
    expect(await page.textContent('#form-note')).toBe(
      '請病人在讀卡機或密碼視窗輸入健保卡密碼 · Ask the patient to enter the NHI card PIN on the reader or in the PIN window',
    );
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#name')?.value === '陳怡君',
    );
    expect(await formValues(page)).toMatchObject({
      'id-number': 'E224680132',
      'insurance-status': '',
    });
    // Filled from the partial card.read: insurance shows as still coming.
    expect(await page.getAttribute('#insurance-status', 'placeholder')).toBe('讀取中… Reading');
    expect(await page.textContent('#card-expiry-note')).toBe(
      '健保資料讀取中 · Insurance data is still coming',
    );
    await page.screenshot({
      path: await screenshotPath('examples-his-registration-pin'),
      fullPage: true,
    });
    // The patient types the PIN into the (virtual) reader: the read goes on.
    const read = admin.next('card.read');
    await admin.request('sim.pin', { pin: '246810' });
    expect((await read).data.errors).toBeUndefined();
    await page.waitForFunction(
      () => document.querySelector('#card-state')?.textContent === '已讀取 Card read',
    );
    expect((await formValues(page))['insurance-status']).not.toBe('');
    expect(await page.textContent('#form-note')).toBe('');

    // A fresh insertion, and Cancel on the PIN prompt: PIN_REQUIRED with the catalog's text.
    await admin.request('sim.remove', {});
    await page.waitForSelector('#removed-banner:not([hidden])');
    await page.click('#clear-form');
    const secondPin = admin.next('card.pin');
    await admin.request('sim.insert', { card: 'pin-set' });
    await secondPin;
    const failed = admin.next('card.read');
    await admin.request('sim.pin', { pin: null });
    expect((await failed).data.errors?.insurance).toMatchObject({
      code: 'PIN_REQUIRED',
      native: { source: 'simulator', code: 5109, message: '密碼輸入過程按『取消』鍵' },
      hintZh: '請重新操作並輸入密碼',
    });
    await page.waitForSelector('#error-box:not([hidden])');
    expect(await errorBox(page)).toMatchObject({
      hidden: false,
      code: 'PIN_REQUIRED',
      zh: '密碼輸入過程按『取消』鍵',
      zhHint: '請重新操作並輸入密碼',
    });
    expect(await page.textContent('#card-state')).toBe('部分資料未讀取 Partly read');

    await admin.request('sim.remove', {});
    await page.waitForSelector('#removed-banner:not([hidden])');
    await page.click('#clear-form');
    await admin.request('sim.insert', { card: 'not-nhi' });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('#error-box')?.dataset.code === 'NOT_AN_NHI_CARD',
    );
    expect(await errorBoxWithTitle(page)).toEqual({
      hidden: false,
      code: 'NOT_AN_NHI_CARD',
      zh: '這不是健保卡',
      // The broker's hint for the code (every broker error carries one) wins over the page's own.
      zhHint: '請改插健保卡',
      en: 'The card in the reader is not an NHI card. · Insert an NHI card instead',
      title: 'The card in the reader is not an NHI card. · Insert an NHI card instead',
    });
    expect(await page.textContent('#card-state')).toBe('非健保卡 Not an NHI card');
    expect(await page.isDisabled('#read-more')).toBe(true);
    await page.screenshot({
      path: await screenshotPath('examples-his-registration-not-nhi'),
      fullPage: true,
    });
    await admin.request('sim.remove', {});
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says how to build the SDK bundle when the broker has none to serve', async () => {
    const unbuilt = await startExamplesBroker({
      sdkDirectory: mkdtempSync(join(tmpdir(), 'nhicard-no-sdk-')),
    });
    const page = await browser.newPage();
    try {
      await page.goto(`${unbuilt.examplesUrl}his-registration/`);
      expect(await page.textContent('.sdk-missing')).toBe(
        '找不到讀卡 SDK（/sdk/nhicard-client.iife.js）· The client SDK bundle is missing: run pnpm --filter @nhicard/client build, then reload.',
      );
    } finally {
      await page.close();
      await unbuilt.server.close();
    }
  });
});
