// NATS mode (a hospital): one NATS WebSocket URL and a read-only monitor user show every
// workstation that publishes. The state bucket is the truth (it gives the present at once,
// then each change); the events are the news (today's counters, the last event, reading
// progress). A tile appears for each workstation as its first state arrives.
(() => {
  const { describeError } = window.NhiCardExamples;
  const { createTileModel, readerOf, count } = window.NhiCardMonitor;
  const NATS_BUNDLE = '/sdk/nhicard-nats.iife.js';
  // `opd-3f-07` is on 3F, `lab-b1-02` on B1: a floor as hospitals name workstations.
  const DEFAULT_FLOOR_PATTERN = '(?:^|[-_])(B?\\d{1,2}F|B\\d)(?=[-_]|$)';

  /** Loads the NATS feed's `<script>` bundle (only this mode needs the NATS client). */
  function loadNatsBundle() {
    if (window.NhicardNats) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = NATS_BUNDLE;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`${NATS_BUNDLE} could not be loaded`));
      document.head.appendChild(script);
    });
  }

  /** A reader's state on the tile from its record in the bucket (the presence view). */
  function applyRecord(reader, record) {
    const card = record.status.card;
    reader.holder = card.holder ? card.holder.maskedName : null;
    // The record written for the event that started a read: the read is still going.
    if (reader.state === 'reading' && record.seq <= reader.readingSeq) return;
    reader.note = null;
    reader.progress = 0;
    if (card.presence === 'no-card') reader.state = 'waiting';
    else if (card.presence === 'ready' || card.presence === 'not-ready') reader.state = 'card';
    else if (card.presence === 'not-nhi-card') {
      reader.state = 'error';
      reader.note = describeError({ code: 'NOT_AN_NHI_CARD', message: 'Not an NHI card' });
    } else {
      reader.state = 'error';
      reader.note = describeError(card.error || { code: 'READER_ERROR', message: 'Reader error' });
    }
  }

  /** What a failed NATS connection means, in the words a hospital's IT can act on. */
  function linkProblem(servers, error) {
    const first = new URL(String(servers).split(',')[0]);
    const secure = first.protocol === 'wss:';
    return secure
      ? `憑證未受信任或無法連線 NATS · Certificate not trusted or NATS unreachable at ${first.host}: open https://${first.host}/ once to check the certificate (${error.message})`
      : `無法連線 NATS · Cannot reach NATS at ${first.host} (${error.message})`;
  }

  /**
   * Watches every workstation over NATS (`{servers, user?, pass?, token?, site?, bucket?,
   * floorPattern?}`) into `board`. `onLink(text|null)` tells the page about the NATS link.
   */
  function watchNats(board, nats, onLink) {
    const floorPattern = new RegExp(nats.floorPattern || DEFAULT_FLOOR_PATTERN, 'i');
    const tiles = new Map();
    let linkUp = true;

    function tileOf(site, workstation) {
      const key = `${site}.${workstation}`;
      let tile = tiles.get(key);
      if (!tile) {
        const floor = floorPattern.exec(workstation);
        tile = createTileModel(
          {
            key,
            label: workstation,
            address: site,
            site,
            floor: floor ? floor[1].toUpperCase() : '',
            sortKey: `${site} ${workstation}`,
          },
          tiles.size,
        );
        tile.connection = linkUp ? 'open' : 'offline';
        tile.reached = true;
        tiles.set(key, tile);
        board.add(tile);
      }
      return tile;
    }

    const handlers = {
      onState(change) {
        const tile = tileOf(change.site, change.workstation);
        if (change.record === null) tile.readers.delete(change.reader);
        else applyRecord(readerOf(tile, change.reader), change.record);
        board.changed(tile);
      },
      onEvent(event) {
        const tile = tileOf(event.site, event.workstation);
        tile.lastEvent = { time: event.time, topic: event.topic };
        if (event.topic === 'card.inserted') count(tile, 'cards');
        if (event.topic === 'card.error') count(tile, 'errors');
        if (event.topic === 'card.reading') {
          const reader = readerOf(tile, event.reader);
          reader.state = 'reading';
          reader.readingSeq = event.seq;
          reader.progress = (event.data.index - 0.5) / event.data.total;
        }
        board.changed(tile);
      },
      onStatus(status) {
        const up = status === 'connected' || status === 'reconnect';
        const down = ['disconnect', 'reconnecting', 'closed', 'close'].includes(status);
        if (!up && !down) return;
        linkUp = up;
        onLink(
          up
            ? null
            : '與 NATS 的連線中斷，重新連線中… · NATS link lost, reconnecting; last known state below',
        );
        for (const tile of tiles.values()) {
          tile.connection = up ? 'open' : 'offline';
          tile.offlineText = up
            ? null
            : { zh: 'NATS 離線，重新連線中…', en: 'NATS unreachable · last known state below' };
          board.changed(tile);
        }
      },
    };

    return loadNatsBundle()
      .then(() =>
        window.NhicardNats.watchPresenceOverNats(
          {
            servers: nats.servers,
            user: nats.user,
            pass: nats.pass,
            token: nats.token,
            site: nats.site,
            bucket: nats.bucket,
          },
          handlers,
        ),
      )
      .catch((error) => {
        throw Object.assign(new Error(linkProblem(nats.servers, error)), { link: true });
      });
  }

  window.NhiCardMonitor = Object.assign(window.NhiCardMonitor || {}, { watchNats });
})();
