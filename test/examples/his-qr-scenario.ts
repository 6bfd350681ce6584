/**
 * The HIS registration page's virtual-card path, as the CS 6.0 console and the virtual NHI
 * card SDK both serve it: a scanned QR code fills the form from the decoded basic data, an
 * expired code (1018) and a reused one (1020) show their zh-TW messages and change nothing,
 * and the page never receives a QR code back.
 */
import { loadDemoCard, type VirtualCard } from '@nhicard/native';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildSdkBundle,
  launchChromium,
  openRecordedPage,
  screenshotPath,
} from './examples-stack.js';
import { ADULT_HOLDER_FIELDS, errorBox, formValues, scanQr as scan } from './his-form.js';

/** What differs between the two QR code sources. */
interface QrSource {
  /** Where the examples are served. */
  readonly examplesUrl: string | null;
  /** The reader the virtual card shows in. */
  readonly reader: string;
  /** The readers next to it, which must see no card. */
  readonly otherReaders: RegExp;
  /** The insurance fields the form shows (the console gives none). */
  readonly insurance: { readonly 'insurance-status': string; readonly 'card-expiry': string };
  /** How the English message names the refusal. */
  readonly refusal: string;
  /** Base name of the screenshots. */
  readonly screenshot: string;
  /** A fresh QR code for the adult demo card. */
  issueQr(): string;
  /** Makes `qr` expired. */
  expireQr(qr: string): void;
}

/** A broker serving the examples and reading virtual cards through one route, and its QR codes. */
export interface VirtualCardStack {
  /** Where the broker serves the examples. */
  readonly examplesUrl: string | null;
  /** A fresh QR code for `card`. */
  issueQr(card: VirtualCard): string;
  /** Makes `qr` expired. */
  expireQr(qr: string): void;
  /** Stops the broker, then the route's stand-in. */
  close(): Promise<void>;
}

/**
 * The test of a file: the stack `start` makes (given the folder of the built `<script>` bundle)
 * and Chromium, started before and closed after it, and the QR path of {@link checkHisQrPath}
 * with the adult demo card's codes.
 */
export function testHisQrPath(
  name: string,
  start: (sdkDirectory: string) => Promise<VirtualCardStack>,
  source: Omit<QrSource, 'examplesUrl' | 'issueQr' | 'expireQr'>,
): void {
  let browser: Browser;
  let stack: VirtualCardStack;
  let adult: VirtualCard;

  beforeAll(async () => {
    adult = await loadDemoCard('adult');
    stack = await start(await buildSdkBundle());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it(name, async () => {
    await checkHisQrPath(browser, {
      ...source,
      examplesUrl: stack.examplesUrl,
      issueQr: () => stack.issueQr(adult),
      expireQr: (qr) => stack.expireQr(qr),
    });
  });
}

const RESCAN_HINT_ZH = '請就診民眾重新產生 QRCode 後再掃描';

/** Runs the whole QR path on a new page of `browser`. */
async function checkHisQrPath(browser: Browser, source: QrSource): Promise<void> {
  const { page, frames, errors } = await openRecordedPage(browser, 1280, 900);
  if (source.examplesUrl === null) throw new Error('no examples served');
  await page.goto(`${source.examplesUrl}his-registration/`);
  await page.waitForSelector('#connection.good');
  await page.waitForSelector('#qr-form:not([hidden])');

  const qr = source.issueQr();
  await scan(page, qr);
  await page.waitForFunction(
    () => document.querySelector('#card-state')?.textContent === '已讀取 Card read',
  );
  expect(await formValues(page)).toEqual({
    ...ADULT_HOLDER_FIELDS,
    ...source.insurance,
  });
  expect(await page.inputValue('#qr-input')).toBe('');
  expect(await page.textContent('#reader-name')).toBe(source.reader);
  const log = await page.$$eval('#event-log li', (items) => items.map((item) => item.textContent));
  expect(log).toContain(`card.inserted · ${source.reader}`);
  expect(log.filter((line) => line?.startsWith('card.') && source.otherReaders.test(line))).toEqual(
    [],
  );
  await page.screenshot({ path: await screenshotPath(source.screenshot), fullPage: true });

  const expired = source.issueQr();
  source.expireQr(expired);
  await scan(page, expired);
  await page.waitForSelector('#error-box:not([hidden])');
  expect(await errorBox(page)).toEqual({
    hidden: false,
    code: 'NO_CARD',
    zh: 'QRCode 過期，請重刷 QRCode',
    zhHint: RESCAN_HINT_ZH,
    en: `${source.refusal}: The QR code has expired; scan a QR code again · Ask the patient to generate a new QR code and scan it again · (vhc 1018)`,
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
    zhHint: RESCAN_HINT_ZH,
  });
  await page.screenshot({
    path: await screenshotPath(`${source.screenshot}-reused`),
    fullPage: true,
  });
  // The refusals changed nothing: the patient read from the accepted code stays.
  expect((await formValues(page)).name).toBe('林志明');

  const received = frames.join('\n');
  expect(received).toContain('"topic":"card.inserted"');
  for (const code of [qr, expired]) expect(received).not.toContain(code);
  expect(errors).toEqual([]);
  await page.close();
}
