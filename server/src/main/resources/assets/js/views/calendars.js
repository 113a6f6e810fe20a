// Calendars (issue 18 §3): the list, one calendar with what it excludes, and its deletion.
import { get, del, session, query as qs } from '../api.js';
import { h, fill } from '../dom.js';
import { problemBox, table, facts } from '../ui.js';

/** /calendars/{name} with the name escaped. */
export function calendarPath(name) {
  return `/calendars/${encodeURIComponent(name)}`;
}

const route = (name, rest = '') => `#/calendars/${encodeURIComponent(name)}${rest}`;

/** What a calendar excludes, in one line: "2 dates, 1 annual day, 1 daily window, cron …". */
function summary(spec) {
  const count = (list, one, many) => (list && list.length ? `${list.length} ${list.length === 1 ? one : many}` : null);
  return [
    count(spec.excludeDates, 'date', 'dates'),
    count(spec.excludeAnnual, 'annual day', 'annual days'),
    count(spec.excludeDaily, 'daily window', 'daily windows'),
    spec.excludeCron ? `cron ${spec.excludeCron}` : null,
  ].filter(Boolean).join(', ') || 'nothing excluded';
}

export async function calendarsPage(context) {
  const { main } = context;
  const list = await get('/calendars');
  if (!context.current()) return;
  const columns = [
    { title: 'Name', cell: (c) => h('a', { href: route(c.name) }, c.name) },
    { title: 'Time zone', cell: (c) => c.calendar.timeZone || 'UTC' },
    { title: 'Excludes', cell: (c) => summary(c.calendar) },
    { title: 'Description', cell: (c) => c.calendar.description || '' },
  ];
  fill(main,
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Calendars'),
      session.can('admin') ? h('a', { class: 'button', href: '#/calendars/new', id: 'new-calendar' }, 'New calendar') : null),
    h('p', { class: 'muted' }, 'Times a job naming a calendar does not fire at. A job names one in its schedule\'s Calendar field.'),
    h('div', { id: 'calendar-list' }, table('Calendars', columns, list, 'No calendars yet.')));
}

export async function calendarPage(context) {
  const { main, params: [name] } = context;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const { calendar: spec, jobs = [] } = await get(calendarPath(name));
  if (!context.current()) return;
  const list = (values) => (values && values.length ? values.join(', ') : null);
  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Actions' });
  if (session.can('admin')) {
    const remove = h('button', { type: 'button', class: 'button danger', id: 'delete' }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete calendar ${name}?`)) return;
      remove.disabled = true;
      try {
        await del(calendarPath(name));
        location.hash = '#/calendars';
      } catch (error) {
        // 409 while a job names it: the server says so, and the calendar stays.
        fill(messages, problemBox(error));
        messages.querySelector('.alert')?.focus();
      } finally {
        remove.disabled = false;
      }
    });
    toolbar.append(h('a', { class: 'button secondary', href: route(name, '/edit'), id: 'edit' }, 'Edit'), remove);
  }
  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/calendars' }, 'Calendars'), ` / ${name}`),
    h('h1', { tabindex: '-1' }, `Calendar ${name}`),
    toolbar, messages,
    h('div', { id: 'calendar-facts' }, facts([
      ['Description', spec.description],
      ['Time zone', spec.timeZone || 'UTC'],
      ['Excluded dates', list(spec.excludeDates)],
      ['Excluded every year', list(spec.excludeAnnual)],
      ['Excluded every day', list((spec.excludeDaily || []).map((w) => `${w.from}–${w.to}`))],
      ['Excluded where cron matches', spec.excludeCron],
      ['Excludes', summary(spec)],
    ])),
    jobsNaming(name, jobs));
}

/** The jobs that name the calendar, as links: what a change to it reschedules. */
function jobsNaming(name, jobs) {
  const link = (job) => {
    const [group, ...rest] = job.split('/');
    return h('li', {}, h('a', { href: `#/jobs/${encodeURIComponent(group)}/${encodeURIComponent(rest.join('/'))}` }, job));
  };
  return h('section', { id: 'calendar-jobs', 'aria-labelledby': 'calendar-jobs-title' },
    h('h2', { id: 'calendar-jobs-title' }, 'Jobs naming it'),
    jobs.length
      ? h('ul', {}, ...jobs.map(link))
      : h('p', { class: 'muted' }, 'No job names this calendar; it can be deleted.'),
    jobs.length >= 100 ? h('p', { class: 'muted' }, 'The first 100 are shown.') : null,
    jobs.length ? h('p', {}, h('a', { href: `#/jobs${qs({ calendar: name })}`, id: 'calendar-jobs-list' }, 'These jobs in the job list')) : null);
}
