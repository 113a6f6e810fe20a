// The job form's "Runs after" part: the upstream jobs a job waits on (its `after` list), one row
// each, with the outcome it waits for and the parameters it takes from the upstream's result.
import { get, query } from '../api.js';
import { h, fill, uid } from '../dom.js';

const OUTCOMES = [
  ['success', 'success: the upstream run succeeded'],
  ['failure', 'failure: the upstream run failed'],
  ['finished', 'finished: the upstream run ended, however'],
];

/**
 * The fieldset for `after`. Its rows carry the server's field names (after[0].job, after[0].on,
 * after[0].params), renumbered as rows come and go, so showFieldErrors puts each error by its row.
 */
export function afterFieldset(after) {
  const rows = h('ol', { class: 'after-rows', id: 'after-rows' });
  const empty = h('p', { class: 'muted', id: 'after-empty' }, 'No upstream jobs: the job runs on its schedule or by hand only.');
  const add = h('button', { type: 'button', class: 'button secondary', id: 'after-add' }, 'Add an upstream job');
  const names = h('datalist', { id: 'upstream-names' });
  const fieldset = h('fieldset', { class: 'after', id: 'after-editor' }, h('legend', {}, 'Runs after'),
    h('p', { class: 'hint' }, 'The job runs once for each run of an upstream job that ends as chosen.'
      + ' Parameters: a JSON object mapping a parameter of this job (one operators may override) to a field of the upstream run\'s result, such as {"day": "date"}.'),
    h('div', { class: 'field', dataset: { field: 'after' } }, h('p', { class: 'field-error', id: 'after-error', hidden: true })),
    empty, rows, names, h('div', { class: 'field actions' }, add));

  const renumber = () => {
    [...rows.children].forEach((row, i) => {
      row.querySelector('.after-job').dataset.field = `after[${i}].job`;
      row.querySelector('.after-on').dataset.field = `after[${i}].on`;
      row.querySelector('.after-params').dataset.field = `after[${i}].params`;
      row.querySelector('.after-remove').setAttribute('aria-label', `Remove upstream job ${i + 1}`);
      row.querySelector('legend').textContent = `Upstream job ${i + 1}`;
    });
    empty.hidden = rows.children.length > 0;
  };
  const addRow = (entry) => {
    const row = afterRow(entry, () => { row.remove(); renumber(); add.focus(); });
    rows.append(row);
    renumber();
    return row;
  };
  add.addEventListener('click', () => addRow({}).querySelector('input').focus());
  (after || []).forEach(addRow);
  renumber();
  get(`/jobs${query({ limit: 200 })}`)
    .then((page) => fill(names, page.items.map((j) => h('option', { value: `${j.group}/${j.name}` }))))
    .catch(() => {});
  return fieldset;
}

function afterRow(entry, remove) {
  const jobId = uid('after-job');
  const onId = uid('after-on');
  const paramsId = uid('after-params');
  const part = (cls, label, input) => {
    const errorId = uid('err');
    input.setAttribute('aria-describedby', errorId);
    return h('div', { class: `field ${cls}` }, h('label', { for: input.id }, label), input,
      h('p', { class: 'field-error', id: errorId, hidden: true }));
  };
  const params = entry.params && Object.keys(entry.params).length ? JSON.stringify(entry.params) : '';
  return h('li', { class: 'after-row' },
    h('fieldset', {}, h('legend', {}),
      part('after-job', 'Upstream job (group/name)', h('input', { id: jobId, name: 'after-job', value: entry.job || '', list: 'upstream-names', placeholder: 'etl/extract', spellcheck: 'false' })),
      part('after-on', 'Runs when its run ends in', h('select', { id: onId, name: 'after-on' },
        OUTCOMES.map(([value, text]) => h('option', { value, selected: value === (entry.on || 'success') }, text)))),
      part('after-params', 'Parameters from its result (optional JSON)', h('textarea', { id: paramsId, name: 'after-params', rows: 2, placeholder: '{"day": "date"}', spellcheck: 'false' }, params)),
      h('button', { type: 'button', class: 'button danger after-remove', onclick: remove }, 'Remove')));
}

/**
 * The `after` list as the API takes it, and the errors found before sending it (params that are
 * not a JSON object of strings), with the same field names as the server's.
 */
export function readAfter(form) {
  const after = [];
  const errors = [];
  [...form.querySelectorAll('.after-row')].forEach((row, i) => {
    const entry = { job: row.querySelector('[name="after-job"]').value.trim(), on: row.querySelector('[name="after-on"]').value };
    const text = row.querySelector('[name="after-params"]').value.trim();
    if (text) {
      const params = parseParams(text);
      if (params) entry.params = params;
      else errors.push({ field: `after[${i}].params`, message: 'must be a JSON object of parameter names to result fields, such as {"day": "date"}' });
    }
    after.push(entry);
  });
  return { after: after.length ? after : undefined, errors };
}

function parseParams(text) {
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    return Object.values(value).every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

/**
 * The server names a mapped parameter's error after[0].params.day: shown on the row's params
 * field, with the parameter's name in front.
 */
export function afterErrors(errors) {
  return (errors || []).map((e) => {
    const m = /^(after\[\d+\]\.params)\.(.+)$/.exec(e.field || '');
    return m ? { field: m[1], message: `${m[2]}: ${e.message}` } : e;
  });
}
