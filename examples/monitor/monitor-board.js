// The board: every tile, placed. A text filter narrows it; tiles can be grouped by site or
// floor; problems (unreachable, reader errors, no reader) come first, in the board and in each
// group. Changes come in bursts (a hundred workstations at nine o'clock), so a tile is redrawn
// at once but the board is laid out again at most every LAYOUT_DELAY_MS, and only when the
// order changed.
(() => {
  const { renderTile, isProblem, searchText } = window.NhiCardMonitor;
  const $ = (id) => document.getElementById(id);
  const LAYOUT_DELAY_MS = 100;
  // Past this many tiles the board draws them smaller, so a wall shows a floor at a glance.
  const DENSE_FROM_TILES = 13;
  const GROUPS = {
    site: ['site', '未分院區', 'No site'],
    floor: ['floor', '未分樓層', 'No floor'],
  };

  /**
   * A board in `#board`, with its controls (`#filter`, `#group`, `#problems-first`) and the
   * counters in the bar. `initial`: `{filter, group, problemsFirst}` from the page's URL.
   */
  function createBoard(initial) {
    const tiles = [];
    const view = {
      filter: (initial.filter || '').trim().toLowerCase(),
      group: GROUPS[initial.group] ? initial.group : '',
      problemsFirst: initial.problemsFirst !== false,
    };
    let layoutTimer = null;
    let lastOrder = '';

    $('filter').value = initial.filter || '';
    $('group').value = view.group;
    $('problems-first').checked = view.problemsFirst;
    $('filter').addEventListener('input', () => {
      view.filter = $('filter').value.trim().toLowerCase();
      layout();
    });
    $('group').addEventListener('change', () => {
      view.group = $('group').value;
      layout();
    });
    $('problems-first').addEventListener('change', () => {
      view.problemsFirst = $('problems-first').checked;
      layout();
    });

    const byPlace = (a, b) =>
      view.problemsFirst && a.problem !== b.problem
        ? a.problem
          ? -1
          : 1
        : a.tile.sortKey.localeCompare(b.tile.sortKey, 'en', { numeric: true });

    /** The groups to show, in order, each with its tiles in order. */
    function arrange() {
      const shown = tiles
        .filter((tile) => view.filter === '' || searchText(tile).includes(view.filter))
        .map((tile) => ({ tile, problem: isProblem(tile) }));
      if (!view.group) return [{ name: null, items: shown.sort(byPlace) }];
      const [field] = GROUPS[view.group];
      const groups = new Map();
      for (const item of shown) {
        const name = item.tile[field];
        if (!groups.has(name)) groups.set(name, []);
        groups.get(name).push(item);
      }
      return [...groups.entries()]
        .map(([name, items]) => ({
          name,
          items: items.sort(byPlace),
          problems: items.filter((item) => item.problem).length,
        }))
        .sort((a, b) => {
          if (view.problemsFirst && a.problems > 0 !== b.problems > 0) {
            return a.problems > 0 ? -1 : 1;
          }
          if (a.name === '' || b.name === '') return a.name === '' ? 1 : -1;
          return a.name.localeCompare(b.name, 'zh-TW', { numeric: true });
        });
    }

    function groupHeader(group) {
      const [, noneZh, noneEn] = GROUPS[view.group];
      const header = document.createElement('h2');
      header.className = 'group-title';
      header.dataset.group = group.name;
      const name = document.createElement('span');
      name.className = 'group-name';
      name.textContent = group.name || `${noneZh} ${noneEn}`;
      const counts = document.createElement('span');
      counts.className = 'group-count en';
      counts.textContent =
        group.problems > 0
          ? `${group.items.length} 台 workstations · ${group.problems} 需處理 need attention`
          : `${group.items.length} 台 workstations`;
      header.append(name, counts);
      return header;
    }

    /** Places the tiles now, when their order or grouping changed. */
    function layout() {
      clearTimeout(layoutTimer);
      layoutTimer = null;
      $('board').dataset.settled = 'true';
      const groups = arrange();
      const order = JSON.stringify([
        view.group,
        groups.map((group) => [
          group.name,
          group.problems,
          group.items.map((item) => item.tile.index),
        ]),
      ]);
      renderTotals();
      renderShown(groups);
      if (order === lastOrder) return;
      lastOrder = order;
      const board = $('board');
      board.classList.toggle('dense', tiles.length >= DENSE_FROM_TILES);
      const fragment = document.createDocumentFragment();
      for (const group of groups) {
        const section = document.createElement('section');
        section.className = 'group';
        if (group.name !== null) section.appendChild(groupHeader(group));
        const grid = document.createElement('div');
        grid.className = 'tiles';
        for (const item of group.items) grid.appendChild(item.tile.element);
        section.appendChild(grid);
        fragment.appendChild(section);
      }
      board.replaceChildren(fragment);
    }

    /** The bar's counters, at once on every change (a sum over at most a few hundred tiles). */
    function renderTotals() {
      const online = tiles.filter((tile) => tile.connection === 'open').length;
      $('total-online').textContent = `${online} / ${tiles.length}`;
      $('total-cards').textContent = String(tiles.reduce((sum, tile) => sum + tile.cards, 0));
      $('total-errors').textContent = String(tiles.reduce((sum, tile) => sum + tile.errors, 0));
      $('total-problems').textContent = String(tiles.filter(isProblem).length);
    }

    function renderShown(groups) {
      const shown = groups.reduce((sum, group) => sum + group.items.length, 0);
      $('shown').textContent =
        shown === tiles.length
          ? `${tiles.length} 台 workstations`
          : `顯示 ${shown} / ${tiles.length} 台 · showing ${shown} of ${tiles.length}`;
    }

    return {
      tiles,
      /** Adds a tile model (from `createTileModel`) and draws it. */
      add(tile) {
        tiles.push(tile);
        renderTile(tile);
        this.changed(tile);
      },
      /** Redraws a tile now; lays the board out again soon. */
      changed(tile) {
        renderTile(tile);
        renderTotals();
        if (layoutTimer === null) {
          layoutTimer = setTimeout(layout, LAYOUT_DELAY_MS);
          // Until then the tiles' order may be the previous one (a wall shows it for 0.1 s).
          $('board').dataset.settled = 'false';
        }
      },
      layout,
    };
  }

  window.NhiCardMonitor = Object.assign(window.NhiCardMonitor || {}, { createBoard });
})();
