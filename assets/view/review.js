// budget-ingest review: links the grid's cells to their boxes on the page (or source lines) both ways,
// selects the cells a diagnostic names, routes location hashes (#t3, #t3:5:total, #page:12:x0,y0,x1,y1,
// #line:88) and sorts the index table. Plain browser JavaScript, no network, works from file://.
(() => {
  /** Sort the rows of every `table.sortable` by the clicked column (again: reverse). */
  function setupSort() {
    for (const table of document.querySelectorAll('table.sortable')) {
      const heads = [...table.tHead.rows[0].cells];
      heads.forEach((th, index) => {
        const sort = () => {
          const descending = th.getAttribute('aria-sort') === 'ascending';
          for (const other of heads) other.removeAttribute('aria-sort');
          th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
          const numeric = th.dataset.type === 'num';
          const value = (row) => {
            const cell = row.cells[index];
            const text = cell ? (cell.dataset.v ?? cell.textContent) : '';
            if (!numeric) return text;
            return text === '' ? Number.NEGATIVE_INFINITY : Number(text);
          };
          const body = table.tBodies[0];
          const rows = [...body.rows].sort((a, b) => {
            const x = value(a);
            const y = value(b);
            const order = numeric ? x - y : String(x).localeCompare(String(y), 'zh-CN');
            return descending ? -order : order;
          });
          body.append(...rows);
        };
        th.addEventListener('click', sort);
        th.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') sort();
        });
      });
    }
  }

  if (document.body.classList.contains('list')) {
    setupSort();
    return;
  }

  const dataNode = document.getElementById('review-data');
  const data = dataNode ? JSON.parse(dataNode.textContent) : { pages: {} };
  const views = [...document.querySelectorAll('main > .view')];

  const quote = (text) => text.replace(/["\\]/g, '\\$&');
  /** Every element standing for the cell `key` in `section`: grid cells, page boxes, source spans and lines. */
  const marks = (section, key) =>
    section.querySelectorAll(`[data-cell="${quote(key)}"], [data-cells~="${quote(key)}"]`);
  const clear = (root, cls) => {
    for (const el of root.querySelectorAll(`.${cls}`)) el.classList.remove(cls);
  };

  function show(id) {
    let target = document.getElementById(id);
    if (!target?.classList.contains('view')) target = document.getElementById('overview');
    for (const view of views) view.hidden = view !== target;
    for (const a of document.querySelectorAll('nav.side a')) {
      a.classList.toggle('active', a.getAttribute('href') === `#${target.id}`);
    }
    return target;
  }

  /** Select the cells `keys` (and diagnostic box `diag`) in a table view; scroll what the user did not click. */
  function select(section, keys, options = {}) {
    clear(section, 'sel');
    for (const box of section.querySelectorAll('.dbox.show')) box.classList.remove('show');
    let cell = null;
    let box = null;
    for (const key of keys) {
      for (const el of marks(section, key)) {
        el.classList.add('sel');
        if (el.tagName === 'TD') cell ??= el;
        else box ??= el;
      }
    }
    if (options.diag !== undefined) {
      const dbox = section.querySelector(`.dbox[data-diag="${options.diag}"]`);
      if (dbox) {
        dbox.classList.add('show');
        box ??= dbox;
      }
    }
    if (box && options.from !== 'box') box.scrollIntoView({ block: 'center', inline: 'center' });
    if (cell && options.from !== 'cell') cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return { cell, box };
  }

  function showPage(number, bbox) {
    const section = show('page-view');
    const pane = section.querySelector('.pane');
    pane.textContent = '';
    const page = data.pages[number];
    if (!page) {
      pane.textContent = `Page ${number} is not part of this review.`;
      return;
    }
    const figure = document.createElement('figure');
    figure.className = 'page';
    figure.dataset.page = String(number);
    figure.dataset.w = String(page.w);
    figure.dataset.h = String(page.h);
    figure.style.aspectRatio = `${page.w}/${page.h}`;
    const caption = document.createElement('figcaption');
    caption.textContent = `p${number}`;
    figure.append(caption);
    if (page.src) {
      const img = document.createElement('img');
      img.src = page.src;
      img.alt = `page ${number}`;
      figure.append(img);
    }
    pane.append(figure);
    const box = bbox ? bbox.split(',').map(Number) : [];
    if (box.length === 4 && box.every(Number.isFinite)) {
      const mark = document.createElement('div');
      mark.className = 'box sel';
      const pct = (v, whole) => `${(v / whole) * 100}%`;
      mark.style.left = pct(box[0], page.w);
      mark.style.top = pct(box[1], page.h);
      mark.style.width = pct(box[2] - box[0], page.w);
      mark.style.height = pct(box[3] - box[1], page.h);
      figure.append(mark);
      mark.scrollIntoView({ block: 'center' });
    } else figure.scrollIntoView({ block: 'start' });
  }

  function showLine(number) {
    const section = show('source-view');
    clear(section, 'sel');
    const line = document.getElementById(`L${number}`);
    if (line) {
      line.classList.add('sel');
      line.scrollIntoView({ block: 'center' });
    }
  }

  function route() {
    const hash = decodeURIComponent(location.hash.slice(1));
    const parts = hash.split(':');
    if (parts[0] === 'page' && document.getElementById('page-view'))
      return showPage(Number(parts[1]), parts[2]);
    if (parts[0] === 'line' && document.getElementById('source-view')) return showLine(Number(parts[1]));
    const section = show(parts[0] || 'overview');
    if (section.dataset.table && parts.length >= 3)
      select(section, [`${parts[1]}:${parts.slice(2).join(':')}`]);
  }

  /** The cell keys an element stands for (a grid cell, a page box, a source span, a whole source line). */
  function keysOf(el) {
    if (el.dataset.cell) return [el.dataset.cell];
    if (el.dataset.cells) return el.dataset.cells.split(' ');
    return [];
  }

  const main = document.querySelector('main');
  main.addEventListener('mouseover', (event) => {
    const el = event.target.closest('[data-cell], .ln[data-cells]');
    const section = event.target.closest('.table-view');
    if (!el || !section) return;
    for (const key of keysOf(el)) for (const mark of marks(section, key)) mark.classList.add('hl');
  });
  main.addEventListener('mouseout', (event) => {
    const section = event.target.closest('.table-view');
    if (section) clear(section, 'hl');
  });
  main.addEventListener('click', (event) => {
    const section = event.target.closest('.table-view');
    if (!section) return;
    const diag = event.target.closest('li.diag');
    if (diag && !event.target.closest('a')) {
      clear(section, 'sel');
      const keys = diag.dataset.targets ? diag.dataset.targets.split(' ') : [];
      select(section, keys, { diag: diag.dataset.diag });
      diag.classList.add('sel');
      return;
    }
    const el = event.target.closest('[data-cell], .ln[data-cells]');
    if (!el) return;
    const keys = keysOf(el);
    select(section, keys, { from: el.tagName === 'TD' ? 'cell' : 'box' });
    if (keys.length === 1) history.replaceState(null, '', `#${section.id}:${keys[0]}`);
  });
  main.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.matches('li.diag')) event.target.click();
  });
  const zoom = document.getElementById('zoom');
  zoom?.addEventListener('input', () => {
    document.documentElement.style.setProperty('--zoom', String(Number(zoom.value) / 100));
  });
  window.addEventListener('hashchange', route);
  route();
})();
