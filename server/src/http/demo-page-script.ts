/**
 * The demo page's script, as plain browser JavaScript (no build step). It talks to the broker
 * through the client SDK's `<script>` bundle (`window.NhiCard`, served at `/sdk/`): the SDK
 * connects, reconnects, resyncs and keeps the heartbeat; the page takes one snapshot per
 * connection and then keeps its model of the readers current from the events themselves, by
 * `seq`. The reader cards are drawn by `DEMO_PAGE_READERS_SCRIPT` and the site-access panel by
 * `DEMO_PAGE_ACCESS_SCRIPT`, appended to this one in the same `<script>`. Labels are zh-TW with
 * English, as in the examples; times are 24-hour, in Taiwan time. Every piece of data goes
 * into the page through `textContent`, never as HTML. Kept as a string so the server needs no
 * bundler; it uses no template literals or backslashes, so it sits inside one unchanged.
 */
export const DEMO_PAGE_SCRIPT = `
'use strict';
const config = JSON.parse(document.getElementById('nhicard-config').textContent);
const $ = (id) => document.getElementById(id);
const MAX_LOG_ROWS = 300;
// Taiwan time on the 24-hour clock, whatever the browser's zone and language (as the examples).
const TIME = new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const DATE_TIME = new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const PRESENCE = {
  'no-card': '未插卡 · No card', 'not-ready': '準備中 · Not ready', ready: '可讀取 · Ready',
  'not-nhi-card': '非健保卡 · Not an NHI card', 'reader-error': '讀卡機錯誤 · Reader error',
};
let client = null;
let paused = false;
// The page's model: each reader's status and sections, by reader id, as of seq modelSeq (null
// while no snapshot has arrived on this connection); and the sections whose read waits for a PIN.
const readers = new Map();
const pinWaits = new Map();
let modelSeq = null;
let snapshotting = false;
let snapshotAgain = false;
const heldEvents = [];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setStatus(state, text) {
  const pill = $('status');
  pill.className = 'pill ' + state;
  pill.textContent = text;
}

// The broker's message, with the catalog's zh-TW hint first when it has one.
function errorText(error) {
  if (!error || !error.code) return String(error && error.message || error);
  return error.code + ': ' + (error.hintZh ? error.hintZh + ' · ' : '') + error.message;
}

function request(op, params) {
  if (!client) return Promise.reject(new Error('not connected'));
  return client.request(op, params || {});
}

function summary(event) {
  const data = event.data || {};
  switch (event.topic) {
    case 'card.inserted': return PRESENCE[data.presence] || data.presence;
    case 'card.reading': return data.section + ' (' + data.index + '/' + data.total + ')';
    case 'card.pin': return data.section + ': 等待輸入健保卡密碼 · waiting for the card PIN';
    case 'card.read': {
      const who = data.holder ? data.holder.maskedName : '持卡人不明 · unknown holder';
      const sections = data.sections ? Object.keys(data.sections).join(', ') : '無卡片資料 · no sections';
      return who + ': ' + sections;
    }
    case 'card.error': return (data.section ? '[' + data.section + '] ' : '') + errorText(data.error);
    case 'reader.attached':
    case 'reader.detached': return data.reader.name;
    case 'server.shutdown': return data.reason;
    default: return '';
  }
}

function log(kind, seq, topic, reader, text) {
  if (paused) return;
  const row = el('tr', 'log-' + kind);
  row.append(
    el('td', 'mono', TIME.format(new Date())),
    el('td', 'mono', seq === null ? '' : String(seq)),
    el('td', 'topic', topic),
    el('td', 'mono', reader || ''),
    el('td', '', text),
  );
  const body = $('log');
  body.prepend(row);
  while (body.rows.length > MAX_LOG_ROWS) body.deleteRow(body.rows.length - 1);
}

// Applies one live event to the model; false when only a snapshot can tell the new state (the
// broker publishes no event when a card settles from not-ready, or a reader fails).
function apply(event) {
  const data = event.data || {};
  if (event.topic === 'reader.attached') {
    readers.set(data.reader.id, { reader: data.reader, card: { presence: 'no-card', since: event.time, holder: null } });
    return true;
  }
  if (event.topic === 'reader.detached') {
    readers.delete(data.reader.id);
    return true;
  }
  const entry = readers.get(event.reader);
  if (!entry) return event.reader === null;
  switch (event.topic) {
    case 'card.inserted':
      entry.card = { presence: data.presence, since: event.time, holder: null, insertion: data.insertion };
      entry.sections = undefined;
      return true;
    case 'card.removed':
      entry.card = { presence: 'no-card', since: event.time, holder: null };
      entry.sections = undefined;
      return true;
    case 'card.pin':
    case 'card.reading':
      return entry.card.presence === 'ready';
    case 'card.read':
      entry.card.holder = data.holder;
      if (data.sections) entry.sections = Object.assign(entry.sections || {}, data.sections);
      return entry.card.presence === 'ready';
    case 'card.error':
      return data.insertion !== undefined;
    default:
      return true;
  }
}

// One snapshot per connection (and when an event says the model cannot follow): events that
// arrive meanwhile wait, and those the snapshot already covers (by seq) are not applied again.
function takeSnapshot() {
  if (snapshotting) {
    snapshotAgain = true;
    return;
  }
  snapshotting = true;
  client.snapshot().then((snapshot) => {
    readers.clear();
    for (const status of snapshot.readers) readers.set(status.reader.id, status);
    modelSeq = snapshot.seq;
    snapshotting = false;
    const held = heldEvents.splice(0);
    for (const event of held) follow(event);
    if (snapshotAgain) {
      snapshotAgain = false;
      takeSnapshot();
    }
    renderReaders();
  }, (error) => {
    snapshotting = false;
    log('error', null, 'snapshot', null, errorText(error));
  });
}

function follow(event) {
  if (snapshotting || modelSeq === null) {
    heldEvents.push(event);
    return;
  }
  if (event.seq <= modelSeq) return;
  modelSeq = event.seq;
  // A resync event stands for changes made while the SDK was not listening: ask for them all.
  if (event.resync || !apply(event)) takeSnapshot();
}

function onEvent(event) {
  if (event.topic === 'card.pin') pinWaits.set(event.reader, event.data.section);
  else if (event.topic.startsWith('card.')) pinWaits.delete(event.reader);
  const kind = event.topic === 'card.error' ? 'error' : event.topic === 'card.read' ? 'good' : 'event';
  log(kind, event.seq, event.topic + (event.resync ? ' (resync)' : ''), event.reader, summary(event));
  follow(event);
  renderReaders();
}

function onState(state) {
  if (state.status === 'open' && client.hello) {
    const hello = client.hello;
    setStatus('online', '已連線 · Connected');
    $('driver').textContent = hello.driver;
    $('scopes').textContent = hello.scopes.join(', ');
    $('version').textContent = hello.server.name + ' ' + hello.server.version;
    modelSeq = null;
    pinWaits.clear();
    takeSnapshot();
    showAccess(hello.scopes.includes('admin'));
    return;
  }
  showAccess(false);
  const close = state.lastClose;
  const retrying = state.status === 'reconnecting' && state.retryInMs !== null;
  if (!close || (state.status !== 'closed' && !retrying)) {
    setStatus('connecting', '連線中 · Connecting…');
    return;
  }
  setStatus('offline', '已斷線 · Disconnected (' + close.code + ')');
  const why = 'closed with ' + close.code + (close.reason ? ': ' + close.reason : '');
  if (!retrying) {
    log('error', null, 'connection', null, '連線已結束，請重新載入 · ' + why + '; reload the page');
    return;
  }
  const seconds = Math.round(state.retryInMs / 100) / 10;
  log('error', null, 'connection', null, '連線中斷，' + seconds + ' 秒後重試 · ' + why + '; retrying in ' + seconds + ' s');
}

function start() {
  if (!window.NhiCard) {
    setStatus('offline', '找不到 SDK · SDK missing');
    $('readers').replaceChildren(el('p', 'error', '找不到讀卡 SDK (/sdk/nhicard-client.iife.js) · The client bundle is missing: run pnpm --filter @nhicard/client build, then reload.'));
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  client = window.NhiCard.createClient({ url: scheme + location.host + config.path });
  client.on('*', onEvent);
  client.states().subscribe(onState);
}

// A failure in this page shows in its own log, where an installer will look.
window.addEventListener('error', (event) => log('error', null, 'page', null, String(event.message)));
window.addEventListener('unhandledrejection', (event) => log('error', null, 'page', null, String(event.reason && event.reason.message || event.reason)));

$('clear').onclick = () => $('log').replaceChildren();
$('pause').onclick = (event) => {
  paused = !paused;
  event.target.textContent = paused ? '繼續 · Resume' : '暫停 · Pause';
};
`;
