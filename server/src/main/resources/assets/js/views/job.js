// One job: where it stands, what it is, the actions the role allows, its runs and their charts.
import { get, post, del, session, jobPath, query as qs } from '../api.js';
import { h, fill } from '../dom.js';
import { badge, problemBox, notice, facts, Pager, fillRows } from '../ui.js';
import { time, relative, duration, schedule, shortId, zoneOf } from '../format.js';
import { executionColumns, executionsTable, executionCharts } from '../runs.js';

/** A pause in one line: what it covers, who, since when, why, and when it ends. */
export function pauseText(pause) {
  const scope = pause.scope === 'job' ? '' : pause.scope === 'group' ? 'its group, ' : 'the whole cluster, ';
  return `${scope}since ${time(pause.since)}${pause.by ? ` by ${pause.by}` : ''}`
    + `${pause.reason ? `: ${pause.reason}` : ''}`
    + `${pause.until ? `; resumes by itself at ${time(pause.until)}` : '; until someone resumes it'}`;
}

/** Links to the jobs of a chain, each with the outcome it waits for: "etl/extract (on success)". */
function chain(links) {
  return links.map((link, i) => {
    const [group, ...rest] = link.job.split('/');
    return [i ? ', ' : '',
      h('a', { href: `#/jobs/${encodeURIComponent(group)}/${encodeURIComponent(rest.join('/'))}` }, link.job),
      ` (on ${link.on})`];
  });
}

