// The wall display: one tile per workstation with its connection, each reader's state (no
// reader / waiting / card present / reading / error), the time of its last event and today's
// counters, for a few workstations or two hundred.
//
// Two modes, from the query string or else from monitor.config.json beside this page:
// - LAN (a clinic): a list of brokers, `?broker=<label>=<ws-or-wss-url>` (repeatable; the URL
//   may carry `?token=` with a presence token), or `brokers` in the config file;
// - NATS (a hospital): `?nats=<wss-url>&user=…&pass=…[&site=…]`, or `nats` in the config file:
//   every workstation that publishes to that NATS server.
// `?filter=<text>`, `?group=site|floor` and `?problems=0` preset the board's controls.
(() => {
  const { clock } = window.NhiCardExamples;
  const { createBoard, watchBroker, watchNats } = window.NhiCardMonitor;
  const $ = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);

  function brokersFromQuery() {
    return query.getAll('broker').map((entry, index) => {
      const named = /^([^=]+?)=((?:wss?|https?):\/\/.*|\/.*)$/.exec(entry);
      return {
        label: named ? named[1] : `工作站 ${index + 1}`,
        url: named ? named[2] : entry,
      };
    });
  }

  function natsFromQuery() {
    const servers = query.get('nats');
    if (!servers) return null;
    const nats = { servers };
    for (const name of ['user', 'pass', 'token', 'site', 'bucket']) {
      if (query.has(name)) nats[name] = query.get(name);
    }
    return nats;
  }

  function loadConfig() {
    const nats = natsFromQuery();
    if (nats) return Promise.resolve({ nats });
    const brokers = brokersFromQuery();
    if (brokers.length > 0) return Promise.resolve({ brokers });
    return fetch('monitor.config.json', { cache: 'no-store' }).then((response) => {
      if (!response.ok) throw new Error(`monitor.config.json: HTTP ${response.status}`);
      return response.json();
    });
  }

  function showProblem(box, text) {
    box.textContent = text || '';
    box.hidden = !text;
  }

  const board = createBoard({
    filter: query.get('filter') || '',
    group: query.get('group') || '',
    problemsFirst: query.get('problems') !== '0',
  });

  loadConfig()
    .then((config) => {
      if (config.title) $('title').textContent = config.title;
      if (config.nats) {
        if (!config.nats.servers) throw new Error('nats.servers is missing');
        document.body.dataset.mode = 'nats';
        $('mode').textContent = `NATS · ${new URL(String(config.nats.servers).split(',')[0]).host}`;
        return watchNats(board, config.nats, (problem) => showProblem($('link-error'), problem));
      }
      const brokers = Array.isArray(config.brokers) ? config.brokers : [];
      if (brokers.length === 0) throw new Error('no brokers configured (brokers or nats)');
      if (!window.NhiCardExamples.sdkLoaded()) return undefined;
      document.body.dataset.mode = 'lan';
      $('mode').textContent = `LAN · ${brokers.length}`;
      for (const [index, broker] of brokers.entries()) watchBroker(board, broker, index);
      board.layout();
      return undefined;
    })
    .catch((error) => {
      // A link that failed says so itself; anything else is the configuration.
      const text = error.link
        ? error.message
        : `監看設定錯誤 · Monitor configuration: ${error.message}`;
      showProblem($('config-error'), text);
    });

  const tick = () => {
    $('clock').textContent = clock(new Date());
  };
  tick();
  setInterval(tick, 1000);
})();
