// Create or edit a calendar: its time zone, excluded dates, annual days, daily windows and cron
// expression, with the server's field errors next to the fields.
import { get, put } from '../api.js';
import { h, fill, uid } from '../dom.js';
import { problemBox, showFieldErrors, clearFieldErrors } from '../ui.js';
import { calendarPath } from './calendars.js';

export async function calendarFormPage(context) {
  const { main, params } = context;
  const editing = params.length === 1;
  const spec = editing ? (await get(calendarPath(params[0]))).calendar : {};
  if (!context.current()) return;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const windows = h('ol', { class: 'windows', id: 'daily-windows' });
  const addWindow = h('button', { type: 'button', class: 'button secondary', id: 'window-add' }, 'Add a daily window');
  const renumber = () => [...windows.children].forEach((row, i) => {
    row.querySelector('.window-from').dataset.field = `excludeDaily[${i}].from`;
    row.querySelector('.window-to').dataset.field = `excludeDaily[${i}].to`;
    row.querySelector('.window-remove').setAttribute('aria-label', `Remove daily window ${i + 1}`);
  });
  const add = (window) => {
    const row = windowRow(window, () => { row.remove(); renumber(); addWindow.focus(); });
    windows.append(row);
    renumber();
    return row;
  };
  addWindow.addEventListener('click', () => add({}).querySelector('input').focus());
  (spec.excludeDaily || []).forEach(add);

  const form = h('form', { class: 'calendar-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Calendar'),
      field('name', 'Name', h('input', { id: 'calendar-name', value: editing ? params[0] : '', required: true, readonly: editing, placeholder: 'ch-holidays' })),
      field('description', 'Description', h('input', { id: 'calendar-description', value: spec.description || '' })),
      field('timeZone', 'Time zone the exclusions are read in', h('input', { id: 'calendar-zone', value: spec.timeZone || '', placeholder: 'UTC', list: 'calendar-zones' }),
        h('datalist', { id: 'calendar-zones' }, zones.map((z) => h('option', { value: z }))))),
    h('fieldset', {}, h('legend', {}, 'Excluded'),
      field('excludeDates', 'Dates (one ISO date a line, such as 2026-12-25)', h('textarea', { id: 'calendar-dates', rows: 4 }, (spec.excludeDates || []).join('\n'))),
      field('excludeAnnual', 'Days every year (one MM-DD a line, such as 12-25)', h('textarea', { id: 'calendar-annual', rows: 3 }, (spec.excludeAnnual || []).join('\n'))),
      h('div', { class: 'field', dataset: { field: 'excludeDaily' } }, h('label', {}, 'Times every day (HH:mm or HH:mm:ss, from before to)'),
        h('p', { class: 'field-error', hidden: true })),
      windows,
      h('div', { class: 'field actions' }, addWindow),
      field('excludeCron', 'Times where this Quartz cron expression matches (optional)', h('input', { id: 'calendar-cron', value: spec.excludeCron || '', placeholder: '* * 0-6 ? * *', spellcheck: 'false' }))),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button', id: 'save' }, editing ? 'Save changes' : 'Create calendar'),
      h('a', { class: 'button secondary', href: editing ? `#/calendars/${encodeURIComponent(params[0])}` : '#/calendars' }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    fill(messages);
    const name = form.querySelector('#calendar-name').value.trim();
    const save = form.querySelector('#save');
    save.disabled = true;
    try {
      // PUT creates or replaces: a new calendar must not replace one of the same name unseen.
      const refused = !name ? 'is required' : !editing && await exists(name) ? `a calendar named ${name} exists; edit it instead` : null;
      if (refused) {
        const error = { title: 'The calendar was not saved', errors: [{ field: 'name', message: refused }] };
        fill(messages, problemBox(error, showFieldErrors(form, error.errors)));
        return;
      }
      await put(calendarPath(name), read(form));
      location.hash = `#/calendars/${encodeURIComponent(name)}`;
    } catch (error) {
      error.errors = lineErrors(error.errors);
      fill(messages, problemBox(error, showFieldErrors(form, error.errors)));
      messages.querySelector('.alert')?.focus();
    } finally {
      save.disabled = false;
    }
  });

  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/calendars' }, 'Calendars'), editing ? ` / ${params[0]}` : null),
    h('h1', { tabindex: '-1' }, editing ? `Edit calendar ${params[0]}` : 'New calendar'),
    messages, form);
}

async function exists(name) {
  try {
    await get(calendarPath(name));
    return true;
  } catch (error) {
    if (error.status === 404) return false;
    throw error;
  }
}

function field(name, label, input, ...extra) {
  const errorId = uid('err');
  input.setAttribute('aria-describedby', errorId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, label), input, ...extra,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

function windowRow(window, remove) {
  const part = (cls, label, value) => {
    const input = h('input', { id: uid('window'), name: cls, value: value || '', placeholder: 'HH:mm', spellcheck: 'false' });
    return field('', label, input);
  };
  const from = part('window-from', 'From', window.from);
  const to = part('window-to', 'To', window.to);
  from.classList.add('window-from');
  to.classList.add('window-to');
  return h('li', { class: 'window-row' }, from, to,
    h('div', { class: 'field' }, h('button', { type: 'button', class: 'button danger window-remove', onclick: remove }, 'Remove')));
}

/** The calendar as the API takes it: empty parts left out. */
function read(form) {
  const value = (id) => form.querySelector(`#${id}`).value.trim();
  const lines = (id) => {
    const list = value(id).split('\n').map((l) => l.trim()).filter(Boolean);
    return list.length ? list : undefined;
  };
  const daily = [...form.querySelectorAll('.window-row')].map((row) => ({
    from: row.querySelector('[name="window-from"]').value.trim(),
    to: row.querySelector('[name="window-to"]').value.trim(),
  }));
  return {
    timeZone: value('calendar-zone') || undefined,
    description: value('calendar-description') || undefined,
    excludeDates: lines('calendar-dates'),
    excludeAnnual: lines('calendar-annual'),
    excludeDaily: daily.length ? daily : undefined,
    excludeCron: value('calendar-cron') || undefined,
  };
}

/** excludeDates[2] names a line of the dates field: shown on that field, with the line's number. */
function lineErrors(errors) {
  return (errors || []).map((e) => {
    const m = /^(excludeDates|excludeAnnual)\[(\d+)\]$/.exec(e.field || '');
    return m ? { field: m[1], message: `line ${Number(m[2]) + 1}: ${e.message}` } : e;
  });
}
