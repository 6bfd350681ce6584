import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type NhiCardClient } from '@nhicard/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIife, IIFE_BUNDLES, type IifeBundle } from '../../client-sdk/scripts/bundles.js';
import {
  ADMIN_TOKEN,
  NodeWebSocket,
  startTestBroker,
  type TestBroker,
} from '../client/client-stack.js';
import { launchChromium, requireChromium } from '../examples/examples-stack.js';

const repoDir = fileURLToPath(new URL('../../', import.meta.url));
const artifactsDir = join(repoDir, 'test-artifacts');
const pageFile = fileURLToPath(new URL('./page/index.html', import.meta.url));

const chromiumFound = requireChromium();

/** What the page records in `window.testResult`. */
interface PageResult {
  states: string[];
  events: { topic: string; reader: string; resync: boolean }[];
  noCardError: { isNhiCardError: boolean; code: string; retryable: boolean } | null;
  name: string | null;
  error: string | null;
}

/** Serves the test page (with the bundle to load filled in) and the freshly built bundles. */
async function startPageServer(bundleDir: string): Promise<{ server: Server; origin: string }> {
  const template = await readFile(pageFile, 'utf8');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://page.invalid');
    const bundleFiles = Object.values(IIFE_BUNDLES).map((bundle) => bundle.file as string);
    if (url.pathname === '/') {
      const bundle = url.searchParams.get('bundle') ?? '';
      if (!bundleFiles.includes(bundle)) {
        response.writeHead(400).end('unknown bundle');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(template.replaceAll('__BUNDLE__', bundle));
      return;
    }
    const file = url.pathname.slice(1);
    if (!bundleFiles.includes(file)) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(bundleDir, file)).then(
      (contents) => {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        response.end(contents);
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}` };
}

describe.skipIf(!chromiumFound)('the <script> bundle in Chromium', () => {
  let browser: Browser;
  let broker: TestBroker;
  let admin: NhiCardClient;
  let pages: { server: Server; origin: string };

  beforeAll(async () => {
    const bundleDir = join(tmpdir(), `nhicard-browser-${process.pid}`);
    await Promise.all([buildIife('json', bundleDir), buildIife('msgpack', bundleDir)]);
    pages = await startPageServer(bundleDir);
    // The page's origin may read cards; inserting them is the admin's (the test's) job.
    broker = await startTestBroker({ origins: { [pages.origin]: ['read'] } });
    admin = createClient({ url: broker.server.url, token: ADMIN_TOKEN, WebSocket: NodeWebSocket });
    await admin.next('reader.attached');
    browser = await launchChromium();
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await broker?.server.close();
    await new Promise((resolve) => pages?.server.close(resolve));
  });

  const cases: [IifeBundle, 'json' | 'msgpack'][] = [
    ['json', 'json'],
    ['msgpack', 'msgpack'],
  ];
  it.each(cases)(
    'the %s bundle hears card.inserted and reads the Chinese name',
    async (bundle, codec) => {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const query = new URLSearchParams({
        bundle: IIFE_BUNDLES[bundle].file,
        broker: broker.server.url,
        codec,
      });
      await page.goto(`${pages.origin}/?${query}`);
      await page.waitForFunction(
        () => (window as unknown as { testResult: PageResult }).testResult.noCardError !== null,
      );

      const removed = admin.next('card.removed');
      await admin.request('sim.insert', { card: 'adult' });
      await page.waitForFunction(() => {
        const result = (window as unknown as { testResult: PageResult }).testResult;
        return result.name !== null || result.error !== null;
      });
      const result = await page.evaluate(
        () => (window as unknown as { testResult: PageResult }).testResult,
      );
      expect(result.error).toBeNull();
      expect(result.name).toBe('林志明');
      expect(await page.textContent('#holder-name')).toBe('林志明');
      expect(result.states.slice(0, 2)).toEqual(['connecting', 'open']);
      expect(result.noCardError).toEqual({
        isNhiCardError: true,
        code: 'NO_CARD',
        retryable: true,
      });
      expect(result.events[0]).toEqual({ topic: 'card.inserted', reader: 'sim-0', resync: false });
      expect(pageErrors).toEqual([]);
      await page.screenshot({
        path: join(artifactsDir, `client-browser-${bundle}.png`),
        fullPage: true,
      });

      await admin.request('sim.remove', {});
      await removed;
      await page.close();
    },
  );
});
