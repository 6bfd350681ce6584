// The registration page: card in → the form fills from the broker's automatic read (basic +
// insurance); card out → it offers to clear; "Read records" reads more sections on demand.
// Plain script on purpose: this is how an old HIS page would add nhicard.
(() => {
  const {
    describeError,
    showError,
    rocDate,
    rocDateTime,
    clock,
    isPast,
    sdkLoaded,
    attachQrInput,
  } = window.NhiCardExamples;
  if (!sdkLoaded()) return;
  const $ = (id) => document.getElementById(id);

  const INSURED_STATUS = {
    'low-income': '低收入戶',
    veteran: '榮民',
    'primary-care': '基層醫療',
    'lower-middle-income': '中低收入戶',
    'disaster-victim': '災民',
  };
  const VISIT_KIND = {
    'western-outpatient': '西醫門診',
    dental: '牙醫門診',
    'chinese-medicine': '中醫門診',
    emergency: '急診',
    inpatient: '住院',
    referral: '轉診就醫',
    'post-surgery-follow-up': '門診手術後回診',
    'post-discharge-follow-up': '出院後回診',
    'course-within-six': '療程（六次內）',
    'course-beyond-six': '療程（逾六次）',
    'preventive-care': '預防保健',
    'occupational-outpatient': '職業傷病門急診',
    'chronic-refill': '慢性病連續處方領藥',
    'pharmacy-dispensing': '藥局調劑',
    'scheduled-examination': '排程檢查',
    'home-care': '居家照護',
    'same-day-same-doctor': '同日同醫師再次就醫',
    'admission-from-outpatient': '門急診後住院',
    discharge: '出院',
    'during-stay': '急診或住院中執行',
    'emergency-leave': '急診次日後離院',
    'occupational-inpatient': '職業傷病住院',
    'interim-settlement': '住院分段結算',
    'not-counted': '不計就醫次數',
    'referral-out': '門診轉出',
    'post-surgery-follow-up-7-days': '門診手術後七日內回診',
    'post-discharge-follow-up-7-days': '出院後七日內回診',
    'cancel-all': '取消全部就醫類別',
    'cancel-some': '取消部分就醫類別',
  };
  const CARD_FIELDS = [
    'name',
    'id-number',
    'birth-roc',
    'birth-ad',
    'card-number',
    'insurance-status',
    'card-expiry',
  ];

  const query = new URLSearchParams(location.search);
  // Served over https (the broker's wss port, or a web server of its own: scripts/serve-examples-https.mjs),
  // the page must reach the broker through wss://.
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const brokerUrl = query.get('broker') || `${scheme}://${location.host}/v1`;
  const client = NhiCard.createClient({ url: brokerUrl });
  // The reader whose card is in the form, and whether the form holds card data.
  let reader = null;
  let formHoldsCard = false;

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
    const pill = $('connection');
    pill.className = `pill ${tone}`;
    pill.textContent = text;
    connectButton.hidden = !client.waitingForPermission && client.accessError === null;
    if (client.accessError !== null) showError($('error-box'), client.accessError);
    if (state.status === 'open' && client.hello && !client.hello.scopes.includes('read')) {
      showError($('error-box'), {
        code: 'FORBIDDEN',
        message: 'This page holds no read scope: allow its origin with presence,read.',
      });
    }
  });

  function setCardState(tone, text) {
    const pill = $('card-state');
    pill.className = `pill ${tone}`;
    pill.textContent = text;
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

  // ---- filling and clearing the form -------------------------------------------------------

  function setField(id, value, tone) {
    const input = $(id);
    input.value = value == null ? '' : String(value);
    input.classList.remove('filled', 'warn', 'bad');
    if (input.value !== '') input.classList.add(tone || 'filled');
  }

  function insuranceStatusOf(basic, insurance) {
    if (insurance?.cancelled || basic?.cancelled) {
      return ['卡片已註銷', 'bad'];
    }
    if (!insurance) return ['', undefined];
    return [INSURED_STATUS[insurance.insuredStatus] || '一般', undefined];
  }

  /** Fills the form from the decoded sections (basic, and insurance when it could be read). */
  function fillForm(sections) {
    const basic = sections.basic;
    if (!basic) return;
    const insurance = sections.insurance;
    setField('name', basic.name);
    setField('id-number', basic.idNumber);
    setField('birth-roc', rocDate(basic.birthDate));
    setField('birth-ad', basic.birthDate);
    for (const radio of document.querySelectorAll('input[name="sex"]')) {
      radio.checked = radio.value === basic.sex;
    }
    setField('card-number', basic.cardNumber);
    const [status, statusTone] = insuranceStatusOf(basic, insurance);
    setField('insurance-status', status, statusTone);
    const expiry = insurance ? insurance.cardExpiryDate : null;
    setField('card-expiry', expiry, expiry && isPast(expiry) ? 'bad' : undefined);
    $('card-expiry-note').textContent = insurance
      ? [
          expiry ? `民國 ${rocDate(expiry)}` : '',
          expiry && isPast(expiry) ? '已逾期 Expired' : '',
          insurance.visitsLeft == null ? '' : `可用次數 ${insurance.visitsLeft} 次`,
        ]
          .filter(Boolean)
          .join(' · ')
      : '';
    formHoldsCard = true;
    $('removed-banner').hidden = true;
  }

  function clearForm() {
    for (const id of CARD_FIELDS) setField(id, '');
    for (const radio of document.querySelectorAll('input[name="sex"]')) radio.checked = false;
    $('card-expiry-note').textContent = '';
    $('error-box').hidden = true;
    $('removed-banner').hidden = true;
    $('more-tables').hidden = true;
    $('more-error').hidden = true;
    $('form-note').textContent = '';
    formHoldsCard = false;
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
        fillForm(read.sections);
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
    clearForm();
    $('read-more').disabled = event.data.presence === 'not-nhi-card';
    if (event.data.presence === 'not-nhi-card') {
      setCardState('bad', '非健保卡 Not an NHI card');
      return;
    }
    setCardState('info', '讀取中 Reading…');
    // After a reconnect the automatic read is long over: take its result from the cache.
    if (event.resync && event.data.presence === 'ready') readIntoForm(false);
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
    // Basic needs no PIN and is read already: show the holder while the PIN is awaited.
    client.readCard({ reader, sections: ['basic'] }).then(
      (read) => fillForm(read.sections),
      () => undefined,
    );
  });

  // The broker reads basic + insurance once per insertion and tells every page; a read-scope
  // page gets the decoded sections with it.
  client.on('card.read', (event) => {
    noteEvent(event);
    if (event.reader !== reader || !event.data.sections || !event.data.sections.basic) return;
    $('form-note').textContent = '';
    fillForm(event.data.sections);
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
    if (formHoldsCard) $('removed-banner').hidden = false;
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

  $('clear-form').addEventListener('click', clearForm);
  $('reset').addEventListener('click', clearForm);
  $('keep-form').addEventListener('click', () => {
    $('removed-banner').hidden = true;
  });
  $('reread').addEventListener('click', () => {
    $('error-box').hidden = true;
    readIntoForm(true);
  });
  $('patient-form').addEventListener('submit', (submit) => {
    submit.preventDefault();
    $('form-note').textContent = formHoldsCard
      ? '示範頁面：掛號資料不會送出。Demo only: nothing is sent.'
      : '請先插入健保卡。Insert a card first.';
  });

  // ---- the "more" panel ---------------------------------------------------------------------

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null || text === '' ? '—' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  /** Replaces a table's rows; `rows` are arrays of [text, className?] cells. */
  function fillTable(id, rows, emptyText, columns) {
    const body = $(id).querySelector('tbody');
    body.textContent = '';
    if (rows.length === 0) {
      const row = body.insertRow();
      const td = cell(row, emptyText, 'empty');
      td.colSpan = columns;
      return;
    }
    for (const cells of rows) {
      const row = body.insertRow();
      for (const [text, className] of cells) cell(row, text, className);
    }
  }

  function showSectionError(id, error, columns) {
    const body = $(id).querySelector('tbody');
    body.textContent = '';
    const text = describeError(error);
    const td = cell(body.insertRow(), `${text.zh}：${text.zhHint}`, 'section-error');
    td.colSpan = columns;
    td.title = text.en;
    const english = document.createElement('small');
    english.textContent = text.en;
    td.appendChild(english);
  }

  function renderVisits(treatments) {
    const visits = treatments.visits
      .slice()
      .sort((a, b) => (b.visitDateTime || '').localeCompare(a.visitDateTime || ''));
    const rows = visits.map((visit) => [
      [rocDateTime(visit.visitDateTime), 'mono'],
      [VISIT_KIND[visit.visitKind] || visit.visitType],
      [visit.visitSeq, 'mono'],
      [visit.hospitalId, 'mono'],
      [visit.outpatientFee ?? visit.inpatientFee, 'num'],
      [visit.outpatientCopay ?? visit.inpatientCopayShort, 'num'],
    ]);
    fillTable('visits-table', rows, '卡上沒有就醫紀錄 No visits on the card', 6);
  }

  function renderIllnesses(section) {
    const rows = section.criticalIllnesses.map((illness) => [
      [illness.code == null ? '（需醫事人員卡）' : illness.code, 'mono'],
      [rocDate(illness.startDate), 'mono'],
      [illness.endDate ? rocDate(illness.endDate) : '無期限 No end', 'mono'],
    ]);
    fillTable('illness-table', rows, '無重大傷病 None', 3);
  }

  function renderAllergies(section) {
    const rows = section.records.map((record) => [[record.allergy]]);
    // An empty list is not "no allergies": the card holds only what was written to it.
    fillTable('allergy-table', rows, '卡上無紀錄（不代表無過敏）None recorded', 1);
  }

  const MORE = [
    ['treatments', 'visits-table', 6, renderVisits],
    ['criticalIllness', 'illness-table', 3, renderIllnesses],
    ['allergies', 'allergy-table', 1, renderAllergies],
  ];

  $('read-more').addEventListener('click', () => {
    const button = $('read-more');
    button.disabled = true;
    $('more-error').hidden = true;
    client
      .readCard({ reader, sections: MORE.map(([section]) => section) })
      .then((read) => {
        for (const [section, table, columns, render] of MORE) {
          if (read.sections[section]) render(read.sections[section]);
          else showSectionError(table, read.errors?.[section], columns);
        }
        $('more-tables').hidden = false;
      })
      .catch((error) => {
        showError($('more-error'), error);
      })
      .finally(() => {
        button.disabled = reader === null || !formHoldsCard;
      });
  });
})();
