/**
 * The demo page's script, as plain browser JavaScript (no build step). It speaks the JSON
 * subprotocol directly: hello, subscribe to everything, a snapshot after every event (so the
 * reader cards always show the broker's state), a live event log, and the simulator's
 * insert/remove buttons. Labels are zh-TW with English, as in the examples; times are
 * 24-hour, in Taiwan time. Every piece of data goes into the page through `textContent`,
 * never as HTML. Kept as a string so the server needs no bundler; it uses no template literals
 * or backslashes, so it sits inside one unchanged.
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
let socket = null;
let nextId = 1;
let lastSeq = 0;
let retryMs = 1000;
let refreshQueued = false;
let paused = false;
const pending = new Map();
// What the user picked and opened survives the re-render after every event.
const chosenCards = new Map();
const openSections = new Set();

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

function request(op, params) {
  return new Promise((resolve, reject) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      reject(new Error('not connected'));
      return;
    }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ type: 'request', id: id, op: op, params: params || {} }));
  });
}

function summary(event) {
  const data = event.data || {};
  switch (event.topic) {
    case 'card.inserted': return PRESENCE[data.presence] || data.presence;
    case 'card.reading': return data.section + ' (' + data.index + '/' + data.total + ')';
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

// The broker's message, with the catalog's zh-TW hint first when it has one.
function errorText(error) {
  return error.code + ': ' + (error.hintZh ? error.hintZh + ' · ' : '') + error.message;
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

function renderReaders(readers) {
  const list = $('readers');
  list.replaceChildren();
  if (readers.length === 0) list.append(el('p', 'muted', '沒有讀卡機 · No card reader is attached.'));
  for (const status of readers) {
    const card = el('article', 'reader');
    const head = el('header');
    head.append(el('h3', '', status.reader.name), el('span', 'badge ' + status.card.presence, PRESENCE[status.card.presence] || status.card.presence));
    card.append(head);
    const facts = el('dl');
    facts.append(el('dt', '', '讀卡機 · Reader id'), el('dd', 'mono', status.reader.id));
    facts.append(el('dt', '', '持卡人 · Holder'), el('dd', '', status.card.holder ? status.card.holder.maskedName : '—'));
    facts.append(el('dt', '', '時間 · Since'), el('dd', 'mono since', DATE_TIME.format(new Date(status.card.since))));
    if (status.card.error) facts.append(el('dt', '', '錯誤 · Error'), el('dd', 'error', errorText(status.card.error)));
    card.append(facts);
    if (config.simulator) card.append(simulatorControls(status));
    const sections = status.sections ? Object.keys(status.sections) : [];
    if (sections.length > 0) {
      const details = el('details');
      details.open = openSections.has(status.reader.id);
      details.ontoggle = () => {
        if (details.open) openSections.add(status.reader.id);
        else openSections.delete(status.reader.id);
      };
      details.append(el('summary', '', '已讀取 · Sections read: ' + sections.join(', ')));
      details.append(el('pre', 'mono', JSON.stringify(status.sections, null, 2)));
      card.append(details);
    }
    list.append(card);
  }
}

function simulatorControls(status) {
  const id = status.reader.id;
  const box = el('div', 'controls');
  const select = el('select');
  select.setAttribute('aria-label', '示範卡 · Demo card for ' + status.reader.name);
  for (const card of config.simulator.cards) {
    const option = el('option', '', card.name + (card.kind === 'nhi' ? '' : ' （非健保卡 · not an NHI card）'));
    option.value = card.name;
    select.append(option);
  }
  if (chosenCards.has(id)) select.value = chosenCards.get(id);
  const note = el('p', 'note muted');
  const describe = () => {
    const card = config.simulator.cards.find((entry) => entry.name === select.value);
    note.textContent = card ? card.description : '';
  };
  select.onchange = () => {
    chosenCards.set(id, select.value);
    describe();
  };
  describe();
  const empty = status.card.presence === 'no-card';
  const insert = el('button', 'primary', '插入 · Insert card');
  insert.disabled = !empty || config.simulator.cards.length === 0;
  insert.onclick = () => act('sim.insert', { reader: id, card: select.value });
  const remove = el('button', '', '取出 · Remove card');
  remove.disabled = empty;
  remove.onclick = () => act('sim.remove', { reader: id });
  box.append(select, note, insert, remove);
  return box;
}

function act(op, params) {
  request(op, params).catch((error) => log('error', null, op, params.reader, error.code ? errorText(error) : String(error.message || error)));
}

function refresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(() => {
    refreshQueued = false;
    request('snapshot').then((snapshot) => {
      lastSeq = Math.max(lastSeq, snapshot.seq);
      renderReaders(snapshot.readers);
    }, () => {});
  }, 50);
}

function onMessage(message) {
  if (message.type === 'hello') {
    retryMs = 1000;
    lastSeq = message.seq;
    setStatus('online', '已連線 · Connected');
    $('driver').textContent = message.driver;
    $('scopes').textContent = message.scopes.join(', ');
    $('version').textContent = message.server.name + ' ' + message.server.version;
    request('subscribe', { topics: ['*'] }).then(refresh, () => {});
    showAccess(message.scopes.includes('admin'));
  } else if (message.type === 'response') {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(message.error);
  } else if (message.type === 'event') {
    if (lastSeq !== 0 && message.seq !== lastSeq + 1) log('info', null, 'resync', null, '漏收事件，重新取得狀態 · missed events before seq ' + message.seq + ': taking a snapshot');
    lastSeq = message.seq;
    const kind = message.topic === 'card.error' ? 'error' : message.topic === 'card.read' ? 'good' : 'event';
    log(kind, message.seq, message.topic, message.reader, summary(message));
    refresh();
  }
}

function connect() {
  setStatus('connecting', '連線中 · Connecting…');
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  socket = new WebSocket(scheme + location.host + config.path, ['nhicard.v1.json']);
  socket.onmessage = (event) => onMessage(JSON.parse(event.data));
  socket.onclose = (event) => {
    for (const waiter of pending.values()) waiter.reject(new Error('disconnected'));
    pending.clear();
    showAccess(false);
    setStatus('offline', '已斷線 · Disconnected (' + event.code + ')');
    log('error', null, 'connection', null, '連線中斷，' + retryMs / 1000 + ' 秒後重試 · closed with ' + event.code + (event.reason ? ': ' + event.reason : '') + '; retrying in ' + retryMs / 1000 + ' s');
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  };
}

// A failure in this page shows in its own log, where an installer will look.
window.addEventListener('error', (event) => log('error', null, 'page', null, String(event.message)));
window.addEventListener('unhandledrejection', (event) => log('error', null, 'page', null, String(event.reason && event.reason.message || event.reason)));

$('clear').onclick = () => $('log').replaceChildren();
$('pause').onclick = (event) => {
  paused = !paused;
  event.target.textContent = paused ? '繼續 · Resume' : '暫停 · Pause';
};
connect();
`;
