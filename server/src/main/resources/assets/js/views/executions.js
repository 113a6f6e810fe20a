// Runs across all jobs, filtered by status, group and job, with charts of the page shown.
import { get, query as qs } from '../api.js';
import { h, fill } from '../dom.js';
import { problemBox, Pager, fillRows } from '../ui.js';
import { executionColumns, executionsTable, executionCharts } from '../runs.js';

const STATUSES = ['running', 'succeeded', 'failed', 'timed_out', 'interrupted', 'skipped', 'recovered', 'abandoned'];

export async function executionsPage(context) {
  const { main, query } = context;
  const filters = { status: query.status || '', group: query.group || '', job: query.job || '' };
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const charts = h('section', { 'aria-labelledby': 'charts-title' });
  const pager = new Pager((cursor) => load(cursor), 'Pages of runs');
  const columns = executionColumns(true);
  const tableEl = executionsTable('Runs across jobs', [], true);
  const body = tableEl.querySelector('tbody');
  let chartsOf = null;

  async function load(cursor) {
    try {
      const page = await get(`/executions${qs({ ...filters, limit: 100, cursor })}`);
      if (!context.current()) return;
      fillRows(body, columns, page.items, 'No runs match.');
      pager.update(page.nextCursor);
      const key = JSON.stringify(page.items);
      if (key !== chartsOf) {
        chartsOf = key;
        fill(charts, h('h2', { id: 'charts-title' }, 'Charts'), executionCharts(page.items));
      }
      fill(messages);
    } catch (error) {
      fill(messages, problemBox(error));
    }
  }

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter runs' },
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'),
      h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'any'),
        STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s.replace('_', ' '))))),
    h('div', { class: 'field' }, h('label', { for: 'filter-group' }, 'Group'), h('input', { id: 'filter-group', name: 'group', value: filters.group })),
    h('div', { class: 'field' }, h('label', { for: 'filter-job' }, 'Job name'), h('input', { id: 'filter-job', name: 'job', value: filters.job })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'button' }, 'Filter'),
      h('a', { href: '#/executions', class: 'button secondary' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/executions${qs(Object.fromEntries(new FormData(form)))}`;
  });

  fill(main, h('h1', { tabindex: '-1' }, 'Executions'), form, messages,
    h('section', { 'aria-label': 'Runs' }, tableEl, pager.el), charts);
  await load(null);
  context.every(5000, () => load(pager.current));
}
