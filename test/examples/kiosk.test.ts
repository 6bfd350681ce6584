// The kiosk example in Debian's Chromium against a real broker on the simulator: waiting →
// progress → welcome with the masked name → waiting, a non-NHI card, a timeout, and the
// broker going away and coming back. The page is served from the broker's presence port and
// holds `presence` only:
// neither its DOM nor any WebSocket frame it receives ever holds the holder's ID number, full
// name or birth date.
import type { NhiCardClient } from '@nhicard/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  bodyStates,
  buildSdkBundle,
  type ExamplesBroker,
  launchChromium,
  openRecordedPage,
  type RecordedPage,
  recordBodyStates,
  requireChromium,
  screenshotPath,
  startExamplesBroker,
} from './examples-stack.js';

const chromiumFound = requireChromium();

// The adult demo card's holder (fictional): what the kiosk must never learn.
const PERSONAL = ['F123456784', '林志明', '1985-03-14', '0740314'];
const MASKED_NAME = '林○明';

/**
 * Records every step the progress screen is given, as `text | bar width`, from before the page
 * loads. Taken as the page sets the text (the kiosk sets the bar's width just before), not by
 * looking at the page: on a loaded machine one task can carry two steps, and a look after it
 * sees only the second.
 */
async function recordProgressSteps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const steps: string[] = [];
    (window as unknown as { __progressSteps: string[] }).__progressSteps = steps;
    const textContent = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent');
    Object.defineProperty(Node.prototype, 'textContent', {
      ...textContent,
      set(this: Node, value: string | null) {
        textContent?.set?.call(this, value);
        if (this instanceof HTMLElement && this.id === 'progress-text' && value) {
          const width = document.getElementById('progress-bar')?.style.width ?? '';
          steps.push(`${value} | ${width}`);
        }
      },
    });
  });
}

function progressSteps(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __progressSteps: string[] }).__progressSteps);
}

/** Resolves once `<body data-state>` is `state`. */
function stateIs(page: Page, state: string): Promise<unknown> {
  return page.waitForFunction((wanted) => document.body.dataset.state === wanted, state);
}

