/**
 * The demo page's site-access panel, as plain browser JavaScript appended to
 * `DEMO_PAGE_SCRIPT` in the same `<script>` (it uses that script's `$`, `el`, `request`, `log`
 * and `errorText`). Shown only to a connection holding `admin` (the demo page on the
 * simulator, opened by the broker's own OS user): it lists the page origins that asked for
 * access, and approves them with the scopes a person picks, denies them, or revokes an
 * approval, through the `access.*` ops, the same access file as `nhicard access`. The list is
 * asked for again every few seconds while the panel shows, so a new request appears by itself.
 * Same rules as the main script: `textContent` only, no template literals, no backslashes.
 */
export const DEMO_PAGE_ACCESS_SCRIPT = `
const ACCESS_STATUS = { pending: '待核准 · Pending', approved: '已核准 · Approved', denied: '已拒絕 · Denied' };
const SCOPE_LABEL = { presence: '在場 · presence', read: '讀取卡片資料 · read' };
const ACCESS_REFRESH_MS = 2000;
let accessTimer = null;
let shownAccess = '';
// Whether a person ticked read for an origin survives the refreshes.
const chosenRead = new Map();

function showAccess(admin) {
  $('access').hidden = !admin;
  clearInterval(accessTimer);
  accessTimer = null;
  shownAccess = '';
  if (!admin) return;
  loadAccess();
  accessTimer = setInterval(loadAccess, ACCESS_REFRESH_MS);
}

function loadAccess() {
  request('access.list').then((result) => {
    const text = JSON.stringify(result.origins);
    if (text === shownAccess) return;
    shownAccess = text;
    renderAccess(result.origins);
  }, (error) => {
    if (error.code) $('access-note').textContent = errorText(error);
  });
}

function scopeCell(entry) {
  const cell = el('td');
  if (entry.status === 'approved') {
    cell.textContent = entry.scopes.map((scope) => SCOPE_LABEL[scope] || scope).join(', ');
    return cell;
  }
  cell.append(el('span', 'muted', SCOPE_LABEL.presence + ' + '));
  const label = el('label');
  const box = el('input');
  box.type = 'checkbox';
  box.dataset.scope = 'read';
  box.checked = chosenRead.has(entry.origin) ? chosenRead.get(entry.origin) : entry.scopes.includes('read');
  box.onchange = () => chosenRead.set(entry.origin, box.checked);
  label.append(box, document.createTextNode(' ' + SCOPE_LABEL.read));
  cell.append(label);
  return cell;
}

function actionButton(action, text, primary, onclick) {
  const button = el('button', primary ? 'primary' : '', text);
  button.type = 'button';
  button.dataset.action = action;
  button.onclick = onclick;
  return button;
}

function renderAccess(origins) {
  const body = $('access-list');
  body.replaceChildren();
  if (origins.length === 0) {
    const row = el('tr');
    const cell = el('td', 'muted', '沒有網站要求存取 · No page has asked for access.');
    cell.colSpan = 5;
    row.append(cell);
    body.append(row);
    return;
  }
  for (const entry of origins) {
    const row = el('tr', 'access-' + entry.status);
    row.dataset.origin = entry.origin;
    const actions = el('td', 'actions');
    if (entry.status === 'approved') {
      actions.append(actionButton('revoke', '撤銷 · Revoke', false, () => decide('access.deny', { origin: entry.origin })));
    } else {
      const approve = () => {
        const read = row.querySelector('input[data-scope=read]').checked;
        decide('access.approve', { origin: entry.origin, scopes: read ? ['presence', 'read'] : ['presence'] });
      };
      actions.append(actionButton('approve', '核准 · Approve', true, approve));
      if (entry.status === 'pending') actions.append(actionButton('deny', '拒絕 · Deny', false, () => decide('access.deny', { origin: entry.origin })));
    }
    row.append(
      el('td', 'mono', entry.origin),
      el('td', 'status', ACCESS_STATUS[entry.status] || entry.status),
      scopeCell(entry),
      el('td', 'mono', entry.since ? DATE_TIME.format(new Date(entry.since)) : '—'),
      actions,
    );
    body.append(row);
  }
}

function decide(op, params) {
  $('access-note').textContent = '';
  request(op, params).then((result) => {
    chosenRead.delete(params.origin);
    const what = result.scopes ? '已核准 · approved with ' + result.scopes.join(', ') : '已拒絕 · denied';
    log('good', null, op, null, result.origin + ': ' + what);
    loadAccess();
  }, (error) => {
    const text = error.code ? errorText(error) : String(error.message || error);
    $('access-note').textContent = text;
    log('error', null, op, null, text);
  });
}
`;
