// The jobs list: search and filters (kept in the URL), state badges, last and next run, counts.
import { get, session, query as qs } from '../api.js';
import { h, fill } from '../dom.js';
import { badge, problemBox, Pager, table, fillRows } from '../ui.js';
import { time, relative, duration, zoneOf, firstLine } from '../format.js';
import { pauseText } from './job.js';

const STATES = ['scheduled', 'paused', 'running', 'blocked', 'completed', 'error'];

export async function jobsPage(context) {
  const { main, query } = context;
  const filters = {
    q: query.q || '', group: query.group || '', type: query.type || '',
    state: query.state || '', label: query.label || '', late: query.late || '',
    calendar: query.calendar || '',
  };
  const [types, calendars] = await Promise.all([
    get('/job-types').catch(() => []),
    get('/calendars').catch(() => []),
  ]);
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const list = h('div', { class: 'list' });
  const pager = new Pager((cursor) => load(cursor), 'Pages of jobs');

  const columns = [
    { title: 'Job', cell: (j) => h('a', { href: `#/jobs/${encodeURIComponent(j.group)}/${encodeURIComponent(j.name)}`, class: 'job-link' }, `${j.group}/${j.name}`) },
    { title: 'Type', cell: (j) => j.type },
    { title: 'State', cell: (j) => h('span', { title: j.pause ? pauseText(j.pause) : null }, badge(j.state), j.pause && j.pause.until ? h('span', { class: 'muted pause-until' }, ` until ${time(j.pause.until)}`) : null, j.late ? [' ', lateBadge(j)] : null) },
    { title: 'Last run', cell: lastRun },
    { title: 'Next run', cell: nextRun },
    { title: 'Runs', cell: (j) => h('span', {}, `${j.executions}`, j.failures ? h('span', { class: 'failures' }, ` · ${j.failures} failed`) : null) },
    { title: 'Last duration', cell: (j) => duration(j.lastDurationMs) },
    { title: 'Last error', cell: (j) => h('span', { class: 'last-error', title: j.lastError || '' }, j.lastError || '') },
  ];
  const tableEl = table('Jobs', columns, [], 'No jobs match.');
  const body = tableEl.querySelector('tbody');

  async function load(cursor) {
    try {
      const page = await get(`/jobs${qs({ ...filters, label: filters.label || undefined, limit: 50, cursor })}`);
      if (!context.current()) return;
      fillRows(body, columns, page.items, hasFilters() ? 'No jobs match these filters.' : 'No jobs yet.');
      pager.update(page.nextCursor);
      fill(messages);
    } catch (error) {
      fill(messages, problemBox(error));
    }
  }

  function hasFilters() {
    return Object.values(filters).some((v) => v);
  }

  const form = filterForm(filters, types, calendars);
  fill(main,
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Jobs'),
      session.can('admin') ? h('a', { href: '#/jobs/new', class: 'button', id: 'new-job' }, 'New job') : null),
    form, messages, list);
  fill(list, tableEl, pager.el);
  await load(null);
  context.every(5000, () => load(pager.current));
}

function lastRun(job) {
  const last = job.lastExecution;
  if (!last) return h('span', { class: 'muted' }, 'never');
  return h('span', { class: 'last-run' },
    h('a', { href: `#/executions/${encodeURIComponent(last.id)}` }, badge(last.status, 'status')),
    ' ', time(last.startedAt, zoneOf(job)));
}

function nextRun(job) {
  if (job.state === 'paused') return h('span', { class: 'muted' }, 'paused');
  if (!job.nextFireAt) return h('span', { class: 'muted' }, job.schedule ? '—' : 'on demand');
  return h('span', { class: 'next-run', title: relative(job.nextFireAt) }, time(job.nextFireAt, zoneOf(job)));
}

/** A job the late-job check holds late: a badge whose title says why. */
function lateBadge(job) {
  return h('span', { class: 'badge late', title: job.lateReason || 'late' }, 'late');
}

function filterForm(filters, types, calendars) {
  const input = (name, label, attrs = {}) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label),
    h('input', { id: `filter-${name}`, name, value: filters[name], ...attrs }));
  const select = (name, label, values) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label),
    h('select', { id: `filter-${name}`, name },
      h('option', { value: '' }, 'any'),
      values.map((v) => h('option', { value: v, selected: v === filters[name] }, v))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs' },
    input('q', 'Search', { type: 'search', placeholder: 'name or description' }),
    input('group', 'Group'),
    select('type', 'Type', types.map((t) => t.name)),
    select('state', 'State', STATES),
    select('late', 'Late', ['true', 'false']),
    // A calendar named in the URL stays selectable even if it is gone (or not listed yet).
    select('calendar', 'Calendar', [...new Set([...calendars.map((c) => c.name), filters.calendar].filter(Boolean))]),
    input('label', 'Label', { placeholder: 'team:music' }),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit', class: 'button' }, 'Filter'),
      h('a', { href: '#/jobs', class: 'button secondary' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    location.hash = `#/jobs${qs(data)}`;
  });
  return form;
}
