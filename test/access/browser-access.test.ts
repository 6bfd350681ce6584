// Access control in Debian's Chromium against a real broker: a page on another origin gets no
// connection, from its own frame, a sandboxed frame or a data: frame (origin null); and the
// consent flow end to end: request → ACCESS_PENDING → `nhicard access approve` → the page
// connects with the approved scopes → the approval survives a restart → `nhicard access deny`
// ends the session and refuses it.
import { readFileSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorDriver } from '@nhicard/native';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { CliProcess, NHICARD_BIN } from '../cli/cli-process.js';
import { startProxy } from '../client/client-stack.js';
import { buildSdkBundle, launchChromium, requireChromium } from '../examples/examples-stack.js';

const chromiumFound = requireChromium();

/** What the test page keeps on `window`: its client (the SDK's `<script>` build). */
interface PageWindow {
  client: {
    state: { status: string };
    hello: { scopes: string[] } | null;
    accessError: { code: string; hintZh?: string } | null;
    connect(): void;
  };
}

/** A site that is not the broker's: its page, frames and the SDK bundle. */
function startSite(sdkDirectory: string): Promise<Server> {
  const bundle = readFileSync(join(sdkDirectory, 'nhicard-client.iife.js'), 'utf8');
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const broker = url.searchParams.get('broker') ?? '';
    const send = (type: string, body: string): void => {
      response.writeHead(200, { 'Content-Type': type });
      response.end(body);
    };
    if (url.pathname === '/sdk.js') return send('text/javascript', bundle);
    if (url.pathname === '/frames.html') return send('text/html', framesPage(broker));
    if (url.pathname === '/app.html') return send('text/html', appPage(broker));
    response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A script that opens a WebSocket to `broker` and reports how it ended to the parent. */
function probe(who: string, broker: string): string {
  return `<script>
    const got = [];
    const ws = new WebSocket(${JSON.stringify(broker)}, 'nhicard.v1.json');
    ws.onmessage = (event) => got.push(String(event.data));
    ws.onclose = (event) =>
      (window.parent === window ? window : window.parent).postMessage(
        { who: ${JSON.stringify(who)}, code: event.code, reason: event.reason, got }, '*');
  </script>`;
}

function framesPage(broker: string): string {
  const sandboxed = probe('sandboxed', broker).replaceAll('"', '&quot;');
  const data = `data:text/html,${encodeURIComponent(probe('data', broker))}`;
  return `<!doctype html><script>
      window.results = [];
      addEventListener('message', (event) => window.results.push(event.data));
    </script>
    ${probe('top', broker)}
    <iframe sandbox="allow-scripts" srcdoc="${sandboxed}"></iframe>
    <iframe src="${data}"></iframe>`;
}

function appPage(broker: string): string {
  return `<!doctype html><script src="/sdk.js"></script><script>
    window.client = NhiCard.createClient({
      url: ${JSON.stringify(broker)},
      requestAccess: ['read'],
      reconnect: { initialDelayMs: 100, maxDelayMs: 300 },
    });
  </script>`;
}

describe.skipIf(!chromiumFound)('access control in Chromium', () => {
  let browser: Browser;
  let sdkDirectory: string;
  let site: Server;
  let siteOrigin: string;

  beforeAll(async () => {
    sdkDirectory = await buildSdkBundle();
    site = await startSite(sdkDirectory);
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  async function broker(consentFile?: string, port = 0, presencePort = 0, lines?: string[]) {
    return startServer({
      port,
      presencePort,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      broker: { pollIntervalMs: 20 },
      examples: { sdkDirectory },
      ...(lines
        ? { logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) }
        : {}),
      access: consentFile === undefined ? {} : { consentFile },
    });
  }

  it('gives a page on another origin no connection, from its own, a sandboxed or a data: frame', async () => {
    const lines: string[] = [];
    const server = await broker(undefined, 0, 0, lines);
    try {
      const page = await browser.newPage();
      await page.goto(`${siteOrigin}/frames.html?broker=${encodeURIComponent(server.url)}`);
      await page.waitForFunction(
        () => (window as unknown as { results: unknown[] }).results.length === 3,
      );
      const results = await page.evaluate(
        () => (window as unknown as { results: { who: string }[] }).results,
      );
      const byWho = Object.fromEntries(results.map((result) => [result.who, result]));
      for (const who of ['top', 'sandboxed', 'data']) {
        // Closed before hello with the typed code; not one frame of card or reader data.
        expect(byWho[who]).toEqual({ who, code: 1008, reason: 'ORIGIN_NOT_ALLOWED', got: [] });
      }
      const refused = lines
        .map((line) => JSON.parse(line) as { msg: string; origin?: string })
        .filter((record) => record.msg === 'page refused')
        .map((record) => record.origin)
        .sort();
      // Chromium sent origin null from both frames: the broker gave null nothing.
      expect(refused).toEqual([siteOrigin, 'null', 'null']);
      const health = (await (await fetch(`${server.httpUrl}healthz`)).json()) as {
        connections: number;
      };
      expect(health.connections).toBe(0);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('runs the consent flow: pending, approved with its scopes, kept over a restart, revoked', async () => {
    const consentFile = join(await mkdtemp(join(tmpdir(), 'nhicard-consent-')), 'access.json');
    let server: RunningServer = await broker(consentFile);
    // The page keeps the proxy's address across the restart; the restarted broker takes fresh
    // ports, so no other process on the machine can take the old ones in between.
    const proxy = await startProxy(server.port);
    const page: Page = await browser.newPage();
    const accessErrorIs = (code: string) =>
      page.waitForFunction(
        (wanted) => (window as unknown as PageWindow).client.accessError?.code === wanted,
        code,
      );
    const openWith = (scopes: string) =>
      page.waitForFunction((wanted) => {
        const { client } = window as unknown as PageWindow;
        return client.state.status === 'open' && client.hello?.scopes.join(',') === wanted;
      }, scopes);
    const connectAgain = () =>
      page.evaluate(() => (window as unknown as PageWindow).client.connect());
    const cli = (...args: string[]) =>
      CliProcess.run(NHICARD_BIN, ['access', ...args, '--access-file', consentFile]);
    try {
      await page.goto(`${siteOrigin}/app.html?broker=${encodeURIComponent(proxy.url)}`);
      await accessErrorIs('ACCESS_PENDING');
      expect(
        await page.evaluate(() => (window as unknown as PageWindow).client.accessError?.hintZh),
      ).toContain('nhicard access');
      expect(await page.evaluate(() => (window as unknown as PageWindow).client.state.status)).toBe(
        'closed',
      );

      const listed = await cli('list');
      expect(listed.stdout).toMatch(
        new RegExp(`^pending   ${siteOrigin}  asks for presence,read since `),
      );
      const approved = await cli('approve', siteOrigin);
      expect([approved.exit.code, approved.stdout]).toEqual([
        0,
        `Approved ${siteOrigin} with presence, read.\n`,
      ]);
      if (process.platform !== 'win32') expect((await stat(consentFile)).mode & 0o777).toBe(0o600);

      // Asked again, the page connects with what was approved.
      await connectAgain();
      await openWith('presence,read');

      // A restart: the approval is read back from the file.
      await server.close();
      server = await broker(consentFile);
      proxy.retarget(server.port);
      await openWith('presence,read');

      // Revoked: the open session ends at once with ACCESS_DENIED, and asking again is refused.
      const denied = await cli('deny', siteOrigin);
      expect(denied.exit.code).toBe(0);
      await accessErrorIs('ACCESS_DENIED');
      await connectAgain();
      await page.waitForFunction(
        () => (window as unknown as PageWindow).client.state.status === 'closed',
      );
      await accessErrorIs('ACCESS_DENIED');
    } finally {
      await page.close();
      await proxy.close();
      await server.close();
    }
  }, 120_000);
});
