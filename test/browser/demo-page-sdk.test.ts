// The demo page on the client SDK, in Debian's Chromium against a real broker on the simulator:
// it loads the SDK's `<script>` bundle from /sdk/, takes one snapshot per connection and then
// follows the events themselves (no snapshot per event, as the hand-made client before it did),
// and a person types the virtual reader's PIN in it while another client's read waits.
import { createSimulatorDriver } from '@nhicard/native';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient, type NhiCardClient } from '../../client-sdk/src/index.js';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { buildSdkBundle, launchChromium, requireChromium } from '../examples/examples-stack.js';

const chromiumFound = requireChromium();

/** The broker's count of answered `snapshot` requests, from /metrics. */
async function snapshotsAnswered(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.httpUrl}metrics`)).text();
  const line = text
    .split('\n')
    .find((row) => row.startsWith('nhicard_requests_total{') && row.includes('op="snapshot"'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe.skipIf(!chromiumFound)('the demo page on the client SDK, in Chromium', () => {
  let browser: Browser;
  let sdkDirectory: string;

  beforeAll(async () => {
    browser = await launchChromium();
    sdkDirectory = await buildSdkBundle();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function withDemoPage(use: (page: Page, server: RunningServer) => Promise<void>) {
    const server = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      broker: { pollIntervalMs: 20 },
      // The bundle built from the current sources, not a dist/ that may be stale.
      examples: { sdkDirectory },
    });
    const page = await browser.newPage();
    try {
      await page.goto(server.httpUrl);
      await page.locator('#status.online').waitFor();
      await use(page, server);
    } finally {
      await page.close();
      await server.close();
    }
  }

  it('loads the SDK from /sdk/ and keeps its reader cards current from events alone', async () => {
    await withDemoPage(async (page, server) => {
      expect(await page.evaluate(() => typeof (window as { NhiCard?: unknown }).NhiCard)).toBe(
        'object',
      );
      const html = await (await fetch(server.httpUrl)).text();
      expect(html).toContain('src="/sdk/nhicard-client.iife.js"');
      expect(html).not.toContain('new WebSocket');
      const reader = page.locator('article.reader').first();
      await reader.locator('.badge.no-card').waitFor();
      // One by the SDK (its resync on connecting), one by the page for its model.
      const connected = await snapshotsAnswered(server);
      expect(connected).toBe(2);
      for (const round of [1, 2]) {
        await reader.getByRole('button', { name: '插入 · Insert card' }).click();
        await reader.locator('.badge.ready').waitFor();
        await reader.locator('summary', { hasText: '已讀取 · Sections read: basic' }).waitFor();
        expect(await reader.locator('dd').nth(1).textContent()).not.toBe('—');
        await reader.getByRole('button', { name: '取出 · Remove card' }).click();
        await reader.locator('.badge.no-card').waitFor();
        expect(await reader.locator('summary').count()).toBe(0);
        const removed = page.locator('#log tr', { hasText: 'card.removed' });
        expect(await removed.count()).toBe(round);
      }
      expect(await snapshotsAnswered(server)).toBe(connected);
      // The log shows each event with its seq, newest first, gapless.
      const seqs = (await page.locator('#log tr td:nth-child(2)').allTextContents())
        .filter((text) => text !== '')
        .map(Number);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect((seqs.at(0) ?? 0) - (seqs.at(-1) ?? 0)).toBe(seqs.length - 1);
    });
  }, 60_000);

  it('takes the PIN a read waits for; Cancel ends the read with PIN_REQUIRED', async () => {
    await withDemoPage(async (page, server) => {
      const reader = page.locator('article.reader').first();
      const pin = reader.locator('input[data-pin]');
      await reader.locator('select').selectOption('pin-set');
      await reader.getByRole('button', { name: '插入 · Insert card' }).click();
      // The broker's own read on insertion (basic, insurance) waits for the PIN: Cancel.
      await pin.waitFor();
      await page.locator('#log tr', { hasText: 'card.pin' }).waitFor();
      await reader.getByRole('button', { name: '取消 · Cancel' }).click();
      await page.locator('#log tr.log-error', { hasText: 'PIN_REQUIRED' }).waitFor();
      await pin.waitFor({ state: 'detached' });
      // An app's read of the same section asks again; the PIN typed here lets it go on.
      const his: NhiCardClient = createClient({ url: server.url, WebSocket });
      try {
        const read = his.readCard({ sections: ['insurance'] });
        await pin.waitFor();
        expect(await pin.getAttribute('type')).toBe('password');
        await pin.fill('246810');
        await reader.getByRole('button', { name: '輸入 · Enter PIN' }).click();
        const result = await read;
        expect(result.sections.insurance).toMatchObject({ name: '陳怡君' });
        await pin.waitFor({ state: 'detached' });
        // Never logged (the demo card's own note names its fictional PIN).
        expect(await page.locator('#log').textContent()).not.toContain('246810');
      } finally {
        await his.close();
      }
    });
  }, 60_000);
});
