/**
 * The demo page's reader cards, as plain browser JavaScript appended to `DEMO_PAGE_SCRIPT` in
 * the same `<script>` (it uses that script's `$`, `el`, `readers`, `pinWaits`, `request`,
 * `log`, `errorText` and the time formats). Each card shows the reader's presence, the masked
 * holder, since when, the sections read; on the simulator also the demo-card picker with
 * insert/remove, and, while a read waits for the card's PIN (`card.pin`), a field to type it
 * into the virtual reader (`sim.pin`), as a patient would on the reader's PIN pad or in
 * csHIS.dll's own dialog. Same rules as the main script: `textContent` only, no template
 * literals, no backslashes.
 */
export const DEMO_PAGE_READERS_SCRIPT = `
// What the user picked, opened and is typing survives the re-render after every event.
const chosenCards = new Map();
const openSections = new Set();
const typedPins = new Map();

function renderReaders() {
  const list = $('readers');
  // A PIN being typed keeps its focus: the cards are drawn again once it is sent.
  if (list.contains(document.activeElement) && document.activeElement.dataset.pin) return;
  list.replaceChildren();
  if (readers.size === 0) list.append(el('p', 'muted', '沒有讀卡機 · No card reader is attached.'));
  for (const status of readers.values()) {
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
    if (config.simulator && pinWaits.has(status.reader.id)) card.append(pinControls(status));
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

// The virtual reader's PIN prompt: the read goes on with the PIN typed, or ends with
// PIN_REQUIRED on a wrong one or on Cancel.
function pinControls(status) {
  const id = status.reader.id;
  const box = el('form', 'controls pin');
  box.append(el('p', 'note', '讀取 ' + pinWaits.get(id) + ' 需要健保卡密碼，請輸入 · The read of ' + pinWaits.get(id) + ' waits for the card PIN: type it into the virtual reader.'));
  const field = el('input');
  field.type = 'password';
  field.inputMode = 'numeric';
  field.autocomplete = 'off';
  field.pattern = '[0-9]{4,12}';
  field.required = true;
  field.dataset.pin = id;
  field.setAttribute('aria-label', '健保卡密碼 · Card PIN for ' + status.reader.name);
  field.value = typedPins.get(id) || '';
  field.oninput = () => typedPins.set(id, field.value);
  const enter = el('button', 'primary', '輸入 · Enter PIN');
  enter.type = 'submit';
  const cancel = el('button', '', '取消 · Cancel');
  cancel.type = 'button';
  // Once the virtual reader took the PIN (or Cancel) its prompt is closed: a read that asks
  // again says so with a new card.pin.
  const send = (pin) => {
    typedPins.delete(id);
    field.blur();
    request('sim.pin', { reader: id, pin: pin }).then(() => {
      pinWaits.delete(id);
      renderReaders();
    }, (error) => log('error', null, 'sim.pin', id, errorText(error)));
  };
  box.onsubmit = (event) => {
    event.preventDefault();
    send(field.value);
  };
  cancel.onclick = () => send(null);
  box.append(field, enter, cancel);
  return box;
}

function act(op, params) {
  request(op, params).catch((error) => log('error', null, op, params.reader, errorText(error)));
}
`;
