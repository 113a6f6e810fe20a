// Small pieces several pages share: badges, problem boxes, field errors, pagers, tables.
import { h, fill } from './dom.js';

/** A job state or execution status as a coloured badge (text, so colour is never the only cue). */
export function badge(value, kind = 'state') {
  const text = String(value || 'unknown').toLowerCase();
  return h('span', { class: `badge ${kind}-${text.replace(/[^a-z_-]/g, '')}` }, text.replace('_', ' '));
}

/** An API error as a box: its title and detail, and the fields that were wrong. */
export function problemBox(error, fieldsShownElsewhere = new Set()) {
  const rest = (error.errors || []).filter((e) => !fieldsShownElsewhere.has(e.field));
  return h(
    'div',
    { class: 'alert error', role: 'alert', tabindex: '-1' },
    h('strong', {}, error.title || 'Error'),
    error.detail ? h('span', { class: 'detail' }, ` ${error.detail}`) : null,
    rest.length
      ? h('ul', {}, rest.map((e) => h('li', {}, h('code', {}, e.field), ` ${e.message}`)))
      : null,
  );
}

/** A short confirmation that an action worked. */
export function notice(text) {
  return h('div', { class: 'alert ok', role: 'status' }, text);
}

/** Shows each field error next to its field (an element with data-field); returns those shown. */
export function showFieldErrors(form, errors) {
  clearFieldErrors(form);
  const shown = new Set();
  for (const error of errors || []) {
    const field = form.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
    if (!field) continue;
    const message = field.querySelector('.field-error');
    const input = field.querySelector('input, select, textarea');
    if (message) {
      // Several errors of one field (two bad lines of a list) are all shown.
      message.textContent = shown.has(error.field) ? `${message.textContent}; ${error.message}` : error.message;
      message.hidden = false;
    }
    if (input) input.setAttribute('aria-invalid', 'true');
    field.classList.add('invalid');
    shown.add(error.field);
  }
  return shown;
}

export function clearFieldErrors(form, prefix = '') {
  for (const field of form.querySelectorAll('[data-field]')) {
    if (!field.dataset.field.startsWith(prefix)) continue;
    field.classList.remove('invalid');
    const message = field.querySelector('.field-error');
    if (message) {
      message.textContent = '';
      message.hidden = true;
    }
    field.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
  }
}

/** Previous/next buttons over cursor pages; `load(cursor)` shows a page. */
export class Pager {
  constructor(load, label) {
    this.load = load;
    this.stack = [];
    this.current = null;
    this.next = null;
    this.el = h('nav', { class: 'pager', 'aria-label': label });
  }

  /** Called by the page after it loaded one, with the answer's nextCursor. */
  update(nextCursor) {
    this.next = nextCursor || null;
    const prev = h('button', { type: 'button', class: 'button secondary', disabled: this.stack.length === 0 }, 'Previous page');
    prev.addEventListener('click', () => {
      this.current = this.stack.pop() ?? null;
      this.load(this.current);
    });
    const next = h('button', { type: 'button', class: 'button secondary', disabled: !this.next }, 'Next page');
    next.addEventListener('click', () => {
      this.stack.push(this.current);
      this.current = this.next;
      this.load(this.current);
    });
    fill(this.el, prev, next);
  }
}

/** A table whose cells carry their column name, so narrow screens can show rows as cards. */
export function table(caption, columns, rows, empty) {
  const body = h('tbody');
  fillRows(body, columns, rows, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'cards' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.title)))),
      body,
    ),
  );
}

const shown = new WeakMap(); // tbody → the rows it shows, as JSON

/**
 * Shows rows in a table body. Rows equal to those shown are left alone, so a periodic refresh
 * never replaces a link under the pointer or the keyboard focus.
 */
export function fillRows(body, columns, rows, empty) {
  const key = JSON.stringify(rows);
  if (shown.get(body) === key) return;
  shown.set(body, key);
  if (!rows.length) {
    fill(body, h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty)));
    return;
  }
  fill(
    body,
    rows.map((row) =>
      h('tr', {}, columns.map((c) => h('td', { 'data-label': c.title }, c.cell(row)))),
    ),
  );
}

/** A definition list from [term, value] pairs, skipping empty values. */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}
