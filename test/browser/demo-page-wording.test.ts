// The demo page speaks zh-TW with English, as the examples do, with 24-hour Taiwan times, even in
// a browser set to US English in New York (where the old page showed "12:05:09 AM").
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/src/server.js';
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

  it('labels in zh-TW and English, and times on the 24-hour clock in Taiwan time', async () => {
    const server = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      broker: { pollIntervalMs: 20, now: () => INSTANT },
    });
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    try {
      await page.clock.setFixedTime(INSTANT);
      await page.goto(server.httpUrl);
      await page.locator('#status', { hasText: '已連線 · Connected' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant-TW');
      const headings = await page.locator('h2').allTextContents();
      expect(headings.map((text) => text.trim())).toEqual([
        '讀卡機 · Card readers',
        '網站存取 · Site access',
        '即時事件 · Live events 暫停 · Pause清除 · Clear',
      ]);
      const reader = page.locator('article.reader').first();
      await reader.locator('.badge', { hasText: '未插卡 · No card' }).waitFor();

      await reader.getByRole('button', { name: '插入 · Insert card' }).click();
      await reader.locator('.badge', { hasText: '可讀取 · Ready' }).waitFor();
      const inserted = page.locator('#log tr', { hasText: 'card.inserted' });
      await inserted.waitFor();
      const cells = await inserted.locator('td').allTextContents();
      expect([cells[0], cells[2], cells[4]]).toEqual([
        '13:05:09',
        'card.inserted',
        '可讀取 · Ready',
      ]);
      await reader.locator('dd.since', { hasText: '2026/12/03 13:05:09' }).waitFor();
      expect(await reader.locator('dt').allTextContents()).toEqual([
        '讀卡機 · Reader id',
        '持卡人 · Holder',
        '時間 · Since',
      ]);
      expect(await page.locator('#log').textContent()).not.toMatch(/AM|PM|上午|下午/);
    } finally {
      await context.close();
      await server.close();
    }
  }, 60_000);
});