describe.skipIf(!chromiumFound)('the kiosk example in Chromium', () => {
  let browser: Browser;
  let sdkDirectory: string;
  let broker: ExamplesBroker;
  let admin: NhiCardClient;

  // Slow enough reads that the progress screen can be seen and photographed.
  const simulator = { readLatencyMs: 700 };

  beforeAll(async () => {
    sdkDirectory = await buildSdkBundle();
    broker = await startExamplesBroker({ sdkDirectory, simulator });
    admin = adminClient(broker.server);
    await admin.next('reader.attached');
    browser = await launchChromium();
  });

  // A test that failed half-way leaves no card behind for the next one.
  afterEach(async () => {
    if (broker.server.broker.readerStatus('sim-0').card.presence !== 'no-card') {
      await admin.request('sim.remove', {});
    }
  });

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await broker?.server.close();
  });

  async function openKiosk(query = ''): Promise<RecordedPage> {
    const recorded = await openRecordedPage(browser, 1280, 720);
    await recordBodyStates(recorded.page);
    await recordProgressSteps(recorded.page);
    await recorded.page.goto(`${broker.examplesUrl}kiosk/${query}`);
    await stateIs(recorded.page, 'waiting');
    return recorded;
  }

  it('goes waiting → progress → welcome (masked) → waiting and never holds personal data', async () => {
    const { page, frames, errors } = await openKiosk();
    // The broker granted the presence origin presence only (its hello is the first frame).
    expect(JSON.parse(frames[0] ?? '{}')).toMatchObject({ type: 'hello', scopes: ['presence'] });
    expect(await page.textContent('[data-screen="waiting"] h1')).toBe('請插入健保卡');
    expect(await page.textContent('[data-screen="waiting"] .sub')).toBe(
      'Please insert your NHI card',
    );
    await page.screenshot({ path: await screenshotPath('examples-kiosk-waiting') });

    const removed = admin.next('card.removed');
    await admin.request('sim.insert', { card: 'adult' });
    await page.waitForFunction(
      () => document.getElementById('progress-text')?.textContent === '第 2 / 2 項 · Step 2 of 2',
    );
    // The bar's CSS transition, for the photo only: wait until it has run, not for a time.
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running'),
    );
    await page.screenshot({ path: await screenshotPath('examples-kiosk-reading') });

    await stateIs(page, 'welcome');
    expect(await progressSteps(page)).toEqual([
      '準備中 Preparing | 5%',
      '第 1 / 2 項 · Step 1 of 2 | 25%',
      '第 2 / 2 項 · Step 2 of 2 | 75%',
      '完成 Done | 100%',
    ]);
    expect(await page.textContent('#welcome-name')).toBe(MASKED_NAME);
    expect(await page.textContent('[data-screen="welcome"] .sub')).toBe(`Welcome, ${MASKED_NAME}`);
    await page.screenshot({ path: await screenshotPath('examples-kiosk-welcome') });

    await admin.request('sim.remove', {});
    await removed;
    await stateIs(page, 'waiting');
    expect(await bodyStates(page)).toEqual(['waiting', 'reading', 'welcome', 'waiting']);

    const html = await page.content();
    for (const value of PERSONAL) expect(html).not.toContain(value);
    // Every frame the page received, checked: the masked name came, nothing personal did.
    expect(frames.some((frame) => frame.includes(MASKED_NAME))).toBe(true);
    expect(frames.some((frame) => frame.includes('"topic":"card.reading"'))).toBe(true);
    for (const frame of frames) {
      for (const value of PERSONAL) expect(frame).not.toContain(value);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for the PIN while the reader waits, and never says checked in when the read failed', async () => {
    const { page, errors } = await openKiosk('?resetSeconds=1');
    const pin = admin.next('card.pin');
    await admin.request('sim.insert', { card: 'pin-set' });
    await pin;
    await page.waitForFunction(() => document.body.dataset.pin === 'waiting');
    expect(await page.textContent('#progress-text')).toBe(
      '請輸入健保卡密碼 · Please enter your NHI card PIN',
    );
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('reading');
    // Cancel on the PIN prompt: the insurance read fails, so no check-in.
    const read = admin.next('card.read');
    await admin.request('sim.pin', { pin: null });
    expect((await read).data.errors?.insurance?.code).toBe('PIN_REQUIRED');
    await stateIs(page, 'error');
    expect(await page.textContent('#error-detail')).toContain('密碼輸入過程按『取消』鍵');
    expect(await bodyStates(page)).not.toContain('welcome');
    await admin.request('sim.remove', {});
    await stateIs(page, 'waiting');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so for a card that is not an NHI card, and returns to waiting after a timeout', async () => {
    const { page, errors } = await openKiosk('?resetSeconds=1');
    await admin.request('sim.insert', { card: 'not-nhi' });
    await stateIs(page, 'not-nhi');
    expect(await page.textContent('[data-screen="not-nhi"] h1')).toBe('這不是健保卡');
    await page.screenshot({ path: await screenshotPath('examples-kiosk-not-nhi') });
    // The card is still in: the timeout alone brings the start screen back.
    await stateIs(page, 'waiting');
    expect(await bodyStates(page)).toEqual(['waiting', 'not-nhi', 'waiting']);
    await admin.request('sim.remove', {});
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows "reconnecting" while the broker is down and carries on when it is back', async () => {
    const { page, errors } = await openKiosk();
    const port = broker.server.port;
    const presencePort = broker.server.presencePort ?? 0;
    await admin.close();
    await broker.server.close();
    await stateIs(page, 'offline');
    expect(await page.textContent('[data-screen="offline"] h1')).toBe('讀卡服務連線中斷');
    await page.screenshot({ path: await screenshotPath('examples-kiosk-offline') });

    broker = await startExamplesBroker({ sdkDirectory, simulator, port, presencePort });
    admin = adminClient(broker.server);
    await stateIs(page, 'waiting');
    await admin.request('sim.insert', { card: 'adult' });
    // Right after a reconnect the client may still be resyncing: a snapshot then stands for
    // the steps it covers, so only the outcome is certain here, not every step.
    await stateIs(page, 'welcome');
    expect((await progressSteps(page)).at(-1)).toBe('完成 Done | 100%');
    expect(await page.textContent('#welcome-name')).toBe(MASKED_NAME);
    await admin.request('sim.remove', {});
    await stateIs(page, 'waiting');
    expect(await bodyStates(page)).toEqual([
      'waiting',
      'offline',
      'waiting',
      'reading',
      'welcome',
      'waiting',
    ]);
    // Loading the page failed nowhere: no script error.
    expect(errors).toEqual([]);
    await page.close();
  });
});
