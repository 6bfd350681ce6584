// A hospital's monitor over NATS in a real browser: 20 brokers, each its own process with 4
// simulated readers, publish to a real nats-server; Debian's Chromium loads the NATS feed's
// `<script>` bundle, connects over NATS's WebSocket listener as the read-only monitor user, and
// sees every insertion, with masked names only. The same page cannot publish, nor read subjects
// outside its permissions.
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type NhiCardClient } from '@nhicard/client';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNatsIife, NATS_IIFE_FILE } from '../../client-sdk/scripts/nats-bundle.js';
import { CliProcess, NHICARD_BIN } from '../cli/cli-process.js';
import { NodeWebSocket } from '../client/client-stack.js';
import { launchChromium, requireChromium } from '../examples/examples-stack.js';
import {
  brokerUser,
  MONITOR,
  type NatsServerProcess,
  requireNatsServer,
  SITE,
  startNatsServer,
} from './nats-server-process.js';

const available = requireNatsServer() && requireChromium();
const CLIENT_DIR = fileURLToPath(new URL('../../client-sdk/', import.meta.url));
const BROKERS = 20;
const READERS = 4;
const TOKEN = 'nats-monitor-test-admin-0123456789';
const workstations = Array.from(
  { length: BROKERS },
  (_, index) => `ws-${String(index + 1).padStart(2, '0')}`,
);

const PAGE = `<!doctype html><meta charset="utf-8"><title>NATS monitor test</title>
<script src="/${NATS_IIFE_FILE}"></script>
<script src="/nats-core.js"></script>
<script>
  window.states = {};
  window.events = [];
  window.statuses = [];
  window.start = (options) =>
    NhicardNats.watchPresenceOverNats(options, {
      onState: (change) => { window.states[change.key] = change.record; },
      onEvent: (event) => { window.events.push(event); },
      onStatus: (status) => { window.statuses.push(status); },
    }).then(() => 'watching', (error) => 'failed: ' + error.message);
</script>`;

/** The NATS client itself, for the page to try what its permissions forbid. */
async function buildNatsCore(): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents: "export { wsconnect } from '@nats-io/nats-core';", resolveDir: CLIENT_DIR },
    bundle: true,
    format: 'iife',
    globalName: 'NatsCore',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced nothing');
  return output.contents;
}

