// The registration page: card in → the form fills from the broker's automatic read, basic the
// moment it is decoded and insurance as soon as it follows; card out → it offers to clear;
// "Read records" reads more sections on demand (registration-more.js). Plain scripts on
// purpose: this is how an old HIS page would add nhicard.
(() => {
  const { showError, clock, sdkLoaded, attachQrInput, createRegistrationForm, attachMorePanel } =
    window.NhiCardExamples;
  if (!sdkLoaded()) return;
  const $ = (id) => document.getElementById(id);

  const query = new URLSearchParams(location.search);
  // Served over https (the broker's wss port, or a web server of its own: scripts/serve-examples-https.mjs),
  // the page must reach the broker through wss://.
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const brokerUrl = query.get('broker') || `${scheme}://${location.host}/v1`;
  const client = NhiCard.createClient({ url: brokerUrl });
  // The reader whose card is in the form; the form itself (registration-form.js).
  let reader = null;
  const form = createRegistrationForm();

  $('broker-url').textContent = brokerUrl;

  // ---- connection and reader state --------------------------------------------------------

  const CONNECTION = {
    idle: ['warn', '未連線 Idle'],
    connecting: ['warn', '連線中 Connecting'],
    open: ['good', '讀卡服務已連線 Connected'],
    reconnecting: ['bad', '讀卡服務中斷，重新連線中 Reconnecting'],
    closed: ['bad', '讀卡服務已關閉 Closed'],
  };
  // Chrome asks before a page off this PC may reach it (Local Network Access): the client
  // waits for a person's click instead of asking on page load. A refusal (origin not allowed,
  // permission denied, certificate untrusted) stops the client until asked again.
  const connectButton = $('connect-broker');
  connectButton.addEventListener('click', () => {
    $('error-box').hidden = true;
    client.requestAccess().catch((error) => showError($('error-box'), error));
  });
  client.states().subscribe((state) => {
    const [tone, text] = client.waitingForPermission
      ? ['warn', '尚未連線，請按「連線讀卡服務」 Not connected yet']
      : CONNECTION[state.status];
    setPill('connection', tone, text);
    connectButton.hidden = !client.waitingForPermission && client.accessError === null;
    if (client.accessError !== null) showError($('error-box'), client.accessError);
    if (state.status === 'open' && client.hello && !client.hello.scopes.includes('read')) {
      showError($('error-box'), {
        code: 'FORBIDDEN',
        message: 'This page holds no read scope: allow its origin with presence,read.',
      });
    }
  });

  /** Shows `text` in the status pill `id`, coloured by `tone` (good, warn, bad, info or ''). */
  function setPill(id, tone, text) {
    const pill = $(id);
    pill.className = `pill ${tone}`;
    pill.textContent = text;
  }

  function setCardState(tone, text) {
    setPill('card-state', tone, text);
  }

  function noteEvent(event) {
    $('last-event').textContent = `${clock(event.time)} ${event.topic}`;
    $('reader-name').textContent = event.reader || '—';
    const entry = document.createElement('li');
    entry.textContent = `${event.topic} · ${event.reader || '—'}`;
    const log = $('event-log');
    log.prepend(entry);
    while (log.children.length > 8) log.lastElementChild.remove();
  }

  /** Shows the first failed section, and says on the card state whether any failed. */
  function showReadOutcome(errors) {
    const first = errors && Object.values(errors)[0];
    if (first) {
      showError($('error-box'), first);
      setCardState('warn', '部分資料未讀取 Partly read');
    } else {
      setCardState('good', '已讀取 Card read');
    }
  }

  /** Reads basic + insurance (from the broker's cache unless `fresh`) and fills the form. */
  function readIntoForm(fresh) {
    setCardState('info', '讀取中 Reading…');
    return client
      .readCard({ reader, sections: ['basic', 'insurance'], fresh })
      .then((read) => {
        form.fill(read.sections);
        showReadOutcome(read.errors);
      })
      .catch((error) => {
        if (error.code === 'CARD_REMOVED' || error.code === 'DISCONNECTED') return;
        showError($('error-box'), error);
        setCardState('bad', '讀卡失敗 Read failed');
      });
  }

  // ---- card events --------------------------------------------------------------------------

  client.on('card.inserted', (event) => {
    noteEvent(event);
    reader = event.reader;
    form.clear();
    $('read-more').disabled = event.data.presence === 'not-nhi-card';
    if (event.data.presence === 'not-nhi-card') {
      setCardState('bad', '非健保卡 Not an NHI card');
      return;
    }
    setCardState('info', '讀取中 Reading…');
    // After a reconnect the SDK follows this with a `card.read` of the sections the broker
    // has decoded meanwhile, which fills the form.
  });

  client.on('card.reading', (event) => {
    noteEvent(event);
    setCardState('info', `讀取中 Reading ${event.data.index}/${event.data.total}`);
  });

  // The read waits for the holder's PIN: on a csHIS PC the DLL's own PIN dialog is open (or
  // the reader's PIN pad asks), so tell the clerk to let the patient type it.
  client.on('card.pin', (event) => {
    noteEvent(event);
    if (event.reader !== reader) return;
    setCardState('info', '等待輸入密碼 Waiting for the PIN');
    $('form-note').textContent =
      '請病人在讀卡機或密碼視窗輸入健保卡密碼 · Ask the patient to enter the NHI card PIN on the reader or in the PIN window';
  });

  // The broker reads basic + insurance once per insertion and tells every page as each is
  // decoded: a partial result lists the sections still `pending`. A read-scope page gets the
  // decoded sections with it.
  client.on('card.read', (event) => {
    noteEvent(event);
    if (event.reader !== reader || !event.data.sections || !event.data.sections.basic) return;
    form.fill(event.data.sections, event.data.pending || []);
    // More is coming: `card.reading` (and `card.pin`) say what the reader does meanwhile.
    if (event.data.pending) return;
    $('form-note').textContent = '';
    showReadOutcome(event.data.errors);
  });

  client.on('card.error', (event) => {
    noteEvent(event);
    if (event.reader !== reader) return;
    showError($('error-box'), event.data.error);
    if (event.data.error.code === 'NOT_AN_NHI_CARD')
      setCardState('bad', '非健保卡 Not an NHI card');
  });

  client.on('card.removed', (event) => {
    noteEvent(event);
    if (event.reader !== reader) return;
    setCardState('', '等待插卡 Waiting for a card');
    $('read-more').disabled = true;
    $('error-box').hidden = true;
    if (form.holdsCard) $('removed-banner').hidden = false;
  });

  client.on('reader.*', (event) => {
    noteEvent(event);
  });

  // ---- the virtual NHI card ----------------------------------------------------------------

  attachQrInput({
    client,
    panel: $('qr-form'),
    form: $('qr-form'),
    input: $('qr-input'),
    onAccepted: () => {
      setCardState('info', '讀取中 Reading…');
    },
    onRefused: (error) => {
      showError($('error-box'), error);
      setCardState('bad', 'QR Code 無法使用 QR code refused');
    },
  });

  // ---- buttons ------------------------------------------------------------------------------

  $('clear-form').addEventListener('click', () => form.clear());
  $('reset').addEventListener('click', () => form.clear());
  $('keep-form').addEventListener('click', () => {
    $('removed-banner').hidden = true;
  });
  $('reread').addEventListener('click', () => {
    $('error-box').hidden = true;
    readIntoForm(true);
  });
  $('patient-form').addEventListener('submit', (submit) => {
    submit.preventDefault();
    $('form-note').textContent = form.holdsCard
      ? '示範頁面：掛號資料不會送出。Demo only: nothing is sent.'
      : '請先插入健保卡。Insert a card first.';
  });

  attachMorePanel({
    client,
    readerOf: () => reader,
    enabled: () => reader !== null && form.holdsCard,
  });
})();
