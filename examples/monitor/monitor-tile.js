// One workstation's tile: its model (connection, readers, last event, today's counters) and how
// it is drawn. The LAN and NATS sources both fill the same model; the board places the tiles.
(() => {
  const { clock, dayOf } = window.NhiCardExamples;

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

  /**
   * A tile's model. `spec`: `key` (unique), `label`, `address` (shown, never a token), `site`
   * and `floor` (for grouping; '' when unknown), `sortKey` (the board's order; by default the
   * order tiles were added in).
   */
  function createTileModel(spec, index) {
    return {
      key: spec.key,
      index,
      label: spec.label,
      address: spec.address || '',
      site: spec.site || '',
      floor: spec.floor || '',
      sortKey: spec.sortKey || String(index).padStart(6, '0'),
      connection: 'connecting',
      reached: false,
      retry: null,
      // `{zh, en}` shown when the tile has no reader to show (refused, certificate, …).
      note: null,
      // `{zh, en}` in place of "broker unreachable" when more is known.
      offlineText: null,
      // `{href, text}`: a link that helps, e.g. the broker's /healthz to check its certificate.
      help: null,
      readers: new Map(),
      lastEvent: null,
      day: dayOf(new Date()),
      cards: 0,
      errors: 0,
      element: null,
    };
  }

  /** The reader `id` of a tile, created waiting for a card. */
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

  /** Whether the tile needs someone: unreachable, or a reader in error or missing. */
  function isProblem(tile) {
    if (tile.connection !== 'open') return true;
    if (tile.readers.size === 0) return true;
    for (const reader of tile.readers.values()) if (reader.state === 'error') return true;
    return false;
  }

  /** The state the tile's colour follows: its first reader's, or why it has none. */
  function tileState(tile) {
    const first = tile.readers.values().next().value;
    if (first) return first.state;
    return tile.reached ? 'no-reader' : 'unreached';
  }

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

  /** Draws the tile into its element (made from `#tile-template` on first use). */
  function renderTile(tile) {
    if (!tile.element) {
      tile.element = document
        .getElementById('tile-template')
        .content.firstElementChild.cloneNode(true);
      tile.element.dataset.index = String(tile.index + 1);
      tile.element.dataset.key = tile.key;
      tile.element.querySelector('.label').textContent = tile.label;
      tile.element.querySelector('.address').textContent = tile.address;
    }
    const { element } = tile;
    const readers = [...tile.readers.values()];
    element.dataset.connection = tile.connection;
    element.dataset.readerState = tileState(tile);
    element.dataset.problem = String(isProblem(tile));
    const [tone, label] = CONNECTION[tile.connection];
    const pill = element.querySelector('.connection');
    pill.className = `pill connection ${tone}`;
    pill.textContent = label;
    const list = element.querySelector('.readers');
    list.textContent = '';
    if (readers.length === 0) {
      list.appendChild(readerItem({ id: '', state: tileState(tile), note: tile.note }, false));
    }
    for (const reader of readers) list.appendChild(readerItem(reader, readers.length > 1));
    const help = element.querySelector('.help');
    help.hidden = tile.help === null;
    if (tile.help) {
      help.href = tile.help.href;
      help.textContent = tile.help.text;
    }
    element.querySelector('.last-event').textContent = tile.lastEvent
      ? `${clock(tile.lastEvent.time)} ${tile.lastEvent.topic}`
      : '—';
    const offline = element.querySelector('.offline-note');
    offline.hidden = tile.connection !== 'offline';
    offline.querySelector('b').textContent = tile.offlineText?.zh || '讀卡服務離線，重新連線中…';
    offline.querySelector('.en').textContent =
      tile.offlineText?.en ||
      (tile.retry
        ? `Broker unreachable · retry ${tile.retry.attempt} in ${Math.ceil(tile.retry.inMs / 1000)} s · last known state below`
        : 'Broker unreachable · last known state below');
    element.querySelector('.cards').textContent = String(tile.cards);
    element.querySelector('.errors').textContent = String(tile.errors);
  }

  /** The words a filter matches: names, places, addresses and masked holders. */
  function searchText(tile) {
    const holders = [...tile.readers.values()].map((reader) => reader.holder || '');
    return [tile.label, tile.address, tile.site, tile.floor, tile.key, ...holders]
      .join(' ')
      .toLowerCase();
  }

  window.NhiCardMonitor = Object.assign(window.NhiCardMonitor || {}, {
    createTileModel,
    readerOf,
    count,
    isProblem,
    renderTile,
    searchText,
  });
})();
