// The wall display: one tile per workstation broker with its connection, each reader's state
// (no reader / waiting / card present / reading / error), the time of its last event and
// today's counters. Each broker has its own client, so one that is down never stops the
// others, and each reconnects on its own.
//
// Brokers come from the query string, `?broker=<label>=<ws-url>` (repeatable; the URL may
// carry `?token=` with a presence token), or else from monitor.config.json beside this page.
(() => {
  const { describeError, clock, dayOf, sdkLoaded } = window.NhiCardExamples;
  if (!sdkLoaded()) return;
  const $ = (id) => document.getElementById(id);

  const CONNECTION = {
    connecting: ['warn', '連線中 Connecting'],
    open: ['good', '已連線 Online'],
    offline: ['bad', '離線 Offline'],
  };
  const READER_STATE = {
    unreached: '尚未連線',
    'no-reader': '無讀卡機',
    waiting: '等待插卡',
    card: '已插卡',
    reading: '讀取中',
    error: '錯誤',
  };
  const READER_STATE_EN = {
    unreached: 'Broker not reached yet',
    'no-reader': 'No reader',
    waiting: 'Waiting for a card',
    card: 'Card present',
    reading: 'Reading',
    error: 'Error',
  };

  /** `ws://127.0.0.1:7766/v1` from a configured URL, relative ones against this page's host. */
  function brokerUrl(text) {
    const url = new URL(text, `ws://${location.host}/`);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    return url.href;
  }

  function brokersFromQuery() {
    return new URLSearchParams(location.search).getAll('broker').map((entry, index) => {
      const named = /^([^=]+?)=((?:wss?|https?):\/\/.*|\/.*)$/.exec(entry);
      return {
        label: named ? named[1] : `工作站 ${index + 1}`,
        url: named ? named[2] : entry,
      };
    });
  }

  function loadBrokers() {
    const fromQuery = brokersFromQuery();
    if (fromQuery.length > 0) return Promise.resolve({ brokers: fromQuery });
    return fetch('monitor.config.json', { cache: 'no-store' }).then((response) => {
      if (!response.ok) throw new Error(`monitor.config.json: HTTP ${response.status}`);
      return response.json();
    });
  }

  // ---- one tile per broker ------------------------------------------------------------------

  const tiles = [];

  function createTile(broker, index) {
    const url = brokerUrl(broker.url);
    const element = $('tile-template').content.firstElementChild.cloneNode(true);
    element.dataset.index = String(index + 1);
    element.querySelector('.label').textContent = broker.label;
    // The address without its token: a token is a secret even on a wall.
    const shown = new URL(url);
    element.querySelector('.address').textContent = shown.host;
    $('tiles').appendChild(element);
    const tile = {
      element,
      connection: 'connecting',
      readers: new Map(),
      lastEvent: null,
      day: dayOf(new Date()),
      cards: 0,
      errors: 0,
    };
    tile.client = NhiCard.createClient({ url, reconnect: { maxDelayMs: 5000 } });
    watch(tile);
    tiles.push(tile);
    render(tile);
  }

  function readerOf(tile, id) {
    let reader = tile.readers.get(id);
    if (!reader) {
      reader = { id, state: 'waiting', holder: null, progress: 0, note: null };
      tile.readers.set(id, reader);
    }
    return reader;
  }

  /** Today's counters start again at midnight (Taiwan time). */
  function count(tile, what) {
    const today = dayOf(new Date());
    if (tile.day !== today) {
      tile.day = today;
      tile.cards = 0;
      tile.errors = 0;
    }
    tile[what] += 1;
  }

  function watch(tile) {
    const { client } = tile;
    client.states().subscribe((state) => {
      const before = tile.connection;
      tile.retry =
        state.status === 'reconnecting' && state.retryInMs != null
          ? { attempt: state.attempt, inMs: state.retryInMs }
          : null;
      tile.connection =
        state.status === 'open' ? 'open' : state.status === 'connecting' ? 'connecting' : 'offline';
      // Until the broker answered once, nothing is known about its readers.
      if (tile.connection === 'open') tile.reached = true;
      if (tile.connection === 'open' && client.hello) {
        // A monitor shows presence only; a token that grants more is a configuration mistake.
        if (client.hello.scopes.some((scope) => scope !== 'presence')) {
          client.close('A monitor must hold the presence scope only.');
          tile.connection = 'offline';
          tile.note = { zh: '權限過大，已中斷', en: 'Refused: use a presence-only token' };
        }
      }
      if (before !== tile.connection || tile.connection === 'offline') render(tile);
    });
    const noteEvent = (event) => {
      if (!event.resync) tile.lastEvent = { time: event.time, topic: event.topic };
    };
    client.on('reader.attached', (event) => {
      noteEvent(event);
      readerOf(tile, event.reader);
      render(tile);
    });
    client.on('reader.detached', (event) => {
      noteEvent(event);
      tile.readers.delete(event.reader);
      render(tile);
    });
    client.on('card.inserted', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      reader.holder = null;
      reader.note = null;
      reader.progress = 0;
      if (event.data.presence === 'not-nhi-card') {
        reader.state = 'error';
        reader.note = describeError({ code: 'NOT_AN_NHI_CARD', message: 'Not an NHI card' });
      } else {
        reader.state = 'card';
      }
      if (!event.resync) count(tile, 'cards');
      // A card already in when the monitor (re)connected: ask for its masked name.
      if (event.resync && event.data.presence !== 'not-nhi-card') {
        client.status({ reader: event.reader }).then((status) => {
          if (status.card.holder && reader.state === 'card') {
            reader.holder = status.card.holder.maskedName;
            render(tile);
          }
        }, noop);
      }
      render(tile);
    });
    client.on('card.reading', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      reader.state = 'reading';
      reader.progress = (event.data.index - 0.5) / event.data.total;
      render(tile);
    });
    client.on('card.read', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      if (event.data.holder) reader.holder = event.data.holder.maskedName;
      if (reader.state === 'reading') reader.state = 'card';
      render(tile);
    });
    client.on('card.error', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      reader.note = describeError(event.data.error);
      // A failed section leaves the card in and usable; anything else is the reader's state.
      if (!event.data.section) reader.state = 'error';
      if (!event.resync) count(tile, 'errors');
      render(tile);
    });
    client.on('card.removed', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      Object.assign(reader, { state: 'waiting', holder: null, progress: 0, note: null });
      render(tile);
    });
  }

  const noop = () => undefined;

  // ---- rendering ----------------------------------------------------------------------------

  function readerItem(reader, multiple) {
    const item = document.createElement('li');
    item.className = 'reader';
    item.dataset.state = reader.state;
    const dot = document.createElement('span');
    dot.className = 'dot';
    const text = document.createElement('span');
    text.className = 'bi';
    const state = document.createElement('span');
    state.className = 'state';
    // An error says which one; a section that failed on a card still in is a note below.
    const failed = reader.state === 'error' || reader.state === 'no-reader';
    state.textContent = failed && reader.note ? reader.note.zh : READER_STATE[reader.state];
    if (reader.holder && (reader.state === 'card' || reader.state === 'reading')) {
      const holder = document.createElement('span');
      holder.className = 'holder';
      holder.textContent = reader.holder;
      state.appendChild(holder);
    }
    const detail = document.createElement('span');
    detail.className = 'en detail';
    const noteText = reader.note
      ? failed
        ? reader.note.en
        : `${reader.note.zh} ${reader.note.en}`
      : '';
    detail.textContent = [READER_STATE_EN[reader.state], multiple ? reader.id : '', noteText]
      .filter(Boolean)
      .join(' · ');
    text.append(state, detail);
    if (reader.state === 'reading') {
      const bar = document.createElement('span');
      bar.className = 'mini-progress';
      const fill = document.createElement('span');
      fill.style.width = `${Math.round(reader.progress * 100)}%`;
      bar.appendChild(fill);
      text.appendChild(bar);
    }
    item.append(dot, text);
    return item;
  }

  function render(tile) {
    const { element } = tile;
    const readers = [...tile.readers.values()];
    element.dataset.connection = tile.connection;
    const empty = tile.reached ? 'no-reader' : 'unreached';
    element.dataset.readerState = readers.length === 0 ? empty : readers[0].state;
    const [tone, label] = CONNECTION[tile.connection];
    const pill = element.querySelector('.connection');
    pill.className = `pill connection ${tone}`;
    pill.textContent = label;
    const list = element.querySelector('.readers');
    list.textContent = '';
    if (readers.length === 0) {
      list.appendChild(readerItem({ id: '', state: empty, note: tile.note || null }, false));
    }
    for (const reader of readers) list.appendChild(readerItem(reader, readers.length > 1));
    element.querySelector('.last-event').textContent = tile.lastEvent
      ? `${clock(tile.lastEvent.time)} ${tile.lastEvent.topic}`
      : '—';
    const offline = element.querySelector('.offline-note');
    offline.hidden = tile.connection !== 'offline';
    offline.querySelector('.en').textContent = tile.retry
      ? `Broker unreachable · retry ${tile.retry.attempt} in ${Math.ceil(tile.retry.inMs / 1000)} s · last known state below`
      : 'Broker unreachable · last known state below';
    element.querySelector('.cards').textContent = String(tile.cards);
    element.querySelector('.errors').textContent = String(tile.errors);
    renderTotals();
  }

  function renderTotals() {
    const online = tiles.filter((tile) => tile.connection === 'open').length;
    $('total-online').textContent = `${online} / ${tiles.length}`;
    $('total-cards').textContent = String(tiles.reduce((sum, tile) => sum + tile.cards, 0));
    $('total-errors').textContent = String(tiles.reduce((sum, tile) => sum + tile.errors, 0));
  }

  // ---- start --------------------------------------------------------------------------------

  loadBrokers()
    .then((config) => {
      if (config.title) $('title').textContent = config.title;
      const brokers = Array.isArray(config.brokers) ? config.brokers : [];
      if (brokers.length === 0) throw new Error('no brokers configured');
      brokers.forEach(createTile);
      renderTotals();
    })
    .catch((error) => {
      const box = $('config-error');
      box.textContent = `監看設定錯誤 · Monitor configuration: ${error.message}`;
      box.hidden = false;
    });

  const tick = () => {
    $('clock').textContent = clock(new Date());
  };
  tick();
  setInterval(tick, 1000);
})();
