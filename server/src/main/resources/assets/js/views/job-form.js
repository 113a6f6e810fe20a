// Create or edit a job: a parameter form built from the type's schema, a schedule editor with a
// live preview of the next fire times, the upstream jobs it runs after, and the server's field
// errors next to the fields.
import { get, post, put, jobPath } from '../api.js';
import { h, fill, uid } from '../dom.js';
import { problemBox, showFieldErrors, clearFieldErrors } from '../ui.js';
import { time, relative } from '../format.js';
import { afterFieldset, readAfter, afterErrors } from './after-editor.js';

// The request fields a job has (JobRequest); anything else is refused by the server.
// Fields the form has no input for (retry, notify, overridable, expect, history) are sent back as
// the job has them.
const REQUEST_FIELDS = ['group', 'name', 'type', 'description', 'params', 'overridable', 'schedule',
  'misfire', 'overlap', 'retry', 'timeout', 'recover', 'notify', 'labels', 'enabled', 'expect', 'history', 'after'];
const PREVIEW_DELAY_MS = 350;
const PREVIEW_COUNT = 5;

export async function jobFormPage(context) {
  const { main, params } = context;
  const editing = params.length === 2;
  const [types, existing] = await Promise.all([
    get('/job-types'),
    editing ? get(jobPath(params[0], params[1])) : Promise.resolve(null),
  ]);
  if (!context.current()) return;
  const job = existing || { group: 'default', enabled: true, misfire: 'fire-now', overlap: 'allow', params: {} };

  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const paramsBox = h('div', { class: 'params-fields' });
  const preview = h('div', { class: 'preview', id: 'schedule-preview', 'aria-live': 'polite' });
  const typeSelect = h('select', { id: 'job-type', name: 'type', required: true },
    types.map((t) => h('option', { value: t.name, selected: t.name === job.type }, t.name)));

  const form = h('form', { class: 'job-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Job'),
      field('group', 'Group', h('input', { id: 'job-group', name: 'group', value: job.group || '', required: true, readonly: editing })),
      field('name', 'Name', h('input', { id: 'job-name', name: 'name', value: job.name || '', required: true, readonly: editing })),
      field('type', 'Type', typeSelect, h('p', { class: 'hint', id: 'type-description' })),
      field('description', 'Description', h('input', { id: 'job-description', name: 'description', value: job.description || '' }))),
    h('fieldset', {}, h('legend', {}, 'Parameters'), paramsBox),
    scheduleFieldset(job.schedule, preview, job.calendar),
    afterFieldset(job.after),
    h('fieldset', {}, h('legend', {}, 'Behaviour'),
      field('misfire', 'When a fire time is missed', select('job-misfire', 'misfire', job.misfire, [
        ['fire-now', 'fire-now: run once as soon as possible'], ['skip', 'skip: wait for the next time'], ['catch-up', 'catch-up: run every missed time']])),
      field('overlap', 'When the job is still running', select('job-overlap', 'overlap', job.overlap, [
        ['allow', 'allow: run side by side'], ['queue', 'queue: wait for the running one'], ['skip', 'skip: record the fire as skipped'], ['replace', 'replace: stop the running one, wherever it runs, and start']])),
      field('timeout', 'Timeout (ISO-8601, such as PT10M)', h('input', { id: 'job-timeout', name: 'timeout', value: job.timeout || '', placeholder: 'none' })),
      field('labels', 'Labels (one key=value per line)', h('textarea', { id: 'job-labels', name: 'labels', rows: 2 },
        Object.entries(job.labels || {}).map(([k, v]) => `${k}=${v}`).join('\n'))),
      checkbox('recover', 'Re-run on another node if its node dies', 'job-recover', job.recover),
      checkbox('enabled', 'Enabled (unticked: stored paused)', 'job-enabled', job.enabled !== false)),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button', id: 'save' }, editing ? 'Save changes' : 'Create job'),
      h('a', { class: 'button secondary', href: editing ? `#/jobs/${encodeURIComponent(job.group)}/${encodeURIComponent(job.name)}` : '#/jobs' }, 'Cancel')));

  function showParams() {
    const type = types.find((t) => t.name === typeSelect.value);
    document.getElementById('type-description').textContent = type?.description || '';
    const values = typeSelect.value === job.type ? job.params || {} : {};
    fill(paramsBox, type && type.parameters.length
      ? type.parameters.map((p) => paramField(p, values[p.name]))
      : h('p', { class: 'muted' }, 'This type takes no parameters.'));
  }
  typeSelect.addEventListener('change', showParams);

  // The live preview: debounced, and only the answer to the latest request is shown.
  let timer = null;
  let asked = 0;
  const schedulePart = form.querySelector('.schedule');
  const updatePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const schedule = readSchedule(form);
      clearFieldErrors(form, 'schedule');
      if (!schedule) {
        fill(preview, h('p', { class: 'muted' }, 'No schedule: the job runs only when started by hand.'));
        return;
      }
      fill(preview, h('p', { class: 'muted' }, 'Working out the next fire times…'));
      try {
        const key = schedule.jitter ? { group: form.querySelector('#job-group').value.trim() || undefined, name: form.querySelector('#job-name').value.trim() || undefined } : {};
        const calendar = form.querySelector('#job-calendar').value.trim() || undefined;
        const answer = await post('/schedules/preview', { schedule, count: PREVIEW_COUNT, calendar, ...key });
        if (mine !== asked || !context.current()) return;
        const translated = answer.quartzCron && answer.quartzCron !== schedule.cron
          ? h('p', { class: 'muted', id: 'quartz-cron' }, `As Quartz cron: ${answer.quartzCron} (${answer.timeZone})`)
          : null;
        fill(preview, translated, h('p', {}, `Next ${answer.fireTimes.length} fire times`,
          answer.jitterOffset ? h('span', { id: 'jitter-offset' }, ` (this job's jitter offset: ${answer.jitterOffset})`) : null, ':'),
          answer.fireTimes.length
            ? h('ol', { class: 'fire-times' }, answer.fireTimes.map((f) => h('li', {}, h('time', { datetime: f.at }, f.local), ' ', h('span', { class: 'muted' }, `(${time(f.at)} here, ${relative(f.at)})`))))
            : h('p', { class: 'muted' }, 'It never fires again.'),
          answer.skipped ? h('div', { id: 'skipped-times' }, h('p', {}, 'Skipped by the calendar:'),
            h('ul', { class: 'fire-times' }, answer.skipped.map((s) => h('li', {}, h('time', { datetime: s.at }, s.local), ' ', h('span', { class: 'muted' }, s.reason))))) : null);
      } catch (error) {
        if (mine !== asked || !context.current()) return;
        const shown = showFieldErrors(schedulePart, error.errors);
        fill(preview, problemBox(error, shown));
      }
    }, PREVIEW_DELAY_MS);
  };
  schedulePart.addEventListener('input', updatePreview);
  get('/calendars').then((list) => {
    const names = form.querySelector('#calendar-names');
    if (names) fill(names, list.map((c) => h('option', { value: c.name })));
  }).catch(() => {});
  // The jitter offset is the job's own: a new name moves it.
  form.querySelector('#job-name').addEventListener('input', () => { if (readSchedule(form)?.jitter) updatePreview(); });
  form.querySelector('#job-group').addEventListener('input', () => { if (readSchedule(form)?.jitter) updatePreview(); });
  schedulePart.addEventListener('change', updatePreview);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    fill(messages);
    const request = readJob(form, job, types);
    const { after, errors: afterProblems } = readAfter(form);
    if (afterProblems.length) {
      const error = { title: 'The job was not saved', detail: 'Fix the fields marked below.', errors: afterProblems };
      fill(messages, problemBox(error, showFieldErrors(form, afterProblems)));
      return;
    }
    request.after = after;
    const save = form.querySelector('#save');
    save.disabled = true;
    try {
      const saved = editing
        ? await put(jobPath(job.group, job.name), request, { headers: { 'If-Match': `"${job.version}"` } })
        : await post('/jobs', request);
      location.hash = `#/jobs/${encodeURIComponent(saved.group)}/${encodeURIComponent(saved.name)}`;
    } catch (error) {
      error.errors = afterErrors(error.errors);
      const shown = showFieldErrors(form, error.errors);
      fill(messages, problemBox(error, shown));
      messages.querySelector('.alert')?.focus();
    } finally {
      save.disabled = false;
    }
  });

  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), editing ? ` / ${job.group}/${job.name}` : null),
    h('h1', { tabindex: '-1' }, editing ? `Edit ${job.group}/${job.name}` : 'New job'),
    messages, form);
  showParams();
  updatePreview();
}

