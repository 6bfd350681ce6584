// The real stack the examples' browser tests run on: brokers on the simulator serving the
// examples (with the client's `<script>` bundle built fresh from the sources, not a stale
// dist/), Debian's Chromium through playwright-core, an admin client that inserts cards, and
// recorders for what a page showed and received.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type NhiCardClient } from '@nhicard/client';
import { createSimulatorDriver, type SimulatorDriverOptions } from '@nhicard/native';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildIife } from '../../client-sdk/scripts/bundles.js';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { ADMIN_TOKEN, NodeWebSocket } from '../client/client-stack.js';
import { requireStack } from '../support/require-stack.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const repoDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Whether Chromium is here, for `describe.skipIf`: warns loudly and returns false when it is
 * not; throws instead under `NHICARD_TEST_REQUIRE=all` (or `chromium`).
 */
export function requireChromium(): boolean {
  return requireStack(
    'chromium',
    existsSync(CHROMIUM),
    `${CHROMIUM} not found: apt-get install -y --no-install-recommends chromium fonts-noto-cjk (.ci/apt-packages.txt lists what CI installs)`,
  );
}

/** Starts Debian's Chromium (one per test file). */
export function launchChromium(
  options: { home?: string; extraArgs?: readonly string[] } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    ...(options.home === undefined ? {} : { env: { ...process.env, HOME: options.home } }),
  });
}

/**
 * Builds the JSON `<script>` bundle from the current sources into a temporary folder (once
 * per test file) and returns the folder, for the brokers' `examples.sdkDirectory`.
 */
export async function buildSdkBundle(): Promise<string> {
  const directory = join(tmpdir(), `nhicard-examples-sdk-${process.pid}`);
  await buildIife('json', directory);
  return directory;
}

/** A broker on the simulator serving the examples, and its simulator. */
export interface ExamplesBroker {
  server: RunningServer;
  /** `http://127.0.0.1:<port>/examples/`. */
  examplesUrl: string;
}

/** What {@link startExamplesBroker} takes. */
export interface ExamplesBrokerOptions {
  /** The folder holding the built `<script>` bundle. */
  sdkDirectory: string;
  /** A fixed port, to restart a broker in place; 0 (default) picks one. */
  port?: number;
  /** A fixed presence port (kiosk, monitor), to restart in place; 0 (default) picks one. */
  presencePort?: number;
  /** The simulator's settings; tests default to no SAM delay and quick reads. */
  simulator?: SimulatorDriverOptions;
}

/**
 * A presence-only token every examples broker knows: the monitor, served by one broker, reaches
 * the others with it (their origin lists do not name its presence origin).
 */
export const MONITOR_TOKEN = '9e2d4c6a8b0f1e3d5c7a9b1d3f5e7c90';

/**
 * Starts a broker on the simulator that serves the examples; tokens: {@link ADMIN_TOKEN} and
 * {@link MONITOR_TOKEN}.
 */
export async function startExamplesBroker(options: ExamplesBrokerOptions): Promise<ExamplesBroker> {
  // A broker restarted on its old port can find it taken for a moment: a page that keeps
  // reconnecting to a closed port can connect to itself (TCP self-connect) and hold it until its
  // handshake fails. Try again while the port is busy; anything else fails at once.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startExamplesBrokerOnce(options);
    } catch (error) {
      const busy = (error as { cause?: { code?: string } }).cause?.code === 'EADDRINUSE';
      if (!busy || options.port === undefined || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function startExamplesBrokerOnce(options: ExamplesBrokerOptions): Promise<ExamplesBroker> {
  const driver = createSimulatorDriver({
    samAuthDelayMs: 0,
    readLatencyMs: 20,
    ...options.simulator,
  });
  const server = await startServer({
    port: options.port ?? 0,
    presencePort: options.presencePort ?? 0,
    driver,
    broker: { pollIntervalMs: 20 },
    access: { tokens: { [ADMIN_TOKEN]: ['read', 'admin'], [MONITOR_TOKEN]: ['presence'] } },
    examples: { sdkDirectory: options.sdkDirectory },
  });
  if (server.examplesUrl === null) throw new Error('the broker does not serve the examples');
  return { server, examplesUrl: server.examplesUrl };
}

/** A Node client with every scope, for inserting and removing simulated cards. */
export function adminClient(server: RunningServer): NhiCardClient {
  return createClient({ url: server.url, token: ADMIN_TOKEN, WebSocket: NodeWebSocket });
}

/**
 * Collects the payload of every WebSocket frame the page receives, as text (binary frames
 * as UTF-8, which is how a MessagePack string would show), from before the page loads.
 */
function recordReceivedFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString());
    });
  });
  return frames;
}

/** Collects uncaught errors of the page's scripts. */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A page recorded from before it loads: the frames it receives and its scripts' errors. */
export interface RecordedPage {
  page: Page;
  /** See {@link recordReceivedFrames}. */
  frames: string[];
  /** See {@link recordPageErrors}. */
  errors: string[];
}

/** A new page of `browser` with a `width` × `height` viewport, recorded from the start. */
export async function openRecordedPage(
  browser: Browser,
  width: number,
  height: number,
): Promise<RecordedPage> {
  const page = await browser.newPage({ viewport: { width, height } });
  return { page, frames: recordReceivedFrames(page), errors: recordPageErrors(page) };
}

/**
 * Records every value `<body data-state>` takes, in order, in `window.__stateHistory`: a page's
 * screens can pass faster than a test polls.
 */
export async function recordBodyStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const history: string[] = [];
    (window as unknown as { __stateHistory: string[] }).__stateHistory = history;
    new MutationObserver(() => {
      const state = document.body?.dataset.state;
      if (state !== undefined && history.at(-1) !== state) history.push(state);
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-state'] });
  });
}

/** What {@link recordBodyStates} has recorded so far. */
export function bodyStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __stateHistory: string[] }).__stateHistory);
}

/**
 * Where a screenshot goes: `docs/images/<name>.png` when `NHICARD_UPDATE_SCREENSHOTS=1` (to
 * refresh the ones the README shows), else `test-artifacts/<name>.png` so that a test run
 * leaves the work tree clean.
 */
export async function screenshotPath(name: string): Promise<string> {
  const folder =
    process.env.NHICARD_UPDATE_SCREENSHOTS === '1'
      ? join(repoDir, 'docs/images')
      : join(repoDir, 'test-artifacts');
  await mkdir(folder, { recursive: true });
  return join(folder, `${name}.png`);
}
