// The demo page speaks zh-TW with English, as the examples do, with 24-hour Taiwan times, even in
// a browser set to US English in New York (where the old page showed "12:05:09 AM").
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { launchChromium, requireChromium } from '../examples/examples-stack.js';

const chromiumFound = requireChromium();
// 13:05:09 in Taipei; 00:05:09 (12:05:09 AM) in New York.
const INSTANT = new Date('2026-12-03T05:05:09.000Z');

describe.skipIf(!chromiumFound)('the demo page wording, in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The demo page of a fresh broker whose clock, like the page's, stands at INSTANT. */
  async function withDemoPage(use: (page: Page) => Promise<void>): Promise<void> {
    const server: RunningServer = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      broker: { pollIntervalMs: 20, now: () => INSTANT },
    });
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      const page = await context.newPage();
      await page.clock.setFixedTime(INSTANT);
      await page.goto(server.httpUrl);
      // Waits on the state, not on the words: the time check does not depend on the labels.
      await page.locator('#status.online').waitFor();
      await use(page);
    } finally {
      await context.close();
      await server.close();
    }
  }

  it('labels in zh-TW with English', async () => {
    await withDemoPage(async (page) => {
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant-TW');
      expect(await page.locator('#status').textContent()).toBe('已連線 · Connected');
      const headings = await page.locator('h2').allTextContents();
      expect(headings.map((text) => text.trim())).toEqual([
        '讀卡機 · Card readers',
        '網站存取 · Site access',
        '即時事件 · Live events 暫停 · Pause清除 · Clear',
      ]);
      const reader = page.locator('article.reader').first();
      await reader.locator('.badge', { hasText: '未插卡 · No card' }).waitFor();
      expect(await reader.locator('dt').allTextContents()).toEqual([
        '讀卡機 · Reader id',
        '持卡人 · Holder',
        '時間 · Since',
      ]);
      await reader.getByRole('button', { name: '插入 · Insert card' }).click();
      await reader.locator('.badge', { hasText: '可讀取 · Ready' }).waitFor();
      const inserted = page.locator('#log tr', { hasText: 'card.inserted' });
      expect(await inserted.locator('td').nth(4).textContent()).toBe('可讀取 · Ready');
    });
  }, 60_000);

  it('shows times on the 24-hour clock in Taiwan time, whatever the browser zone and language', async () => {
    await withDemoPage(async (page) => {
      const reader = page.locator('article.reader').first();
      await reader.locator('.controls button.primary').click();
      await reader.locator('.badge.ready').waitFor();
      const inserted = page.locator('#log tr', { hasText: 'card.inserted' });
      await inserted.waitFor();
      expect(await inserted.locator('td').first().textContent()).toBe('13:05:09');
      // The card's "since", from the broker's clock, as a date and a 24-hour time.
      expect(await reader.locator('dd').nth(2).textContent()).toBe('2026/12/03 13:05:09');
      expect(await page.locator('#log').textContent()).not.toMatch(/AM|PM|上午|下午/);
    });
  }, 60_000);
});