/** A labelled field with a place for its error; `name` is the server's field name. */
function field(name, label, input, ...extra) {
  const errorId = uid('err');
  input.setAttribute('aria-describedby', errorId);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, label), input, ...extra,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

function checkbox(name, label, id, checked) {
  const errorId = uid('err');
  return h('div', { class: 'field check', dataset: { field: name } },
    h('input', { type: 'checkbox', id, name, checked: !!checked, 'aria-describedby': errorId }),
    h('label', { for: id }, label),
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

function select(id, name, value, options) {
  return h('select', { id, name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** One parameter of the type's schema as the input that fits its type. */
function paramField(p, value) {
  const id = `param-${p.name}`;
  const label = `${p.name}${p.required ? ' (required)' : ''}`;
  const hint = [p.description, p.defaultValue !== undefined ? `Default: ${JSON.stringify(p.defaultValue)}.` : '',
    p.min !== undefined ? `At least ${p.min}.` : '', p.max !== undefined ? `At most ${p.max}.` : ''].filter(Boolean).join(' ');
  const attrs = { id, name: id, required: p.required, dataset: { param: p.name, kind: p.type } };
  let input;
  switch (p.type) {
    case 'boolean':
      return h('div', { class: 'field check', dataset: { field: `params.${p.name}` } },
        h('input', { ...attrs, type: 'checkbox', checked: value ?? p.defaultValue ?? false }),
        h('label', { for: id }, p.name), h('p', { class: 'hint' }, hint),
        h('p', { class: 'field-error', hidden: true }));
    case 'integer':
      input = h('input', { ...attrs, type: 'number', step: 1, min: p.min, max: p.max, value: value ?? '' });
      break;
    case 'enum':
      input = h('select', attrs, p.required ? null : h('option', { value: '' }, p.defaultValue ? `(default: ${p.defaultValue})` : '(none)'),
        (p.allowedValues || []).map((v) => h('option', { value: v, selected: v === value }, v)));
      break;
    case 'list':
      input = h('textarea', { ...attrs, rows: 3 }, (value || []).join('\n'));
      break;
    case 'map':
      input = h('textarea', { ...attrs, rows: 3 }, Object.entries(value || {}).map(([k, v]) => `${k}=${v}`).join('\n'));
      break;
    default:
      input = h('input', { ...attrs, type: 'text', maxlength: p.maxLength, value: value ?? '', placeholder: p.type === 'duration' ? 'PT30S' : '' });
  }
  const note = p.type === 'list' ? ' One per line.' : p.type === 'map' ? ' One key=value per line.' : '';
  return field(`params.${p.name}`, label, input, h('p', { class: 'hint' }, hint + note));
}

function scheduleFieldset(spec, preview, calendarName) {
  const kind = spec?.cron ? 'cron' : spec?.every ? 'every' : spec?.at ? 'at' : 'none';
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const radio = (value, label) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name: 'schedule-kind', value, checked: value === kind }), ` ${label}`);
  const part = (which, ...children) => h('div', { class: 'schedule-part', dataset: { kind: which }, hidden: which !== kind }, ...children);
  const fieldset = h('fieldset', { class: 'schedule' }, h('legend', {}, 'Schedule'),
    h('div', { class: 'field', role: 'radiogroup', 'aria-label': 'Kind of schedule', dataset: { field: 'schedule' } },
      radio('cron', 'Cron'), radio('every', 'Every interval'), radio('at', 'Once'), radio('none', 'On demand only'),
      h('p', { class: 'field-error', hidden: true })),
    part('cron',
      field('schedule.cron', 'Cron expression (Quartz: seconds minutes hours day month weekday)',
        h('input', { id: 'schedule-cron', value: spec?.cron || '', placeholder: '0 0 3 * * ?', spellcheck: 'false' })),
      field('schedule.timeZone', 'Time zone', h('input', { id: 'schedule-zone', value: spec?.timeZone || '', placeholder: 'UTC', list: 'time-zones' }),
        h('datalist', { id: 'time-zones' }, zones.map((z) => h('option', { value: z }))))),
    part('every',
      field('schedule.every', 'Interval (ISO-8601: PT15M, PT6H, P1D, P1M)', h('input', { id: 'schedule-every', value: spec?.every || '', placeholder: 'PT15M' })),
      field('schedule.startAt', 'Starting at (your local time; empty: now)', h('input', { id: 'schedule-start', type: 'datetime-local', step: 1, value: local(spec?.startAt) })),
      field('schedule.endAt', 'Ending at (optional)', h('input', { id: 'schedule-end', type: 'datetime-local', step: 1, value: local(spec?.endAt) }))),
    part('at',
      field('schedule.at', 'At (your local time)', h('input', { id: 'schedule-at', type: 'datetime-local', step: 1, value: local(spec?.at) }))),
    h('div', { class: 'schedule-calendar', hidden: kind === 'none' },
      field('calendar', 'Calendar (optional: a calendar whose excluded times the job skips)',
        h('input', { id: 'job-calendar', value: calendarName || '', list: 'calendar-names', placeholder: 'ch-holidays' }),
        h('datalist', { id: 'calendar-names' }))),
    h('div', { class: 'schedule-jitter', hidden: kind !== 'cron' && kind !== 'every' },
      field('schedule.jitter', 'Jitter (optional: each job fires a stable offset of up to this much later, such as PT30S)',
        h('input', { id: 'schedule-jitter', value: spec?.jitter || '', placeholder: 'PT30S' }))),
    h('h3', { class: 'preview-title' }, 'Preview'),
    preview);
  fieldset.addEventListener('change', (event) => {
    if (event.target.name !== 'schedule-kind') return;
    for (const el of fieldset.querySelectorAll('.schedule-part')) el.hidden = el.dataset.kind !== event.target.value;
    fieldset.querySelector('.schedule-jitter').hidden = event.target.value !== 'cron' && event.target.value !== 'every';
    fieldset.querySelector('.schedule-calendar').hidden = event.target.value === 'none';
  });
  return fieldset;
}

/** An instant as the value of a datetime-local input, in the browser's zone. */
function local(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function instant(value) {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** The schedule as the API takes it, or null for on demand. */
function readSchedule(form) {
  const kind = form.querySelector('input[name="schedule-kind"]:checked')?.value || 'none';
  const v = (id) => form.querySelector(`#${id}`).value.trim();
  const jitter = v('schedule-jitter') || undefined;
  if (kind === 'cron') return { cron: v('schedule-cron'), timeZone: v('schedule-zone') || undefined, jitter };
  if (kind === 'every') return { every: v('schedule-every'), startAt: instant(v('schedule-start')), endAt: instant(v('schedule-end')), jitter };
  if (kind === 'at') return { at: instant(v('schedule-at')) ?? '' };
  return null;
}

function readParams(form) {
  const params = {};
  for (const input of form.querySelectorAll('[data-param]')) {
    const { param, kind } = input.dataset;
    if (kind === 'boolean') {
      params[param] = input.checked;
      continue;
    }
    const text = input.value.trim();
    if (!text) continue;
    if (kind === 'integer') params[param] = Number.isInteger(Number(text)) ? Number(text) : text;
    else if (kind === 'list') params[param] = lines(text);
    else if (kind === 'map') params[param] = pairs(text);
    else params[param] = text;
  }
  return params;
}

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function pairs(text) {
  const result = {};
  for (const line of lines(text)) {
    const at = line.indexOf('=');
    if (at < 0) result[line] = '';
    else result[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return result;
}

/** The job request: the existing job's other fields (retry, notify) kept, the form's applied. */
function readJob(form, job) {
  const request = {};
  for (const name of REQUEST_FIELDS) {
    if (job[name] !== undefined && job[name] !== null) request[name] = job[name];
  }
  const value = (id) => form.querySelector(`#${id}`).value.trim();
  Object.assign(request, {
    group: value('job-group'),
    name: value('job-name'),
    type: value('job-type'),
    description: value('job-description') || undefined,
    params: readParams(form),
    schedule: readSchedule(form) ?? undefined,
    calendar: readSchedule(form) ? form.querySelector('#job-calendar').value.trim() || undefined : undefined,
    misfire: value('job-misfire'),
    overlap: value('job-overlap'),
    timeout: value('job-timeout') || undefined,
    labels: pairs(value('job-labels')),
    recover: form.querySelector('#job-recover').checked,
    enabled: form.querySelector('#job-enabled').checked,
  });
  return request;
}
