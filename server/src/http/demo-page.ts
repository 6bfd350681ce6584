import type { HelloMessage } from '@nhicard/protocol';
import type { SimulatorCardEntry } from '../ws/simulator-cards.js';
import { DEMO_PAGE_ACCESS_SCRIPT } from './demo-page-access-script.js';
import { DEMO_PAGE_READERS_SCRIPT } from './demo-page-readers-script.js';
import { DEMO_PAGE_SCRIPT } from './demo-page-script.js';
import { SDK_PATH } from './sdk-routes.js';

/** What the demo page shows besides what it learns over the WebSocket. */
export interface DemoPageContent {
  /** The broker's name and version. */
  serverInfo: HelloMessage['server'];
  /** The WebSocket path. */
  path: string;
  /** The demo cards, when the driver is the simulator (then insert/remove buttons show). */
  simulatorCards: readonly SimulatorCardEntry[] | null;
  /** A fresh random value per response, allowing the inline script and style under the CSP. */
  nonce: string;
  /** Where the example apps are served, for a link; left out or null when they are not. */
  examplesPath?: string | null;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

// JSON inside a <script> element: `<` is escaped so no value can close the element early.
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #687084;
  --line: #e2e5ea; --accent: #0b7a75; --good: #1a7f37; --warn: #9a6700; --bad: #c62828; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --panel: #1c2027; --text: #e6e8ec;
  --muted: #9aa3b2; --line: #2c323c; --accent: #3fb8af; --good: #4ac26b; --warn: #d4a72c; --bad: #ef5350; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "Noto Sans TC", "Microsoft JhengHei", sans-serif;
  background: var(--bg); color: var(--text); }
header.top { display: flex; align-items: center; gap: 16px; padding: 14px 28px; background: var(--panel);
  border-bottom: 1px solid var(--line); }
header.top h1 { font-size: 20px; margin: 0; }
header.top .meta { color: var(--muted); font-size: 13px; display: flex; gap: 16px; flex-wrap: wrap; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; display: grid; gap: 24px; }
section h2 { font-size: 16px; margin: 0 0 12px; display: flex; align-items: center; gap: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
.reader { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px; }
.reader header { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.reader h3 { margin: 0; font-size: 15px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 12px 0; font-size: 14px; }
dt { color: var(--muted); } dd { margin: 0; }
.mono, pre { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 13px; }
details { margin-top: 12px; } summary { cursor: pointer; }
pre { max-height: 320px; overflow: auto; background: var(--bg); padding: 10px; border-radius: 6px; }
.badge, .pill { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px;
  font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.ready, .pill.online { color: var(--good); } .badge.not-ready, .pill.connecting { color: var(--warn); }
.badge.no-card { color: var(--muted); }
.badge.not-nhi-card, .badge.reader-error, .pill.offline { color: var(--bad); }
.controls { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.controls select, .controls .note { grid-column: 1 / -1; }
.controls .note { margin: 0; font-size: 13px; min-height: 2.6em; }
select, button, input { font: inherit; font-size: 14px; padding: 6px 10px; border-radius: 6px;
  border: 1px solid var(--line); background: var(--panel); color: var(--text); }
select, .controls input { min-width: 0; width: 100%; } .controls input { grid-column: 1 / -1; }
button { cursor: pointer; } button:disabled { opacity: .45; cursor: default; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 6px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; background: var(--bg); position: sticky; top: 0; }
.log-wrap { max-height: 420px; overflow: auto; }
.topic { font-weight: 600; } .log-error td { color: var(--bad); } .log-good .topic { color: var(--good); }
.error { color: var(--bad); } .muted { color: var(--muted); }
td.actions { display: flex; gap: 8px; flex-wrap: wrap; } .access-pending .status { color: var(--warn); }
.access-approved .status { color: var(--good); } .access-denied .status { color: var(--bad); }
footer { color: var(--muted); font-size: 13px; }
a { color: var(--accent); }
`;

/**
 * The demo page: readers, simulator controls (with the virtual reader's PIN prompt), a live
 * event log and (for an `admin` connection) the site-access panel, in one HTML document that
 * talks to the broker through the client SDK's `<script>` bundle, loaded from
 * {@link SDK_PATH}; zh-TW with English.
 */
export function renderDemoPage(content: DemoPageContent): string {
  const { serverInfo, path, simulatorCards, nonce, examplesPath } = content;
  const examplesLink = examplesPath
    ? ` · <a href="${escapeHtml(examplesPath)}">範例 · Examples (HIS registration, kiosk, monitor)</a>`
    : '';
  const config = { path, simulator: simulatorCards === null ? null : { cards: simulatorCards } };
  const simulatorNote =
    simulatorCards === null
      ? ''
      : '<p class="muted">模擬器：選一張示範卡（虛構人物）插入讀卡機。 · Simulator: pick a demo card (fictional people) and insert it into a reader.</p>';
  return `<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nhicard 讀卡服務 · broker</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header class="top">
  <h1>nhicard</h1>
  <span id="status" class="pill connecting">連線中 · Connecting…</span>
  <div class="meta">
    <span>版本 · Version <b id="version">${escapeHtml(`${serverInfo.name} ${serverInfo.version}`)}</b></span>
    <span>驅動程式 · Driver <b id="driver">—</b></span>
    <span>權限 · Scopes <b id="scopes">—</b></span>
  </div>
</header>
<main>
  <section>
    <h2>讀卡機 · Card readers</h2>
    ${simulatorNote}
    <div id="readers" class="grid"><p class="muted">等待讀卡服務 · Waiting for the broker…</p></div>
  </section>
  <section id="access" hidden>
    <h2>網站存取 · Site access</h2>
    <p class="muted">其他網站的網頁要求連線時，在這裡核准（並選擇權限）或拒絕；核准會保留到撤銷為止。 · A page on another site that asks to connect waits here: approve it with the scopes you choose, or deny it. An approval lasts until revoked.</p>
    <div class="panel">
      <table>
        <thead><tr><th>來源 · Origin</th><th>狀態 · Status</th><th>權限 · Scopes</th><th>時間 · Since</th><th></th></tr></thead>
        <tbody id="access-list"></tbody>
      </table>
    </div>
    <p id="access-note" class="error"></p>
  </section>
  <section>
    <h2>即時事件 · Live events <button id="pause" type="button">暫停 · Pause</button><button id="clear" type="button">清除 · Clear</button></h2>
    <div class="panel log-wrap">
      <table>
        <thead><tr><th>時間 · Time</th><th>序號 · Seq</th><th>事件 · Topic</th><th>讀卡機 · Reader</th><th>內容 · Details</th></tr></thead>
        <tbody id="log"></tbody>
      </table>
    </div>
  </section>
  <footer>
    WebSocket 端點 · endpoint <span class="mono">${escapeHtml(path)}</span> ·
    <a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a>${examplesLink}
  </footer>
</main>
<script id="nhicard-config" type="application/json">${scriptJson(config)}</script>
<script nonce="${nonce}" src="${SDK_PATH}nhicard-client.iife.js"></script>
<script nonce="${nonce}">${DEMO_PAGE_SCRIPT}${DEMO_PAGE_READERS_SCRIPT}${DEMO_PAGE_ACCESS_SCRIPT}start();
</script>
</body>
</html>
`;
}