async function servePage(bundleDir: string): Promise<{ server: Server; url: string }> {
  const bundle = await readFile(join(bundleDir, NATS_IIFE_FILE));
  const natsCore = await buildNatsCore();
  const server = createServer((request, response) => {
    if (request.url === '/nats-core.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(natsCore);
    } else if (request.url === `/${NATS_IIFE_FILE}`) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe.skipIf(!available)('a Chromium monitor over NATS WebSocket', { timeout: 120_000 }, () => {
  let nats: NatsServerProcess;
  const brokers: CliProcess[] = [];
  const clients: NhiCardClient[] = [];
  let bundleDir: string;
  let pageServer: { server: Server; url: string };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    nats = await startNatsServer(workstations);
    bundleDir = join(tmpdir(), `nhicard-nats-bundle-${process.pid}`);
    await buildNatsIife(bundleDir);
    pageServer = await servePage(bundleDir);
    const startBroker = async (ws: string): Promise<void> => {
      const { user, pass } = brokerUser(ws);
      const broker = CliProcess.start(
        NHICARD_BIN,
        [
          'serve',
          '--driver',
          'simulator',
          '--sim-readers',
          String(READERS),
          '--sim-sam-delay-ms',
          '0',
          '--sim-read-latency-ms',
          '0',
          '--poll-interval-ms',
          '50',
          '--port',
          '0',
          '--no-demo-page',
          '--no-examples',
          '--log-level',
          'warn',
          '--allow-token',
          `${TOKEN}=presence,read,admin`,
          '--nats-servers',
          nats.url,
          '--nats-site',
          SITE,
          '--nats-workstation',
          ws,
          '--nats-user',
          user,
        ],
        { env: { NHICARD_NATS_PASSWORD: pass } },
      );
      brokers.push(broker);
      const [, url] = await broker.waitForStdout(/WebSocket {2}(ws:\/\/\S+)/, 300_000);
      const client = createClient({ url: url ?? '', token: TOKEN, WebSocket: NodeWebSocket });
      clients.push(client);
      await client.listReaders();
    };
    // The first start fills tsx's cache of the compiled sources; the rest start from it, two
    // at a time (one per core), so a loaded machine is not asked to start twenty at once.
    const [first = '', ...rest] = workstations;
    await startBroker(first);
    for (let index = 0; index < rest.length; index += 2) {
      await Promise.all(rest.slice(index, index + 2).map(startBroker));
    }
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(pageServer.url);
  }, 900_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await browser?.close();
    for (const broker of brokers) broker.kill('SIGTERM');
    await Promise.all(brokers.map((broker) => broker.waitForExit().catch(() => undefined)));
    pageServer?.server.close();
    await nats?.close();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  it(`shows every insertion of ${BROKERS} brokers × ${READERS} readers, masked names only`, async () => {
    const started = await page.evaluate(
      (options) => (window as unknown as { start(o: unknown): Promise<string> }).start(options),
      { servers: nats.wsUrl, user: MONITOR.user, pass: MONITOR.pass, site: SITE },
    );
    expect(started).toBe('watching');
    // Every reader's empty state arrives from the bucket first.
    await page.waitForFunction(
      (count) => Object.keys((window as never as { states: object }).states).length === count,
      BROKERS * READERS,
    );

    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: READERS }, (_, reader) =>
          client.request('sim.insert', { reader: `sim-${reader}`, card: 'adult' }),
        ),
      ),
    );
    await page.waitForFunction(
      (count) =>
        Object.values(
          (window as never as { states: Record<string, { status: { card: { holder: unknown } } }> })
            .states,
        ).filter((record) => record?.status.card.holder !== null).length === count,
      BROKERS * READERS,
    );
    const seen = await page.evaluate(() => {
      const w = window as never as {
        states: Record<string, unknown>;
        events: { topic: string; workstation: string; reader: string }[];
      };
      return {
        states: w.states,
        inserted: [
          ...new Set(
            w.events
              .filter((event) => event.topic === 'card.inserted')
              .map((event) => `${event.workstation}/${event.reader}`),
          ),
        ].sort(),
        text: JSON.stringify({ states: w.states, events: w.events }),
      };
    });
    const expected = workstations
      .flatMap((ws) => Array.from({ length: READERS }, (_, reader) => `${ws}/sim-${reader}`))
      .sort();
    expect(seen.inserted).toStrictEqual(expected);
    const record = seen.states[`${SITE}.ws-07.sim-2`] as { status: { card: unknown } };
    expect(record.status.card).toMatchObject({
      presence: 'ready',
      holder: { maskedName: '林○明' },
    });
    for (const secret of ['A123456789', '林小明', '1990-']) expect(seen.text).not.toContain(secret);
  });

  it('cannot publish, nor subscribe beyond its permissions, from the browser', async () => {
    const errors = await page.evaluate(
      async (options) => {
        const nats = (window as never as { NatsCore: { wsconnect(o: unknown): Promise<never> } })
          .NatsCore;
        const connection = (await nats.wsconnect(options)) as {
          status(): AsyncIterable<{ type: string; error?: unknown }>;
          publish(subject: string, data: string): void;
          subscribe(subject: string): AsyncIterable<unknown>;
          flush(): Promise<void>;
        };
        const seen: string[] = [];
        void (async () => {
          for await (const status of connection.status()) {
            if (status.type === 'error') seen.push(String(status.error));
          }
        })();
        connection.publish(`nhicard.presence.${options.site}.ws-01.sim-0`, '{"forged":true}');
        const forbidden = connection.subscribe('$KV.nhicard-readers.>');
        void (async () => {
          try {
            for await (const _ of forbidden) seen.push('received a KV write');
          } catch (error) {
            seen.push(`subscription: ${String(error)}`);
          }
        })();
        await connection.flush();
        while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
        return seen.sort();
      },
      { servers: nats.wsUrl, user: MONITOR.user, pass: MONITOR.pass, site: SITE },
    );
    expect(
      errors.some((text) =>
        /Permissions Violation for Publish to "nhicard\.presence\.test-site\.ws-01\.sim-0"/.test(
          text,
        ),
      ),
    ).toBe(true);
    expect(
      errors.some((text) =>
        /Permissions Violation for Subscription to "\$KV\.nhicard-readers\.>"/.test(text),
      ),
    ).toBe(true);
  });
});
