// The check-in kiosk: waiting → reading (a progress bar driven by `card.reading`) → welcome
// with the masked name → waiting again after removal or a timeout. It learns presence events
// and the masked name only: the broker serves this page from its presence port, an origin it
// holds to `presence`, and the page refuses to run if it was ever given more.
(() => {
  const { describeError, clock, sdkLoaded } = window.NhiCardExamples;
  if (!sdkLoaded()) return;
  const $ = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);

  /** Back to "please insert" this long after a welcome or an error, card out or not. */
  const resetAfterMs = Number(query.get('resetSeconds') || 12) * 1000;
  /**
   * A read that has not finished by then is shown as an error: the broker's own deadline of a
   * section read (its deadline table in `hello`), plus a little, so the broker answers first.
   */
  const deadlines = () => client.hello?.deadlines ?? null;
  const readingTimeoutMs = () => {
    const table = deadlines();
    return (table ? table.settleMs + table.readMs : 15_000) + 5000;
  };
  /** While the reader waits for the PIN: the broker's PIN wait plus the read. */
  const pinTimeoutMs = () => {
    const table = deadlines();
    return (table ? table.pinEntryMs + table.readMs : 70_000) + 5000;
  };
  // The reader this kiosk watches: `?reader=`, else the first one a card goes into.
  let watched = query.get('reader');
  let state = 'connecting';
  let timer = null;
  // A failure reported during the read; shown if the read ends without a holder.
  let readError = null;

  // No token, ever: a token adds scopes, and this page must hold presence only.
  const client = NhiCard.createClient({
    url: `ws://${location.host}/v1`,
    reconnect: { maxDelayMs: 5000 },
  });

  /** Shows one screen; after `afterMs`, `onTimeout` runs (by default: back to waiting). */
  function show(next, afterMs, onTimeout) {
    clearTimeout(timer);
    timer = afterMs ? setTimeout(onTimeout || (() => show('waiting')), afterMs) : null;
    state = next;
    document.body.dataset.state = next;
  }

  function setProgress(fraction, text) {
    $('progress-bar').style.width = `${Math.round(fraction * 100)}%`;
    $('progress-text').textContent = text;
  }

  function welcome(maskedName) {
    $('welcome-name').textContent = maskedName;
    $('welcome-name-en').textContent = maskedName;
    setProgress(1, '完成 Done');
    show('welcome', resetAfterMs);
  }

  function fail(error) {
    const text = describeError(error);
    $('error-detail').textContent = `${text.zh}（${text.en}）`;
    show('error', resetAfterMs);
  }

  const readTookTooLong = () =>
    fail({ code: 'TIMEOUT', message: 'The read did not finish in time.' });

  const isWatched = (event) => {
    if (watched === null) watched = event.reader;
    return event.reader === watched;
  };

  // ---- connection ---------------------------------------------------------------------------

  client.states().subscribe((connection) => {
    if (state === 'misconfigured') return;
    if (connection.status === 'open') {
      const scopes = client.hello ? client.hello.scopes : [];
      if (scopes.some((scope) => scope !== 'presence')) {
        // Belt and braces: the broker holds the presence origin to presence; if this page was
        // served some other way, it stops rather than show (or hold) card data.
        show('misconfigured');
        client.close('The kiosk must hold the presence scope only.');
        return;
      }
      $('status-line').textContent = `讀卡服務已連線 Connected${watched ? ` · ${watched}` : ''}`;
      if (state === 'connecting' || state === 'offline') show('waiting');
      return;
    }
    if (connection.status === 'reconnecting' || connection.status === 'closed') {
      const retry =
        connection.retryInMs == null ? '' : `，${Math.ceil(connection.retryInMs / 1000)} 秒後重試`;
      $('offline-detail').textContent =
        `第 ${connection.attempt} 次重新連線${retry} · Reconnecting (attempt ${connection.attempt})`;
      $('status-line').textContent = '讀卡服務中斷 Card service unreachable';
      show('offline');
    }
  });

  // ---- card events --------------------------------------------------------------------------

  client.on('card.inserted', (event) => {
    if (!isWatched(event)) return;
    readError = null;
    if (event.data.presence === 'not-nhi-card') {
      show('not-nhi', resetAfterMs);
      return;
    }
    setProgress(0.05, '準備中 Preparing');
    show('reading', readingTimeoutMs(), readTookTooLong);
    // A card already in when the kiosk (re)connected: its read is over, ask for the holder.
    if (event.resync) {
      client.status({ reader: event.reader }).then(
        (status) => {
          if (state === 'reading' && status.card.holder) welcome(status.card.holder.maskedName);
        },
        () => undefined,
      );
    }
  });

  client.on('card.reading', (event) => {
    if (!isWatched(event) || state !== 'reading') return;
    const { index, total } = event.data;
    // Section k of n has started: fill up to the middle of its share of the bar.
    setProgress((index - 0.5) / total, `第 ${index} / ${total} 項 · Step ${index} of ${total}`);
    show('reading', readingTimeoutMs(), readTookTooLong);
  });

  // The reader waits for the holder's PIN (csHIS.dll's PIN dialog, or the reader's PIN pad):
  // say so, and wait as long as the broker does.
  client.on('card.pin', (event) => {
    if (!isWatched(event) || state !== 'reading') return;
    setProgress(0.5, '請輸入健保卡密碼 · Please enter your NHI card PIN');
    document.body.dataset.pin = 'waiting';
    show('reading', pinTimeoutMs(), readTookTooLong);
  });

  client.on('card.read', (event) => {
    if (!isWatched(event) || state !== 'reading') return;
    // A partial result (basic decoded, other sections `pending`): the bar's next step follows
    // at once with `card.reading`; check-in waits for the whole read.
    if (event.data.pending) return;
    delete document.body.dataset.pin;
    // Checked in only when every section of the read came back: a failed insurance read is
    // no check-in, whatever the holder's name.
    const errors = event.data.errors ? Object.values(event.data.errors) : [];
    if (event.data.holder && errors.length === 0) welcome(event.data.holder.maskedName);
    else
      fail(
        errors[0] || readError || { code: 'CARD_ERROR', message: 'The card could not be read.' },
      );
  });

  client.on('card.error', (event) => {
    if (!isWatched(event)) return;
    const error = event.data.error;
    if (error.code === 'NOT_AN_NHI_CARD') {
      show('not-nhi', resetAfterMs);
      return;
    }
    readError = error;
    // Without a section the failure is the card's, not one section's: the read is over.
    if (state === 'reading' && !event.data.section) fail(error);
  });

  client.on('card.removed', (event) => {
    if (!isWatched(event) || state === 'offline') return;
    delete document.body.dataset.pin;
    show('waiting');
  });

  // ---- clock --------------------------------------------------------------------------------

  const tick = () => {
    $('clock').textContent = clock(new Date()).slice(0, 5);
  };
  tick();
  setInterval(tick, 1000);
})();