export async function jobPage(context) {
  const { main, params: [group, name] } = context;
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  const summary = h('div', { class: 'job-summary' });
  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Actions' });
  const charts = h('section', { 'aria-labelledby': 'charts-title' });
  const runs = h('section', { 'aria-labelledby': 'runs-title' });
  const heading = h('h1', { tabindex: '-1' }, `${group}/${name}`);
  const state = h('span', { class: 'job-state' });
  let job = await get(jobPath(group, name));
  let shownPaused = null;
  let chartsOf = null;
  const pager = new Pager((cursor) => loadRuns(cursor), 'Pages of runs');
  const columns = executionColumns(false);
  const runsTable = executionsTable(`Runs of ${group}/${name}`, [], false);
  const runsBody = runsTable.querySelector('tbody');

  function show() {
    fill(state, badge(job.state), job.late ? [' ', h('span', { class: 'badge late', id: 'late-badge' }, 'late')] : null);
    fill(summary, facts([
      ['Type', job.type],
      ['Description', job.description],
      ['Schedule', schedule(job.schedule)],
      ['Calendar', job.calendar ? h('span', { id: 'job-calendar-name' }, job.calendar) : null],
      ['Runs after', (job.after || []).length ? h('span', { id: 'job-after' }, chain(job.after)) : null],
      ['Starts', (job.downstream || []).length ? h('span', { id: 'job-downstream' }, chain(job.downstream)) : null],
      ['Next run', nextRun(job)],
      ['Paused', job.pause ? h('span', { id: 'pause-info' }, pauseText(job.pause)) : null],
      ['Late', job.late ? h('span', { id: 'late-reason', class: 'failures' }, `since ${time(job.lateSince, zoneOf(job))}: ${job.lateReason}`) : null],
      ['Last success', job.lastSuccessAt ? time(job.lastSuccessAt, zoneOf(job)) : null],
      ['Expected', job.expect ? [job.expect.startWithin ? `start within ${job.expect.startWithin}` : null, job.expect.successWithin ? `success within ${job.expect.successWithin}` : null].filter(Boolean).join(', ') : null],
      ['Last run', job.lastExecution ? h('span', {}, badge(job.lastExecution.status, 'status'), ' ', time(job.lastExecution.startedAt, zoneOf(job)), ' ', h('a', { href: `#/executions/${encodeURIComponent(job.lastExecution.id)}` }, shortId(job.lastExecution.id))) : 'never'],
      ['Last error', job.lastError ? h('span', { id: 'last-error', class: 'error-message' }, job.lastError) : null],
      ['Previous run', job.previousFireAt ? time(job.previousFireAt, zoneOf(job)) : null],
      ['Runs', `${job.executions} (${job.failures} failed, ${job.misfires} misfired)`],
      ['Last duration', job.lastDurationMs !== undefined ? duration(job.lastDurationMs) : null],
      ['Misfire policy', job.misfire],
      ['Overlap', job.overlap],
      ['Timeout', job.timeout],
      ['Recover after a node dies', job.recover ? 'yes' : 'no'],
      ['Labels', Object.entries(job.labels || {}).map(([k, v]) => `${k}:${v}`).join(', ')],
      ['Parameters', Object.keys(job.params || {}).length ? h('pre', { class: 'params' }, JSON.stringify(job.params, null, 2)) : null],
      ['Operators may override', (job.overridable || []).length ? job.overridable.join(', ') : null],
      ['Managed by', job.source],
      ['Version', String(job.version)],
    ]));
    // Rebuilt only when its buttons change, so a refresh never swaps a button under the pointer.
    const paused = job.state === 'paused';
    if (paused !== shownPaused) {
      shownPaused = paused;
      fill(toolbar, actions());
    }
  }

  function actions() {
    const buttons = [];
    if (session.can('operator')) {
      buttons.push(button('Run now', 'run', async () => {
        const accepted = await post(jobPath(group, name, '/run'), {});
        flash(h('span', {}, 'Started run ', h('a', { href: `#/executions/${encodeURIComponent(accepted.executionId)}`, id: 'started-run' }, shortId(accepted.executionId)), '.'));
      }));
      if (job.state === 'paused') {
        buttons.push(button('Resume', 'resume', async () => {
          job = await post(jobPath(group, name, '/resume'));
          flash('Resumed.');
        }));
      } else {
        const reason = h('input', { id: 'pause-reason', name: 'reason', placeholder: 'reason (optional)', 'aria-label': 'Reason for the pause', maxlength: 500 });
        const until = h('input', { id: 'pause-until', name: 'until', placeholder: 'until, e.g. 2026-12-24T08:00:00Z', 'aria-label': 'Resume by itself at (ISO-8601 instant, optional)' });
        buttons.push(reason, until);
        buttons.push(button('Pause', 'pause', async () => {
          const body = {};
          if (reason.value.trim()) body.reason = reason.value.trim();
          if (until.value.trim()) body.until = until.value.trim();
          job = await post(jobPath(group, name, '/pause'), body);
          flash(job.pause && job.pause.until ? `Paused until ${time(job.pause.until)}: it resumes by itself then.` : 'Paused: it will not fire until resumed.');
        }));
      }
      buttons.push(button('Interrupt', 'interrupt', async () => {
        const answer = await post(jobPath(group, name, '/interrupt'));
        flash(answer.executions ? `Asked ${answer.executions} running execution(s) to stop.` : 'Nothing was running.');
      }, 'secondary'));
    }
    if (session.can('admin') && job.source === 'config') {
      // The server refuses changes to a job config.yml declares (409): say where it is changed.
      buttons.push(h('span', { class: 'muted', id: 'declared' }, 'Declared in the server\'s config.yml: edit it there.'));
    } else if (session.can('admin')) {
      buttons.push(h('a', { href: `#/jobs/${encodeURIComponent(group)}/${encodeURIComponent(name)}/edit`, class: 'button secondary', id: 'edit' }, 'Edit'));
      buttons.push(button('Delete', 'delete', async () => {
        if (!window.confirm(`Delete ${group}/${name}? Its schedule goes with it; a job created later under this name starts with no history.`)) return false;
        // If-Match: a job someone else changed meanwhile is not deleted unseen (412).
        const unchanged = { headers: { 'If-Match': `"${job.version}"` } };
        try {
          await del(jobPath(group, name), unchanged);
        } catch (error) {
          if (error.status !== 409) throw error;
          if (!window.confirm(`${group}/${name} is running. Stop its runs and delete it?`)) return false;
          await del(jobPath(group, name, '?interrupt=true'), unchanged);
        }
        location.hash = '#/jobs';
        return false;
      }, 'danger'));
    }
    return buttons;
  }

  function button(label, id, action, kind = '') {
    const el = h('button', { type: 'button', class: `button ${kind}`, id }, label);
    el.addEventListener('click', async () => {
      el.disabled = true;
      try {
        const changed = await action();
        if (changed !== false) await refresh();
      } catch (error) {
        fill(messages, problemBox(error));
      } finally {
        el.disabled = false;
      }
    });
    return el;
  }

  function flash(content) {
    fill(messages, notice(content));
  }

  async function refresh() {
    try {
      job = await get(jobPath(group, name));
      if (!context.current()) return;
      const focused = document.activeElement?.id;
      show();
      // Pause turns into Resume and back: keep the keyboard user's place on the toggle.
      const target = { pause: 'resume', resume: 'pause' }[focused] || focused;
      if (focused && document.activeElement === document.body) document.getElementById(target)?.focus();
      await loadRuns(pager.current);
    } catch (error) {
      if (error.status === 404) {
        fill(messages, problemBox(error));
      }
    }
  }

  async function loadRuns(cursor) {
    const page = await get(`${jobPath(group, name, '/executions')}${qs({ limit: 50, cursor })}`);
    if (!context.current()) return;
    fillRows(runsBody, columns, page.items, 'No runs yet.');
    pager.update(page.nextCursor);
    const key = JSON.stringify(page.items);
    if (key !== chartsOf) {
      chartsOf = key;
      fill(charts, h('h2', { id: 'charts-title' }, 'Charts'), executionCharts(page.items));
    }
  }

  // Backfill: an operator runs the fire times the schedule had in a past range, one by one.
  const backfills = h('section', { 'aria-labelledby': 'backfills-title', id: 'backfills' });
  const backfillList = h('div', { id: 'backfill-list' });
  let backfillsShown = null;
  async function loadBackfills() {
    const list = await get(jobPath(group, name, '/backfills'));
    if (!context.current()) return;
    const key = JSON.stringify(list);
    if (key === backfillsShown) return;
    backfillsShown = key;
    fill(backfillList, list.length
      ? h('ul', { class: 'backfills' }, list.map((b) => h('li', { dataset: { backfill: b.id } },
        badge(b.status), ` ${b.started} of ${b.total} fire times from ${time(b.from)} to ${time(b.to)}`,
        b.status === 'running' && session.can('operator')
          ? [' ', button('Cancel', `cancel-${b.id}`, async () => { await post(`/backfills/${encodeURIComponent(b.id)}/cancel`); backfillsShown = null; await loadBackfills(); return false; }, 'secondary')]
          : null)))
      : h('p', { class: 'muted' }, 'No backfills.'));
  }
  if (job.schedule) {
    const from = h('input', { id: 'backfill-from', placeholder: 'from, e.g. 2026-11-30T00:00:00Z', 'aria-label': 'Backfill from (ISO-8601 instant)' });
    const to = h('input', { id: 'backfill-to', placeholder: 'to, e.g. 2026-12-01T00:00:00Z', 'aria-label': 'Backfill to (ISO-8601 instant)' });
    const form = session.can('operator') ? h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Backfill' }, from, to,
      button('Backfill', 'backfill', async () => {
        const started = await post(jobPath(group, name, '/backfill'), { from: from.value.trim() || undefined, to: to.value.trim() || undefined });
        flash(`Backfill started: ${started.total} fire time(s), run ${job.overlap === 'allow' ? 'several at a time (overlap allow)' : 'one after the other'}.`);
        backfillsShown = null;
        await loadBackfills();
        return false;
      })) : null;
    fill(backfills, h('h2', { id: 'backfills-title' }, 'Backfills'), form, backfillList);
  }

  fill(runs, h('h2', { id: 'runs-title' }, 'Runs'), runsTable, pager.el);
  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/jobs' }, 'Jobs'), ' / ', group),
    h('div', { class: 'page-head' }, heading, state),
    toolbar, messages, summary, runs, backfills, charts);
  show();
  await loadRuns(null);
  if (job.schedule) await loadBackfills();
  context.every(3000, async () => {
    await refresh();
    if (job.schedule) await loadBackfills().catch(() => {});
  });
}

function nextRun(job) {
  if (job.state === 'paused') return h('span', { id: 'next-run' }, 'none while paused');
  if (!job.nextFireAt) return job.schedule ? null : 'on demand';
  return h('span', { id: 'next-run' }, time(job.nextFireAt, zoneOf(job)), ' ', h('span', { class: 'muted' }, `(${relative(job.nextFireAt)})`));
}
