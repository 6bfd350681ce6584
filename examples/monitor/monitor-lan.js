// LAN mode (a clinic): the monitor connects straight to each workstation's broker, `ws://` on
// one PC or `wss://` with a presence token across the LAN. Each broker has its own client, so
// one that is down never stops the others, and each reconnects on its own.
//
// A browser is told nothing about why a `wss://` connection failed: an untrusted certificate
// and a broker that is off look the same (close code 1006). A tile that never reached its
// broker over `wss://` says both, and links the broker's /healthz: opening it once shows the
// certificate problem in the browser's own words (or the broker's answer when it is fine).
(() => {
  const { describeError } = window.NhiCardExamples;
  const { createTileModel, readerOf, count } = window.NhiCardMonitor;

  /** `ws://127.0.0.1:7766/v1` from a configured URL, relative ones against this page's host. */
  function brokerUrl(text) {
    const url = new URL(text, `ws://${location.host}/`);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    return url;
  }

  /** What a tile says about a broker it could not reach, from how the attempt ended. */
  function unreachedNote(url, client) {
    const access = client.accessError;
    if (access) return { note: describeError(access), help: null };
    if (url.protocol !== 'wss:') return { note: null, help: null };
    const health = `https://${url.host}/healthz`;
    return {
      note: {
        zh: '憑證未受信任或無法連線',
        en: `Certificate not trusted or broker unreachable: open ${health} once to check it, and install the clinic CA if the browser distrusts it`,
      },
      help: { href: health, text: `檢查憑證 Check ${url.host}` },
    };
  }

  /**
   * Watches one broker (`{label, url, token?, site?, floor?}`) into a tile of `board`. The
   * token may also ride on the URL as `?token=`; it is never shown.
   */
  function watchBroker(board, broker, index) {
    const url = brokerUrl(broker.url);
    const tile = createTileModel(
      {
        key: `broker-${index + 1}`,
        label: broker.label || `工作站 ${index + 1}`,
        address: url.host,
        site: broker.site,
        floor: broker.floor,
      },
      index,
    );
    const client = NhiCard.createClient({
      url: url.href,
      ...(broker.token ? { token: broker.token } : {}),
      reconnect: { maxDelayMs: 5000 },
    });
    board.add(tile);

    client.states().subscribe((state) => {
      tile.retry =
        state.status === 'reconnecting' && state.retryInMs != null
          ? { attempt: state.attempt, inMs: state.retryInMs }
          : null;
      tile.connection =
        state.status === 'open' ? 'open' : state.status === 'connecting' ? 'connecting' : 'offline';
      tile.offlineText = null;
      if (tile.connection === 'open') {
        tile.reached = true;
        tile.note = null;
        tile.help = null;
        // A monitor shows presence only; a token that grants more is a configuration mistake.
        if (client.hello?.scopes.some((scope) => scope !== 'presence')) {
          client.close('A monitor must hold the presence scope only.');
          tile.connection = 'offline';
          tile.note = { zh: '權限過大，已中斷', en: 'Refused: use a presence-only token' };
        }
      } else if (tile.connection === 'offline' && !tile.reached) {
        Object.assign(tile, unreachedNote(url, client));
        if (tile.note) tile.offlineText = { zh: tile.note.zh, en: tile.note.en };
      }
      board.changed(tile);
    });

    const noteEvent = (event) => {
      if (!event.resync) tile.lastEvent = { time: event.time, topic: event.topic };
    };
    client.on('reader.attached', (event) => {
      noteEvent(event);
      readerOf(tile, event.reader);
      board.changed(tile);
    });
    client.on('reader.detached', (event) => {
      noteEvent(event);
      tile.readers.delete(event.reader);
      board.changed(tile);
    });
    client.on('card.inserted', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      Object.assign(reader, { holder: null, note: null, progress: 0 });
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
            board.changed(tile);
          }
        }, noop);
      }
      board.changed(tile);
    });
    client.on('card.reading', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      reader.state = 'reading';
      reader.progress = (event.data.index - 0.5) / event.data.total;
      board.changed(tile);
    });
    client.on('card.read', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      if (event.data.holder) reader.holder = event.data.holder.maskedName;
      // A partial result (basic decoded, `pending` still to come): the name shows at once,
      // and the tile stays `reading` until the last section is in.
      if (reader.state === 'reading' && !event.data.pending) reader.state = 'card';
      board.changed(tile);
    });
    client.on('card.error', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      reader.note = describeError(event.data.error);
      // A failed section leaves the card in and usable; anything else is the reader's state.
      if (!event.data.section) reader.state = 'error';
      if (!event.resync) count(tile, 'errors');
      board.changed(tile);
    });
    client.on('card.removed', (event) => {
      noteEvent(event);
      const reader = readerOf(tile, event.reader);
      Object.assign(reader, { state: 'waiting', holder: null, progress: 0, note: null });
      board.changed(tile);
    });
    return tile;
  }

  const noop = () => undefined;

  window.NhiCardMonitor = Object.assign(window.NhiCardMonitor || {}, { watchBroker });
})();
